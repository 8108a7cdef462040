/**
 * RuleTester-style table: every registered check has valid and invalid cases in
 * test/checks/<check-file>.cases.ts; each case is written to a temporary solution, loaded and
 * validated with only that check enabled.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CHECKS } from "../src/index.js";
import { type CheckCase, type CheckCases, describeMismatch, runCase } from "./helpers.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const caseFiles = readdirSync(path.join(here, "checks")).filter((f) => f.endsWith(".cases.ts"));
const all: CheckCases[] = [];
for (const f of caseFiles.sort()) {
  const mod = (await import(`./checks/${f}`)) as { cases: CheckCases };
  all.push(mod.cases);
}

function relevant(code: string, diagnosticCode: string): boolean {
  return code.endsWith("*") ? diagnosticCode.startsWith(code.slice(0, -1)) : diagnosticCode === code;
}

test("every check has valid and invalid cases, and its metadata", () => {
  for (const check of CHECKS) {
    const c = all.find((x) => x.code === check.meta.code);
    expect({ code: check.meta.code, hasCases: Boolean(c) }).toEqual({
      code: check.meta.code,
      hasCases: true,
    });
    expect(c!.valid.length).toBeGreaterThan(0);
    expect(c!.invalid.length).toBeGreaterThan(0);
    expect(check.meta.doc.length).toBeGreaterThan(10);
    expect(["error", "warning", "info"]).toContain(check.meta.severity);
  }
  const codes = CHECKS.map((c) => c.meta.code);
  expect(new Set(codes).size).toBe(codes.length);
});

async function findings(code: string, c: CheckCase) {
  const { diagnostics } = await runCase(c, [code]);
  const contentProblems = diagnostics.filter(
    (d) => /^(LOAD|SCHEMA)-/.test(d.code) && !relevant(code, d.code),
  );
  return { mine: diagnostics.filter((d) => relevant(code, d.code)), contentProblems };
}

for (const set of all) {
  describe(set.code, () => {
    for (const c of set.valid) {
      test(`valid: ${c.name}`, async () => {
        const { mine, contentProblems } = await findings(set.code, c);
        expect(contentProblems).toEqual([]);
        expect(mine).toEqual([]);
      });
    }
    for (const c of set.invalid) {
      test(`invalid: ${c.name}`, async () => {
        const { mine, contentProblems } = await findings(set.code, c);
        expect(contentProblems).toEqual([]);
        expect(describeMismatch(c, set.code.endsWith("*") ? "" : set.code, mine) ?? "ok").toBe("ok");
      });
    }
  });
}

/**
 * RuleTester-style table: every registered check has valid and invalid cases in
 * test/checks/<check-file>.cases.ts; each case is written to a temporary solution, loaded and
 * validated with only that check enabled.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BUILD_CHECKS, CHECKS, checkRegistry, RENAMED_CODES } from "../src/index.js";
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

test("every code in the registry is documented once; renamed codes point at registered checks", () => {
  const registry = checkRegistry();
  for (const entry of registry) {
    expect({ code: entry.code, documented: entry.doc.length > 10 }).toEqual({
      code: entry.code,
      documented: true,
    });
  }
  const codes = registry.map((e) => e.code);
  expect(new Set(codes).size).toBe(codes.length);
  const checkCodes = new Set(CHECKS.map((c) => c.meta.code));
  for (const [old, now] of Object.entries(RENAMED_CODES)) {
    expect({ old, stillRegistered: codes.includes(old) }).toEqual({ old, stillRegistered: false });
    for (const code of now)
      expect({ old, code, registered: checkCodes.has(code) }).toEqual({ old, code, registered: true });
  }
  expect(BUILD_CHECKS.length).toBeGreaterThan(0);
});

test("every BUILD-* code the builder writes is in the registry", () => {
  const builderSrc = path.resolve(here, "../../builder/src");
  const files = readdirSync(builderSrc, { recursive: true, encoding: "utf8" }).filter((f) =>
    f.endsWith(".ts"),
  );
  const written = new Set<string>();
  for (const f of files) {
    for (const m of readFileSync(path.join(builderSrc, f), "utf8").matchAll(/"(BUILD-[A-Z0-9-]+)"/g))
      written.add(m[1]!);
  }
  expect(written.size).toBeGreaterThan(0);
  const registered = new Set(checkRegistry().map((e) => e.code));
  expect([...written].filter((c) => !registered.has(c)).sort()).toEqual([]);
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

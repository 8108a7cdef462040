import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  checkRegistry,
  explainCode,
  explanationText,
  metaForCode,
  RENAMED_CODES,
  renderDiagnosticsPage,
} from "../src/index.js";

const packages = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Every quoted code of the families sentinelctl reports outside the KQL analyser, in any package's sources. */
function codesInSources(): Set<string> {
  const found = new Set<string>();
  for (const pkg of readdirSync(packages)) {
    const src = path.join(packages, pkg, "src");
    let files: string[];
    try {
      files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    } catch {
      continue;
    }
    for (const f of files) {
      const text = readFileSync(path.join(src, f), "utf8");
      for (const m of text.matchAll(
        /"((?:LOAD|SCHEMA|CONFIG|SUPPRESS|VALIDATOR|BUILD)-[A-Z0-9-]*[A-Z0-9])"/g,
      ))
        found.add(m[1]!);
    }
  }
  return found;
}

test("every loader, schema, configuration and build code in the sources has its own registry entry", () => {
  const found = codesInSources();
  expect(found.has("LOAD-TS-THROW")).toBe(true);
  expect(found.has("SCHEMA-RESULT-MISMATCH")).toBe(true);
  const exact = new Set(checkRegistry().map((m) => m.code));
  const undocumented = [...found].filter((c) => !exact.has(c) && RENAMED_CODES[c] === undefined).sort();
  expect(undocumented).toEqual([]);
});

test("explain covers exact codes, families (any case) and renamed codes", () => {
  expect(explainCode("load-ts-throw")).toMatchObject({ code: "LOAD-TS-THROW", summary: "error, load" });
  expect(explainCode("KQL-KS142")?.code).toBe("KQL-*");
  const renamed = explainCode("BUILD-DURATION")!;
  expect(renamed.summary).toBe("renamed");
  expect(renamed.paragraphs[0]).toContain("RULE-QUERY-FREQUENCY and RULE-INCIDENT-GROUPING");
  expect(explainCode("NOT-A-CODE")).toBeUndefined();
  // a check that replaced an old code says so
  expect(explanationText(explainCode("VERSION-FORMAT")!)).toContain(
    "Formerly reported as BUILD-VERSION-FORMAT.",
  );
});

test("the diagnostics page has one section per registry code and per renamed code, with the same text", () => {
  const page = renderDiagnosticsPage();
  const headings = [...page.matchAll(/^### (\S+)$/gm)].map((m) => m[1]);
  const expected = [...checkRegistry().map((m) => m.code), ...Object.keys(RENAMED_CODES)];
  expect([...headings].sort()).toEqual([...expected].sort());
  for (const code of expected) {
    for (const paragraph of explainCode(code)!.paragraphs) expect(page).toContain(`\n${paragraph}\n`);
  }
  expect(metaForCode("LOAD-DUPLICATE-ID")?.severity).toBe("error");
});

/**
 * Whole-pipeline tests on fixture repositories: a deliberately broken solution (exact codes and
 * lines), public-style rules Microsoft's CI accepts (no false errors), and the SARIF output of the
 * broken solution validated against the SARIF 2.1.0 JSON schema.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ValidateFunction } from "ajv";
import ajvDraft04 from "ajv-draft-04";
import { formatDiagnostics, runValidation } from "../src/index.js";
import { sharedService } from "./helpers.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, "fixtures");

const broken = await runValidation(["broken-solution"], {
  cwd: fixtures,
  cache: false,
  service: sharedService(),
});

describe("broken-solution", () => {
  const found = broken.diagnostics.map(
    (d) => `${d.code} ${d.file}:${d.range?.start.line}:${d.range?.start.column}`,
  );

  test("reports each mistake with its code at its line and column", () => {
    expect(found).toEqual([
      "SOLUTION-BRANDING broken-solution/analytics/bad-frequency.yaml:3:35",
      "RULE-QUERY-FREQUENCY broken-solution/analytics/bad-frequency.yaml:9:17",
      "LOAD-DUPLICATE-ID broken-solution/analytics/duplicate-b.yaml:1:5",
      "RULE-COLUMN-MISSING broken-solution/analytics/entity-missing-column.yaml:23:21",
      "KQL-KS142 broken-solution/analytics/ts-rule.ts:20:35",
      "KQL-KS142 broken-solution/analytics/unknown-column.yaml:18:11",
      "KQL-KS204 broken-solution/analytics/unknown-table.yaml:15:3",
      "RULE-TECHNIQUE-TACTIC broken-solution/analytics/wrong-tactic.yaml:16:5",
      "TABLE-NO-WRITER broken-solution/tables/ContosoAlerts_CL.yaml:1:7",
      "KQL-KS142 broken-solution/workbooks/ContosoWorkbook.json:24:101",
    ]);
    // every mistake is an error; the one warning is the table no connector writes to
    expect(broken.diagnostics.filter((d) => d.severity !== "error").map((d) => d.code)).toEqual([
      "TABLE-NO-WRITER",
    ]);
  });

  test("messages say what is wrong", () => {
    const by = (code: string) => broken.diagnostics.find((d) => d.code === code)!;
    expect(by("RULE-COLUMN-MISSING").hint).toContain("SourceIP");
    expect(by("KQL-KS204").message).toContain("CommonSecurityLogs");
    expect(by("RULE-TECHNIQUE-TACTIC").hint).toContain("CredentialAccess");
    const wb = broken.diagnostics.find((d) => d.file?.endsWith(".json"))!;
    expect(wb.message).toContain("AlertNam");
    expect(wb.message).toContain("alerts-by-name");
    // the caret spans the misspelt name inside the JSON string
    expect(wb.range!.end.column - wb.range!.start.column).toBe("AlertNam".length);
  });

  test("SARIF output validates against the SARIF 2.1.0 schema", () => {
    const schema = JSON.parse(readFileSync(path.join(fixtures, "sarif/sarif-2.1.0-rtm.5.json"), "utf8"));
    // CommonJS default export; under ESM interop the class may sit on `.default`.
    const AjvDraft04 = ((ajvDraft04 as unknown as { default?: unknown }).default ??
      ajvDraft04) as unknown as new (
      options: Record<string, unknown>,
    ) => { compile(schema: unknown): ValidateFunction };
    // The schema's language-tag pattern is not valid with the `u` flag.
    const ajv = new AjvDraft04({
      allErrors: true,
      strict: false,
      validateFormats: false,
      unicodeRegExp: false,
    });
    const validate = ajv.compile(schema);
    const log = JSON.parse(
      formatDiagnostics(broken.diagnostics, "sarif", { cwd: fixtures, toolVersion: "0.1.0" }),
    );
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const run = log.runs[0];
    expect(run.results).toHaveLength(broken.diagnostics.length);
    expect(run.results).toHaveLength(10);
    const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
    for (const r of run.results) {
      expect(ruleIds[r.ruleIndex]).toBe(r.ruleId);
      expect(r.partialFingerprints["sentinelctl/v1"]).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(ruleIds).toEqual(
      expect.arrayContaining(["RULE-COLUMN-MISSING", "KQL-KS142", "LOAD-DUPLICATE-ID"]),
    );
    const missing = run.results.find((r: { ruleId: string }) => r.ruleId === "RULE-COLUMN-MISSING");
    expect(missing.locations[0].physicalLocation).toMatchObject({
      artifactLocation: {
        uri: "broken-solution/analytics/entity-missing-column.yaml",
        uriBaseId: "%SRCROOT%",
      },
      region: { startLine: 23, startColumn: 21 },
    });
  });

  test("GitHub annotations", () => {
    const out = formatDiagnostics(broken.diagnostics, "github", { cwd: fixtures });
    expect(out).toContain(
      "::error file=broken-solution/analytics/unknown-table.yaml,line=15,col=3,endColumn=20,title=KQL-KS204::The name 'CommonSecurityLogs'",
    );
    expect(out.trim().split("\n")).toHaveLength(broken.diagnostics.length);
  });
});

describe("public-style rules", () => {
  test("rules in the style Microsoft's CI accepts raise no errors or warnings", async () => {
    const result = await runValidation(["public-style"], {
      cwd: fixtures,
      cache: false,
      service: sharedService(),
    });
    expect(result.stats.queries).toBe(8);
    expect(result.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
  });
});

describe("loose inputs", () => {
  test("single Azure-Sentinel-style rule files, validated without a solution.yaml", async () => {
    const result = await runValidation(
      ["public-style/Detections/CefPortScan.yaml", "broken-solution/analytics/wrong-tactic.yaml"],
      {
        cwd: fixtures,
        cache: false,
        service: sharedService(),
      },
    );
    expect(result.stats.queries).toBe(2);
    expect(result.diagnostics.map((d) => `${d.code} ${d.file}:${d.range?.start.line}`)).toEqual([
      "RULE-TECHNIQUE-TACTIC broken-solution/analytics/wrong-tactic.yaml:16",
      // the watchlist's own columns are not checked: said once, as info
      "KQL-OPAQUE-FUNCTION public-style/Detections/CefPortScan.yaml:21",
    ]);
  });
});

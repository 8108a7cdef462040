import type { Diagnostic } from "@sentinelctl/content";
import { checkRegistry, formatDiagnostics, metaForCode } from "../src/index.js";

const files: Record<string, string> = {
  "/repo/Solutions/C/analytics/r.yaml":
    "id: x\nquery: |\n  CommonSecurityLog\n  | where DestinationPrt == 22\n",
  "/repo/Solutions/C/analytics/moved.yaml":
    "# a comment pushed the query down\n\nid: x\nquery: |\n  CommonSecurityLog\n  | where DestinationPrt == 22\n",
};
const readFile = (p: string) => files[p];

const d = (over: Partial<Diagnostic> = {}): Diagnostic => ({
  code: "KQL-KS142",
  severity: "error",
  message: "The name 'DestinationPrt' does not refer to any known column.",
  file: "Solutions/C/analytics/r.yaml",
  range: { start: { line: 4, column: 11 }, end: { line: 4, column: 25 } },
  hint: "Did you mean 'DestinationPort'?",
  ...over,
});

describe("pretty", () => {
  test("file:line:col, severity, code, message, code frame with caret, hint", () => {
    const out = formatDiagnostics([d()], "pretty", { cwd: "/repo", color: false, readFile });
    expect(out).toBe(
      [
        "Solutions/C/analytics/r.yaml:4:11  error  KQL-KS142  The name 'DestinationPrt' does not refer to any known column.",
        "    3 |   CommonSecurityLog",
        "  > 4 |   | where DestinationPrt == 22",
        "      |           ^^^^^^^^^^^^^^",
        "  hint: Did you mean 'DestinationPort'?",
        "",
        "✖ 1 error, 0 warnings, 0 infos",
        "",
      ].join("\n"),
    );
  });

  test("colours only when asked (callers pass useColor(), which honours NO_COLOR)", () => {
    expect(formatDiagnostics([d()], "pretty", { cwd: "/repo", color: true, readFile })).toContain("\x1b[31m");
    expect(formatDiagnostics([d()], "pretty", { cwd: "/repo", color: false, readFile })).not.toContain(
      "\x1b[",
    );
  });

  test("a clean run", () => {
    expect(formatDiagnostics([], "pretty", { cwd: "/repo" })).toBe("✔ 0 errors, 0 warnings, 0 infos\n");
  });
});

describe("json", () => {
  test("summary and diagnostics", () => {
    const out = JSON.parse(
      formatDiagnostics([d(), d({ severity: "warning" })], "json", { extra: { stats: { queries: 1 } } }),
    );
    expect(out.summary).toEqual({ errors: 1, warnings: 1, infos: 0 });
    expect(out.diagnostics).toHaveLength(2);
    expect(out.stats).toEqual({ queries: 1 });
  });
});

describe("github", () => {
  test("annotations with escaped properties and data", () => {
    const out = formatDiagnostics(
      [
        d({ message: "50% of it, a:b\nsecond line", hint: undefined }),
        d({ severity: "info", file: undefined, range: undefined }),
      ],
      "github",
    );
    expect(out.split("\n")[0]).toBe(
      "::error file=Solutions/C/analytics/r.yaml,line=4,col=11,endColumn=24,title=KQL-KS142::50%25 of it, a:b%0Asecond line",
    );
    expect(out.split("\n")[1]).toMatch(/^::notice title=KQL-KS142::/);
  });
});

describe("sarif", () => {
  test("fingerprints survive moving the finding to another line", () => {
    const a = JSON.parse(formatDiagnostics([d()], "sarif", { cwd: "/repo", readFile })).runs[0].results[0];
    const moved = d({
      file: "Solutions/C/analytics/moved.yaml",
      range: { start: { line: 6, column: 11 }, end: { line: 6, column: 25 } },
    });
    const b = JSON.parse(formatDiagnostics([moved], "sarif", { cwd: "/repo", readFile })).runs[0].results[0];
    // different files give different fingerprints; same file, moved line, same text: equal (below)
    expect(a.partialFingerprints).not.toEqual(b.partialFingerprints);
    const shifted: Record<string, string> = {
      ...files,
      "/repo/Solutions/C/analytics/r.yaml": `# new header\n${files["/repo/Solutions/C/analytics/r.yaml"]}`,
    };
    const e = JSON.parse(
      formatDiagnostics(
        [d({ range: { start: { line: 5, column: 11 }, end: { line: 5, column: 25 } } })],
        "sarif",
        { cwd: "/repo", readFile: (p) => shifted[p] },
      ),
    ).runs[0].results[0];
    expect(e.partialFingerprints).toEqual(a.partialFingerprints);
    expect(e.locations[0].physicalLocation.region.startLine).toBe(5);
  });

  test("rule metadata from the registry", () => {
    const log = JSON.parse(
      formatDiagnostics([d()], "sarif", { cwd: "/repo", readFile, toolVersion: "0.1.0" }),
    );
    const rules = log.runs[0].tool.driver.rules as Array<{
      id: string;
      shortDescription: { text: string };
      defaultConfiguration: { level: string };
    }>;
    const columnMissing = rules.find((r) => r.id === "RULE-COLUMN-MISSING")!;
    expect(columnMissing.defaultConfiguration.level).toBe("error");
    expect(columnMissing.shortDescription.text).toMatch(/^Entity mappings, custom details/);
    // a concrete code of a family gets the family's description
    expect(rules.find((r) => r.id === "KQL-KS142")!.shortDescription.text).toMatch(
      /^Findings of the Kusto analyser/,
    );
    expect(log.runs[0].tool.driver.version).toBe("0.1.0");
  });
});

test("registry: codes are unique and documented", () => {
  const all = checkRegistry();
  expect(new Set(all.map((m) => m.code)).size).toBe(all.length);
  for (const m of all) expect(m.doc).toMatch(/\S{3}/);
  expect(metaForCode("KQL-KS204")?.code).toBe("KQL-*");
  expect(metaForCode("LOAD-DUPLICATE-ID")?.code).toBe("LOAD-DUPLICATE-ID");
});

/**
 * Pipeline behaviour: configuration (severities, off, exclusions, declarations, known connectors),
 * inline suppressions, the result cache, and bad input that must not stop a run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadContent } from "@sentinelctl/content";
import { KqlService, loadConfig, runValidation, validateContent } from "../src/index.js";
import { lineOf, ruleYaml, runCase, SOLUTION_YAML, sharedService } from "./helpers.js";

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "sentinelctl-pipe-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tmpRepo(files: Record<string, string>): string {
  const d = repo(files);
  dirs.push(d);
  return d;
}

const codes = (ds: Array<{ code: string; severity: string; range?: { start: { line: number } } }>) =>
  ds.map((d) => `${d.code}:${d.severity}:${d.range?.start.line}`);

describe("configuration", () => {
  const files = {
    "Solutions/C/solution.yaml": SOLUTION_YAML,
    "Solutions/C/analytics/r.yaml": ruleYaml({ queryFrequency: "2m", customDetails: { Bytes: "SentBytes" } }),
    "Solutions/C/analytics/legacy/old.yaml": ruleYaml({
      id: "2f6c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
      version: "1.0",
    }),
  };

  test("changes severities, turns checks off, excludes paths", async () => {
    const dir = tmpRepo({
      ...files,
      "sentinelctl.config.yaml": [
        "checks:",
        "  RULE-QUERY-FREQUENCY: warning",
        "  RULE-COLUMN-*: off",
        "exclude:",
        '  - "Solutions/C/analytics/legacy/**"',
        "",
      ].join("\n"),
    });
    const r = await runValidation([], { cwd: dir, cache: false, service: sharedService() });
    const r1 = files["Solutions/C/analytics/r.yaml"];
    expect(codes(r.diagnostics)).toEqual([
      `RULE-QUERY-FREQUENCY:warning:${lineOf(r1, "queryFrequency: 2m")}`,
    ]);
  });

  test("without configuration the defaults apply", async () => {
    const dir = tmpRepo(files);
    const r = await runValidation([], { cwd: dir, cache: false, service: sharedService() });
    const r1 = files["Solutions/C/analytics/r.yaml"];
    const old = files["Solutions/C/analytics/legacy/old.yaml"];
    expect(codes(r.diagnostics)).toEqual([
      `VERSION-FORMAT:error:${lineOf(old, "version: ")}`,
      `RULE-QUERY-FREQUENCY:error:${lineOf(r1, "queryFrequency: 2m")}`,
      `RULE-COLUMN-MISSING:error:${lineOf(r1, "Bytes: SentBytes")}`,
    ]);
  });

  test("declares extra tables and known connectors", async () => {
    const rule = ruleYaml({
      requiredDataConnectors: [{ connectorId: "VendorFeed", dataTypes: ["VendorEvents_CL"] }],
      query: "VendorEvents_CL\n| where Score > 50\n| project SourceIP = SrcIp\n",
    });
    const without = await runCase({ name: "x", files: { "analytics/r.yaml": rule } });
    expect(without.diagnostics.map((d) => d.code).sort()).toEqual([
      "KQL-KS204",
      "RULE-CONNECTOR-UNKNOWN",
      "RULE-DATATYPE-UNKNOWN",
    ]);
    const dir = tmpRepo({
      "Solutions/C/solution.yaml": SOLUTION_YAML,
      "Solutions/C/analytics/r.yaml": rule,
      "schema/extra.yaml":
        "tables:\n  - name: VendorEvents_CL\n    columns:\n      - { name: TimeGenerated, type: datetime }\n      - { name: SrcIp, type: string }\n      - { name: Score, type: Double }\n",
      "sentinelctl.config.yaml": "declarations: schema/extra.yaml\nknownConnectors: [VendorFeed]\n",
    });
    const r = await runValidation([], { cwd: dir, cache: false, service: sharedService() });
    expect(r.diagnostics).toEqual([]);
  });

  test("a malformed configuration is a usage error with a position", () => {
    const dir = tmpRepo({ "sentinelctl.config.yaml": "checks:\n  RULE-ID-GUID: loud\n" });
    expect(() => loadConfig({ cwd: dir })).toThrow(/checks.RULE-ID-GUID must be off, error, warning or info/);
    try {
      loadConfig({ cwd: dir });
    } catch (e) {
      expect(
        (e as { diagnostic: { code: string; range: { start: { line: number } } } }).diagnostic,
      ).toMatchObject({
        code: "CONFIG-INVALID",
        range: { start: { line: 2 } },
      });
    }
    const unknown = tmpRepo({ "sentinelctl.config.yaml": "chekcs: {}\n" });
    expect(() => loadConfig({ cwd: unknown })).toThrow(/Unknown field 'chekcs' in \(root\)/);
    expect(() => loadConfig({ cwd: unknown })).toThrow(
      expect.objectContaining({ diagnostic: expect.objectContaining({ hint: "Did you mean 'checks'?" }) }),
    );
    const wrongType = tmpRepo({ "sentinelctl.config.yaml": "checks: {}\nexclude: Solutions/Old\n" });
    expect(() => loadConfig({ cwd: wrongType })).toThrow(
      expect.objectContaining({
        diagnostic: expect.objectContaining({
          code: "CONFIG-INVALID",
          range: expect.objectContaining({ start: { line: 2, column: 10 } }),
        }),
      }),
    );
    const emptyChecks = tmpRepo({ "sentinelctl.config.yaml": "checks:\n#  RULE-ID-GUID: off\n" });
    expect(loadConfig({ cwd: emptyChecks }).checks).toEqual({});
  });
});

describe("inline suppressions", () => {
  const rule = (comment: string) =>
    ruleYaml({
      entityMappings: [{ entityType: "IP", fieldMappings: [{ identifier: "Address", columnName: "SrcIP" }] }],
    })
      .replace("      - identifier: Address", `      ${comment}\n      - identifier: Address`)
      .replace("        columnName: SrcIP", `        ${comment}\n        columnName: SrcIP`);

  test("a suppression with a reason removes the finding on the next line", async () => {
    const text = rule(
      "# sentinelctl-disable-next-line RULE-COLUMN-MISSING -- column comes from a watchlist join",
    );
    const r = await runCase({ name: "s", files: { "analytics/r.yaml": text } });
    // the first copy (before `- identifier`) suppresses nothing and is reported; the second one applies
    expect(codes(r.diagnostics)).toEqual([`SUPPRESS-UNUSED:warning:${lineOf(text, "# sentinelctl")}`]);
  });

  test("a suppression without a reason is itself a finding and suppresses nothing", async () => {
    const text = rule("# sentinelctl-disable-next-line RULE-COLUMN-MISSING");
    const r = await runCase({ name: "s", files: { "analytics/r.yaml": text } });
    const first = lineOf(text, "# sentinelctl");
    const second = lineOf(text, "# sentinelctl", 2);
    expect(codes(r.diagnostics)).toEqual([
      `SUPPRESS-NO-REASON:error:${first}`,
      `SUPPRESS-NO-REASON:error:${second}`,
      `RULE-COLUMN-MISSING:error:${second + 1}`,
    ]);
  });

  test("KQL lines take // suppressions inside the query", async () => {
    const query =
      "CommonSecurityLog\n// sentinelctl-disable-next-line KQL-KS142 -- column added by the vendor's newer agent\n| where DestinationPrt == 22\n| project SourceIP, DestinationIP\n";
    const r = await runCase({ name: "s", files: { "analytics/r.yaml": ruleYaml({ query }) } });
    expect(r.diagnostics).toEqual([]);
    const bare = await runCase({
      name: "s",
      files: {
        "hunting/q.kql":
          "// sentinelctl-disable-next-line KQL-KS5* -- measured: fine here\nCommonSecurityLog | where DeviceVendor contains 'Contoso'\n",
      },
      loose: true,
    });
    expect(bare.diagnostics).toEqual([]);
  });
});

describe("cache", () => {
  test("an unchanged repository re-validates from the cache without analysing", async () => {
    const dir = tmpRepo({
      "Solutions/C/solution.yaml": SOLUTION_YAML,
      "Solutions/C/analytics/r.yaml": ruleYaml({ queryFrequency: "2m" }),
    });
    const svc = new KqlService();
    const first = await runValidation([], { cwd: dir, service: svc });
    expect(first.stats.fromCache).toBe(false);
    expect(first.stats.analysed).toBe(1);
    const before = svc.stats().analyses;
    const second = await runValidation([], { cwd: dir, service: svc });
    expect(second.stats.fromCache).toBe(true);
    expect(second.diagnostics).toEqual(first.diagnostics);
    expect(svc.stats().analyses).toBe(before);

    // change one file: the other queries come from the per-query cache
    writeFileSync(
      path.join(dir, "Solutions/C/analytics/s.yaml"),
      ruleYaml({
        id: "3f6c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
        query: "Syslog\n| project SourceIP = HostIP, DestinationIP = HostIP\n",
      }),
    );
    const third = await runValidation([], { cwd: dir, service: svc });
    expect(third.stats.fromCache).toBe(false);
    expect(third.stats.analysed).toBe(1);
    expect(third.stats.cacheHits).toBe(1);

    const noCache = await runValidation([], { cwd: dir, service: svc, cache: false });
    expect(noCache.stats.analysed).toBe(2);
    expect(noCache.diagnostics).toEqual(third.diagnostics);
  });
});

describe("bad input", () => {
  test("an analyser that throws becomes one diagnostic on that file; the run goes on", async () => {
    const dir = tmpRepo({
      "Solutions/C/solution.yaml": SOLUTION_YAML,
      "Solutions/C/analytics/a.yaml": ruleYaml({
        query: "CommonSecurityLog\n| where DeviceVendor == 'boom'\n| project SourceIP\n",
      }),
      "Solutions/C/analytics/b.yaml": ruleYaml({
        id: "4f6c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
        queryFrequency: "2m",
      }),
    });
    const svc = new KqlService();
    const real = svc.analyze.bind(svc);
    svc.analyze = (q, s, o) => {
      if (q.includes("boom")) throw new Error("analyser exploded");
      return real(q, s, o);
    };
    const load = await loadContent([], { cwd: dir });
    const r = await validateContent(load, { cwd: dir, cache: false, service: svc });
    const a = ruleYaml({ query: "CommonSecurityLog\n| where DeviceVendor == 'boom'\n| project SourceIP\n" });
    expect(codes(r.diagnostics)).toEqual([
      `KQL-CRASH:error:${lineOf(a, "  CommonSecurityLog")}`,
      `RULE-QUERY-FREQUENCY:error:${lineOf(ruleYaml({ queryFrequency: "2m" }), "queryFrequency")}`,
    ]);
    expect(r.diagnostics[0]!.file).toBe("Solutions/C/analytics/a.yaml");
    expect(r.diagnostics[0]!.message).toContain("analyser exploded");
  });

  test("an enormous query is one diagnostic, not a hang", async () => {
    const huge = `CommonSecurityLog\n${"| where DeviceVendor != 'x'\n".repeat(5000)}`;
    const r = await runCase({ name: "huge", files: { "hunting/q.kql": huge }, loose: true });
    expect(codes(r.diagnostics)).toEqual(["KQL-TOO-LARGE:error:1"]);
  });

  test("a parser that refers to itself", async () => {
    const parser = `id: 5f4b1c2a-0a1b-4c2d-9e8f-7a6b5c4d3e2f
Function:
  Title: Loop
  Version: 1.0.0
FunctionName: LoopEvents
FunctionAlias: LoopEvents
FunctionQuery: |
  LoopEvents
  | where TimeGenerated > ago(1d)
`;
    const r = await runCase({
      name: "loop",
      files: {
        "parsers/p.yaml": parser,
        "hunting/h.yaml":
          "id: 6f4b1c2a-0a1b-4c2d-9e8f-7a6b5c4d3e2f\nname: H\ndescription: D\nquery: |\n  LoopEvents\n  | take 10\n",
      },
    });
    // one finding on the parser, one where a query calls it
    expect(r.diagnostics.map((d) => `${d.code}:${d.file}:${d.range?.start.line}`)).toEqual([
      "KQL-RECURSIVE-FUNCTION:hunting/h.yaml:5",
      "SCHEMA-RECURSIVE-FUNCTION:parsers/p.yaml:6",
    ]);
  });

  test("a table or parser declared twice in a solution is reported once, by the loader", async () => {
    const table = "name: Twice_CL\ncolumns:\n  - { name: TimeGenerated, type: datetime }\n";
    const parser = (id: string) =>
      `id: ${id}\nFunction:\n  Title: Twice\n  Version: 1.0.0\nFunctionName: Twice\nFunctionAlias: Twice\nFunctionQuery: |\n  Twice_CL\n  | take 1\n`;
    const r = await runCase({
      name: "twice",
      files: {
        "tables/a.yaml": table,
        "tables/b.yaml": table,
        "parsers/a.yaml": parser("7f4b1c2a-0a1b-4c2d-9e8f-7a6b5c4d3e2f"),
        "parsers/b.yaml": parser("8f4b1c2a-0a1b-4c2d-9e8f-7a6b5c4d3e2f"),
      },
    });
    expect(r.diagnostics.map((d) => `${d.code}:${d.file}`)).toEqual([
      "LOAD-DUPLICATE-ID:parsers/b.yaml",
      "TABLE-NO-WRITER:tables/a.yaml",
      "LOAD-DUPLICATE-ID:tables/b.yaml",
    ]);
  });

  test("a workbook template that is not JSON is reported by the loader; other items still validate", async () => {
    const r = await runCase({
      name: "wb",
      files: {
        "workbooks/w.yaml":
          "id: W\ntitle: W\ndescription: W\nversion: 1.0.0\ndataTypes: [CommonSecurityLog]\ndataConnectors: [CefAma]\ntemplate: w.json\n",
        "workbooks/w.json": '{ "version": "Notebook/1.0", items: [ }',
        "analytics/r.yaml": ruleYaml({ queryFrequency: "2m" }),
      },
    });
    expect(r.diagnostics.map((d) => `${d.code}:${d.file}`)).toEqual([
      "RULE-QUERY-FREQUENCY:analytics/r.yaml",
      "LOAD-JSON-SYNTAX:workbooks/w.json",
    ]);
  });
});

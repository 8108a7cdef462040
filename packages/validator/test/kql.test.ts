/**
 * KQL service + schema registry against the real Kusto.Language. Everything that needs the
 * analyser lives in this one file so the 16 MB library is loaded once for the suite.
 */
import { KQL_CODES, type KqlAnalysis, KqlService } from "../src/kql/service.js";
import { substituteWorkbookParameters } from "../src/kql/workbook-params.js";
import { buildSchema } from "../src/schema/registry.js";
import type { SchemaInput, SchemaSnapshot } from "../src/schema/types.js";

const darktraceTable = {
  name: "DarktraceModelAlerts_CL",
  columns: [
    { name: "modelName_s", type: "String" },
    { name: "score_d", type: "Double" },
    { name: "SourceIP", type: "string" },
    { name: "breachUrl_s", type: "String" },
    { name: "compliance_b", type: "Boolean" },
  ],
};

const breachesParser = {
  name: "DarktraceModelBreaches",
  parameters: [{ name: "minScore", type: "real", default: "0.0" }],
  body: [
    "DarktraceModelAlerts_CL",
    "| where score_d >= minScore",
    "| project TimeGenerated, ModelName = modelName_s, Score = score_d, SrcIpAddr = SourceIP, Url = breachUrl_s",
  ].join("\n"),
};

const input: SchemaInput = {
  solution: {
    tables: [darktraceTable],
    functions: [
      breachesParser,
      // a parser built on another parser: tables must be found through both
      { name: "DarktraceHighBreaches", body: "{ DarktraceModelBreaches(0.8) | extend Severity = 'High' }" },
      { name: "LoopingParser", body: "LoopingParser | where Score > 1" },
      {
        name: "CentralAlerts",
        body: "workspace('central-soc').SecurityAlert | project TimeGenerated, AlertName",
      },
      {
        name: "VendorEnrichment",
        resultColumns: [
          { name: "Vendor", type: "string" },
          { name: "Seen", type: "Date/time" },
        ],
      },
    ],
  },
  project: {
    tables: [{ name: "ThirdParty_CL", columns: [{ name: "Event_s", type: "string" }] }],
  },
};

let service: KqlService;
let schema: SchemaSnapshot;

beforeAll(() => {
  service = new KqlService();
  schema = buildSchema(input, { service });
});

function codes(a: KqlAnalysis): string[] {
  return a.diagnostics.map((d) => d.code);
}

function errors(a: KqlAnalysis) {
  return a.diagnostics.filter((d) => d.severity === "error");
}

describe("diagnostics", () => {
  test.each([
    [
      "column",
      "KS142",
      "SecurityAlert\n| where TimeGenerated > ago(1d)\n| where AlertNam == 'x'",
      "AlertNam",
    ],
    ["table", "KS204", "let x = 1;\nCommonSecurityLogs | take 10", "CommonSecurityLogs"],
  ])("unknown %s: %s at the name's offset", (_what, code, q, name) => {
    expect(service.analyze(q, schema).diagnostics).toEqual([
      expect.objectContaining({ code, severity: "error", start: q.indexOf(name), length: name.length }),
    ]);
  });

  test("syntax error has a position", () => {
    const q = "SecurityAlert | where AlertName == ";
    const a = service.analyze(q, schema);
    expect(errors(a).length).toBeGreaterThan(0);
    expect(a.diagnostics[0]!.start).toBeGreaterThanOrEqual(q.indexOf("=="));
  });

  test("best-practice analyzers are opt-in and come back as warnings", () => {
    const q =
      "CommonSecurityLog | where DeviceVendor contains 'Darktrace' | join (SecurityAlert) on $left.SourceIP == $right.CompromisedEntity";
    expect(service.analyze(q, schema).diagnostics).toEqual([]);
    const a = service.analyze(q, schema, { bestPractices: true });
    expect(codes(a)).toEqual(expect.arrayContaining(["KS500", "KS508"]));
    expect(a.diagnostics.every((d) => d.severity === "warning")).toBe(true);
    const ks508 = a.diagnostics.find((d) => d.code === "KS508")!;
    expect(q.slice(ks508.start, ks508.start + ks508.length)).toBe("join");
  });

  test("control commands are reported", () => {
    expect(service.analyze("// list them\n.show tables", schema).diagnostics).toEqual([
      expect.objectContaining({ code: KQL_CODES.command, severity: "error", start: 13, length: 5 }),
    ]);
  });
});

describe("result columns", () => {
  test("project", () => {
    const a = service.analyze(
      "SecurityAlert | project AlertName, Sev = AlertSeverity, TimeGenerated",
      schema,
    );
    expect(a.resultColumns).toEqual([
      { name: "AlertName", type: "string" },
      { name: "Sev", type: "string" },
      { name: "TimeGenerated", type: "datetime" },
    ]);
    expect(a.resultIsOpen).toBe(false);
    expect(a.referencedTables).toEqual(["SecurityAlert"]);
  });

  test("extend adds to the input columns", () => {
    const a = service.analyze(
      "DarktraceModelAlerts_CL | extend Score = toint(score_d * 100), Link = strcat('x', breachUrl_s)",
      schema,
    );
    const names = a.resultColumns!.map((c) => c.name);
    expect(names.slice(0, 5)).toEqual(["modelName_s", "score_d", "SourceIP", "breachUrl_s", "compliance_b"]);
    expect(a.resultColumns!.slice(-2)).toEqual([
      { name: "Score", type: "int" },
      { name: "Link", type: "string" },
    ]);
    // standard columns were added to the custom table
    expect(names).toEqual(expect.arrayContaining(["TimeGenerated", "TenantId", "_ResourceId", "Type"]));
  });

  test("summarize with generated names", () => {
    const a = service.analyze(
      "CommonSecurityLog | summarize count(), Bytes = sum(SentBytes), arg_max(TimeGenerated, DeviceVendor) by SourceIP, bin(TimeGenerated, 1h)",
      schema,
    );
    expect(a.resultColumns).toEqual([
      { name: "SourceIP", type: "string" },
      { name: "TimeGenerated", type: "datetime" },
      { name: "count_", type: "long" },
      { name: "Bytes", type: "long" },
      { name: "TimeGenerated1", type: "datetime" },
      { name: "DeviceVendor", type: "string" },
    ]);
  });

  test("print gives a one-row table; a query of only let statements gives null", () => {
    expect(service.analyze("let n = 5; print n * 2", schema).resultColumns).toEqual([
      { name: "print_0", type: "long" },
    ]);
    expect(service.analyze("let n = 5;", schema).resultColumns).toBeNull();
  });
});

describe("functions and parsers", () => {
  test("a parser's output schema is inferred from its body", () => {
    const fn = schema.functions.get("DarktraceModelBreaches")!;
    expect(fn.state).toBe("ok");
    expect(fn.resultColumns).toEqual([
      { name: "TimeGenerated", type: "datetime" },
      { name: "ModelName", type: "string" },
      { name: "Score", type: "real" },
      { name: "SrcIpAddr", type: "string" },
      { name: "Url", type: "string" },
    ]);
    expect(fn.referencedTables).toEqual(["DarktraceModelAlerts_CL"]);
    expect(fn.bodyDiagnostics).toEqual([]);
    // a parser on a parser (braced body) is inferred too
    expect(schema.functions.get("DarktraceHighBreaches")!.resultColumns!.map((c) => c.name)).toEqual([
      "TimeGenerated",
      "ModelName",
      "Score",
      "SrcIpAddr",
      "Url",
      "Severity",
    ]);
  });

  test("a rule calling the parser sees its columns", () => {
    const q =
      "DarktraceModelBreaches | where Score > 80 | project TimeGenerated, ModelName, SrcIpAddr, DstIpAddr";
    const a = service.analyze(q, schema);
    expect(a.diagnostics).toEqual([
      expect.objectContaining({ code: "KS142", start: q.indexOf("DstIpAddr"), length: 9 }),
    ]);
    expect(a.resultColumns!.map((c) => c.name)).toEqual([
      "TimeGenerated",
      "ModelName",
      "SrcIpAddr",
      "DstIpAddr",
    ]);
  });

  test("referenced tables are found through (nested) parser functions", () => {
    const a = service.analyze("DarktraceHighBreaches | summarize count() by SrcIpAddr", schema);
    expect(a.diagnostics).toEqual([]);
    expect(a.referencedFunctions).toEqual(["DarktraceHighBreaches", "DarktraceModelBreaches"]);
    expect(a.referencedTables).toEqual(["DarktraceModelAlerts_CL"]);
  });

  test("errors in a parser body are reported at body offsets", () => {
    const body = "DarktraceModelAlerts_CL\n| project Model = modelNam_s";
    const a = service.analyzeFunctionBody(
      { parameters: [{ name: "since", type: "datetime" }], body },
      schema,
    );
    expect(a.diagnostics).toEqual([
      expect.objectContaining({ code: "KS142", start: body.indexOf("modelNam_s"), length: 10 }),
    ]);
  });

  test("a self-referencing parser is reported, not followed", () => {
    expect(schema.functions.get("LoopingParser")!.state).toBe("recursive");
    expect(schema.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: "SCHEMA-RECURSIVE-FUNCTION",
          function: "LoopingParser",
          severity: "error",
        }),
      ]),
    );
    const a = service.analyze("LoopingParser | take 5", schema);
    expect(a.diagnostics).toEqual([
      expect.objectContaining({
        code: KQL_CODES.recursiveFunction,
        severity: "error",
        start: 0,
        length: "LoopingParser".length,
      }),
    ]);
    expect(a.resultIsOpen).toBe(true);
  });

  test("mutually recursive parsers are all reported", () => {
    const s = buildSchema(
      {
        includeBuiltins: false,
        solution: {
          functions: [
            { name: "A", body: "B | take 1" },
            { name: "B", body: "C" },
            { name: "C", body: "A | where x == 1" },
            { name: "D", body: "A" },
          ],
        },
      },
      { service },
    );
    const recursive = s.problems.filter((p) => p.code === "SCHEMA-RECURSIVE-FUNCTION").map((p) => p.function);
    expect(recursive.sort()).toEqual(["A", "B", "C"]);
    expect(s.functions.get("D")!.state).toBe("ok");
  });

  test("declared result columns stand in for a body", () => {
    const a = service.analyze("VendorEnrichment | where Seen > ago(1d) | project Vendor", schema);
    expect(a.diagnostics).toEqual([]);
    expect(a.resultColumns).toEqual([{ name: "Vendor", type: "string" }]);
  });

  test("_GetWatchlist is built in", () => {
    const q =
      "let vip = _GetWatchlist('VIPUsers') | project UserPrincipalName = tostring(WatchlistItem.UPN), SearchKey, LastUpdatedTimeUTC;\n" +
      "SigninLogs | where UserPrincipalName in (vip | project UserPrincipalName) | project TimeGenerated, UserPrincipalName";
    const a = service.analyze(q, schema);
    expect(a.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect(a.referencedFunctions).toEqual(["_GetWatchlist"]);
    expect(a.referencedTables).toEqual(["SigninLogs"]);
    // A watchlist's own columns are columns of the result: open, reported once as info.
    expect(service.analyze("_GetWatchlist('x') | project SearchKey, Hostname", schema).diagnostics).toEqual([
      expect.objectContaining({ code: "KQL-OPAQUE-FUNCTION", severity: "info" }),
    ]);
  });
});

describe("Log Analytics specifics", () => {
  test("workspace() is analysed against the local schema and reported as info", () => {
    const q = "union workspace('soc-eu').SecurityAlert, SecurityAlert | summarize count() by AlertName";
    const a = service.analyze(q, schema);
    expect(errors(a)).toEqual([]);
    expect(a.diagnostics).toEqual([
      expect.objectContaining({
        code: KQL_CODES.crossResource,
        severity: "info",
        start: q.indexOf("workspace"),
        length: "workspace('soc-eu')".length,
      }),
    ]);
    expect(a.referencedTables).toEqual(["SecurityAlert"]);
    // a misspelt table behind workspace() is still an error, at its own offset
    const b = service.analyze("workspace('x').SecurityAlertz | take 1", schema);
    expect(errors(b)).toEqual([expect.objectContaining({ code: "KS204", start: 15, length: 14 })]);
  });

  test("AzureDiagnostics is open: service-specific columns are accepted", () => {
    const a = service.analyze(
      "AzureDiagnostics | where ResourceType == 'VAULTS' and OperationName == 'SecretGet' | project TimeGenerated, CallerIPAddress, id_s",
      schema,
    );
    expect(a.diagnostics).toEqual([]);
    expect(a.resultColumns).toEqual([
      { name: "TimeGenerated", type: "datetime" },
      { name: "CallerIPAddress", type: "string" },
      { name: "id_s", type: "unknown" },
    ]);
  });

  test("workspace() inside a parser body", () => {
    const fn = schema.functions.get("CentralAlerts")!;
    expect(fn.bodyDiagnostics.map((d) => [d.code, d.severity])).toEqual([[KQL_CODES.crossResource, "info"]]);
    expect(fn.resultColumns!.map((c) => c.name)).toEqual(["TimeGenerated", "AlertName"]);
    const a = service.analyze("CentralAlerts | summarize count() by AlertName", schema);
    expect(a.diagnostics).toEqual([]);
    expect(a.referencedTables).toEqual(["SecurityAlert"]);
  });

  test("app() tables cannot be verified: info, not error", () => {
    const a = service.analyze("app('fabrikam').requests | take 1", schema);
    expect(errors(a)).toEqual([]);
    expect(codes(a)).toContain(KQL_CODES.crossResource);
  });

  test("client parameters in value positions", () => {
    const q = "SecurityAlert | where AlertSeverity == {Severity} | take {Top}";
    expect(codes(service.analyze(q, schema))).toContain("KS213");
    const a = service.analyze(q, schema, {
      clientParameters: [
        { name: "Severity", type: "string" },
        { name: "Top", type: "Int32" },
      ],
    });
    expect(a.diagnostics).toEqual([]);
  });

  test("extra tables for one query (a DCR transformation's source)", () => {
    const q = "source | extend TimeGenerated = todatetime(time_s) | project TimeGenerated, Msg = message";
    const extraTables = [
      {
        name: "source",
        columns: [
          { name: "time_s", type: "string" },
          { name: "message", type: "string" },
        ],
      },
    ];
    expect(codes(service.analyze(q, schema))).toContain("KS204");
    expect(service.analyze(q, schema, { extraTables }).diagnostics).toEqual([]);
  });
});

describe("workbook queries", () => {
  const parameters = [
    { name: "TimeRange", type: 4, value: { durationMs: 7 * 24 * 3600 * 1000 } },
    { name: "Severity", type: 2, multiSelect: true, value: ["High", "Medium"] },
    { name: "Vendor", type: 1 },
  ];

  test("{TimeRange} and friends substitute into a query that analyses cleanly", () => {
    const q = [
      "SecurityAlert",
      "| where TimeGenerated {TimeRange}",
      "| where AlertSeverity in ({Severity}) and VendorName =~ '{Vendor}'",
      "| make-series Alerts = count() default = 0 on TimeGenerated from {TimeRange:start} to {TimeRange:end} step {TimeRange:grain} by AlertSeverity",
    ].join("\n");
    const sub = substituteWorkbookParameters(q, { parameters });
    const a = service.analyze(sub.text, schema);
    expect(a.diagnostics).toEqual([]);
    expect(a.resultColumns!.map((c) => c.name)).toEqual(["AlertSeverity", "Alerts", "TimeGenerated"]);
  });

  test("an unknown column after a substitution maps back to the original offset", () => {
    const q =
      "SecurityAlert\n| where TimeGenerated {TimeRange}\n| where AlertSeverity in ({Severity})\n| project AlertNme";
    const sub = substituteWorkbookParameters(q, { parameters });
    expect(sub.text.length).toBeGreaterThan(q.length);
    const a = service.analyze(sub.text, schema);
    expect(a.diagnostics).toHaveLength(1);
    const [mapped] = sub.mapToOriginal(a.diagnostics);
    expect(mapped).toMatchObject({ code: "KS142", start: q.indexOf("AlertNme"), length: "AlertNme".length });
    expect(q.slice(mapped!.start, mapped!.start + mapped!.length)).toBe("AlertNme");
  });

  test("a finding inside a stand-in points at the whole parameter reference", () => {
    // the time range lands on a string column: the type error sits inside the substituted text
    const q = "SecurityAlert | where AlertName {TimeRange}";
    const sub = substituteWorkbookParameters(q, { parameters });
    const a = service.analyze(sub.text, schema);
    expect(errors(a).length).toBeGreaterThan(0);
    const mapped = sub.mapToOriginal(errors(a));
    expect(mapped).toContainEqual(
      expect.objectContaining({ start: q.indexOf("{TimeRange}"), length: "{TimeRange}".length }),
    );
    for (const d of mapped) expect(d.start + d.length).toBeLessThanOrEqual(q.length);
  });
});

describe("robustness", () => {
  test("an analyser exception becomes one KQL-CRASH diagnostic", () => {
    // Simulated: no real query that makes Kusto.Language 12.4.1 throw was found (fuzzing and deep
    // nesting only produce diagnostics such as KS245), so an input object throws inside the analysis.
    const hostile = {
      get name(): string {
        throw new Error("boom");
      },
      type: "string",
    };
    const a = service.analyze("SecurityAlert | take 1", schema, { clientParameters: [hostile] });
    expect(a.diagnostics).toEqual([
      expect.objectContaining({ code: KQL_CODES.crash, severity: "error", start: 0, length: 0 }),
    ]);
    expect(a.diagnostics[0]!.message).toContain("boom");
    expect(a.resultColumns).toBeNull();
    // and the service keeps working
    expect(service.analyze("SecurityAlert | take 1", schema).diagnostics).toEqual([]);
  });

  test("enormous queries are not analysed", () => {
    const q = `SecurityAlert | where AlertName in (${Array.from({ length: 10_000 }, (_, i) => `'alert-${i}'`).join(", ")})`;
    expect(q.length).toBeGreaterThan(100_000);
    const a = service.analyze(q, schema);
    expect(a.diagnostics).toEqual([expect.objectContaining({ code: KQL_CODES.tooLarge, severity: "error" })]);
  });

  test("deep nesting yields Kusto's own diagnostic, not an exception", () => {
    const q = `print ${"(".repeat(510)}1${")".repeat(510)}`;
    expect(codes(service.analyze(q, schema))).toContain("KS245");
  });

  test("one environment per schema hash", () => {
    const before = service.stats();
    const again = buildSchema(input, { service }); // same declarations → same hash
    expect(again.hash).toBe(schema.hash);
    for (let i = 0; i < 5; i++) service.analyze("SecurityAlert | take 1", again);
    const after = service.stats();
    expect(after.environmentsBuilt).toBe(before.environmentsBuilt);
    expect(after.environmentCacheHits).toBeGreaterThan(before.environmentCacheHits);
  });
});

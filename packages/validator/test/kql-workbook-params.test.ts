/**
 * Workbook parameter substitution and offset mapping (pure text; the analysis of substituted
 * queries is in kql.test.ts), plus lineColInQuery.
 */
import { lineColInQuery } from "../src/kql/service.js";
import { substituteWorkbookParameters, type WorkbookParameter } from "../src/kql/workbook-params.js";

const week = { durationMs: 7 * 24 * 3600 * 1000 };
const params: WorkbookParameter[] = [
  { name: "TimeRange", type: 4, value: week },
  { name: "Sev", type: 2, multiSelect: true, value: ["High", "Medium"] },
  { name: "Sev2", type: 2, multiSelect: true, quote: '"', delimiter: ", " },
  { name: "Vendor", type: 1, value: "Dark'trace" },
  { name: "Top", type: 1, value: "25" },
  { name: "Empty", type: 1, value: "" },
  { name: "Threshold", type: 1, valueType: "real" },
  { name: "Query", type: 2, value: "SecurityAlert | where AlertSeverity == 'High'" },
  { name: "Workspace", type: 5 },
];

function sub(q: string, parameters: WorkbookParameter[] | undefined = params) {
  return substituteWorkbookParameters(q, { parameters, now: "2024-03-01T12:00:00Z" });
}

describe("time range parameters", () => {
  test("{TimeRange} becomes a between predicate", () => {
    expect(sub("T | where TimeGenerated {TimeRange}").text).toBe(
      "T | where TimeGenerated between (datetime(2024-02-23T12:00:00.000Z) .. datetime(2024-03-01T12:00:00.000Z))",
    );
    expect(sub("{TimeRange:value}").text).toBe(sub("{TimeRange}").text);
    expect(sub("{TimeRange:query}").text).toBe(sub("{TimeRange}").text);
  });

  test(":start / :end are datetime literals, bare inside datetime( ) and strings", () => {
    expect(sub("from {TimeRange:start} to {TimeRange:end}").text).toBe(
      "from datetime(2024-02-23T12:00:00.000Z) to datetime(2024-03-01T12:00:00.000Z)",
    );
    expect(sub("datetime( {TimeRange:start})").text).toBe("datetime( 2024-02-23T12:00:00.000Z)");
    expect(sub("todatetime('{TimeRange:end}')").text).toBe("todatetime('2024-03-01T12:00:00.000Z')");
    expect(sub("todatetime({TimeRange:end})").text).toBe("todatetime(datetime(2024-03-01T12:00:00.000Z))");
  });

  test(":grain is a timespan, :label text", () => {
    expect(sub("step {TimeRange:grain}").text).toBe("step 6h");
    expect(sub("print '{TimeRange:label}'").text).toBe("print 'Last 7 days'");
    expect(sub("print '{TimeRange}'").text).toBe("print 'Last 7 days'");
  });

  test("custom ranges use their start and end", () => {
    const custom = [
      {
        name: "TimeRange",
        type: 4,
        value: { durationMs: 0, startTime: "2024-01-01T00:00:00Z", endTime: "2024-01-02T00:00:00Z" },
      },
    ];
    expect(sub("{TimeRange:start}|{TimeRange:end}|{TimeRange:grain}", custom).text).toBe(
      "datetime(2024-01-01T00:00:00.000Z)|datetime(2024-01-02T00:00:00.000Z)|15m",
    );
  });
});

describe("other parameters", () => {
  test("multi-select lists are quoted and joined", () => {
    expect(sub("where AlertSeverity in ({Sev})").text).toBe("where AlertSeverity in ('High','Medium')");
    expect(sub("where x in ({Sev2})").text).toBe('where x in ("sev2")');
    expect(sub("where x has_any (dynamic([{Sev}]))").text).toBe(
      "where x has_any (dynamic(['High','Medium']))",
    );
  });

  test("inside a string literal: raw text; :escape escapes", () => {
    expect(sub("where VendorName == '{Vendor}'").text).toBe("where VendorName == 'Dark'trace'");
    expect(sub("where VendorName == '{Vendor:escape}'").text).toBe("where VendorName == 'Dark\\'trace'");
    expect(sub('where VendorName == "{Vendor:value}" and x == "{Empty}"').text).toBe(
      'where VendorName == "Dark\'trace" and x == "empty"',
    );
  });

  test("outside strings: declared values verbatim, otherwise typed stand-ins", () => {
    expect(sub("| take {Top}").text).toBe("| take 25");
    expect(sub("where Score > {Threshold}").text).toBe("where Score > 1");
    expect(sub("where x == {Empty}").text).toBe("where x == 'empty'");
    expect(sub("{Query} | take 1").text).toBe("SecurityAlert | where AlertSeverity == 'High' | take 1");
    expect(sub("workspace('{Workspace}').T").text).toContain(
      "/providers/Microsoft.OperationalInsights/workspaces/",
    );
  });

  test(":label, :base64, JSONPath formats", () => {
    expect(sub("'{Top:label}'").text).toBe("'25'");
    expect(sub("'{Top:base64}'").text).toBe(`'${Buffer.from("25").toString("base64")}'`);
    expect(sub("'{Query:$.series}'").text).toBe("'SecurityAlert | where AlertSeverity == 'High''");
  });

  test("undeclared references are left alone and listed", () => {
    const r = sub("T | where a == '{Nope}' | extend d = dynamic({\"k\": 1})");
    expect(r.text).toBe("T | where a == '{Nope}' | extend d = dynamic({\"k\": 1})");
    expect(r.undeclared).toEqual([{ name: "Nope", start: 16, length: 6 }]);
    expect(r.replacements).toEqual([]);
  });

  test("without declarations every reference is substituted, time-like names as time ranges", () => {
    const r = substituteWorkbookParameters(
      "T | where TimeGenerated {Timeframe} | where x in ({Things}) | where y == '{Other}'",
      {
        now: "2024-03-01T00:00:00Z",
      },
    );
    expect(r.text).toBe(
      "T | where TimeGenerated between (datetime(2024-02-29T00:00:00.000Z) .. datetime(2024-03-01T00:00:00.000Z)) | where x in ('things') | where y == 'other'",
    );
    expect(r.replacements.map((x) => x.kind)).toEqual(["time", "unknown", "unknown"]);
  });
});

describe("offset map", () => {
  const q = "T\n| where TimeGenerated {TimeRange}\n| where s in ({Sev})\n| project Colum";
  const r = sub(q);

  test("offsets after substitutions map back", () => {
    const at = r.text.indexOf("Colum");
    expect(r.toOriginalOffset(at)).toBe(q.indexOf("Colum"));
    expect(r.toOriginalSpan(at, 5)).toEqual({ start: q.indexOf("Colum"), length: 5 });
    expect(r.toOriginalOffset(0)).toBe(0);
    expect(r.toOriginalOffset(r.text.indexOf("| where s"))).toBe(q.indexOf("| where s"));
  });

  test("offsets inside a stand-in map to the reference", () => {
    const rep = r.replacements[0]!;
    expect(rep).toMatchObject({
      name: "TimeRange",
      format: null,
      kind: "time",
      originalStart: q.indexOf("{TimeRange}"),
      originalLength: 11,
    });
    expect(r.text.slice(rep.start, rep.start + rep.length)).toBe(rep.text);
    const inside = rep.start + 10;
    expect(r.toOriginalOffset(inside)).toBe(rep.originalStart);
    expect(r.toOriginalSpan(inside, 5)).toEqual({ start: rep.originalStart, length: rep.originalLength });
    // a span covering text before and inside a stand-in
    const before = r.text.indexOf("TimeGenerated");
    expect(r.toOriginalSpan(before, rep.start + 3 - before)).toEqual({
      start: q.indexOf("TimeGenerated"),
      length: rep.originalStart + rep.originalLength - q.indexOf("TimeGenerated"),
    });
  });

  test("mapToOriginal keeps other fields", () => {
    const at = r.text.indexOf("Colum");
    expect(r.mapToOriginal([{ code: "KS142", start: at, length: 5 }])).toEqual([
      { code: "KS142", start: q.indexOf("Colum"), length: 5 },
    ]);
  });
});

describe("lineColInQuery", () => {
  test.each([
    ["abc", 0, 1, 1],
    ["abc", 2, 1, 3],
    ["a\nbc", 2, 2, 1],
    ["a\r\nbc", 3, 2, 1],
    ["a\r\nbc", 2, 1, 3],
    ["a\rb", 2, 2, 1],
    ["a\n\nb", 3, 3, 1],
    ["ab", 99, 1, 3],
  ])("%j @ %i → %i:%i", (q, offset, line, column) => {
    expect(lineColInQuery(q, offset)).toEqual({ line, column });
  });
});

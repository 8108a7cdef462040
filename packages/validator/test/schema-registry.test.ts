/**
 * Schema registry without the KQL analyser: type names, built-in tables, custom tables, problems.
 * (Parser inference needs Kusto.Language and is tested in kql.test.ts.)
 */
import { STANDARD_COLUMNS } from "../src/schema/builtin-tables.js";
import { isKustoType, normalizeKustoType } from "../src/schema/kusto-types.js";
import { buildSchema } from "../src/schema/registry.js";

describe("normalizeKustoType", () => {
  test.each([
    ["string", "string"],
    ["String", "string"],
    ["STRING", "string"],
    [" string ", "string"],
    ["System.String", "string"],
    ["int", "int"],
    ["Int", "int"],
    ["Int32", "int"],
    ["integer", "int"],
    ["System.Int32", "int"],
    ["long", "long"],
    ["Int64", "long"],
    ["BigInt", "long"],
    ["real", "real"],
    ["Real", "real"],
    ["Double", "real"],
    ["Float", "real"],
    ["bool", "bool"],
    ["Bool", "bool"],
    ["Boolean", "bool"],
    ["datetime", "datetime"],
    ["DateTime", "datetime"],
    ["Datetime", "datetime"],
    ["Date/time", "datetime"],
    ["date", "datetime"],
    ["timespan", "timespan"],
    ["TimeSpan", "timespan"],
    ["time", "timespan"],
    ["guid", "guid"],
    ["GUID", "guid"],
    ["Guid", "guid"],
    ["uuid", "guid"],
    ["dynamic", "dynamic"],
    ["Dynamic", "dynamic"],
    ["System.Object", "dynamic"],
    ["decimal", "decimal"],
    ["Decimal", "decimal"],
  ])("%s → %s", (loose, kusto) => {
    expect(normalizeKustoType(loose)).toEqual({ ok: true, type: kusto });
  });

  test.each([["Int128"], ["varchar"], ["object"], ["text"], [""], ["  "], ["string[]"]])(
    "%j is an error",
    (loose) => {
      const r = normalizeKustoType(loose);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/type/);
    },
  );

  test("isKustoType accepts only canonical names", () => {
    expect(isKustoType("string")).toBe(true);
    expect(isKustoType("String")).toBe(false);
  });
});

describe("built-in tables", () => {
  const schema = buildSchema();

  test("the Azure Monitor table reference is loaded", () => {
    expect(schema.tables.size).toBeGreaterThan(690);
    const alert = schema.tables.get("SecurityAlert")!;
    expect(alert.origin).toBe("builtin");
    const cols = new Map(alert.columns.map((c) => [c.name, c.type]));
    expect(cols.get("AlertName")).toBe("string");
    expect(cols.get("ConfidenceScore")).toBe("real");
    expect(cols.get("IsIncident")).toBe("bool");
    expect(cols.get("StartTime")).toBe("datetime");
  });

  test("CommonSecurityLog has its CEF columns with the documented types", () => {
    const cols = new Map(schema.tables.get("CommonSecurityLog")!.columns.map((c) => [c.name, c.type]));
    expect(cols.get("DeviceVendor")).toBe("string");
    expect(cols.get("DestinationPort")).toBe("int");
    expect(cols.get("SentBytes")).toBe("long");
    expect(cols.get("RemotePort")).toBe("string");
    expect(cols.get("DeviceCustomDate1")).toBe("string");
    expect(cols.get("AdditionalExtensions")).toBe("string");
  });

  test("standard columns missing from the reference are added", () => {
    // the reference omits TenantId, _ItemId and _TimeReceived on SecurityAlert
    const alert = schema.tables.get("SecurityAlert")!;
    for (const std of STANDARD_COLUMNS) {
      expect(alert.columns.find((c) => c.name === std.name)?.type).toBe(std.type);
    }
    expect(alert.columns.find((c) => c.name === "AlertName")?.implicit).toBeUndefined();
    expect(alert.columns.find((c) => c.name === "_ItemId")?.implicit).toBe(true);
  });

  test("_GetWatchlist is a built-in function with an open output (a watchlist's columns are its own)", () => {
    const fn = schema.functions.get("_GetWatchlist")!;
    expect(fn.parameters).toEqual([{ name: "watchlistAlias", type: "string" }]);
    expect(fn.state).toBe("opaque");
    expect(fn.resultColumns).toBeNull();
  });

  test("ASIM parsers are built in with their schema's columns and filtering parameters", () => {
    for (const name of ["_Im_Dns", "_ASim_Dns", "imDns", "ASimDns"]) {
      const fn = schema.functions.get(name)!;
      const columns = new Map(fn.resultColumns!.map((c) => [c.name, c.type]));
      expect(columns.get("DnsQuery")).toBe("string");
      expect(columns.get("DnsResponseCode")).toBe("int");
      expect(columns.get("EventStartTime")).toBe("datetime");
      expect(columns.has("HttpUserAgent")).toBe(false);
      expect(fn.parameters.find((p) => p.name === "domain_has_any")).toEqual({
        name: "domain_has_any",
        type: "dynamic",
        default: "dynamic([])",
      });
    }
    expect(
      schema.functions.get("_Im_NetworkSession")!.resultColumns!.some((c) => c.name === "DstPortNumber"),
    ).toBe(true);
  });

  test("Defender XDR tables carry their advanced-hunting Timestamp", () => {
    for (const t of ["DeviceProcessEvents", "EmailEvents", "IdentityLogonEvents", "CloudAppEvents"]) {
      expect(schema.tables.get(t)!.columns.find((c) => c.name === "Timestamp")?.type).toBe("datetime");
    }
    expect(schema.tables.get("SigninLogs")!.columns.some((c) => c.name === "Timestamp")).toBe(false);
  });

  test("builtins can be left out", () => {
    const s = buildSchema({ includeBuiltins: false });
    expect(s.tables.size).toBe(0);
    expect(s.functions.size).toBe(0);
  });
});

describe("custom tables and declarations", () => {
  const dt = {
    name: "darktrace_model_alerts_CL",
    columns: [
      { name: "modelName_s", type: "String" },
      { name: "score_d", type: "Double" },
      { name: "modelName_s", type: "String" },
      { name: "externalId_g", type: "GUID" },
      { name: "timestamp_t", type: "Date/time" },
      { name: "weird", type: "Int128" },
    ],
  };

  test("columns are normalised, standard columns added, problems reported", () => {
    const s = buildSchema({ includeBuiltins: false, solution: { tables: [dt] } });
    const t = s.tables.get("darktrace_model_alerts_CL")!;
    expect(t.origin).toBe("solution");
    expect(t.columns.slice(0, 5).map((c) => `${c.name}:${c.type}`)).toEqual([
      "modelName_s:string",
      "score_d:real",
      "externalId_g:guid",
      "timestamp_t:datetime",
      "weird:dynamic",
    ]);
    expect(t.columns.slice(5).map((c) => c.name)).toEqual(STANDARD_COLUMNS.map((c) => c.name));
    expect(t.columns.some((c) => c.name === "SourceSystem")).toBe(false);
    expect(s.problems.map((p) => [p.code, p.severity, p.column])).toEqual([
      ["SCHEMA-DUPLICATE-COLUMN", "warning", "modelName_s"],
      ["SCHEMA-UNKNOWN-TYPE", "error", "weird"],
    ]);
  });

  test("classic (Data Collector API) tables also get SourceSystem", () => {
    const s = buildSchema({ includeBuiltins: false, solution: { tables: [{ ...dt, kind: "classic" }] } });
    expect(s.tables.get(dt.name)!.columns.find((c) => c.name === "SourceSystem")?.type).toBe("string");
  });

  test("a declared TimeGenerated is kept, not duplicated", () => {
    const s = buildSchema({
      includeBuiltins: false,
      solution: {
        tables: [
          {
            name: "X_CL",
            columns: [
              { name: "TimeGenerated", type: "datetime" },
              { name: "a", type: "string" },
            ],
          },
        ],
      },
    });
    expect(s.tables.get("X_CL")!.columns.filter((c) => c.name === "TimeGenerated")).toHaveLength(1);
  });

  test("project declarations add tables and override built-ins, with an info", () => {
    const s = buildSchema({
      solution: { tables: [dt] },
      project: {
        tables: [
          {
            name: "DeviceEvents",
            columns: [
              { name: "Timestamp", type: "datetime" },
              { name: "ActionType", type: "string" },
            ],
          },
          { name: "Watchlist", columns: [{ name: "WatchlistAlias", type: "string" }] },
        ],
      },
    });
    expect(s.tables.get("DeviceEvents")!.origin).toBe("project");
    expect(s.tables.get("Watchlist")!.origin).toBe("project");
    expect(s.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "SCHEMA-SHADOWS-BUILTIN", table: "Watchlist", severity: "info" }),
      ]),
    );
  });

  test("duplicate tables, invalid names, table/function name clash", () => {
    const s = buildSchema({
      includeBuiltins: false,
      solution: {
        tables: [dt, dt, { name: "", columns: [] }],
        functions: [{ name: "darktrace_model_alerts_CL", resultColumns: [{ name: "a", type: "string" }] }],
      },
    });
    const codes = s.problems.map((p) => p.code);
    expect(codes).toEqual(
      expect.arrayContaining(["SCHEMA-DUPLICATE-TABLE", "SCHEMA-INVALID-NAME", "SCHEMA-NAME-CONFLICT"]),
    );
  });

  test("invalid names say what they name", () => {
    const s = buildSchema({
      includeBuiltins: false,
      solution: {
        tables: [
          { name: " T_CL", columns: [] },
          { name: "U_CL", columns: [{ name: "", type: "string" }] },
        ],
        functions: [
          { name: "F\n", resultColumns: [] },
          { name: "G", parameters: [{ name: "a b ", type: "string" }], resultColumns: [] },
        ],
      },
    });
    expect(s.problems.filter((p) => p.code === "SCHEMA-INVALID-NAME").map((p) => p.message)).toEqual([
      'a table has an invalid name " T_CL"',
      `a column of table 'U_CL' has an invalid name ""`,
      'a function has an invalid name "F\\n"',
      `a parameter of function 'G' has an invalid name "a b "`,
    ]);
  });

  test("functions: parameters normalised, undeclared output reported", () => {
    const s = buildSchema({
      includeBuiltins: false,
      solution: {
        functions: [
          {
            name: "Lookup",
            parameters: [
              { name: "since", type: "DateTime", default: "ago(1d)" },
              { name: "n", type: "Int32" },
              { name: "T", type: "(*)" },
              { name: "bad", type: "Thing" },
            ],
          },
        ],
      },
    });
    const fn = s.functions.get("Lookup")!;
    expect(fn.parameters).toEqual([
      { name: "since", type: "datetime", default: "ago(1d)" },
      { name: "n", type: "int" },
      { name: "T", type: "(*)" },
      { name: "bad", type: "dynamic" },
    ]);
    expect(fn.state).toBe("opaque");
    expect(s.problems.map((p) => p.code).sort()).toEqual(["SCHEMA-FUNCTION-OPAQUE", "SCHEMA-UNKNOWN-TYPE"]);
  });
});

describe("snapshot hash", () => {
  const decl = { name: "A_CL", columns: [{ name: "x", type: "String" }] };

  test("stable for equal declarations, different for different ones", () => {
    const a = buildSchema({ solution: { tables: [decl] } });
    const b = buildSchema({
      solution: { tables: [{ name: "A_CL", columns: [{ name: "x", type: "string" }] }] },
    });
    const c = buildSchema({
      solution: { tables: [{ name: "A_CL", columns: [{ name: "x", type: "long" }] }] },
    });
    const d = buildSchema({ includeBuiltins: false, solution: { tables: [decl] } });
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash); // String and string normalise to the same schema
    expect(c.hash).not.toBe(a.hash);
    expect(d.hash).not.toBe(a.hash);
  });

  test("built-in table objects are shared between snapshots", () => {
    const a = buildSchema();
    const b = buildSchema({ solution: { tables: [decl] } });
    expect(a.tables.get("SecurityAlert")).toBe(b.tables.get("SecurityAlert"));
    expect(Object.isFrozen(a.tables.get("SecurityAlert"))).toBe(true);
  });
});

/** The evaluate() contract: inputs, encodings, errors. */
import { evaluate, KqlQueryError, KqlUnsupportedError } from "@sentinelctl/kql";

const table = {
  columns: [
    { name: "t", type: "datetime" },
    { name: "d", type: "timespan" },
    { name: "n", type: "long" },
    { name: "b", type: "bool" },
    { name: "g", type: "guid" },
    { name: "j", type: "dynamic" },
  ],
  rows: [
    [
      "2026-01-01T00:00:00.1234567Z",
      "01:30:00",
      "9223372036854775807",
      true,
      "{74BE27DE-1E4E-49D9-B579-FE0B331D3642}",
      { a: [1] },
    ],
    { t: new Date(Date.UTC(2026, 0, 2)), d: 36_000_000_000n, n: 5n, b: 0, g: null, j: null },
  ],
};

test("cells are accepted in the output encodings and in their JSON/text forms", () => {
  const r = evaluate("T", { tables: { T: table } });
  expect(r.columns).toEqual(table.columns);
  expect(r.rows).toEqual([
    [
      "2026-01-01T00:00:00.1234567Z",
      "01:30:00",
      9223372036854775807n,
      true,
      "74be27de-1e4e-49d9-b579-fe0b331d3642",
      { a: [1] },
    ],
    ["2026-01-02T00:00:00.0000000Z", "01:00:00", 5, false, null, null],
  ]);
});

test("rows as objects: missing cells are null (empty for strings)", () => {
  const r = evaluate("T | project s, x", {
    tables: {
      T: {
        columns: [
          { name: "s", type: "string" },
          { name: "x", type: "real" },
        ],
        rows: [{}],
      },
    },
  });
  expect(r.rows).toEqual([["", null]]);
});

test("now defaults to the real clock and accepts ISO text", () => {
  const before = Date.now();
  const v = evaluate("print now()").rows[0]![0] as string;
  expect(Date.parse(v)).toBeGreaterThanOrEqual(before - 1);
  expect(evaluate("print ago(1h)", { now: "2026-12-01T00:00:00Z" }).rows).toEqual([
    ["2026-11-30T23:00:00.0000000Z"],
  ]);
  expect(() => evaluate("print 1", { now: "soon" })).toThrow(KqlQueryError);
});

test("a type-mismatched cell names the table, row and column", () => {
  expect(() =>
    evaluate("T", { tables: { T: { columns: [{ name: "n", type: "long" }], rows: [[1], ["x"]] } } }),
  ).toThrow(/table T, row 2, column n: "x" is not a long/);
  expect(() =>
    evaluate("T", { tables: { T: { columns: [{ name: "n", type: "number" }], rows: [] } } }),
  ).toThrow(/unknown type/);
});

test("cells are checked in the columns a query reads; a pipeline that names its columns reads only those", () => {
  const tables = {
    T: {
      columns: [
        { name: "n", type: "long" },
        { name: "bad", type: "long" },
      ],
      rows: [
        [1, 2],
        [3, "not a number"],
      ],
    },
  };
  // where + project name n only: the bad cell is never read
  expect(evaluate("T | where n > 0 | project n", { tables }).rows).toEqual([[1], [3]]);
  expect(evaluate("T | summarize s = sum(n)", { tables }).rows).toEqual([[4]]);
  // the same cell is an error wherever it is read or can reach the result
  const badCell = /table T, row 2, column bad: "not a number" is not a long/;
  expect(() => evaluate("T | where n > 0 | project bad", { tables })).toThrow(badCell);
  expect(() => evaluate("T | where n > 0", { tables })).toThrow(badCell);
  expect(() => evaluate("T | project p = pack_all()", { tables })).toThrow(badCell);
  expect(() => evaluate("T | summarize arg_max(n, *)", { tables })).toThrow(badCell);
  expect(() => evaluate("let x = T; x | project n", { tables })).toThrow(badCell);
  // rows of the wrong shape are refused whatever the query reads
  expect(() =>
    evaluate("print 1", { tables: { T: { columns: tables.T.columns, rows: [[1, 2, 3]] } } }),
  ).toThrow(/table T, row 1: 3 cells for 2 columns/);
});

test("a query Kusto rejects carries the analyser's diagnostics with positions", () => {
  try {
    evaluate("Nope | take 1\n| where x");
    throw new Error("expected an error");
  } catch (e) {
    expect(e).toBeInstanceOf(KqlQueryError);
    const d = (e as KqlQueryError).diagnostics[0]!;
    expect(d.line).toBe(1);
    expect(d.column).toBe(1);
    expect(d.message).toMatch(/Nope/);
  }
});

test("unsupported features are refused with the feature and its position", () => {
  try {
    evaluate("print x = 1\n| extend y = series_fir(dynamic([1]), dynamic([1]))");
    throw new Error("expected a refusal");
  } catch (e) {
    expect(e).toBeInstanceOf(KqlUnsupportedError);
    expect((e as KqlUnsupportedError).feature).toBe("series_fir()");
    expect((e as KqlUnsupportedError).position).toMatchObject({ line: 2, column: 14 });
  }
});

test("a query of 100k characters runs; one nested too deeply is a clear error", () => {
  const list = Array.from({ length: 16000 }, (_, i) => i).join(", ");
  const q = `print x = 15999 in (${list})`;
  expect(q.length).toBeGreaterThan(100_000);
  expect(evaluate(q).rows).toEqual([[true]]);
  const deep = `print x = ${Array.from({ length: 3000 }, () => "1").join(" + ")}`;
  expect(() => evaluate(deep)).toThrow(/depth/);
  expect(() => evaluate("x".repeat(1_000_001))).toThrow(/limit/);
});

test("set query_now moves the clock; result-neutral options are ignored; others are refused", () => {
  const at = { now: "2026-12-01T00:00:00Z" };
  expect(evaluate("set query_now = datetime(2020-01-01); print now(), ago(1d)", at).rows).toEqual([
    ["2020-01-01T00:00:00.0000000Z", "2019-12-31T00:00:00.0000000Z"],
  ]);
  expect(evaluate("set notruncation; range x from 1 to 3 step 1 | count", at).rows).toEqual([[3]]);
  // truncation limits would cut the result: refusing is the only honest answer
  expect(() => evaluate("set truncationmaxrecords = 1; range x from 1 to 3 step 1", at)).toThrow(
    KqlUnsupportedError,
  );
});

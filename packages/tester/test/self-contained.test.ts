import { evaluate } from "@sentinelctl/kql";
import type { EngineRequest } from "../src/engine.js";
import { kqlLiteral, selfContainedQuery } from "../src/self-contained.js";

const request: EngineRequest = {
  now: "2026-11-21T00:00:00Z",
  tables: {
    Events: {
      columns: [
        { name: "TimeGenerated", type: "datetime" },
        { name: "Text", type: "string" },
        { name: "Count", type: "long" },
        { name: "Bag", type: "dynamic" },
        { name: "Flag", type: "bool" },
        { name: "Ratio", type: "real" },
      ],
      rows: [
        {
          TimeGenerated: "2026-11-20T08:00:00Z",
          Text: 'say "hi"\n\ttab \\ slash',
          Count: 5,
          Bag: { k: [1, "x"] },
          Flag: true,
          Ratio: 1.5,
        },
        { TimeGenerated: null, Text: null, Count: null, Bag: null, Flag: null, Ratio: null },
        {
          TimeGenerated: "2026-11-20T09:00:00.1234567Z",
          Text: "",
          Count: 2,
          Bag: [],
          Flag: false,
          Ratio: -0.25,
        },
      ],
    },
  },
  functions: {
    // Declared before what it calls: the text must still define Base first.
    Wide: { parameters: [{ name: "min", type: "long" }], body: "Base | where Count >= min" },
    Base: { parameters: [], body: "Events | where isnotnull(Count)" },
  },
};

test("a case as one text gives what the engine gives with the tables and functions passed separately", () => {
  for (const query of [
    "Events",
    "Wide(1)",
    "Wide(3) | project Text, Bag",
    "Base | summarize sum(Count), max(TimeGenerated)",
  ]) {
    const direct = evaluate(query, request);
    const alone = evaluate(selfContainedQuery(query, request), { now: request.now });
    expect(alone).toEqual(direct);
  }
});

test("the text defines tables, then functions in call order, then the query", () => {
  const text = selfContainedQuery("Wide(1)", request);
  expect(text.indexOf("let ['Events'] = datatable(")).toBe(0);
  expect(text.indexOf("let Base = ()")).toBeLessThan(text.indexOf("let Wide = (min:long)"));
  expect(text.endsWith("\nWide(1)\n")).toBe(true);
  expect(
    selfContainedQuery("F", {
      tables: {},
      functions: { F: { parameters: [{ name: "n", type: "int", default: "0" }], body: "print n" } },
    }),
  ).toBe("let F = (n:int = 0) {\nprint n\n};\nF\n");
});

test("literals of every column type, nulls included", () => {
  expect(kqlLiteral('a"b', "string")).toBe('"a\\"b"');
  expect(kqlLiteral(null, "string")).toBe('""');
  expect(kqlLiteral(null, "timespan")).toBe("time(null)");
  expect(kqlLiteral("2026-11-20T08:00:00.5Z", "datetime")).toBe("datetime(2026-11-20T08:00:00.5Z)");
  expect(kqlLiteral(9007199254740993n, "long")).toBe("long(9007199254740993)");
  expect(kqlLiteral(Number.NaN, "real")).toBe("real(null)");
  expect(kqlLiteral({ a: [1] }, "dynamic")).toBe('dynamic({"a":[1]})');
  expect(kqlLiteral("0a1b2c3d-0000-4000-8000-000000000000", "guid")).toBe(
    "guid(0a1b2c3d-0000-4000-8000-000000000000)",
  );
});

/** Tabular operators, written from the Kusto documentation's rules. */
import { evaluate, KqlUnsupportedError } from "@sentinelctl/kql";
import { events, NOW, rows } from "./helpers.js";

const cols = (query: string) =>
  evaluate(query, { now: NOW, tables: events }).columns.map((c) => `${c.name}:${c.type}`);

describe("where, extend, project family", () => {
  test("where keeps rows whose predicate is true (null counts as false)", () => {
    expect(rows("Events | where Score > 1.0 | project Account", events)).toEqual([
      ["alice"],
      ["alice"],
      ["carol"],
    ]);
    expect(rows("Events | where isnull(Score) | project Account", events)).toEqual([["bob"]]);
  });
  test("extend adds columns in order and replaces same-named ones in place", () => {
    expect(
      rows(
        "Events | take 1 | extend a = 1, Bytes = Bytes * 2 | extend b = a + 1 | project Bytes, a, b",
        events,
      ),
    ).toEqual([[200, 1, 2]]);
    expect(cols("Events | extend Bytes = 1.5").slice(4, 5)).toEqual(["Bytes:real"]);
    // every expression of one extend reads the row as it came in
    expect(rows("print x = 1 | extend x = x + 10, y = x | extend z = x", events)).toEqual([[11, 1, 11]]);
    expect(cols("Events | extend EventID * 2 | project-keep Column1")).toEqual(["Column1:long"]);
  });
  test("project-away, project-rename, project-reorder, project-keep with wildcards", () => {
    expect(cols("Events | project-away Props, Score, Bytes")).toEqual([
      "TimeGenerated:datetime",
      "Computer:string",
      "Account:string",
      "EventID:int",
    ]);
    expect(cols("Events | project Computer, Account | project-rename Host = Computer")).toEqual([
      "Host:string",
      "Account:string",
    ]);
    expect(cols("Events | project Computer, Account | project-reorder Account")).toEqual([
      "Account:string",
      "Computer:string",
    ]);
    expect(cols("Events | project-keep C*")).toEqual(["Computer:string"]);
  });
});

describe("summarize", () => {
  test("count and dcount by two keys and a bin", () => {
    const r = rows(
      "Events | where TimeGenerated > ago(1d) | summarize n = count(), users = dcount(Account) by Computer, bin(TimeGenerated, 1h) | sort by Computer asc, TimeGenerated asc",
      events,
    );
    expect(r).toEqual([
      ["db01", "2026-11-30T11:00:00.0000000Z", 2, 2],
      ["web01", "2026-11-30T10:00:00.0000000Z", 2, 2],
    ]);
  });
  test("aggregates skip nulls; empty input without by gives one row", () => {
    expect(
      rows(
        "Events | summarize sum(Bytes), avg(Score), max(Score), min(Bytes), countif(EventID == 4625)",
        events,
      ),
    ).toEqual([[9007199254741393n, 1.875, 3, 50, 2]]);
    expect(rows("Events | where false | summarize count(), sum(Bytes), max(Bytes)", events)).toEqual([
      [0, 0, null],
    ]);
    expect(rows("Events | where false | summarize count() by Computer", events)).toEqual([]);
  });
  test("arg_max with * and with columns; make_set/make_list; expressions over aggregates", () => {
    expect(
      rows("Events | summarize arg_max(TimeGenerated, Account) by Computer | sort by Computer asc", events),
    ).toEqual([
      ["db01", "2026-11-30T11:20:00.0000000Z", "carol"],
      ["web01", "2026-11-30T10:45:00.0000000Z", "bob"],
      ["web02", "2026-11-29T09:00:00.0000000Z", ""],
    ]);
    expect(cols("Events | summarize arg_min(TimeGenerated, *) by Computer")).toEqual([
      "Computer:string",
      "TimeGenerated:datetime",
      "Account:string",
      "EventID:int",
      "Bytes:long",
      "Score:real",
      "Props:dynamic",
    ]);
    expect(
      rows(
        "Events | summarize make_set(Account), make_list(EventID), pct = round(100.0 * countif(EventID == 4624) / count(), 1)",
        events,
      ),
    ).toEqual([[["alice", "bob", "carol", ""], [4624, 4625, 4625, 4624, 4688], 40]]);
  });
  test("percentiles by nearest rank", () => {
    expect(rows("range x from 1 to 10 step 1 | summarize percentile(x, 50), percentiles(x, 10, 90)")).toEqual(
      [[5, 1, 9]],
    );
  });
});

describe("ordering and limits", () => {
  test("sort: descending by default, nulls last when descending and first when ascending", () => {
    expect(rows("Events | sort by Score | project Score", events)).toEqual([
      [3],
      [2.5],
      [1.5],
      [0.5],
      [null],
    ]);
    expect(rows("Events | order by Score asc | project Score", events)).toEqual([
      [null],
      [0.5],
      [1.5],
      [2.5],
      [3],
    ]);
    expect(rows("Events | sort by Score asc nulls last | project Score", events)).toEqual([
      [0.5],
      [1.5],
      [2.5],
      [3],
      [null],
    ]);
  });
  test("top, take, count, distinct", () => {
    expect(rows("Events | top 2 by Bytes desc | project Bytes", events)).toEqual([
      [9007199254740993n],
      [250],
    ]);
    expect(rows("Events | take 2 | count", events)).toEqual([[2]]);
    expect(rows("Events | distinct Computer | sort by Computer asc", events)).toEqual([
      ["db01"],
      ["web01"],
      ["web02"],
    ]);
  });
});

describe("join, lookup, union", () => {
  const t = {
    L: {
      columns: [
        { name: "k", type: "string" },
        { name: "v", type: "long" },
      ],
      rows: [
        ["a", 1],
        ["a", 2],
        ["b", 3],
        ["c", 4],
      ],
    },
    R: {
      columns: [
        { name: "k", type: "string" },
        { name: "w", type: "string" },
      ],
      rows: [
        ["a", "x"],
        ["b", "y"],
        ["b", "z"],
        ["d", "q"],
      ],
    },
  };
  test("innerunique is the default: one left row per key", () => {
    expect(rows("L | join R on k | project k, v, w | sort by w asc", t)).toEqual([
      ["a", 1, "x"],
      ["b", 3, "y"],
      ["b", 3, "z"],
    ]);
  });
  test("inner, leftouter, rightouter, fullouter, semi and anti kinds", () => {
    expect(rows("L | join kind=inner R on k | count", t)).toEqual([[4]]);
    expect(rows("L | join kind=leftouter R on k | where isempty(k1) | project v", t)).toEqual([[4]]);
    expect(rows("L | join kind=rightouter R on k | where isnull(v) | project w", t)).toEqual([["q"]]);
    expect(rows("L | join kind=fullouter R on k | count", t)).toEqual([[6]]);
    expect(rows("L | join kind=leftsemi R on k | project v", t)).toEqual([[1], [2], [3]]);
    expect(rows("L | join kind=leftanti R on k | project v", t)).toEqual([[4]]);
    expect(rows("L | join kind=rightanti R on k | project w", t)).toEqual([["q"]]);
    expect(
      rows("L | join kind=inner (R | project-rename k2 = k) on $left.k == $right.k2 | count", t),
    ).toEqual([[4]]);
  });
  test("lookup adds the right columns without duplicating the keys", () => {
    const r = evaluate("L | lookup R on k", { tables: t });
    expect(r.columns.map((c) => c.name)).toEqual(["k", "v", "w"]);
    expect(r.rows.length).toBe(5);
  });
  test("union with withsource and outer columns", () => {
    expect(rows("union withsource=Src L, R | summarize count() by Src | sort by Src asc", t)).toEqual([
      ["L", 4],
      ["R", 4],
    ]);
    expect(rows("L | union R | where k == 'd' | project v, w", t)).toEqual([[null, "q"]]);
    expect(rows("union isfuzzy=true L, NoSuchTable | count", t)).toEqual([[4]]);
  });
});

describe("dynamic expansion and parsing", () => {
  test("mv-expand arrays (with item index and a target type) and bags", () => {
    expect(
      rows(
        "datatable(a:int, d:dynamic)[1, dynamic(['x','y']), 2, dynamic([])] | mv-expand with_itemindex=i d to typeof(string)",
      ),
    ).toEqual([
      [1, "x", 0],
      [1, "y", 1],
    ]);
    expect(rows("print d = dynamic({'p':1,'q':2}) | mv-expand bagexpansion=array d")).toEqual([
      [["p", 1]],
      [["q", 2]],
    ]);
  });
  test("mv-apply runs the subquery per row", () => {
    expect(
      rows(
        "datatable(i:int, a:dynamic)[0, dynamic([3,9,4])] | mv-apply v = a to typeof(long) on (top 2 by v)",
      ),
    ).toEqual([
      [0, [3, 9, 4], 9],
      [0, [3, 9, 4], 4],
    ]);
  });
  test("parse (simple, regex, relaxed) and parse-where", () => {
    const q = 'datatable(s:string)["id=5 user=bob", "id=x user=al"]';
    expect(rows(`${q} | parse s with "id=" id:long " user=" user | project id, user`)).toEqual([
      [5, "bob"],
      [null, ""],
    ]);
    expect(rows(`${q} | parse kind=relaxed s with "id=" id:long " user=" user | project id, user`)).toEqual([
      [5, "bob"],
      [null, "al"],
    ]);
    expect(rows(`${q} | parse-where s with * "user=" user | project user`)).toEqual([["bob"], ["al"]]);
    expect(rows(`${q} | parse kind=regex s with @"id=\\d+ " rest | project rest`)).toEqual([
      ["user=bob"],
      [""],
    ]);
  });
  test("parse-kv with delimiters and quotes", () => {
    expect(
      rows(
        `print s = 'a=1 b="x y" c=z' | parse-kv s as (a:long, b:string, c:string) with (pair_delimiter=' ', kv_delimiter='=', quote='"') | project a, b, c`,
      ),
    ).toEqual([[1, "x y", "z"]]);
  });
  test("evaluate bag_unpack as the last operator", () => {
    const r = evaluate('print d = dynamic({"b":"s","a":1})| evaluate bag_unpack(d)', {});
    expect(r.columns).toEqual([
      { name: "a", type: "long" },
      { name: "b", type: "string" },
    ]);
    expect(r.rows).toEqual([[1, "s"]]);
  });
});

describe("let, functions, serialize, sources", () => {
  test("let scalars, tables, lambdas with defaults and named arguments; materialize; toscalar", () => {
    expect(
      rows(
        "let lim = 2; let f = (x:long, k:long = 10) { x * k }; let T = materialize(range i from 1 to 3 step 1); T | where i <= lim | extend y = f(i), z = f(k = 1, x = i), total = toscalar(T | summarize sum(i))",
      ),
    ).toEqual([
      [1, 10, 1, 6],
      [2, 20, 2, 6],
    ]);
  });
  test("workspace functions with parameters run over the given tables; invoke passes the input", () => {
    const r = evaluate("Failures(1d) | count", {
      now: NOW,
      tables: events,
      functions: {
        Failures: {
          parameters: "(since:timespan)",
          body: "Events | where TimeGenerated > ago(since) and EventID == 4625",
        },
      },
    });
    expect(r.rows).toEqual([[2]]);
    expect(
      rows(
        "let only = (T:(Account:string)) { T | where Account == 'alice' }; Events | invoke only() | count",
        events,
      ),
    ).toEqual([[2]]);
  });
  test("serialize with row_number, prev and next", () => {
    expect(
      rows("range x from 1 to 3 step 1 | serialize rn = row_number(), p = prev(x), n = next(x, 1, -1)"),
    ).toEqual([
      [1, 1, null, 2],
      [2, 2, 1, 3],
      [3, 3, 2, -1],
    ]);
  });
  test("make-series: one value per bin from `from` up to `to`, the default where a bin is empty", () => {
    const r = evaluate(
      "Events | make-series n = count() default = 0, b = sum(Bytes) on TimeGenerated from datetime(2026-11-30 10:00) to datetime(2026-11-30 12:00) step 1h by Computer | sort by Computer asc",
      { tables: events },
    );
    expect(r.columns.map((c) => c.name)).toEqual(["Computer", "n", "b", "TimeGenerated"]);
    expect(r.rows).toEqual([
      ["db01", [0, 2], [0, 50], ["2026-11-30T10:00:00.0000000Z", "2026-11-30T11:00:00.0000000Z"]],
      ["web01", [2, 0], [350, 0], ["2026-11-30T10:00:00.0000000Z", "2026-11-30T11:00:00.0000000Z"]],
      ["web02", [0, 0], [0, 0], ["2026-11-30T10:00:00.0000000Z", "2026-11-30T11:00:00.0000000Z"]],
    ]);
  });
  test("datatable, range, print, getschema, as", () => {
    expect(rows("range t from datetime(2026-01-01) to datetime(2026-01-01 02:00) step 1h | count")).toEqual([
      [3],
    ]);
    expect(rows("datatable(a:real)[1, 2.5] | summarize sum(a)")).toEqual([[3.5]]);
    expect(rows("print a = 1 | getschema")).toEqual([["a", 0, "System.Int64", "long"]]);
    expect(rows("range x from 1 to 2 step 1 | as X | union X | count")).toEqual([[4]]);
  });
});

describe("refusals", () => {
  test("operators the engine does not run are refused, never approximated", () => {
    expect(() => rows("Events | evaluate autocluster()", events)).toThrow(KqlUnsupportedError);
    expect(() => rows("Events | sample 2", events)).toThrow(/unsupported: sample/);
  });
});

/**
 * The engine's fast paths give the same answers as the general ones: datetime text built from
 * cached parts, input dates to ticks, `=~` against a folded constant, extend rows built in place,
 * input cells converted straight into an extend chain's row, a match's groups in one RE2 run, sets
 * of values without a key string per value.
 */
import { KqlQueryError, KqlUnsupportedError } from "@sentinelctl/kql";
import { RE2JS } from "re2js";
import { rows, value } from "./helpers.js";

const texts = {
  T: {
    columns: [
      { name: "s", type: "string" },
      { name: "other", type: "string" },
    ],
    rows: [
      ["ABC", "abc"],
      ["abc", "x"],
      ["abcd", "ABCD"],
      ["ab", "AB"],
      ["İ", "i̇"],
      ["", ""],
      [null, "abc"],
    ],
  },
};

describe("=~ and !~ against a constant", () => {
  test("match whatever the case, never a longer or shorter text", () => {
    expect(rows('T | where s =~ "aBc" | project s', texts)).toEqual([["ABC"], ["abc"]]);
    expect(rows('T | where s !~ "ABC" | project s', texts)).toEqual([["abcd"], ["ab"], ["İ"], [""], [""]]);
  });

  test("a text that lengthens when lower-cased (U+0130) still matches its folded form", () => {
    expect(rows('T | where s =~ "i̇" | project s', texts)).toEqual([["İ"]]);
    expect(rows('T | where s =~ "İ" | project s', texts)).toEqual([["İ"]]);
  });

  test("an empty constant matches empty and null text", () => {
    expect(rows('T | where s =~ "" | count', texts)).toEqual([[2]]);
  });

  test("the same answers with a column on the right side", () => {
    expect(rows("T | extend m = s =~ other | project m", texts)).toEqual([
      [true],
      [false],
      [true],
      [true],
      [true],
      [true],
      [false],
    ]);
  });

  test("a constant from a let and the other string operators", () => {
    expect(rows('let k = "AB"; T | where s =~ k or s has_cs "abc" | project s', texts)).toEqual([
      ["abc"],
      ["ab"],
    ]);
    expect(rows('T | where s startswith "AB" | project s', texts)).toEqual([
      ["ABC"],
      ["abc"],
      ["abcd"],
      ["ab"],
    ]);
  });
});

describe("datetime output text", () => {
  test("100 ns digits, day and second boundaries, many days", () => {
    const q = `print a = datetime(1970-01-01), b = datetime(2026-11-30 23:59:59.9999999),
      c = datetime(2026-12-01 00:00:00.0000001), d = datetime(2024-02-29 12:34:56.789),
      e = datetime(2024-02-29 12:34:56.7891234), f = datetime(9999-12-31 23:59:59.9999999)`;
    expect(rows(q)).toEqual([
      [
        "1970-01-01T00:00:00.0000000Z",
        "2026-11-30T23:59:59.9999999Z",
        "2026-12-01T00:00:00.0000001Z",
        "2024-02-29T12:34:56.7890000Z",
        "2024-02-29T12:34:56.7891234Z",
        "9999-12-31T23:59:59.9999999Z",
      ],
    ]);
  });

  test("dates before 1970 and across many days of a column", () => {
    expect(rows("print a = datetime(1969-12-31 23:59:59.9999999), b = datetime(0001-01-01)")).toEqual([
      ["1969-12-31T23:59:59.9999999Z", "0001-01-01T00:00:00.0000000Z"],
    ]);
    const days = rows(
      "range i from 0 to 40 step 1 | extend t = datetime(2026-01-01) + i * 1d + i * 1s + i * 1tick",
    );
    expect(days[0]).toEqual([0, "2026-01-01T00:00:00.0000000Z"]);
    expect(days[40]).toEqual([40, "2026-02-10T00:00:40.0000040Z"]);
  });
});

describe("Date cells of input tables", () => {
  test("convert exactly, in and beyond the usual years", () => {
    const dates = [
      new Date(Date.UTC(2026, 10, 30, 1, 2, 3, 456)),
      new Date(Date.UTC(1900, 0, 1, 0, 0, 0, 1)),
      new Date(Date.UTC(2500, 5, 1, 12, 0, 0, 999)),
      new Date(0),
    ];
    const t = { D: { columns: [{ name: "t", type: "datetime" }], rows: dates.map((d) => [d]) } };
    expect(rows("D | extend ms = datetime_diff('millisecond', t, datetime(1970-01-01))", t)).toEqual([
      ["2026-11-30T01:02:03.4560000Z", dates[0]!.getTime()],
      ["1900-01-01T00:00:00.0010000Z", dates[1]!.getTime()],
      ["2500-06-01T12:00:00.9990000Z", dates[2]!.getTime()],
      ["1970-01-01T00:00:00.0000000Z", 0],
    ]);
  });
});

describe("extend chains", () => {
  const table = {
    E: {
      columns: [
        { name: "a", type: "long" },
        { name: "b", type: "string" },
        { name: "c", type: "string" },
      ],
      rows: [
        { a: 1, b: "x", c: "p" },
        { a: 2, b: "y" },
      ],
    },
  };

  test("replace a column, add columns that read the ones before, keep the width", () => {
    const r = rows(
      "E | extend a = a * 10, d = strlen(b) | extend e = d * 2 + a, b = strcat(b, d) | extend f = e",
      table,
    );
    expect(r).toEqual([
      [10, "x1", "p", 1, 12, 12],
      [20, "y1", "", 1, 22, 22],
    ]);
  });

  test("a project of names after extends: order, renames, window functions", () => {
    expect(rows("E | extend d = a + 1 | extend e = d * 2 | project e, b, a", table)).toEqual([
      [4, "x", 1],
      [6, "y", 2],
    ]);
    expect(rows("E | extend d = a + 1 | project x = d, c", table)).toEqual([
      [2, "p"],
      [3, ""],
    ]);
    expect(
      rows("E | serialize | extend n = row_number() | extend p = prev(n) | project p, n", table),
    ).toEqual([
      [null, 1],
      [1, 2],
    ]);
  });

  test("a project after the chain reads only what it names", () => {
    expect(rows("E | extend d = strcat(b, '!') | extend n = strlen(d) | project n, d", table)).toEqual([
      [2, "x!"],
      [2, "y!"],
    ]);
  });
});

/**
 * What re2js's Matcher gives when stepped through every match and asked for each group (what
 * extract and extract_all did before asking the engine for bounds and groups in one run).
 */
function groupsByMatcher(pattern: string, text: string): Array<Array<string | null>> {
  const m = RE2JS.compile(pattern).matcher(text);
  const out: Array<Array<string | null>> = [];
  while (m.find()) out.push(Array.from({ length: m.groupCount() + 1 }, (_, g) => m.group(g)));
  return out;
}

describe("extract and extract_all: bounds and groups of a match in one run", () => {
  const texts = [
    "axxb",
    "xx",
    "",
    "a\u{1F600}b\u{1F600}",
    "T1234 T5678x",
    "id=1;id=;id=22",
    "\u00e9\u00e9",
    "ab",
  ];
  const table = { S: { columns: [{ name: "s", type: "string" }], rows: texts.map((t) => [t]) } };
  const patterns = ["x*", "(x*)", "(T\\d{4})", "id=(\\d*)", "(a)|(b)", "(?P<k>\\w)(\\d)?", "(\\p{So})", "."];

  test.each(patterns)("extract_all(@%p) steps through matches, empty ones included, as Matcher does", (p) => {
    const expected = texts.map((t) => {
      const found = groupsByMatcher(p, t).map((g) =>
        g.length === 1 ? g[0] : g.length === 2 ? (g[1] ?? "") : g.slice(1).map((x) => x ?? ""),
      );
      return [found.length ? found : null];
    });
    expect(rows(`S | project extract_all(@"${p}", s)`, table)).toEqual(expected);
  });

  test.each(patterns.filter((p) => p.includes("(")))("extract(@%p, 1, s) is the first match's group", (p) => {
    const expected = texts.map((t) => [groupsByMatcher(p, t)[0]?.[1] ?? ""]);
    expect(rows(`S | project extract(@"${p}", 1, s)`, table)).toEqual(expected);
  });

  test("a list of groups by number or name; a group the pattern lacks is refused", () => {
    expect(value('extract_all(@"(\\w)(\\d)", dynamic([2, 1]), "a1b2")')).toEqual([
      ["1", "a"],
      ["2", "b"],
    ]);
    expect(value('extract_all(@"(?P<letter>\\w)(?P<digit>\\d)", dynamic(["digit"]), "a1b2")')).toEqual([
      ["1"],
      ["2"],
    ]);
    expect(() => value('extract_all(@"(\\w)(\\d)", dynamic([3]), "a1b2")')).toThrow(KqlUnsupportedError);
  });
});

describe("sets of values without a key string per value", () => {
  test("set_union, set_intersect, set_difference: a text is never the same value as an array", () => {
    expect(
      value('set_union(dynamic([1, "1", [1], {"a": 1}]), dynamic(["[1]", [1], {"a": 1}, 2, 1]))'),
    ).toEqual([1, "1", [1], { a: 1 }, "[1]", 2]);
    expect(value('set_intersect(dynamic([1, "[1]", [1], "x"]), dynamic([[1], "x", "1"]))')).toEqual([
      [1],
      "x",
    ]);
    expect(value('set_difference(dynamic([1, "[1]", [1], 1]), dynamic([[1]]))')).toEqual([1, "[1]"]);
    expect(value("set_union(dynamic([1]), dynamic(null))")).toBeNull();
  });

  test("dcount and make_set tell apart longs beyond 2^53 and texts from arrays", () => {
    const t = {
      L: {
        columns: [
          { name: "n", type: "long" },
          { name: "d", type: "dynamic" },
        ],
        rows: [
          [9007199254740993n, 'j{"a":1}'],
          [9007199254740992n, { a: 1 }],
          [9007199254740992n, { a: 1 }],
          [null, null],
        ],
      },
    };
    expect(rows("L | summarize dcount(n), dcount(d), make_set(n), make_set(d)", t)).toEqual([
      [2, 2, [9007199254740993n, 9007199254740992n], ['j{"a":1}', { a: 1 }]],
    ]);
  });
});

describe("small and large sets agree", () => {
  test("past a few values the set changes form: NaN is one value, 0 and -0 are one", () => {
    const reals = [Number.NaN, 0, -0, Number.NaN, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, Number.NaN, 9];
    const t = { R: { columns: [{ name: "x", type: "real" }], rows: reals.map((x) => [x]) } };
    expect(rows("R | summarize dcount(x), make_set(x)", t)).toEqual([
      [11, [Number.NaN, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    ]);
    expect(
      value("set_union(dynamic([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), dynamic([10, 11, 1, 'a', 'a', 12]))"),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, "a", 12]);
    expect(
      value(
        "set_difference(dynamic([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), dynamic([2, 4, 6, 8, 10, 12, 14, 16, 18]))",
      ),
    ).toEqual([1, 3, 5, 7, 9]);
  });
});

describe("a caller's table converted straight into an extend chain's working row", () => {
  const table = {
    T: {
      columns: [
        { name: "a", type: "long" },
        { name: "b", type: "string" },
        { name: "c", type: "datetime" },
        { name: "unread", type: "int" },
      ],
      rows: [
        [1, "x", "2026-01-01", "not an int"],
        { a: 2, b: "y", c: "2026-01-02T03:04:05.1234567Z", unread: "nor this" },
        [3, null, null],
      ],
    },
  };

  test("array and object rows, nulls, datetimes; a bad cell in a column the query does not read is not read", () => {
    expect(rows("T | extend d = a * 2 | extend e = strcat(b, d) | project e, c, a", table)).toEqual([
      ["x2", "2026-01-01T00:00:00.0000000Z", 1],
      ["y4", "2026-01-02T03:04:05.1234567Z", 2],
      ["6", null, 3],
    ]);
  });

  test("window functions still see the converted rows", () => {
    expect(rows("T | extend p = prev(a), n = row_number() | project p, n", table)).toEqual([
      [null, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  test("a bad cell in a column the chain reads is an error naming its table, row and column", () => {
    const bad = { T: { ...table.T, rows: [...table.T.rows, [4, "z", "not a date"]] } };
    expect(() => rows("T | extend d = a * 2 | project d, c", bad)).toThrow(
      new KqlQueryError('table T, row 4, column c: "not a date" is not a datetime'),
    );
  });
});

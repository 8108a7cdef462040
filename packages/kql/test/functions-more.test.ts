/** Functions added for issue 10 (non-geo coverage), checked against the docs' rules. */
import { evaluate, KqlQueryError, KqlUnsupportedError } from "@sentinelctl/kql";

const row = (q: string) => evaluate(q, { now: "2026-01-01T00:00:00Z" }).rows[0];

test("xxhash64 of strings and datetimes; hash() with a modulo; other types refused", () => {
  expect(row('print hash_xxhash64(""), hash("Hello"), hash_xxhash64("World", 100)')).toEqual([
    -1205034819632174695n,
    753694413698530628n,
    51,
  ]);
  expect(() => row("print hash(1)")).toThrow(KqlUnsupportedError);
});

test("hexadecimal literals and datetime literal forms", () => {
  expect(row("print 0x10, int(0xff), 0xFFFFFFFFFFFFFFFF")).toEqual([16, 255, -1]);
  expect(row('print datetime(2025, 6, 14), datetime("2015-01-01")')).toEqual([
    "2025-06-14T00:00:00.0000000Z",
    "2015-01-01T00:00:00.0000000Z",
  ]);
});

test("array_index_of: start, length, occurrence, negative start, irrelevant inputs", () => {
  expect(
    row(
      'let a = dynamic(["x","y","x","y"]); print array_index_of(a,"y",2), array_index_of(a,"y",0,1), array_index_of(a,"x",0,-1,2), array_index_of(a,"x",-2), array_index_of(a,"x",0,-2)',
    ),
  ).toEqual([3, -1, 2, 2, null]);
});

test("array_sort_asc of several arrays permutes the others; a length mismatch gives null", () => {
  expect(row("print array_sort_asc(dynamic([2,1,null]), dynamic(['b','a','c']), dynamic([1]))")).toEqual([
    [1, 2, null],
    ["a", "b", "c"],
    null,
  ]);
});

test("erf/erfc, bitset_count_ones, binary_all_* aggregates", () => {
  const [e, c, n1, n2] = row(
    "print erf(1), erfc(3), bitset_count_ones(42), bitset_count_ones(-1)",
  ) as number[];
  expect(e).toBeCloseTo(0.8427007929497149, 14);
  expect(c! / 2.2090496998585438e-5).toBeCloseTo(1, 12);
  expect([n1, n2]).toEqual([3, 64]);
  expect(
    row(
      "datatable(n:long)[12, 10, long(null)] | summarize binary_all_and(n), binary_all_or(n), binary_all_xor(n)",
    ),
  ).toEqual([8, 14, 6]);
});

test("IPv6 parsing, comparisons; IPv4 masks and ranges", () => {
  expect(row("print parse_ipv6('192.168.255.255/24'), parse_ipv6('::1'), parse_ipv6('1::2::3')")).toEqual([
    "0000:0000:0000:0000:0000:ffff:c0a8:ff00",
    "0000:0000:0000:0000:0000:0000:0000:0001",
    null,
  ]);
  expect(
    row("print ipv6_compare('::ffff:7f00:1', '127.0.0.1'), ipv6_is_match('fe80::1/120', 'fe80::2/120')"),
  ).toEqual([0, true]);
  expect(
    row("print format_ipv4_mask('192.168.1.1/24', 32), ipv4_range_to_cidr_list('1.1.128.0', '1.1.140.255')"),
  ).toEqual(["192.168.1.0/24", ["1.1.128.0/21", "1.1.136.0/22", "1.1.140.0/24"]]);
});

test("punycode round trip, indexof_regex", () => {
  expect(row("print punycode_from_string('bücher'), punycode_to_string('bcher-kva')")).toEqual([
    "bcher-kva",
    "bücher",
  ]);
  expect(
    row(
      'print indexof_regex("abcabc", "a.c", 1), indexof_regex("ababaa", "a.a", 0, -1, 2), indexof_regex("a", "a", -1)',
    ),
  ).toEqual([3, -1, null]);
});

test("jaccard_index, bag_pack_columns, dynamic_to_json, column_names_of", () => {
  expect(row("print jaccard_index(dynamic([1,2,2]), dynamic([2,3]))")).toEqual([1 / 3]);
  expect(row("print a=1, b='x' | project bag_pack_columns(a, b)")).toEqual([{ a: 1, b: "x" }]);
  expect(row("print dynamic_to_json(dynamic({'b':[1,{'z':1,'a':2}],'a':null}))")).toEqual([
    '{"a":null,"b":[1,{"a":2,"z":1}]}',
  ]);
  expect(row("let T = datatable(A:string, B:int) []; print column_names_of(T)")).toEqual([["A", "B"]]);
});

test("assert fails the query; around includes both ends; positional after named arguments", () => {
  expect(() => row("print assert(1 > 2, 'no')")).toThrow(KqlQueryError);
  expect(row("print around(3, 1, 2), around(3.5, 1, 2), around(int(null), 1, 2)")).toEqual([
    true,
    false,
    null,
  ]);
  expect(row("let f = (a:long, b:long) { a * 10 + b }; print f(a=1, 2)")).toEqual([12]);
});

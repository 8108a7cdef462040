/** Scalar operators and functions, written from the Kusto documentation's rules. */
import { KqlQueryError, KqlUnsupportedError } from "@sentinelctl/kql";
import { events, rows, value } from "./helpers.js";

describe("arithmetic and null", () => {
  test("long arithmetic stays exact beyond 2^53 and wraps at 64 bits", () => {
    expect(value("9007199254740993 + 2")).toBe(9007199254740995n);
    expect(value("9223372036854775807 + 1")).toBe(-9223372036854775808n);
    expect(value("2 * 3")).toBe(6);
  });
  test("integer division truncates toward zero; modulo is never negative", () => {
    expect(value("7 / 2")).toBe(3);
    expect(value("-7 / 2")).toBe(-3);
    expect(value("-14 % 12")).toBe(10);
    expect(value("14 % -12")).toBe(2);
    expect(value("7.0 / 2")).toBe(3.5);
  });
  test("null propagates through arithmetic and comparisons", () => {
    expect(value("long(null) + 1")).toBeNull();
    expect(value("real(null) * 2.0")).toBeNull();
    expect(value("long(null) > 1")).toBeNull();
    expect(value("int(null) == int(null)")).toBeNull();
  });
  test("and/or with null follow three-valued logic", () => {
    expect(value("false and bool(null)")).toBe(false);
    expect(value("true and bool(null)")).toBeNull();
    expect(value("true or bool(null)")).toBe(true);
    expect(value("false or bool(null)")).toBeNull();
  });
  test("datetime and timespan arithmetic at 100 ns ticks", () => {
    expect(value("datetime(2026-01-01) + 1.5h")).toBe("2026-01-01T01:30:00.0000000Z");
    expect(value("datetime(2026-01-02) - datetime(2026-01-01 12:00)")).toBe("12:00:00");
    expect(value("datetime(2026-01-01 00:00:00.1234567) + 1tick")).toBe("2026-01-01T00:00:00.1234568Z");
    expect(value("2h * 3")).toBe("06:00:00");
    expect(value("1d / 1h")).toBe(24);
    expect(value("-1h")).toBe("-01:00:00");
  });
});

describe("string operators", () => {
  test("has matches whole terms, case-insensitively; has_cs respects case", () => {
    expect(value('"North America" has "america"')).toBe(true);
    expect(value('"North America" has "amer"')).toBe(false);
    expect(value('"North America" has_cs "america"')).toBe(false);
    expect(value('"user=bob;id=7" has "bob"')).toBe(true);
    expect(value('"bobby" !has "bob"')).toBe(true);
  });
  test("hasprefix/hassuffix work on term boundaries", () => {
    expect(value('"North America" hasprefix "amer"')).toBe(true);
    expect(value('"North America" hassuffix "rica"')).toBe(true);
    expect(value('"North America" hasprefix "rth"')).toBe(false);
  });
  test("contains, startswith, endswith, =~ and their negations", () => {
    expect(value('"FabriKam" contains "brik"')).toBe(true);
    expect(value('"FabriKam" contains_cs "brik"')).toBe(false);
    expect(value('"FabriKam" startswith "fab"')).toBe(true);
    expect(value('"FabriKam" !endswith "KAM"')).toBe(false);
    expect(value('"abc" =~ "ABC"')).toBe(true);
    expect(value('"abc" !~ "ABC"')).toBe(false);
    expect(value('"abc" == "ABC"')).toBe(false);
  });
  test("in, in~, !in over constant lists and dynamic arrays", () => {
    expect(value('"a" in ("a", "b")')).toBe(true);
    expect(value('"A" in ("a", "b")')).toBe(false);
    expect(value('"A" in~ ("a", "b")')).toBe(true);
    expect(value('"c" !in ("a", "b")')).toBe(true);
    expect(value("2 in (dynamic([1, 2, 3]))")).toBe(true);
  });
  test("has_any and has_all use term matching", () => {
    expect(value('"failed logon from host" has_any ("logon", "zzz")')).toBe(true);
    expect(value('"failed logon from host" has_all ("logon", "host")')).toBe(true);
    expect(value('"failed logon from host" has_all ("logon", "hos")')).toBe(false);
  });
  test("between is inclusive at both ends, for numbers and datetimes", () => {
    expect(value("5 between (1 .. 5)")).toBe(true);
    expect(value("6 !between (1 .. 5)")).toBe(true);
    expect(value("datetime(2026-01-01 01:00) between (datetime(2026-01-01) .. 1h)")).toBe(true);
  });
  test("matches regex uses RE2 and stays linear on patterns that backtrack elsewhere", () => {
    expect(value('"abc123" matches regex @"^[a-z]+\\d+$"')).toBe(true);
    const long = "a".repeat(5000);
    expect(value(`"${long}!" matches regex "(a+)+$"`)).toBe(false);
  });
  test("an invalid regex is a query error naming it", () => {
    expect(() => value('"a" matches regex "("')).toThrow(KqlQueryError);
  });
});

describe("string functions", () => {
  test("strlen counts code points; substring and indexof", () => {
    expect(value('strlen("héllo")')).toBe(5);
    expect(value('substring("abcdef", 1, 3)')).toBe("bcd");
    expect(value('substring("abcdef", 4)')).toBe("ef");
    expect(value('indexof("abcdef", "cd")')).toBe(2);
    expect(value('indexof("abcdef", "x")')).toBe(-1);
  });
  test("strcat converts its arguments to text; null becomes empty", () => {
    expect(value('strcat("a", 1, true, long(null))')).toBe("a1true");
    expect(value('strcat_delim("-", "a", "b")')).toBe("a-b");
  });
  test("extract, extract_all, replace_regex with RE2 groups", () => {
    expect(value('extract(@"id=(\\d+)", 1, "x id=42 y")')).toBe("42");
    expect(value('extract(@"id=(\\d+)", 1, "none")')).toBe("");
    expect(value('extract(@"id=(\\d+)", 1, "id=42", typeof(long))')).toBe(42);
    expect(value('extract_all(@"(\\d+)", "a1b22c333")')).toEqual(["1", "22", "333"]);
    expect(value('replace_regex("a1b2", @"(\\d)", @"<\\1>")')).toBe("a<1>b<2>");
    expect(value('replace_string("a.b.c", ".", "/")')).toBe("a/b/c");
  });
  test("split, trim, toupper, tolower, reverse, countof", () => {
    expect(value('split("a,b,c", ",")')).toEqual(["a", "b", "c"]);
    expect(value('split("a,b,c", ",", 1)')).toEqual(["b"]);
    expect(value('trim(@"\\s+", "  x  ")')).toBe("x");
    expect(value('toupper("aB")')).toBe("AB");
    expect(value('reverse("abc")')).toBe("cba");
    expect(value('countof("aaa", "aa")')).toBe(2);
  });
  test("hashes and base64", () => {
    expect(value('hash_sha256("abc")')).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(value('hash_md5("abc")')).toBe("900150983cd24fb0d6963f7d28e17f72");
    expect(value('base64_encode_tostring("Kusto")')).toBe("S3VzdG8=");
    expect(value('base64_decode_tostring("S3VzdG8=")')).toBe("Kusto");
  });
});

describe("conversions", () => {
  test("tolong/toint/toreal/tobool/tostring", () => {
    expect(value('tolong("42")')).toBe(42);
    expect(value('tolong("x")')).toBeNull();
    expect(value("toint(2.9)")).toBe(2);
    expect(value('toreal("1.5")')).toBe(1.5);
    expect(value('tobool("true")')).toBe(true);
    expect(value('tobool("maybe")')).toBeNull();
    expect(value("tostring(12)")).toBe("12");
    expect(value("tostring(long(null))")).toBe("");
  });
  test("todatetime parses ISO 8601 and RFC 822; other text is null", () => {
    expect(value('todatetime("2026-03-04T05:06:07.5Z")')).toBe("2026-03-04T05:06:07.5000000Z");
    expect(value('todatetime("Sat, 8 Nov 2014 15:05:02 GMT")')).toBe("2014-11-08T15:05:02.0000000Z");
    expect(value('todatetime("yesterday")')).toBeNull();
    expect(value('totimespan("1.02:03:04")')).toBe("1.02:03:04");
    expect(value('toguid("0123456789ABCDEF0123456789ABCDEF")')).toBe("01234567-89ab-cdef-0123-456789abcdef");
  });
});

describe("datetime functions", () => {
  test("now and ago see the given clock", () => {
    expect(value("now()")).toBe("2026-12-01T00:00:00.0000000Z");
    expect(value("ago(1d)")).toBe("2026-11-30T00:00:00.0000000Z");
  });
  test("bin rounds down, also before 1970 and for numbers", () => {
    expect(value("bin(datetime(2026-01-01 10:59:59), 1h)")).toBe("2026-01-01T10:00:00.0000000Z");
    expect(value("bin(datetime(1969-12-31 23:30), 1h)")).toBe("1969-12-31T23:00:00.0000000Z");
    expect(value("bin(7, 5)")).toBe(5);
    expect(value("bin(-7, 5)")).toBe(-10);
    expect(value("bin(4.7, 0.5)")).toBe(4.5);
    expect(value("bin_at(datetime(2026-01-01 10:20), 1h, datetime(2026-01-01 00:15))")).toBe(
      "2026-01-01T10:15:00.0000000Z",
    );
  });
  test("startof/endof, datetime_add, datetime_diff, parts", () => {
    expect(value("startofday(datetime(2026-05-17 13:14))")).toBe("2026-05-17T00:00:00.0000000Z");
    expect(value("startofweek(datetime(2026-05-20))")).toBe("2026-05-17T00:00:00.0000000Z");
    expect(value("startofmonth(datetime(2026-05-20))")).toBe("2026-05-01T00:00:00.0000000Z");
    expect(value("endofday(datetime(2026-05-17 13:14))")).toBe("2026-05-17T23:59:59.9999999Z");
    expect(value('datetime_add("month", 1, datetime(2026-01-31))')).toBe("2026-02-28T00:00:00.0000000Z");
    expect(value("datetime_diff('day', datetime(2026-01-03 01:00), datetime(2026-01-01 23:00))")).toBe(2);
    expect(value("datetime_diff('month', datetime(2026-03-01), datetime(2025-12-31))")).toBe(3);
    expect(value("dayofweek(datetime(2026-05-20))")).toBe("3.00:00:00");
    expect(value("getmonth(datetime(2026-05-20))")).toBe(5);
    expect(value("hourofday(datetime(2026-05-20 17:00))")).toBe(17);
  });
  test("format_datetime and format_timespan", () => {
    expect(value("format_datetime(datetime(2026-05-07 08:09:10.123), 'yyyy-MM-dd HH:mm:ss.fff')")).toBe(
      "2026-05-07 08:09:10.123",
    );
    expect(value("format_datetime(datetime(2026-05-07 15:00), 'M/d/yy h tt')")).toBe("5/7/26 3 PM");
    expect(value("format_timespan(time(1.02:03:04.5), 'd.hh:mm:ss.f')")).toBe("1.02:03:04.5");
  });
});

describe("dynamic", () => {
  test("parse_json, indexing, property paths; missing → null", () => {
    expect(value('parse_json(\'{"a":{"b":[10,20]}}\').a.b[1]')).toBe(20);
    expect(value('parse_json(\'{"a":1}\')["a"]')).toBe(1);
    expect(value("parse_json('{\"a\":1}').zz")).toBeNull();
    expect(value("dynamic([1,2,3])[-1]")).toBe(3);
    expect(value('parse_json("not json")')).toBe("not json");
  });
  test("pack, bag functions, arrays, sets", () => {
    expect(value('bag_pack("k", 1, "t", datetime(2026-01-01))')).toEqual({
      k: 1,
      t: "2026-01-01T00:00:00.0000000Z",
    });
    expect(value('bag_keys(dynamic({"a":1,"b":2}))')).toEqual(["a", "b"]);
    expect(value('bag_merge(dynamic({"a":1}), dynamic({"a":2,"b":3}))')).toEqual({ a: 1, b: 3 });
    expect(value("array_length(dynamic([1,2]))")).toBe(2);
    expect(value("array_length(parse_json('{\"a\":1}'))")).toBeNull();
    expect(value("array_concat(dynamic([1]), dynamic([2,3]))")).toEqual([1, 2, 3]);
    expect(value("array_slice(dynamic([1,2,3,4]), 1, 2)")).toEqual([2, 3]);
    expect(value("array_sort_asc(dynamic([3,1,2]))")).toEqual([1, 2, 3]);
    expect(value("set_union(dynamic([1,2]), dynamic([2,3]))")).toEqual([1, 2, 3]);
    expect(value("set_intersect(dynamic([1,2]), dynamic([2,3]))")).toEqual([2]);
    expect(value("set_difference(dynamic([1,2]), dynamic([2,3]))")).toEqual([1]);
    expect(value("set_has_element(dynamic(['a','b']), 'b')")).toBe(true);
    expect(value("range(1, 7, 3)")).toEqual([1, 4, 7]);
  });
});

describe("conditional", () => {
  test("iff, case, coalesce, max_of/min_of", () => {
    expect(value('iff(1 > 2, "a", "b")')).toBe("b");
    expect(value('iff(bool(null), "a", "b")')).toBe("b");
    expect(value('case(false, "a", true, "b", "c")')).toBe("b");
    expect(value("coalesce(long(null), 5, 6)")).toBe(5);
    expect(value('coalesce("", "x")')).toBe("x");
    expect(value("max_of(1, long(null), 3)")).toBe(3);
    expect(value("min_of(4, 2, 3)")).toBe(2);
  });
  test("isempty/isnotempty/isnull: strings are never null", () => {
    expect(value('isempty("")')).toBe(true);
    expect(value('isnull("")')).toBe(false);
    expect(value("isnull(long(null))")).toBe(true);
    expect(value("isnotempty(dynamic(null))")).toBe(false);
  });
});

describe("IP and URL", () => {
  test("ipv4 functions", () => {
    expect(value('ipv4_is_private("10.1.2.3")')).toBe(true);
    expect(value('ipv4_is_private("8.8.8.8")')).toBe(false);
    expect(value('ipv4_is_private("not an ip")')).toBeNull();
    expect(value('ipv4_is_in_range("192.168.1.7", "192.168.1.0/24")')).toBe(true);
    expect(value('ipv4_is_in_any_range("8.8.8.8", "10.0.0.0/8", "8.8.0.0/16")')).toBe(true);
    expect(value('ipv4_is_match("192.168.1.1/24", "192.168.1.255/24")')).toBe(true);
    expect(value('ipv4_compare("10.0.0.1", "10.0.0.2")')).toBe(-1);
    expect(value('parse_ipv4("127.0.0.1")')).toBe(2130706433);
  });
  test("parse_url and parse_path", () => {
    const u = value('parse_url("https://user:pw@host.example:8443/a/b?x=1&y=2#frag")') as Record<
      string,
      unknown
    >;
    expect(u).toMatchObject({
      Scheme: "https",
      Host: "host.example",
      Port: "8443",
      Path: "/a/b",
      Fragment: "frag",
    });
    expect(u["Query Parameters"]).toEqual({ x: "1", y: "2" });
    const p = value('parse_path(@"C:\\Windows\\System32\\cmd.exe")') as Record<string, unknown>;
    expect(p).toMatchObject({
      Filename: "cmd.exe",
      Extension: "exe",
      DirectoryPath: "C:\\Windows\\System32",
    });
  });
});

describe("math", () => {
  test("round rounds half away from zero; abs, pow, sqrt, log10", () => {
    expect(value("round(2.5)")).toBe(3);
    expect(value("round(-2.5)")).toBe(-3);
    expect(value("round(1.2345, 2)")).toBe(1.23);
    expect(value("abs(-5)")).toBe(5);
    expect(value("pow(2, 10)")).toBe(1024);
    expect(value("sqrt(16)")).toBe(4);
    expect(value("log10(1000)")).toBe(3);
  });
});

describe("refusals", () => {
  test("an unknown-to-the-engine function is refused with its name and position", () => {
    try {
      value("geo_line_simplify(dynamic({'type':'LineString','coordinates':[[1,1],[2,2]]}), 10)");
      throw new Error("expected a refusal");
    } catch (e) {
      expect(e).toBeInstanceOf(KqlUnsupportedError);
      expect((e as KqlUnsupportedError).feature).toBe("geo_line_simplify()");
      expect((e as KqlUnsupportedError).position).toMatchObject({ line: 1, column: 11 });
    }
  });
  test("columns of the input are used with their declared types", () => {
    expect(rows("Events | where Bytes > 9007199254740992 | project Bytes", events)).toEqual([
      [9007199254740993n],
    ]);
  });
});

/** Operators, plugins and functions added for issue 10's conformance pass, checked against the docs' rules. */
import { evaluate, KqlUnsupportedError } from "@sentinelctl/kql";

const run = (q: string) => evaluate(q, { now: "2026-01-01T00:00:00Z" });
const T = "datatable(Name:string, Age:int, City:string, Country:string) ['Ann', 30, 'Oslo', 'NO']";

test("project-by-names: names, arrays and patterns in the order given; unknown names ignored", () => {
  const r = run(`${T} | project-by-names "Country", dynamic(["Name", "Nope"]), "C*"`);
  expect(r.columns.map((c) => c.name)).toEqual(["Country", "Name", "City"]);
  expect(r.rows).toEqual([["NO", "Ann", "Oslo"]]);
  expect(run(`${T} | project-by-names "*e"`).columns.map((c) => c.name)).toEqual(["Name", "Age"]);
});

test("series_stats: min/max with first index, average, sample stdev and variance; nulls", () => {
  expect(run("print series_stats(dynamic([4, 1, 7, 1]))").rows[0]).toEqual([
    1,
    1,
    7,
    2,
    3.25,
    Math.sqrt(8.25),
    8.25,
  ]);
  expect(run("print series_stats(dynamic([4, null, 6]))").rows[0]).toEqual(new Array(7).fill(null));
  expect(run("print series_stats(dynamic([4, null, 6]), true)").rows[0]).toEqual([
    4,
    0,
    6,
    2,
    5,
    Math.SQRT2,
    2,
  ]);
  expect(() => run("print series_stats(dynamic([4]))")).toThrow(KqlUnsupportedError);
});

test("rows_near: matching rows with neighbours before and after, each once, in order", () => {
  const q = (args: string) =>
    run(`range x from 1 to 10 step 1 | evaluate rows_near(x == 4 or x == 6, ${args})`).rows.map((r) => r[0]);
  expect(q("1")).toEqual([3, 4, 5, 6, 7]);
  expect(q("0, 2")).toEqual([4, 5, 6, 7, 8]);
});

test("rolling_percentile: nearest-rank percentile over the current and previous bins, per dimension", () => {
  const r = run(
    "range i from 0 to 5 step 1 | extend v = i * 10, k = iff(i % 2 == 0, 'a', 'b') | evaluate rolling_percentile(v, 50, i, 2, 2, k)",
  );
  // bins of 2: a has v 0 (bin 0), 20 (bin 2), 40 (bin 4); b has 10, 30, 50
  expect(r.rows).toEqual([
    [0, "a", 0],
    [2, "a", 0],
    [4, "a", 20],
    [0, "b", 10],
    [2, "b", 10],
    [4, "b", 30],
  ]);
  expect(() =>
    run("datatable(i:long, v:long) [0, 1, 9, 2] | evaluate rolling_percentile(v, 50, i, 1, 2)"),
  ).toThrow(KqlUnsupportedError);
});

test("row_window_session: a new session past the distance from its start or from the previous row, or on restart", () => {
  const q = `datatable(k:string, t:datetime) ['a', datetime(2024-01-01 00:00), 'a', datetime(2024-01-01 00:04),
    'a', datetime(2024-01-01 00:20), 'a', datetime(2024-01-01 00:24), 'a', datetime(2024-01-01 00:28),
    'a', datetime(2024-01-01 00:31), 'b', datetime(2024-01-01 00:32)]
    | extend s = row_window_session(t, 10m, 5m, k != prev(k)) | project m = datetime_diff('minute', s, datetime(2024-01-01))`;
  // 20 is 16 min after 4 (> 5m apart); 31 is 11 min after the session start 20 (> 10m); b restarts
  expect(run(q).rows.map((r) => r[0])).toEqual([0, 0, 20, 20, 20, 31, 32]);
  // exactly the limit apart starts a new session; a null value gives null and ends the session
  const edge = `datatable(t:datetime) [datetime(2024-01-01 00:00), datetime(2024-01-01 00:05), datetime(null), datetime(2024-01-01 00:06)]
    | extend s = row_window_session(t, 1h, 5m) | project m = datetime_diff('minute', s, datetime(2024-01-01))`;
  expect(run(edge).rows.map((r) => r[0])).toEqual([0, 5, null, 6]);
});

test("top-nested: top groups per level by their aggregate, nested inside the kept groups; ties at the cut refused", () => {
  const data = `datatable(a:string, b:string, v:long) ['x','p',5, 'x','q',1, 'x','r',3, 'y','p',9, 'z','p',2]`;
  const r = run(`${data} | top-nested 2 of a by s = sum(v), top-nested 1 of b by m = max(v) asc`);
  expect(r.columns.map((c) => c.name)).toEqual(["a", "s", "b", "m"]);
  expect(r.rows).toEqual([
    ["x", 9, "q", 1],
    ["y", 9, "p", 9],
  ]);
  expect(() => run(`${data} | top-nested 1 of a by s = sum(v)`)).toThrow(KqlUnsupportedError);
});

test("scan: state read through step names, defaults, promotion between steps and match ids", () => {
  const cumulative = run(`range x from 1 to 5 step 1 | scan declare (c:long = 0) with
    (step s1: true => c = iff(s1.c >= 5, x, x + s1.c);)`);
  expect(cumulative.rows.map((r) => r[1])).toEqual([1, 3, 6, 4, 9]);
  const pairs = run(`datatable(e:string) ['open', 'x', 'close', 'close', 'open', 'close']
    | scan with_match_id = id with (step s1 output=none: e == 'open'; step s2: e == 'close';)`);
  expect(pairs.rows).toEqual([
    ["close", 0],
    ["close", 0],
    ["close", 1],
  ]);
});

describe("graphs", () => {
  const people = `let people = datatable(name:string, age:long) ['a', 50, 'b', 40, 'c', 30, 'd', 20];
    let links = datatable(src:string, dst:string, rel:string) ['b','a','boss', 'c','b','boss', 'd','b','boss', 'c','d','peer', 'e','a','boss'];`;
  const graph = `${people} links | make-graph src --> dst with people on name`;

  test("graph-to-table: nodes from the node table, then keys only edges name", () => {
    expect(run(`${graph} | graph-to-table nodes`).rows).toEqual([
      ["a", 50],
      ["b", 40],
      ["c", 30],
      ["d", 20],
      ["e", null],
    ]);
    expect(run(`${graph} | graph-to-table edges`).rows).toHaveLength(5);
    expect(() => run(`${graph} | graph-to-table nodes with_node_id=id`)).toThrow(KqlUnsupportedError);
  });

  test("graph-match: directions, properties of nodes and edges, variable-length edges with map()", () => {
    const direct = run(`${graph} | graph-match (x)-[e]->(y) where e.rel == 'peer' project x.name, y.name`);
    expect(direct.rows).toEqual([["c", "d"]]);
    const reverse = run(`${graph} | graph-match (y)<-[e]-(x) where y.name == 'a' project x.name`);
    expect(reverse.rows.map((r) => r[0]).sort()).toEqual(["b", "e"]);
    const chains = run(
      `${graph} | graph-match (x)-[p*1..3]->(top) where top.name == 'a' and x.age < 35 project x.name, path = map(p, dst)`,
    );
    expect(chains.rows).toEqual([
      ["c", ["b", "a"]],
      ["c", ["d", "b", "a"]],
      ["d", ["b", "a"]],
    ]);
  });

  test("graph-match: shared variables across patterns; an edge is not used twice in one match", () => {
    const star = run(
      `${graph} | graph-match (x)-[e1]->(b), (y)-[e2]->(b) where b.name == 'b' project x.name, y.name`,
    );
    expect(star.rows.map((r) => r.join("")).sort()).toEqual(["cd", "dc"]);
    const any = run(`${graph} | graph-match (x)-[e*2..2]-(x) project x.name`);
    // a two-edge cycle back to the start needs two different edges: only b-c-d-b style loops qualify
    expect(any.rows).toEqual([]);
  });

  test("graph-shortest-paths: all shortest paths, or one when it is unique", () => {
    const all = run(
      `${graph} | graph-shortest-paths output=all (s)-[p*1..4]->(t) where s.name == 'c' and t.name == 'a' project path = map(p, dst)`,
    );
    expect(all.rows).toEqual([[["b", "a"]]]);
    const diamond = `${people} datatable(src:string, dst:string) ['c','b', 'c','d', 'b','a', 'd','a'] | make-graph src --> dst with people on name`;
    const one = run(
      `${diamond} | graph-shortest-paths (s)-[p*1..4]->(t) where s.name == 'c' and t.name == 'b' project map(p, dst)`,
    );
    expect(one.rows).toEqual([[["b"]]]);
    expect(() =>
      run(
        `${diamond} | graph-shortest-paths (s)-[p*1..4]->(t) where s.name == 'c' and t.name == 'a' project map(p, dst)`,
      ),
    ).toThrow(KqlUnsupportedError);
  });
});

test("convert_length/volume/temperature: exact factors; units with rounded or measured constants refused", () => {
  const [ft, inch, l, f, c] = run(
    "print convert_length(3, 'Foot', 'Meter'), convert_length(1, 'Yard', 'Inch'), convert_volume(2, 'CubicMeter', 'Liter'), convert_temperature(100, 'DegreeCelsius', 'DegreeFahrenheit'), convert_temperature(real(null), 'Kelvin', 'Kelvin')",
  ).rows[0]!;
  expect(ft).toBeCloseTo(0.9144, 12);
  expect(inch).toBeCloseTo(36, 12);
  expect(l).toBeCloseTo(2000, 9);
  expect(f).toBeCloseTo(212, 9);
  expect(c).toBeNull();
  expect(() => run("print convert_length(1, 'Mile', 'Meter')")).toThrow(KqlUnsupportedError);
  expect(() => run("print convert_length(1, 'meter', 'Foot')")).toThrow(KqlUnsupportedError);
});

test("beta_pdf: the density inside (0, 1), NaN outside or for non-positive shapes, null for null", () => {
  const [uniform, sym, outside, shape, none] = run(
    "print beta_pdf(0.3, 1, 1), beta_pdf(0.5, 2, 2), beta_pdf(1.0, 2, 2), beta_pdf(0.5, 0, 2), beta_pdf(real(null), 2, 2)",
  ).rows[0]!;
  expect(uniform).toBeCloseTo(1, 12);
  expect(sym).toBeCloseTo(1.5, 12); // 6 x (1 - x) at 0.5
  expect(outside).toBeNaN();
  expect(shape).toBeNaN();
  expect(none).toBeNull();
});

test("parse-kv without delimiters: keys as whole words, values up to the next non-alphanumeric; ambiguity refused", () => {
  const q = (text: string, extra = "") =>
    run(`print s = ${JSON.stringify(text)} | parse-kv s as (user:string, n:long) ${extra} | project user, n`)
      .rows[0];
  expect(q("[x] user=alice; n: 42")).toEqual(["alice", 42]);
  expect(q("superuser=root n=1")).toEqual(["", 1]);
  expect(q(`user: 'bob smith', n=2`, `with (quote="'")`)).toEqual(["bob smith", 2]);
  expect(() => q("user=10.0.0.1 n=1")).toThrow(KqlUnsupportedError);
  expect(() => q("user=a user=b")).toThrow(KqlUnsupportedError);
});

test("search: a predicate over the database's tables and declared views, $table naming the source", () => {
  const tables = {
    Logons: {
      columns: [
        { name: "User", type: "string" },
        { name: "Port", type: "long" },
      ],
      rows: [
        ["ann", 22],
        ["bob", 443],
      ],
    },
    Flows: { columns: [{ name: "Port", type: "long" }], rows: [[22], [80]] },
  };
  const r = evaluate("let Extra = view () { print Port = 22 }; search Port == 22", { tables });
  // columns as the analyser merges them
  expect(r.columns.map((c) => c.name)).toEqual(["$table", "User", "Port"]);
  expect(r.rows).toEqual([
    ["Logons", "ann", 22],
    ["Flows", "", 22],
    ["Extra", "", 22],
  ]);
  expect(evaluate("search in (Flows) Port > 22", { tables }).rows).toEqual([["Flows", 80]]);
  expect(() => evaluate('search "ann"', { tables })).toThrow(KqlUnsupportedError);
  expect(() => evaluate('search User:"ann"', { tables })).toThrow(KqlUnsupportedError);
});

test("geo_line_lookup: points joined to every line within the radius; unmatched rows and the line key on request", () => {
  // a meridian segment at longitude 0; one degree of latitude is about 111.2 km on Kusto's sphere
  const q = (extra: string) =>
    run(`let lines = datatable(name:string, line:dynamic) ['m', dynamic({"type":"LineString","coordinates":[[0,0],[0,1]]})];
      datatable(p:string, lng:real, lat:real) ['near', 0.001, 0.5, 'far', 0.1, 0.5, 'beyond', 0, 1.003]
      | evaluate geo_line_lookup(lines, line, lng, lat, 200${extra})`);
  expect(q("").rows).toEqual([["near", 0.001, 0.5, "m"]]);
  const all = q(", return_unmatched = true, return_lookup_key = true");
  expect(all.columns.map((c) => c.name)).toEqual(["p", "lng", "lat", "name", "line"]);
  expect(all.rows.map((r) => [r[0], r[3]])).toEqual([
    ["near", "m"],
    ["far", ""],
    ["beyond", ""],
  ]);
  expect(() => q(", lookup_area_radius = 10")).toThrow(KqlUnsupportedError);
});

test("geo buffers, simplification and unions: the documented nulls for invalid input; valid input refused", () => {
  const line = `dynamic({"type":"LineString","coordinates":[[0,0],[0,0.001]]})`; // about 111 m long
  const [a, b, c, d, e, f] = run(
    `print isnull(geo_point_buffer(0, 95, 10)), isnull(geo_point_buffer(0, 0, 0)), isnull(geo_line_buffer(dynamic({"type":"LineString","coordinates":[[0,0]]}), 10)),
       isnull(geo_line_simplify(${line}, -1)), isnull(geo_line_simplify(${line}, 200)), isnull(geo_union_lines_array(dynamic([${line}, {"type":"LineString"}])))`,
  ).rows[0]!;
  expect([a, b, c, d, e, f]).toEqual([true, true, true, true, true, true]);
  expect(() => run("print geo_point_buffer(0, 0, 10)")).toThrow(KqlUnsupportedError);
  expect(() => run(`print geo_line_simplify(${line}, 50)`)).toThrow(KqlUnsupportedError);
  expect(() => run(`print geo_union_lines_array(dynamic([${line}]))`)).toThrow(KqlUnsupportedError);
});

test("geo_intersection_line_with_polygon: empty when apart, null when invalid; geo_polygon_to_h3cells nulls", () => {
  const square = `dynamic({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]})`;
  const [apart, invalid, cells] = run(
    `print geo_intersection_line_with_polygon(dynamic({"type":"LineString","coordinates":[[2,2],[3,3]]}), ${square}),
       isnull(geo_intersection_line_with_polygon(dynamic({"type":"LineString","coordinates":[[2,2]]}), ${square})),
       isnull(geo_polygon_to_h3cells(${square}, 16))`,
  ).rows[0]!;
  expect(apart).toEqual({ type: "GeometryCollection", geometries: [] });
  expect([invalid, cells]).toEqual([true, true]);
  expect(() =>
    run(
      `print geo_intersection_line_with_polygon(dynamic({"type":"LineString","coordinates":[[-1,0.5],[2,0.5]]}), ${square})`,
    ),
  ).toThrow(KqlUnsupportedError);
  expect(() => run(`print geo_polygon_to_h3cells(${square})`)).toThrow(KqlUnsupportedError);
});

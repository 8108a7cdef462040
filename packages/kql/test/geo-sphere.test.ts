/** Geodesic and S2 functions, written from the Kusto documentation's rules (sphere, nulls, shapes). */
import { KqlUnsupportedError } from "@sentinelctl/kql";
import { value } from "./helpers.js";

const SQUARE = `dynamic({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]})`;
const LINE = `dynamic({"type":"LineString","coordinates":[[0,0],[0,1]]})`;

describe("sphere measures", () => {
  test("distances and lengths use a sphere of S2's radius (one degree = 2πR/360)", () => {
    const degree = (2 * Math.PI * 6371010) / 360;
    expect(value("geo_distance_2points(0, 0, 0, 1)")).toBeCloseTo(degree, 6);
    expect(value(`geo_line_length(${LINE})`)).toBeCloseTo(degree, 6);
    expect(value("geo_distance_2points(300, 1, 1, 1)")).toBeNull();
    expect(() => value("geo_distance_2points(0, 0, 0, 1, true)")).toThrow(KqlUnsupportedError);
  });
  test("invalid lines give null", () => {
    expect(value(`geo_line_length(dynamic({"type":"LineString","coordinates":[[1, 1]]}))`)).toBeNull();
    expect(value(`geo_line_centroid(dynamic({"type":"Point","coordinates":[1, 1]}))`)).toBeNull();
    expect(value(`geo_line_interpolate_point(${LINE}, 2)`)).toBeNull();
  });
  test("interpolation and centroid of a meridian segment stay on it", () => {
    const mid = value(`geo_line_interpolate_point(${LINE}, 0.5)`) as { coordinates: number[] };
    expect(mid.coordinates[0]).toBeCloseTo(0, 12);
    expect(mid.coordinates[1]).toBeCloseTo(0.5, 12);
    const c = value(`geo_line_centroid(${LINE})`) as { coordinates: number[] };
    expect(c.coordinates[1]).toBeCloseTo(0.5, 12);
  });
  test("clockwise angle at the middle point, null for repeated points", () => {
    expect(value("geo_angle(0, 1, 0, 0, 1, 0)")).toBeCloseTo(Math.PI / 2, 3);
    expect(value("geo_angle(1, 0, 0, 0, 0, 1)")).toBeCloseTo((3 * Math.PI) / 2, 3);
    expect(value("geo_angle(0, 10, 0, 10, 3, -10)")).toBeNull();
  });
});

describe("polygons", () => {
  test("point in polygon, closest point, centroid", () => {
    expect(value(`geo_point_in_polygon(0.5, 0.5, ${SQUARE})`)).toBe(true);
    expect(value(`geo_point_in_polygon(2, 0.5, ${SQUARE})`)).toBe(false);
    expect(value(`geo_closest_point_on_polygon(0.5, 0.5, ${SQUARE})`)).toEqual({
      type: "Point",
      coordinates: [0.5, 0.5],
    });
    const q = value(`geo_closest_point_on_polygon(2, 0.5, ${SQUARE})`) as { coordinates: number[] };
    expect(q.coordinates[0]).toBeCloseTo(1, 9);
    const c = value(`geo_polygon_centroid(${SQUARE})`) as { coordinates: number[] };
    expect(c.coordinates[0]).toBeCloseTo(0.5, 3);
  });
  test("documented invalid polygons give null", () => {
    const open = `dynamic({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]})`;
    const repeated = `dynamic({"type":"Polygon","coordinates":[[[0,0],[10,10],[10,10],[0,0]]]})`;
    expect(value(`geo_point_in_polygon(0.5, 0.5, ${open})`)).toBeNull();
    expect(value(`geo_polygon_centroid(${repeated})`)).toBeNull();
    expect(value(`geo_closest_point_on_polygon(500, 1, ${SQUARE})`)).toBeNull();
  });
});

describe("line intersections", () => {
  test("crossing, disjoint and identical lines", () => {
    const cross = `dynamic({"type":"LineString","coordinates":[[-1,0.5],[1,0.5]]})`;
    expect(value(`geo_intersects_2lines(${LINE}, ${cross})`)).toBe(true);
    const p = value(`geo_intersection_2lines(${LINE}, ${cross})`) as { type: string; coordinates: number[] };
    expect(p.type).toBe("Point");
    expect(p.coordinates[0]).toBeCloseTo(0, 9);
    const far = `dynamic({"type":"LineString","coordinates":[[3,3],[4,4]]})`;
    expect(value(`geo_intersection_2lines(${LINE}, ${far})`)).toEqual({
      type: "GeometryCollection",
      geometries: [],
    });
    expect(value(`geo_intersection_2lines(${LINE}, ${LINE})`)).toEqual({
      type: "LineString",
      coordinates: [
        [0, 0],
        [0, 1],
      ],
    });
  });
});

describe("S2 cells", () => {
  test("nearby points share a fine cell; default level 11; invalid input gives empty", () => {
    const a = value("geo_point_to_s2cell(-0.12433080766874127, 51.51115841361647, 22)");
    expect(a).toBe(value("geo_point_to_s2cell(-0.12432668105284961, 51.51115938802832, 22)"));
    expect(a).not.toBe(value("geo_point_to_s2cell(1, 1, 22)"));
    expect(value("geo_point_to_s2cell(1, 1)")).toBe(value("geo_point_to_s2cell(1, 1, 11)"));
    expect(value("geo_point_to_s2cell(1, 1, 31)")).toBe("");
  });
  test("a covering holds the cell of every inside point; too many cells give null", () => {
    const cells = value(`geo_polygon_to_s2cells(${SQUARE}, 8)`) as string[];
    expect(cells).toContain(value("geo_point_to_s2cell(0.5, 0.5, 8)"));
    expect(cells).not.toContain(value("geo_point_to_s2cell(5, 5, 8)"));
    expect(value(`geo_polygon_to_s2cells(${SQUARE}, 30)`)).toBeNull();
  });
});

/** Geospatial functions computed exactly (WKT, geohash), written from the Kusto documentation's rules. */
import { KqlUnsupportedError } from "@sentinelctl/kql";
import { value } from "./helpers.js";

describe("geo_from_wkt", () => {
  test("converts each WKT geometry to its GeoJSON form", () => {
    expect(value("geo_from_wkt('POINT (1 2)')")).toEqual({ type: "Point", coordinates: [1, 2] });
    expect(value("geo_from_wkt('linestring(1 2,3.5 -4)')")).toEqual({
      type: "LineString",
      coordinates: [
        [1, 2],
        [3.5, -4],
      ],
    });
    expect(value("geo_from_wkt('MULTIPOINT ((1 1), 2 2)')")).toEqual({
      type: "MultiPoint",
      coordinates: [
        [1, 1],
        [2, 2],
      ],
    });
    const multi = value("geo_from_wkt('MULTIPOLYGON (((0 0, 2 0, 2 2, 0 0)), ((5 5, 6 5, 6 6, 5 5)))')") as {
      type: string;
      coordinates: unknown[];
    };
    expect(multi.type).toBe("MultiPolygon");
    expect(multi.coordinates).toHaveLength(2);
    expect(value("geo_from_wkt('GEOMETRYCOLLECTION (POINT (1 1), LINESTRING (2 2, 3 3))')")).toEqual({
      type: "GeometryCollection",
      geometries: [
        { type: "Point", coordinates: [1, 1] },
        {
          type: "LineString",
          coordinates: [
            [2, 2],
            [3, 3],
          ],
        },
      ],
    });
  });
  test("text that is not WKT gives null", () => {
    expect(value("geo_from_wkt('LINESTRING')")).toBeNull();
    expect(value("geo_from_wkt('POINT (1 2) trailing')")).toBeNull();
    expect(value("geo_from_wkt('CIRCLE (1 2)')")).toBeNull();
    expect(value("geo_from_wkt('')")).toBeNull();
  });
  test("geometries whose Kusto result is not documented are refused", () => {
    expect(() => value("geo_from_wkt('POINT EMPTY')")).toThrow(KqlUnsupportedError);
    expect(() => value("geo_from_wkt('POINT (1 2 3)')")).toThrow(KqlUnsupportedError);
    expect(() => value("geo_from_wkt('POINT (200 2)')")).toThrow(KqlUnsupportedError);
    expect(() => value("geo_from_wkt('POLYGON ((0 0, 2 0, 2 2))')")).toThrow(KqlUnsupportedError);
  });
});

describe("geohash", () => {
  test("encodes a point at the requested accuracy (default 5)", () => {
    expect(value("geo_point_to_geohash(10.40744, 57.64911, 11)")).toBe("u4pruydqqvj");
    expect(value("geo_point_to_geohash(10.40744, 57.64911)")).toBe("u4pru");
  });
  test("invalid coordinates or accuracy give an empty string", () => {
    expect(value("geo_point_to_geohash(181, 0)")).toBe("");
    expect(value("geo_point_to_geohash(0, -91)")).toBe("");
    expect(value("geo_point_to_geohash(0, 0, 19)")).toBe("");
    expect(value("geo_point_to_geohash(0, 0, 0)")).toBe("");
    expect(value("geo_point_to_geohash(real(null), 0)")).toBe("");
  });
  test("decodes a geohash to its cell's polygon and centre", () => {
    expect(value("geo_geohash_to_polygon('s')")).toEqual({
      type: "Polygon",
      coordinates: [
        [
          [0, 0],
          [45, 0],
          [45, 45],
          [0, 45],
          [0, 0],
        ],
      ],
    });
    expect(value("geo_geohash_to_central_point('s')")).toEqual({ type: "Point", coordinates: [22.5, 22.5] });
    expect(value("geo_geohash_to_central_point('u4pruydqqvj')")).toEqual({
      type: "Point",
      coordinates: [expect.closeTo(10.40744, 4), expect.closeTo(57.64911, 4)],
    });
  });
  test("a string that is not a geohash decodes to null", () => {
    expect(value("geo_geohash_to_polygon('a')")).toBeNull();
    expect(value("geo_geohash_to_central_point('')")).toBeNull();
    expect(value("geo_geohash_to_central_point('0123456789bcdefghjk')")).toBeNull();
    expect(value("geo_geohash_neighbors('sunn!')")).toBeNull();
  });
  test("neighbours are the eight surrounding cells of the same length", () => {
    const cells = value("geo_geohash_neighbors('sunny')") as string[];
    expect(cells).toHaveLength(8);
    expect(new Set(cells)).toEqual(
      new Set(["sunnt", "sunnv", "sunnw", "sunnx", "sunnz", "sunpj", "sunpn", "sunpp"]),
    );
  });
  test("neighbours at a pole or the antimeridian are refused", () => {
    expect(() => value("geo_geohash_neighbors('b')")).toThrow(KqlUnsupportedError);
    expect(() => value("geo_geohash_neighbors('upbp')")).toThrow(KqlUnsupportedError);
  });
});

describe("H3 cell level and parent", () => {
  test("the level is the index's resolution field", () => {
    expect(value("geo_h3cell_level('862a1072fffffff')")).toBe(6);
    expect(value("geo_h3cell_level('8001fffffffffff')")).toBe(0);
  });
  test("the parent keeps the leading digits and marks the rest unused", () => {
    expect(value("geo_h3cell_parent('862a1072fffffff')")).toBe("852a1073fffffff");
    expect(value("geo_h3cell_parent('862a1072fffffff', 1)")).toBe("812a3ffffffffff");
    expect(value("geo_h3cell_level(geo_h3cell_parent('862a1072fffffff', 3))")).toBe(3);
  });
  test("text that is not a cell, or a level below the parent's, gives null or empty", () => {
    expect(value("geo_h3cell_level('abc')")).toBeNull();
    expect(value("geo_h3cell_level('not a cell')")).toBeNull();
    expect(value("geo_h3cell_parent('123')")).toBe("");
    expect(value("geo_h3cell_parent('862a1072fffffff', 7)")).toBe("");
    expect(value("geo_h3cell_parent('8001fffffffffff')")).toBe("");
  });
  test("tokens H3 itself would reject are refused rather than guessed", () => {
    // resolution 6 but digit 3 is 7
    expect(() => value("geo_h3cell_level('862a17f2fffffff')")).toThrow(KqlUnsupportedError);
    expect(() => value("geo_h3cell_level('862A1072FFFFFFF')")).toThrow(KqlUnsupportedError);
  });
});

describe("geo_from_wkt validity guards", () => {
  test("shapes whose validity Kusto decides are refused", () => {
    expect(() => value("geo_from_wkt('POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))')")).toThrow(KqlUnsupportedError);
    expect(() => value("geo_from_wkt('POLYGON ((0 0, 9 0, 9 9, 0 0), (1 1, 2 1, 2 2, 1 1))')")).toThrow(
      KqlUnsupportedError,
    );
    expect(() => value("geo_from_wkt('LINESTRING (-170 0, 170 0)')")).toThrow(KqlUnsupportedError);
    expect(() => value("geo_from_wkt('LINESTRING (1 1, 1 1, 2 2)')")).toThrow(KqlUnsupportedError);
  });
  test("a simple closed ring is kept as written", () => {
    expect(value("geo_from_wkt('POLYGON ((0 0, 2 0, 2 2, 0 0))')")).toEqual({
      type: "Polygon",
      coordinates: [
        [
          [0, 0],
          [2, 0],
          [2, 2],
          [0, 0],
        ],
      ],
    });
  });
});

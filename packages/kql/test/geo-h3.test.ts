/** H3 functions, written from the Kusto documentation's rules (shapes, level bounds, invalid input). */
import { KqlUnsupportedError } from "@sentinelctl/kql";
import { rows, value } from "./helpers.js";

const CELL = "862a1072fffffff"; // level 6, lower Manhattan
const PENTAGON = "8009fffffffffff"; // base cell 4 at level 0

describe("geo_point_to_h3cell", () => {
  test("gives the token of the cell holding the point, level 6 by default", () => {
    const token = value("geo_point_to_h3cell(-74.016008, 40.704168)");
    expect(token).toBe(CELL);
    expect(value("geo_h3cell_level(geo_point_to_h3cell(1, 1, 10))")).toBe(10);
    expect(value("geo_h3cell_level(geo_point_to_h3cell(1, 1, 0))")).toBe(0);
    expect(value("geo_h3cell_parent(geo_point_to_h3cell(-74.016008, 40.704168, 7))")).toBe(CELL);
  });
  test("invalid coordinates or levels give an empty string", () => {
    expect(value("geo_point_to_h3cell(181, 1, 5)")).toBe("");
    expect(value("geo_point_to_h3cell(1, -90.5, 5)")).toBe("");
    expect(value("geo_point_to_h3cell(1, 1, 16)")).toBe("");
    expect(value("geo_point_to_h3cell(1, 1, -1)")).toBe("");
    expect(value("geo_point_to_h3cell(real(null), 1, 5)")).toBe("");
  });
});

describe("geo_h3cell_to_central_point / geo_h3cell_to_polygon", () => {
  test("the centre is a GeoJSON point, longitude first", () => {
    const p = value(`geo_h3cell_to_central_point('${CELL}')`) as { type: string; coordinates: number[] };
    expect(p.type).toBe("Point");
    expect(p.coordinates[0]).toBeCloseTo(-74.016008, 5);
    expect(p.coordinates[1]).toBeCloseTo(40.704168, 5);
    expect(value(`geo_point_to_h3cell(${p.coordinates[0]}, ${p.coordinates[1]}, 6)`)).toBe(CELL);
  });
  test("the polygon is a closed ring of the six vertices around the centre", () => {
    const poly = value(`geo_h3cell_to_polygon('${CELL}')`) as { type: string; coordinates: number[][][] };
    expect(poly.type).toBe("Polygon");
    const ring = poly.coordinates[0]!;
    expect(ring).toHaveLength(7);
    expect(ring[6]).toEqual(ring[0]);
    for (const [lon, lat] of ring) {
      expect(Math.abs(lon! + 74.016)).toBeLessThan(0.1);
      expect(Math.abs(lat! - 40.704)).toBeLessThan(0.1);
    }
    // counter-clockwise: positive signed area in (longitude, latitude)
    let area = 0;
    for (let i = 0; i < 6; i++) area += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
    expect(area).toBeGreaterThan(0);
  });
  test("an invalid token gives null", () => {
    expect(value("geo_h3cell_to_central_point('1')")).toBeNull();
    expect(value("geo_h3cell_to_polygon('@')")).toBeNull();
  });
  test("the polygon of a pentagon is refused", () => {
    expect(() => value(`geo_h3cell_to_polygon('${PENTAGON}')`)).toThrow(KqlUnsupportedError);
  });
});

describe("geo_h3cell_children", () => {
  test("immediate children by default, 7^n children n levels down", () => {
    const children = value(`geo_h3cell_children('${CELL}')`) as string[];
    expect(children).toHaveLength(7);
    for (const c of children) expect(value(`geo_h3cell_parent('${c}')`)).toBe(CELL);
    expect(value(`array_length(geo_h3cell_children('${CELL}', 9))`)).toBe(343);
  });
  test("null for an invalid cell, a lower level, or more than 5 levels down", () => {
    expect(value("geo_h3cell_children('abc')")).toBeNull();
    expect(value(`geo_h3cell_children('${CELL}', 5)`)).toBeNull();
    expect(value(`geo_h3cell_children('${CELL}', 12)`)).toBeNull();
    expect(value(`array_length(geo_h3cell_children('${CELL}', 11))`)).toBe(16807);
  });
});

describe("geo_h3cell_neighbors / geo_h3cell_rings", () => {
  test("six neighbours, each sharing the cell's level and adjacent to it", () => {
    const neighbours = value(`geo_h3cell_neighbors('${CELL}')`) as string[];
    expect(neighbours).toHaveLength(6);
    expect(new Set(neighbours).size).toBe(6);
    expect(neighbours).not.toContain(CELL);
    for (const n of neighbours) expect(value(`geo_h3cell_neighbors('${n}')`)).toContain(CELL);
  });
  test("rings: the cell, then its neighbours, then 6k cells at distance k", () => {
    const r = value(`geo_h3cell_rings('${CELL}', 3)`) as string[][];
    expect(r.map((ring) => ring.length)).toEqual([1, 6, 12, 18]);
    expect(r[0]).toEqual([CELL]);
    expect(r[1]).toEqual(value(`geo_h3cell_neighbors('${CELL}')`));
    expect(value(`geo_h3cell_rings('${CELL}', 0)`)).toEqual([[CELL]]);
  });
  test("null for an invalid cell or a distance outside [0, 142]", () => {
    expect(value("geo_h3cell_neighbors('abc')")).toBeNull();
    expect(value("geo_h3cell_rings('abc', 1)")).toBeNull();
    expect(value(`geo_h3cell_rings('${CELL}', 143)`)).toBeNull();
    expect(value(`geo_h3cell_rings('${CELL}', -1)`)).toBeNull();
  });
  test("rings that reach a pentagon are refused (Kusto may drop cells there)", () => {
    expect(() => value(`geo_h3cell_neighbors('${PENTAGON}')`)).toThrow(KqlUnsupportedError);
  });
});

describe("make_list over arrays", () => {
  test("adds the elements of each array, as the geo_h3cell_rings docs show", () => {
    const r = rows("print a = dynamic([[1, 2], [3]]) | mv-expand a | summarize l = make_list(a)");
    expect(r[0]![0]).toEqual([1, 2, 3]);
  });
});

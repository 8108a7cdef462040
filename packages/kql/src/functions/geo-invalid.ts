/**
 * Geospatial operations the engine cannot compute (buffers, simplification, unions: they need
 * S2's boolean operations and snapping) still have documented null results for invalid input.
 * These functions return exactly those nulls and refuse every other call:
 * - geo_point_buffer / geo_line_buffer: invalid point or line, or a radius that is not positive;
 * - geo_line_simplify / geo_simplify_polygons_array: an invalid line or polygon, a negative
 *   tolerance, or shapes whose vertices all lie closer together than the tolerance (the docs:
 *   no two output vertices are closer than the tolerance, so such a shape disappears);
 * - geo_union_lines_array: any invalid line in the array.
 */
import { s2 } from "s2js";
import type { Fn } from "../context.js";
import { coordinate, EARTH_RADIUS_M, readLines, readPolygons } from "./geo-shapes.js";
import { type CallSite, register } from "./registry.js";

type Vertex = { distance(other: Vertex): number };

const MAX_TOLERANCE_M = 7_800_000;
const MAX_VERTICES = 5000;

/** Whether every two vertices lie closer together than `metres`. */
function allWithin(vertices: Vertex[], metres: number, site: CallSite): boolean {
  if (vertices.length > MAX_VERTICES) site.refuse("a shape with more vertices than the engine compares");
  for (let i = 0; i < vertices.length; i++)
    for (let j = i + 1; j < vertices.length; j++)
      if (vertices[i]!.distance(vertices[j]!) * EARTH_RADIUS_M >= metres) return false;
  return true;
}

function number(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  return typeof v === "bigint" ? Number(v) : (v as number);
}

function tolerance(fn: Fn | undefined, r: unknown[], site: CallSite): number | null {
  const t = fn ? number(fn(r)) : 10;
  if (t === null || t < 0) return null;
  if (t >= MAX_TOLERANCE_M) site.refuse("a tolerance near the documented upper bound");
  return t;
}

const cannot = (site: CallSite): never =>
  site.refuse("its result on valid input (needs S2's boolean operations)");

register("geo_point_buffer", (fns, site) => (r) => {
  const p = coordinate(fns[0]!(r), fns[1]!(r));
  const radius = number(fns[2]!(r));
  if (p === null || radius === null || !(radius > 0)) return null;
  return cannot(site);
});

register("geo_line_buffer", (fns, site) => (r) => {
  const lines = readLines(site, fns[0]!(r));
  const radius = number(fns[1]!(r));
  if (lines === null || radius === null || !(radius > 0)) return null;
  return cannot(site);
});

register("geo_line_simplify", (fns, site) => (r) => {
  const lines = readLines(site, fns[0]!(r));
  const t = tolerance(fns[1], r, site);
  if (lines === null || t === null) return null;
  if (
    t > 0 &&
    allWithin(
      lines.flatMap((l) => l.points as Vertex[]),
      t,
      site,
    )
  )
    return null;
  return cannot(site);
});

register("geo_simplify_polygons_array", (fns, site) => (r) => {
  const array = fns[0]!(r);
  if (!Array.isArray(array)) return site.refuse("an argument that is not an array of polygons");
  const polygons = [];
  for (const item of array) {
    const p = readPolygons(site, item);
    if (p === null) return null;
    polygons.push(...p);
  }
  const t = tolerance(fns[1], r, site);
  if (t === null) return null;
  if (
    t > 0 &&
    polygons.length > 0 &&
    allWithin(
      polygons.flatMap((p) => p.rings.flat() as Vertex[]),
      t,
      site,
    )
  )
    return null;
  return cannot(site);
});

register("geo_union_lines_array", (fns, site) => (r) => {
  const array = fns[0]!(r);
  if (!Array.isArray(array)) return site.refuse("an argument that is not an array of lines");
  for (const item of array) if (readLines(site, item) === null) return null;
  return cannot(site);
});

/**
 * geo_polygon_to_h3cells: null for an invalid polygon, resolution (outside 0..15) or radius
 * (negative). The cells themselves are refused: H3's centroid rule gives the documented set, but
 * not in the documented order.
 */
register("geo_polygon_to_h3cells", (fns, site) => (r) => {
  const polygons = readPolygons(site, fns[0]!(r));
  const resolution = fns[1] ? number(fns[1](r)) : 6;
  const radius = fns[2] ? number(fns[2](r)) : 0;
  if (polygons === null || resolution === null || radius === null) return null;
  if (!Number.isInteger(resolution) || resolution < 0 || resolution > 15 || radius < 0) return null;
  return site.refuse("the order of the cells (not documented)");
});

/**
 * geo_intersection_line_with_polygon: null for an invalid line or polygon; an empty geometry
 * collection when no vertex of the line lies inside the polygon and no edge of the line meets a
 * ring of the polygon (geodesic edges); any real intersection is refused.
 */
register("geo_intersection_line_with_polygon", (fns, site) => (r) => {
  const lines = readLines(site, fns[0]!(r));
  const polygons = readPolygons(site, fns[1]!(r));
  if (lines === null || polygons === null) return null;
  const rings = polygons.flatMap((p) => p.rings.map((ring) => new s2.Polyline(ring)));
  for (const line of lines) {
    if (line.points.some((x) => polygons.some((p) => p.polygon.containsPoint(x)))) return cannot(site);
    if (rings.some((ring) => ring.intersects(line))) return cannot(site);
  }
  return { type: "GeometryCollection", geometries: [] };
});

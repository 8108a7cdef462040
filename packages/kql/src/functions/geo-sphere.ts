/**
 * Geodesic functions on Kusto's Earth model: a sphere of S2's radius, geodesic edges, computed with
 * S2 (`s2js`). Every function here reproduces the documented examples of its Kusto page; operations
 * that need S2's boolean operations (unions, buffers, simplification) stay unregistered.
 */
import { s2 } from "s2js";
import {
  anyLinesMeet,
  anyOverlap,
  coordinate,
  EARTH_RADIUS_M,
  geoJsonPoint,
  type Polyline,
  type ReadPolygon,
  readLine,
  readLines,
  readPolygons,
  toPoint,
} from "./geo-shapes.js";
import { type CallSite, register } from "./registry.js";

type S2Point = ReturnType<typeof toPoint>;

/** The closest point to `x` on a polygon's boundary, and its angular distance. */
function closestOnBoundary(x: S2Point, polygons: ReadPolygon[]): { point: S2Point; angle: number } {
  let best: { point: S2Point; angle: number } | null = null;
  for (const p of polygons)
    for (const ring of p.rings) {
      const [q] = new s2.Polyline(ring).project(x);
      const angle = x.distance(q);
      if (best === null || angle < best.angle) best = { point: q, angle };
    }
  return best!;
}

const contains = (polygons: ReadPolygon[], x: S2Point) => polygons.some((p) => p.polygon.containsPoint(x));

register("geo_distance_2points", (fns, site) => (r) => {
  if (fns[4] && fns[4](r) === true) site.refuse("distances on the spheroid");
  const a = coordinate(fns[0]!(r), fns[1]!(r));
  const b = coordinate(fns[2]!(r), fns[3]!(r));
  if (a === null || b === null) return null;
  return toPoint(...a).distance(toPoint(...b)) * EARTH_RADIUS_M;
});

register("geo_point_in_polygon", (fns, site) => (r) => {
  const p = coordinate(fns[0]!(r), fns[1]!(r));
  const polygons = readPolygons(site, fns[2]!(r));
  if (p === null || polygons === null) return null;
  return contains(polygons, toPoint(...p));
});

register("geo_closest_point_on_polygon", (fns, site) => (r) => {
  const p = coordinate(fns[0]!(r), fns[1]!(r));
  const polygons = readPolygons(site, fns[2]!(r));
  if (p === null || polygons === null) return null;
  const x = toPoint(...p);
  if (contains(polygons, x)) return { type: "Point", coordinates: p };
  return geoJsonPoint(closestOnBoundary(x, polygons).point);
});

register("geo_line_length", (fns, site) => (r) => {
  const lines = readLines(site, fns[0]!(r));
  if (lines === null) return null;
  if (anyLinesMeet(lines))
    site.refuse("the length of a multiline whose lines meet (Kusto measures their union)");
  return lines.reduce((sum, l) => sum + l.length(), 0) * EARTH_RADIUS_M;
});

register("geo_line_centroid", (fns, site) => (r) => {
  const lines = readLines(site, fns[0]!(r));
  if (lines === null) return null;
  if (anyLinesMeet(lines))
    site.refuse("the centroid of a multiline whose lines meet (Kusto uses their union)");
  // each line's centroid is weighted by its length, so the sum is the centroid of all of them
  const c = lines.map((l) => l.centroid()).reduce((a, b) => new s2.Point(a.x + b.x, a.y + b.y, a.z + b.z));
  return geoJsonPoint(c);
});

register("geo_polygon_centroid", (fns, site) => (r) => {
  const polygons = readPolygons(site, fns[0]!(r));
  if (polygons === null) return null;
  if (anyOverlap(polygons)) site.refuse("the centroid of overlapping polygons (Kusto uses their union)");
  // each polygon's centroid is weighted by its area, so the sum is the centroid of all of them
  const c = polygons
    .map((p) => p.polygon.centroid())
    .reduce((a, b) => new s2.Point(a.x + b.x, a.y + b.y, a.z + b.z));
  return geoJsonPoint(c);
});

register("geo_line_interpolate_point", (fns, site) => (r) => {
  const line = readLine(site, fns[0]!(r));
  const fraction = fns[1]!(r);
  if (line === null || fraction === null) return null;
  const f = Number(fraction);
  if (!(f >= 0 && f <= 1)) return null;
  return geoJsonPoint(line.interpolate(f)[0]);
});

/** The clockwise angle at `b` from the direction of `a` to the direction of `c`, in [0, 2π). */
function clockwiseAngle(site: CallSite, a: S2Point, b: S2Point, c: S2Point): number | null {
  const ab = a.distance(b);
  const bc = b.distance(c);
  if (ab === 0 || bc === 0 || ab === Math.PI || bc === Math.PI) return null;
  if (ab > Math.PI - 1e-9 || bc > Math.PI - 1e-9) site.refuse("points that are nearly antipodal");
  // normals of the great circles b-a and b-c; their signed angle about b is counter-clockwise
  const n1 = b.vector.cross(a.vector);
  const n2 = b.vector.cross(c.vector);
  const ccw = Math.atan2(n1.cross(n2).dot(b.vector), n1.dot(n2));
  const cw = -ccw;
  return cw < 0 ? cw + 2 * Math.PI : cw;
}

register("geo_angle", (fns, site) => (r) => {
  const ps = [0, 2, 4].map((i) => coordinate(fns[i]!(r), fns[i + 1]!(r)));
  if (ps.some((p) => p === null)) return null;
  const [a, b, c] = ps.map((p) => toPoint(...p!)) as [S2Point, S2Point, S2Point];
  return clockwiseAngle(site, a, b, c);
});

register("geo_intersects_2lines", (fns, site) => (r) => {
  const a = readLines(site, fns[0]!(r));
  const b = readLines(site, fns[1]!(r));
  if (a === null || b === null) return null;
  return a.some((x) => b.some((y) => x.intersects(y)));
});

/** Whether `p` lies within a rounding error of the edge `a`-`b`. */
function onEdge(p: S2Point, a: S2Point, b: S2Point): boolean {
  return p.distance(new s2.Polyline([a, b]).project(p)[0]) < 1e-13;
}

/** The point where two edges that cross properly meet (the one of the two antipodes near them). */
function crossingPoint(a0: S2Point, a1: S2Point, b0: S2Point, b1: S2Point): S2Point {
  const v = a0.vector.cross(a1.vector).cross(b0.vector.cross(b1.vector)).normalize();
  const near = a0.vector.add(a1.vector).add(b0.vector).add(b1.vector);
  return s2.Point.fromVector(v.dot(near) < 0 ? v.mul(-1) : v);
}

const vertices = (l: Polyline): S2Point[] =>
  Array.from({ length: l.numEdges() + 1 }, (_, i) => (i < l.numEdges() ? l.edge(i).v0 : l.edge(i - 1).v1));

register("geo_intersection_2lines", (fns, site) => (r) => {
  const x = fns[0]!(r);
  const y = fns[1]!(r);
  const a = readLines(site, x);
  const b = readLines(site, y);
  if (a === null || b === null) return null;
  if (a.length === 1 && b.length === 1 && JSON.stringify(x) === JSON.stringify(y))
    return { type: "LineString", coordinates: (x as { coordinates: unknown }).coordinates };
  const points: S2Point[] = [];
  for (const la of a)
    for (const lb of b) {
      const va = vertices(la);
      const vb = vertices(lb);
      for (let i = 1; i < va.length; i++)
        for (let j = 1; j < vb.length; j++) {
          const [a0, a1, b0, b1] = [va[i - 1]!, va[i]!, vb[j - 1]!, vb[j]!];
          if (!new s2.Polyline([a0, a1]).intersects(new s2.Polyline([b0, b1]))) continue;
          // touching at a vertex or overlapping edges: the shape of the result is Kusto's choice
          if (onEdge(a0, b0, b1) || onEdge(a1, b0, b1) || onEdge(b0, a0, a1) || onEdge(b1, a0, a1))
            site.refuse("lines that touch or overlap");
          points.push(crossingPoint(a0, a1, b0, b1));
        }
    }
  if (points.length === 0) return { type: "GeometryCollection", geometries: [] };
  if (points.length > 1) site.refuse("lines that cross more than once");
  return geoJsonPoint(points[0]!);
});

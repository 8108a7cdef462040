/**
 * GeoJSON arguments of the geospatial functions, read into S2 geometry (`s2js`, a port of Google's
 * S2 library). Kusto computes on a sphere of S2's Earth radius with geodesic edges; its docs list
 * which inputs are invalid (the function then gives null). Input that the docs call valid but whose
 * handling they leave open (holes that S2 would reject, self-crossing rings, antipodal edges,
 * repeated vertices in a line, 3-D positions) is refused rather than guessed.
 */
import { s2 } from "s2js";
import type { CallSite } from "./registry.js";

/** The Earth's radius in metres that S2 (and so Kusto) uses for lengths on the sphere. */
export const EARTH_RADIUS_M = 6371010;

/** An edge this close to half a great circle has no well-defined shortest path. */
const MAX_EDGE_RADIANS = Math.PI * (179.9 / 180);

type S2Point = InstanceType<typeof s2.Point>;

/** A point on the unit sphere from degrees. */
export function toPoint(lon: number, lat: number): S2Point {
  return s2.Point.fromLatLng(s2.LatLng.fromDegrees(lat, lon));
}

/** A GeoJSON point of a unit-sphere point. */
export function geoJsonPoint(p: S2Point): { type: "Point"; coordinates: [number, number] } {
  const ll = s2.LatLng.fromPoint(p);
  return { type: "Point", coordinates: [(ll.lng * 180) / Math.PI, (ll.lat * 180) / Math.PI] };
}

/** Longitude and latitude as numbers in range, or null (Kusto's "invalid coordinates"). */
export function coordinate(lon: unknown, lat: unknown): [number, number] | null {
  if (lon === null || lat === null || lon === undefined || lat === undefined) return null;
  const [x, y] = [Number(lon), Number(lat)];
  return x >= -180 && x <= 180 && y >= -90 && y <= 90 ? [x, y] : null;
}

/** A GeoJSON position: null when it is not two numbers in range; 3-D positions are refused. */
function position(site: CallSite, v: unknown): [number, number] | null {
  if (!Array.isArray(v) || v.length < 2 || !v.every((x) => typeof x === "number")) return null;
  if (v.length > 2) site.refuse("a GeoJSON position with more than two ordinates");
  return coordinate(v[0], v[1]);
}

function positions(site: CallSite, v: unknown): [number, number][] | null {
  if (!Array.isArray(v)) return null;
  const out: [number, number][] = [];
  for (const p of v) {
    const q = position(site, p);
    if (q === null) return null;
    out.push(q);
  }
  return out;
}

/** The GeoJSON object's coordinates when its type is `type`, else undefined; null when not GeoJSON. */
function shape(
  site: CallSite,
  v: unknown,
  types: readonly string[],
): { type: string; coordinates: unknown } | null {
  if (typeof v === "string") site.refuse("a geometry given as text");
  if (v === null || typeof v !== "object" || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.type !== "string" || !("coordinates" in o)) return null;
  if (!types.includes(o.type)) {
    if (types.some((t) => t.toLowerCase() === (o.type as string).toLowerCase()))
      site.refuse("a GeoJSON type not spelled as in the specification");
    return null;
  }
  return { type: o.type, coordinates: o.coordinates };
}

const same = (a: [number, number], b: [number, number]) => a[0] === b[0] && a[1] === b[1];

/** The vertices of a line, or null when invalid (fewer than two positions, bad coordinates). */
function lineVertices(site: CallSite, v: unknown): S2Point[] | null {
  const ps = positions(site, v);
  if (ps === null || ps.length < 2) return null;
  for (let i = 1; i < ps.length; i++)
    if (same(ps[i - 1]!, ps[i]!)) site.refuse("a line with a repeated vertex");
  const pts = ps.map(([x, y]) => toPoint(x, y));
  for (let i = 1; i < pts.length; i++)
    if (pts[i - 1]!.distance(pts[i]!) > MAX_EDGE_RADIANS) site.refuse("a line edge of nearly 180 degrees");
  return pts;
}

export type Polyline = InstanceType<typeof s2.Polyline>;

/** A LineString as an S2 polyline, or null when invalid. */
export function readLine(site: CallSite, v: unknown): Polyline | null {
  const g = shape(site, v, ["LineString"]);
  if (g === null) return null;
  const pts = lineVertices(site, g.coordinates);
  return pts === null ? null : new s2.Polyline(pts);
}

/** A LineString or MultiLineString as its lines, or null when invalid. */
export function readLines(site: CallSite, v: unknown): Polyline[] | null {
  const g = shape(site, v, ["LineString", "MultiLineString"]);
  if (g === null) return null;
  if (g.type === "LineString") {
    const pts = lineVertices(site, g.coordinates);
    return pts === null ? null : [new s2.Polyline(pts)];
  }
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return null;
  const lines: Polyline[] = [];
  for (const l of g.coordinates) {
    const pts = lineVertices(site, l);
    if (pts === null) return null;
    lines.push(new s2.Polyline(pts));
  }
  return lines;
}

export type Loop = InstanceType<typeof s2.Loop>;
export type Polygon = InstanceType<typeof s2.Polygon>;

/** A polygon's rings as S2 loops, each the smaller of the two regions its ring bounds. */
export interface ReadPolygon {
  polygon: Polygon;
  /** the rings' vertices, closed (first vertex repeated at the end) */
  rings: S2Point[][];
}

function ring(site: CallSite, v: unknown): S2Point[] | null {
  const ps = positions(site, v);
  // at least four positions, closed, the others distinct (so at least three vertices)
  if (ps === null || ps.length < 4 || !same(ps[0]!, ps[ps.length - 1]!)) return null;
  const open = ps.slice(0, -1);
  const seen = new Set(open.map(([x, y]) => `${x},${y}`));
  if (seen.size !== open.length) return null;
  const pts = ps.map(([x, y]) => toPoint(x, y));
  for (let i = 1; i < pts.length; i++)
    if (pts[i - 1]!.distance(pts[i]!) > MAX_EDGE_RADIANS) site.refuse("a ring edge of nearly 180 degrees");
  return pts;
}

function polygonOf(site: CallSite, v: unknown): ReadPolygon | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const rings: S2Point[][] = [];
  for (const r of v) {
    const pts = ring(site, r);
    if (pts === null) return null;
    rings.push(pts);
  }
  const loops = rings.map((pts) => {
    const loop = new s2.Loop(pts.slice(0, -1));
    if (loop.validate() !== null) site.refuse("a self-crossing or degenerate ring");
    loop.normalize();
    return loop;
  });
  const polygon = new s2.Polygon(loops);
  if (loops.length > 1 && polygon.validate() !== null) site.refuse("polygon rings that cross or share edges");
  return { polygon, rings };
}

/** A Polygon or MultiPolygon as its polygons, or null when invalid. */
export function readPolygons(site: CallSite, v: unknown): ReadPolygon[] | null {
  const g = shape(site, v, ["Polygon", "MultiPolygon"]);
  if (g === null) return null;
  if (g.type === "Polygon") {
    const p = polygonOf(site, g.coordinates);
    return p === null ? null : [p];
  }
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return null;
  const out: ReadPolygon[] = [];
  for (const c of g.coordinates) {
    const p = polygonOf(site, c);
    if (p === null) return null;
    out.push(p);
  }
  return out;
}

/** Whether any two of the polygons overlap or touch (then a union differs from a plain sum). */
export function anyOverlap(polygons: ReadPolygon[]): boolean {
  for (let i = 0; i < polygons.length; i++)
    for (let j = i + 1; j < polygons.length; j++)
      if (polygons[i]!.polygon.intersects(polygons[j]!.polygon)) return true;
  return false;
}

/** Whether any two of the lines cross or touch. */
export function anyLinesMeet(lines: Polyline[]): boolean {
  for (let i = 0; i < lines.length; i++)
    for (let j = i + 1; j < lines.length; j++) if (lines[i]!.intersects(lines[j]!)) return true;
  return false;
}

/**
 * H3 cell functions. Level and parent are bit fields of the 64-bit index; the geometry (point to
 * cell, centre, boundary, children, neighbours, rings) comes from `h3-js`, the H3 project's own
 * JavaScript build of its C library. Where Kusto documents that it deviates from plain H3
 * (pentagonal distortion, limits), the call is refused or gives Kusto's documented null.
 */
import {
  cellToBoundary,
  cellToChildren,
  cellToLatLng,
  gridDiskDistances,
  isPentagon,
  latLngToCell,
} from "h3-js";
import { coordinate } from "./geo-shapes.js";
import { type CallSite, register } from "./registry.js";

const H3_PENTAGON_BASE_CELLS: ReadonlySet<number> = new Set([
  4, 14, 24, 38, 49, 58, 63, 72, 83, 97, 107, 117,
]);
const MAX_H3_LEVEL = 15;
/** The default resolution of geo_point_to_h3cell. */
const DEFAULT_H3_LEVEL = 6;
/** geo_h3cell_children: at most this many levels below the cell. */
const MAX_CHILD_LEVELS = 5;
/** geo_h3cell_rings: the largest distance. */
const MAX_RING_DISTANCE = 142;

const h3Field = (h: bigint, shift: number, bits: number) =>
  Number((h >> BigInt(shift)) & ((1n << BigInt(bits)) - 1n));
const h3Level = (h: bigint) => h3Field(h, 52, 4);
const h3Digit = (h: bigint, level: number) => h3Field(h, (MAX_H3_LEVEL - level) * 3, 3);

/**
 * The 64-bit index of an H3 cell token, or null when the text is not one. A token that is well
 * formed but fails H3's finer rules (digit 7 inside the resolution, unused digits not 7, the
 * deleted pentagon sub-sequence), or is not in H3's canonical spelling, is refused: Kusto's
 * handling of those is not documented.
 */
function h3Cell(site: CallSite, v: unknown): bigint | null {
  if (typeof v !== "string" || !/^[0-9a-fA-F]{1,16}$/.test(v)) return null;
  const h = BigInt(`0x${v}`);
  if (h >> 63n !== 0n || h3Field(h, 59, 4) !== 1 || h3Field(h, 56, 3) !== 0 || h3Field(h, 45, 7) >= 122)
    return null;
  const level = h3Level(h);
  let firstNonZero = 0;
  for (let r = 1; r <= MAX_H3_LEVEL; r++) {
    const d = h3Digit(h, r);
    if (r <= level ? d === 7 : d !== 7) site.refuse("an H3 token with invalid digits");
    if (r <= level && firstNonZero === 0) firstNonZero = d;
  }
  if (H3_PENTAGON_BASE_CELLS.has(h3Field(h, 45, 7)) && firstNonZero === 1)
    site.refuse("a deleted pentagon sub-cell");
  if (h.toString(16) !== v) site.refuse("an H3 token not in canonical lower-case form");
  return h;
}

/** A valid cell token (as text), or null; pentagons are refused when `why` is given. */
function h3Token(site: CallSite, v: unknown, refusePentagonBecause?: string): string | null {
  const h = h3Cell(site, v);
  if (h === null) return null;
  const token = v as string;
  if (refusePentagonBecause && isPentagon(token)) site.refuse(refusePentagonBecause);
  return token;
}

/** An integer argument value, or null when it is null or not a whole number. */
function wholeNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isInteger(n) ? n : null;
}

register("geo_h3cell_level", (fns, site) => (r) => {
  const h = h3Cell(site, fns[0]!(r));
  return h === null ? null : h3Level(h);
});

register("geo_h3cell_parent", (fns, site) => {
  const [cellF, levelF] = fns;
  return (r) => {
    const h = h3Cell(site, cellF!(r));
    if (h === null) return "";
    const level = h3Level(h);
    const wanted = levelF ? levelF(r) : level - 1;
    if (wanted === null) return "";
    const parent = Number(wanted);
    if (parent === level) site.refuse("the parent at the cell's own level");
    if (!Number.isInteger(parent) || parent < 0 || parent > level) return "";
    let p = (h & ~(0xfn << 52n)) | (BigInt(parent) << 52n);
    for (let l = parent + 1; l <= level; l++) p |= 7n << BigInt((MAX_H3_LEVEL - l) * 3);
    return p.toString(16);
  };
});

register("geo_point_to_h3cell", (fns) => {
  const [lonF, latF, levelF] = fns;
  return (r) => {
    const p = coordinate(lonF!(r), latF!(r));
    const level = levelF ? wholeNumber(levelF(r)) : DEFAULT_H3_LEVEL;
    if (p === null || level === null || level < 0 || level > MAX_H3_LEVEL) return "";
    return latLngToCell(p[1], p[0], level);
  };
});

register("geo_h3cell_to_central_point", (fns, site) => (r) => {
  const token = h3Token(site, fns[0]!(r));
  if (token === null) return null;
  const [lat, lon] = cellToLatLng(token);
  return { type: "Point", coordinates: [lon, lat] };
});

register("geo_h3cell_to_polygon", (fns, site) => (r) => {
  const token = h3Token(site, fns[0]!(r), "the polygon of an H3 pentagon");
  if (token === null) return null;
  // counter-clockwise, closed by repeating the first vertex, [longitude, latitude] pairs
  const ring = cellToBoundary(token, true);
  // cells that cross an icosahedron edge gain extra vertices, cells on the antimeridian wrap:
  // how Kusto draws those is not documented
  if (ring.length !== 7) site.refuse("the polygon of an H3 cell crossing an icosahedron edge");
  for (let i = 1; i < ring.length; i++)
    if (Math.abs(ring[i]![0]! - ring[i - 1]![0]!) > 180)
      site.refuse("the polygon of an H3 cell on the antimeridian");
  return { type: "Polygon", coordinates: [ring] };
});

register("geo_h3cell_children", (fns, site) => {
  const [cellF, levelF] = fns;
  return (r) => {
    const token = h3Token(site, cellF!(r), "the children of an H3 pentagon");
    if (token === null) return null;
    const level = h3Level(BigInt(`0x${token}`));
    const wanted = levelF ? wholeNumber(levelF(r)) : level + 1;
    if (wanted === null) return null;
    if (wanted === level) site.refuse("children at the cell's own level");
    if (wanted < level || wanted > MAX_H3_LEVEL || wanted - level > MAX_CHILD_LEVELS) return null;
    return cellToChildren(token, wanted);
  };
});

/**
 * The cells within `distance` of a cell, grouped by distance, in H3's k-ring order. A disk that
 * holds a pentagon is refused: Kusto documents that it may drop cells there, not which ones.
 */
function rings(site: CallSite, token: string, distance: number): string[][] {
  const cells = gridDiskDistances(token, distance);
  for (const ring of cells)
    for (const cell of ring) if (isPentagon(cell)) site.refuse("H3 rings that reach a pentagon");
  return cells;
}

register("geo_h3cell_neighbors", (fns, site) => (r) => {
  const token = h3Token(site, fns[0]!(r));
  return token === null ? null : rings(site, token, 1)[1]!;
});

register("geo_h3cell_rings", (fns, site) => {
  const [cellF, distanceF] = fns;
  return (r) => {
    const token = h3Token(site, cellF!(r));
    const distance = wholeNumber(distanceF!(r));
    if (token === null || distance === null || distance < 0 || distance > MAX_RING_DISTANCE) return null;
    return rings(site, token, distance);
  };
});

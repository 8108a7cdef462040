/**
 * S2 cell functions through `s2js` (a port of Google's S2 library): the cell of a point, and the
 * cells of one level that cover a polygon.
 */
import { s2 } from "s2js";
import { coordinate, type ReadPolygon, readPolygons } from "./geo-shapes.js";
import { register } from "./registry.js";

const MAX_S2_LEVEL = 30;
/** The default level of geo_point_to_s2cell and geo_polygon_to_s2cells. */
const DEFAULT_S2_LEVEL = 11;
/** geo_polygon_to_s2cells gives null beyond this many cells. */
const MAX_COVERING_CELLS = 65536;

function level(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 && n <= MAX_S2_LEVEL ? n : null;
}

register("geo_point_to_s2cell", (fns) => {
  const [lonF, latF, levelF] = fns;
  return (r) => {
    const p = coordinate(lonF!(r), latF!(r));
    const l = levelF ? level(levelF(r)) : DEFAULT_S2_LEVEL;
    if (p === null || l === null) return "";
    const leaf = s2.cellid.fromLatLng(s2.LatLng.fromDegrees(p[1], p[0]));
    return s2.cellid.toToken(s2.cellid.parent(leaf, l));
  };
});

/**
 * Every cell of `target` level that meets one of the polygons, in cell-id order, or null past the
 * limit. A cell meets a polygon only if its parent does, so the cells are found level by level from
 * the six faces; the count never shrinks from one level to the next, so the walk stops as soon as
 * it passes the limit.
 */
function covering(polygons: ReadPolygon[], target: number): string[] | null {
  const meets = (id: bigint) => {
    const cell = s2.Cell.fromCellID(id);
    return polygons.some((p) => p.polygon.intersectsCell(cell));
  };
  let cells = [0, 1, 2, 3, 4, 5].map((f) => s2.cellid.fromFace(f)).filter(meets);
  for (let l = 0; l < target; l++) {
    const next: bigint[] = [];
    for (const c of cells) for (const child of s2.cellid.children(c)) if (meets(child)) next.push(child);
    if (next.length > MAX_COVERING_CELLS) return null;
    cells = next;
  }
  return cells.map((c) => s2.cellid.toToken(c));
}

register("geo_polygon_to_s2cells", (fns, site) => {
  const [polygonF, levelF] = fns;
  return (r) => {
    const polygons = readPolygons(site, polygonF!(r));
    const l = levelF ? level(levelF(r)) : DEFAULT_S2_LEVEL;
    if (polygons === null || l === null) return null;
    return covering(polygons, l);
  };
});

/**
 * Geospatial functions whose results follow from plain arithmetic: WKT to GeoJSON and geohash
 * encoding, decoding and neighbours. H3 cells are in geo-h3.ts, S2 cells in geo-s2.ts, geodesic
 * geometry in geo-sphere.ts.
 */
import { type CallSite, register } from "./registry.js";

// ---------------------------------------------------------------------------------------------
// geo_from_wkt
// ---------------------------------------------------------------------------------------------

type Position = [number, number];
type Geometry = { type: string; coordinates?: unknown; geometries?: Geometry[] };

/** Thrown for a WKT text the parser reads but whose Kusto result it cannot vouch for. */
class UnsureWkt extends Error {}

/** Whether two non-adjacent edges of a closed ring touch or cross (planar test). */
function selfIntersects(ring: Position[]): boolean {
  const n = ring.length - 1;
  const orient = (p: Position, q: Position, r: Position) =>
    Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  const within = (p: Position, q: Position, r: Position) =>
    Math.min(p[0], q[0]) <= r[0] &&
    r[0] <= Math.max(p[0], q[0]) &&
    Math.min(p[1], q[1]) <= r[1] &&
    r[1] <= Math.max(p[1], q[1]);
  const cross = (a: Position, b: Position, c: Position, d: Position) => {
    const [o1, o2, o3, o4] = [orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)];
    if (o1 !== o2 && o3 !== o4) return true;
    return (
      (o1 === 0 && within(a, b, c)) ||
      (o2 === 0 && within(a, b, d)) ||
      (o3 === 0 && within(c, d, a)) ||
      (o4 === 0 && within(c, d, b))
    );
  };
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      if (cross(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) return true;
    }
  return false;
}

class WktReader {
  private i = 0;
  constructor(private readonly text: string) {}

  /** The geometry, or null when the text is not WKT. */
  static read(text: string): Geometry | null {
    const r = new WktReader(text);
    const g = r.geometry();
    if (g === null) return null;
    r.space();
    return r.i === r.text.length ? g : null;
  }

  private space(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i]!)) this.i++;
  }
  private eat(ch: string): boolean {
    this.space();
    if (this.text[this.i] !== ch) return false;
    this.i++;
    return true;
  }
  private word(): string {
    this.space();
    const m = /^[A-Za-z]+/.exec(this.text.slice(this.i));
    if (!m) return "";
    this.i += m[0].length;
    return m[0].toUpperCase();
  }
  private number(): number | null {
    this.space();
    const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(this.text.slice(this.i));
    if (!m) return null;
    this.i += m[0].length;
    return Number(m[0]);
  }
  private position(): Position | null {
    const lon = this.number();
    const lat = this.number();
    if (lon === null || lat === null) return null;
    this.space();
    // a third (Z/M) ordinate: Kusto's handling is not documented
    if (/^[-+\d.]/.test(this.text.slice(this.i))) throw new UnsureWkt();
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) throw new UnsureWkt();
    return [lon, lat];
  }
  /** `( item, item, ... )` */
  private list<T>(item: () => T | null): T[] | null {
    if (!this.eat("(")) return null;
    const out: T[] = [];
    do {
      const x = item();
      if (x === null) return null;
      out.push(x);
    } while (this.eat(","));
    return this.eat(")") ? out : null;
  }
  private line = () => {
    const l = this.list(() => this.position());
    if (l === null) return null;
    // Kusto may reject or reinterpret degenerate lines and edges spanning half the globe
    if (l.length < 2) throw new UnsureWkt();
    for (let k = 1; k < l.length; k++) {
      const [a, b] = [l[k - 1]!, l[k]!];
      if ((a[0] === b[0] && a[1] === b[1]) || Math.abs(a[0] - b[0]) >= 180) throw new UnsureWkt();
    }
    return l;
  };
  private polygon = () => {
    const rings = this.list(this.line);
    if (rings === null) return null;
    // holes and self-intersecting rings need Kusto's validity rules, which are not documented
    if (rings.length !== 1) throw new UnsureWkt();
    const ring = rings[0]!;
    const [first, last] = [ring[0]!, ring[ring.length - 1]!];
    if (ring.length < 4 || first[0] !== last[0] || first[1] !== last[1] || selfIntersects(ring))
      throw new UnsureWkt();
    return rings;
  };
  /** A point of a MULTIPOINT, with or without its own parentheses. */
  private multiPointMember = () => {
    this.space();
    if (this.text[this.i] !== "(") return this.position();
    this.i++;
    const p = this.position();
    return p !== null && this.eat(")") ? p : null;
  };

  private geometry(): Geometry | null {
    const kind = this.word();
    this.space();
    if (/^EMPTY\b/i.test(this.text.slice(this.i)) || /^[ZM]\b/i.test(this.text.slice(this.i)))
      throw new UnsureWkt();
    const shape = (type: string, coordinates: unknown) =>
      coordinates === null ? null : { type, coordinates };
    switch (kind) {
      case "POINT": {
        if (!this.eat("(")) return null;
        const p = this.position();
        return p !== null && this.eat(")") ? { type: "Point", coordinates: p } : null;
      }
      case "LINESTRING":
        return shape("LineString", this.line());
      case "POLYGON":
        return shape("Polygon", this.polygon());
      case "MULTIPOINT":
        return shape("MultiPoint", this.list(this.multiPointMember));
      case "MULTILINESTRING":
        return shape("MultiLineString", this.list(this.line));
      case "MULTIPOLYGON":
        return shape("MultiPolygon", this.list(this.polygon));
      case "GEOMETRYCOLLECTION": {
        const members = this.list(() => this.geometry());
        return members === null ? null : { type: "GeometryCollection", geometries: members };
      }
      default:
        return null;
    }
  }
}

register("geo_from_wkt", (fns, site) => {
  const f = fns[0]!;
  return (r) => {
    const v = f(r);
    if (typeof v !== "string") return null;
    try {
      return WktReader.read(v);
    } catch (e) {
      if (e instanceof UnsureWkt)
        site.refuse(
          "a geometry whose validity Kusto decides: empty, Z/M, out of range, degenerate, holes or self-crossing",
        );
      throw e;
    }
  };
});

// ---------------------------------------------------------------------------------------------
// geohash
// ---------------------------------------------------------------------------------------------

const BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz";
const MAX_GEOHASH = 18;

interface Cell {
  lon: [number, number];
  lat: [number, number];
}

/** The geohash of a point; bits alternate longitude, latitude, each halving its interval. */
export function geohashOf(lon: number, lat: number, length: number): string {
  const ranges = { lon: [-180, 180], lat: [-90, 90] };
  let out = "";
  let even = true;
  for (let c = 0; c < length; c++) {
    let digit = 0;
    for (let b = 0; b < 5; b++) {
      const [range, x] = even ? [ranges.lon, lon] : [ranges.lat, lat];
      const mid = (range[0]! + range[1]!) / 2;
      digit <<= 1;
      if (x >= mid) {
        digit |= 1;
        range[0] = mid;
      } else range[1] = mid;
      even = !even;
    }
    out += BASE32[digit];
  }
  return out;
}

/** The cell of a geohash, or null when the text is not a geohash. */
export function geohashCell(hash: string): Cell | null {
  if (hash.length < 1 || hash.length > MAX_GEOHASH) return null;
  const cell: Cell = { lon: [-180, 180], lat: [-90, 90] };
  let even = true;
  for (const ch of hash) {
    const digit = BASE32.indexOf(ch);
    if (digit < 0) return null;
    for (let b = 4; b >= 0; b--) {
      const range = even ? cell.lon : cell.lat;
      const mid = (range[0] + range[1]) / 2;
      if ((digit >> b) & 1) range[0] = mid;
      else range[1] = mid;
      even = !even;
    }
  }
  return cell;
}

const isCoordinate = (lon: number, lat: number) => lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;

register("geo_point_to_geohash", (fns) => {
  const [lonF, latF, accF] = fns;
  return (r) => {
    const lon = lonF!(r);
    const lat = latF!(r);
    const accuracy = accF ? accF(r) : 5;
    if (lon === null || lat === null || accuracy === null) return "";
    const n = Number(accuracy);
    if (!Number.isInteger(n) || n < 1 || n > MAX_GEOHASH) return "";
    if (!isCoordinate(Number(lon), Number(lat))) return "";
    return geohashOf(Number(lon), Number(lat), n);
  };
});

/** A geohash argument as its cell; text with upper-case letters is refused (Kusto's handling is undocumented). */
function cellArg(site: CallSite, v: unknown): Cell | null {
  if (typeof v !== "string") return null;
  if (/[A-Z]/.test(v)) site.refuse("upper-case geohash");
  return geohashCell(v);
}

register("geo_geohash_to_central_point", (fns, site) => (r) => {
  const cell = cellArg(site, fns[0]!(r));
  if (!cell) return null;
  return { type: "Point", coordinates: [(cell.lon[0] + cell.lon[1]) / 2, (cell.lat[0] + cell.lat[1]) / 2] };
});

register("geo_geohash_to_polygon", (fns, site) => (r) => {
  const cell = cellArg(site, fns[0]!(r));
  if (!cell) return null;
  const [w, e] = cell.lon;
  const [s, n] = cell.lat;
  return {
    type: "Polygon",
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  };
});

/**
 * Offsets of the eight neighbours (in cell widths: east, north), in the order the Kusto docs'
 * example lists them: south-west, north-west, south-east, north, west, north-east, east, south.
 */
const NEIGHBOURS: ReadonlyArray<[number, number]> = [
  [-1, -1],
  [-1, 1],
  [1, -1],
  [0, 1],
  [-1, 0],
  [1, 1],
  [1, 0],
  [0, -1],
];

register("geo_geohash_neighbors", (fns, site) => (r) => {
  const v = fns[0]!(r);
  const cell = cellArg(site, v);
  if (!cell) return null;
  const hash = v as string;
  const width = cell.lon[1] - cell.lon[0];
  const height = cell.lat[1] - cell.lat[0];
  // at the poles and the antimeridian the neighbour set is Kusto's choice, not arithmetic
  if (cell.lat[0] <= -90 || cell.lat[1] >= 90 || cell.lon[0] <= -180 || cell.lon[1] >= 180)
    site.refuse("a cell on a pole or the antimeridian");
  const lon = (cell.lon[0] + cell.lon[1]) / 2;
  const lat = (cell.lat[0] + cell.lat[1]) / 2;
  return NEIGHBOURS.map(([east, north]) => geohashOf(lon + east * width, lat + north * height, hash.length));
});

/**
 * Kusto values in the engine.
 *
 * Inside the engine: bool → boolean, int → number, long → number (bigint beyond ±2^53), real → number,
 * string → string (never null: Kusto's empty string), guid → lower-case string, datetime and timespan
 * → bigint ticks of 100 ns (datetime since 1970-01-01), dynamic → a JSON value, null → null.
 * Results leave the engine with datetime as an ISO-8601 string with 7 fractional digits and timespan
 * as Kusto's `[-][d.]hh:mm:ss[.fffffff]` text (see encodeOutput); the rest as inside.
 */

export const SCALAR_TYPES = [
  "bool",
  "int",
  "long",
  "real",
  "decimal",
  "string",
  "datetime",
  "timespan",
  "guid",
  "dynamic",
] as const;
export type KqlType = (typeof SCALAR_TYPES)[number];

export interface KqlColumn {
  name: string;
  type: KqlType;
}

export type Row = unknown[];

export interface Table {
  columns: KqlColumn[];
  rows: Row[];
  /**
   * For a caller's table read through a plan: its cells converted row by row into a row the reader
   * owns (only the planned columns are written), so a single pass need not build `rows`.
   */
  source?: RowSource;
}

export interface RowSource {
  length: number;
  cellsInto(i: number, row: Row): void;
}

const TYPE_ALIASES: Record<string, KqlType> = {
  boolean: "bool",
  int32: "int",
  int64: "long",
  double: "real",
  float: "real",
  date: "datetime",
  time: "timespan",
  uniqueid: "guid",
  object: "dynamic",
};

export function kqlTypeOf(name: string): KqlType | undefined {
  const t = name.trim().toLowerCase();
  if ((SCALAR_TYPES as readonly string[]).includes(t)) return t as KqlType;
  return TYPE_ALIASES[t];
}

// ---------------------------------------------------------------------------------------------
// long
// ---------------------------------------------------------------------------------------------

export type Long = number | bigint;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

/** A 64-bit integer (wrapped like Kusto's long) in the engine's encoding. */
export function longOf(v: bigint): Long {
  const w = BigInt.asIntN(64, v);
  return w <= MAX_SAFE && w >= MIN_SAFE ? Number(w) : w;
}

export function toBig(v: Long): bigint {
  return typeof v === "bigint" ? v : BigInt(v);
}

/** Integer result of a number operation, moved to bigint when it left the exact range. */
export function longFromNumber(n: number): Long | null {
  if (!Number.isFinite(n)) return null;
  const t = Math.trunc(n);
  if (Number.isSafeInteger(t)) return t === 0 ? 0 : t;
  return longOf(BigInt(t));
}

// ---------------------------------------------------------------------------------------------
// datetime / timespan (ticks of 100 ns)
// ---------------------------------------------------------------------------------------------

export const TICKS_PER_MS = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_MINUTE = 600_000_000n;
export const TICKS_PER_HOUR = 36_000_000_000n;
export const TICKS_PER_DAY = 864_000_000_000n;

/**
 * Ticks of a whole number of milliseconds. ms × 10,000 = (ms × 625) × 16 is exact as a double while
 * ms × 625 stays below 2^53 (years up to about 2400), so one BigInt is made instead of two.
 */
export function ticksOfMs(ms: number): bigint {
  return ms < 1e13 && ms > -1e13 ? BigInt(ms * 10_000) : BigInt(ms) * TICKS_PER_MS;
}

function fracTicks(frac: string | undefined): bigint {
  return frac ? BigInt(`${frac}0000000`.slice(0, 7)) : 0n;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function utcTicks(y: number, mo: number, d: number, h: number, mi: number, s: number): bigint | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  if (date.getUTCDate() !== d) return null; // 2021-02-30 and the like
  return BigInt(date.getTime()) * TICKS_PER_MS;
}

/**
 * Kusto's datetime text forms: ISO 8601 (date, optional time with `T` or space, fraction up to 7
 * digits, `Z` or an offset) and RFC 822 / RFC 850 (`Sat, 8 Nov 2014 15:05:02 GMT`). Null when the
 * text is none of them.
 */
export function parseDatetime(text: string): bigint | null {
  const t = text.trim();
  let m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      t,
    );
  if (m) {
    const base = utcTicks(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
    if (base === null) return null;
    let ticks = base + fracTicks(m[7]);
    const off = m[8];
    if (off && off.toUpperCase() !== "Z") {
      const sign = off[0] === "-" ? -1n : 1n;
      const digits = off.slice(1).replace(":", "");
      const minutes = BigInt(+digits.slice(0, 2) * 60 + +digits.slice(2));
      ticks -= sign * minutes * TICKS_PER_MINUTE;
    }
    return ticks;
  }
  m =
    /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})[\s-]([A-Za-z]{3})[a-z]*[\s-](\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(GMT|UTC|UT|Z)?$/i.exec(
      t,
    );
  if (m) {
    const mo = MONTHS.indexOf(m[2]!.toLowerCase());
    if (mo < 0) return null;
    let y = +m[3]!;
    if (m[3]!.length === 2) y += y < 50 ? 2000 : 1900;
    return utcTicks(y, mo + 1, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  }
  return null;
}

/**
 * The text inside a `datetime(…)` literal: a quoted or bare datetime text, a date with spaces
 * around its hyphens (`2017 - 08 - 01`), or numeric parts `year, month, day[, hour[, minute[,
 * second]]]`.
 */
export function parseDatetimeLiteral(inner: string): bigint | null {
  const t = inner.trim();
  const quoted = /^(["'])(.*)\1$/s.exec(t);
  if (quoted) return parseDatetime(quoted[2]!);
  const parts =
    /^(\d{4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2}))?)?)?$/.exec(
      t,
    );
  if (parts) {
    const [h, mi, sec] = [parts[4], parts[5], parts[6]].map((x) => +(x ?? 0));
    if (h! > 23 || mi! > 59 || sec! > 59) return null;
    return utcTicks(+parts[1]!, +parts[2]!, +parts[3]!, h!, mi!, sec!);
  }
  const spaced = /^(\d{4})\s+-\s+(\d{1,2})\s+-\s+(\d{1,2})$/.exec(t);
  if (spaced) return utcTicks(+spaced[1]!, +spaced[2]!, +spaced[3]!, 0, 0, 0);
  return parseDatetime(t);
}

function pad(n: number | bigint, width: number): string {
  return String(n).padStart(width, "0");
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 .. 9,999,999 */
  fraction: number;
  /** 0 = Sunday */
  weekday: number;
}

export function dateParts(ticks: bigint): DateParts {
  let ms = ticks / TICKS_PER_MS;
  let sub = ticks % TICKS_PER_MS;
  if (sub < 0n) {
    sub += TICKS_PER_MS;
    ms -= 1n;
  }
  const d = new Date(Number(ms));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    fraction: d.getUTCMilliseconds() * 10000 + Number(sub),
    weekday: d.getUTCDay(),
  };
}

export function ticksOfParts(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, fraction = 0): bigint {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return BigInt(date.getTime()) * TICKS_PER_MS + BigInt(fraction);
}

const MS_PER_DAY = 86_400_000;
/**
 * `yyyy-mm-ddThh:mm:ss.` by day and second of the day (1970..9999), filled as met: result columns
 * repeat seconds, and building that text is most of formatting a datetime. A few days are kept.
 */
const secondPrefixesByDay = new Map<number, string[]>();
/** `fff` of each millisecond 0..999 */
const MILLIS_TEXT = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));

function secondPrefix(day: number, secondOfDay: number): string {
  let seconds = secondPrefixesByDay.get(day);
  if (seconds === undefined) {
    if (secondPrefixesByDay.size >= 16) secondPrefixesByDay.clear();
    seconds = new Array<string>(86_400);
    secondPrefixesByDay.set(day, seconds);
  }
  let text = seconds[secondOfDay];
  if (text === undefined) {
    text = new Date(day * MS_PER_DAY + secondOfDay * 1000).toISOString().slice(0, 20);
    seconds[secondOfDay] = text;
  }
  return text;
}

export function formatDatetime(ticks: bigint): string {
  // years 1970..9999, the usual case: second text from the cache, then ms and 100 ns digits
  if (ticks >= 0n && ticks < 2_534_023_008_000_000_000n) {
    const sub = Number(ticks % TICKS_PER_MS);
    // one bigint operation: the ticks as a number are off by at most 256 here (below 2^62), far
    // less than half a millisecond, so the rounding gives the exact millisecond
    const msn = Math.round((Number(ticks) - sub) / 10_000);
    const day = Math.floor(msn / MS_PER_DAY);
    const msOfDay = msn - day * MS_PER_DAY;
    const second = Math.floor(msOfDay / 1000);
    const head = secondPrefix(day, second) + MILLIS_TEXT[msOfDay - second * 1000]!;
    return sub === 0 ? `${head}0000Z` : `${head}${pad(sub, 4)}Z`;
  }
  let ms = ticks / TICKS_PER_MS;
  let sub = ticks % TICKS_PER_MS;
  if (sub < 0n) {
    sub += TICKS_PER_MS;
    ms -= 1n;
  }
  const msn = Number(ms);
  if (msn >= -62135596800000 && msn < 253402300800000) {
    // years 0001..9999: the native ISO form, with the 100 ns digits added
    const iso = new Date(msn).toISOString();
    return `${iso.slice(0, 20)}${iso.slice(20, 23)}${pad(sub, 4)}Z`;
  }
  const p = dateParts(ticks);
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}T${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}.${pad(p.fraction, 7)}Z`;
}

export function formatTimespan(ticks: bigint): string {
  const neg = ticks < 0n;
  let t = neg ? -ticks : ticks;
  const days = t / TICKS_PER_DAY;
  t %= TICKS_PER_DAY;
  const h = t / TICKS_PER_HOUR;
  t %= TICKS_PER_HOUR;
  const mi = t / TICKS_PER_MINUTE;
  t %= TICKS_PER_MINUTE;
  const s = t / TICKS_PER_SECOND;
  const frac = t % TICKS_PER_SECOND;
  return `${neg ? "-" : ""}${days > 0n ? `${days}.` : ""}${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${frac > 0n ? `.${pad(frac, 7)}` : ""}`;
}

const TIMESPAN_UNITS: Record<string, bigint> = {
  d: TICKS_PER_DAY,
  day: TICKS_PER_DAY,
  days: TICKS_PER_DAY,
  h: TICKS_PER_HOUR,
  hr: TICKS_PER_HOUR,
  hrs: TICKS_PER_HOUR,
  hour: TICKS_PER_HOUR,
  hours: TICKS_PER_HOUR,
  m: TICKS_PER_MINUTE,
  min: TICKS_PER_MINUTE,
  minute: TICKS_PER_MINUTE,
  minutes: TICKS_PER_MINUTE,
  s: TICKS_PER_SECOND,
  sec: TICKS_PER_SECOND,
  second: TICKS_PER_SECOND,
  seconds: TICKS_PER_SECOND,
  ms: TICKS_PER_MS,
  milli: TICKS_PER_MS,
  millis: TICKS_PER_MS,
  millisecond: TICKS_PER_MS,
  milliseconds: TICKS_PER_MS,
  microsecond: 10n,
  microseconds: 10n,
  tick: 1n,
  ticks: 1n,
};

/** `[-][d.]hh:mm[:ss[.fffffff]]` or a number with a unit (`1.5h`, `30m`, `2d`). Null otherwise. */
export function parseTimespan(text: string): bigint | null {
  const t = text.trim();
  let m = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(t);
  if (m) {
    const ticks =
      BigInt(m[2] ?? 0) * TICKS_PER_DAY +
      BigInt(m[3]!) * TICKS_PER_HOUR +
      BigInt(m[4]!) * TICKS_PER_MINUTE +
      BigInt(m[5] ?? 0) * TICKS_PER_SECOND +
      fracTicks(m[6]);
    return m[1] ? -ticks : ticks;
  }
  m = /^(-)?(\d+)$/.exec(t);
  if (m) {
    const ticks = BigInt(m[2]!) * TICKS_PER_DAY;
    return m[1] ? -ticks : ticks;
  }
  m = /^(-)?(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(t);
  if (m) {
    const unit = TIMESPAN_UNITS[m[3]!.toLowerCase()];
    if (unit === undefined) return null;
    const ticks = scaleTicks(unit, m[2]!);
    return m[1] ? -ticks : ticks;
  }
  return null;
}

/** unit × decimal text, exact for the digits given */
function scaleTicks(unit: bigint, decimal: string): bigint {
  const [whole, frac = ""] = decimal.split(".");
  const scale = 10n ** BigInt(frac.length);
  return ((BigInt(whole!) * scale + BigInt(frac || "0")) * unit) / scale;
}

// ---------------------------------------------------------------------------------------------
// guid
// ---------------------------------------------------------------------------------------------

/** 32 hex digits, hyphens anywhere between them, optionally in braces or parentheses. */
export function parseGuid(text: string): string | null {
  const t = text.trim().replace(/^[{(]|[)}]$/g, "");
  if (!/^[0-9a-f-]+$/i.test(t)) return null;
  const h = t.replace(/-/g, "").toLowerCase();
  if (h.length !== 32) return null;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------
// equality, ordering, display
// ---------------------------------------------------------------------------------------------

/** Deep equality for grouping and distinct (null equals null here, as Kusto groups nulls together). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    // biome-ignore lint/suspicious/noDoubleEquals: number and bigint of the same long compare equal
    if ((typeof a === "bigint" || typeof b === "bigint") && typeof a !== "object") return a == b;
    return typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b);
  }
  return keyOf(a) === keyOf(b);
}

/** A string key that identifies a value (for hashing groups, sets, joins). */
export function keyOf(v: unknown): string {
  switch (typeof v) {
    case "string":
      return `s${v}`;
    case "number":
      return `n${v}`;
    case "bigint":
      return `n${v}`;
    case "boolean":
      return v ? "T" : "F";
    case "undefined":
      return "z";
    default:
      return v === null ? "z" : `j${stableJson(v)}`;
  }
}

/**
 * A set of values, two values being the same one when their keyOf is, without a string per value:
 * primitives are kept as themselves (a bigint as its number when that has the same digits), only
 * dynamic objects and arrays by their JSON text.
 */
export class ValueSet {
  /** the first primitives, scanned: most sets (one row's arrays, a group's values) stay this small */
  private few: unknown[] | undefined;
  private many: Set<unknown> | undefined;
  private objects: Set<string> | undefined;

  /** `scanFirst`: false for sets that grow over many rows (an aggregate's), which hash from the start */
  constructor(private readonly scanFirst = true) {}

  /** Adds `v`; false when it was already there. */
  add(v: unknown): boolean {
    if (v !== null && typeof v === "object") {
      this.objects ??= new Set();
      return grew(this.objects, stableJson(v));
    }
    const k = typeof v === "bigint" || v === undefined ? primitiveKey(v) : v;
    if (this.many) return grew(this.many, k);
    if (!this.scanFirst) {
      this.many = new Set([k]);
      return true;
    }
    this.few ??= [];
    const few = this.few;
    if (scan(few, k)) return false;
    if (few.length < FEW) few.push(k);
    else {
      this.many = new Set(few);
      this.many.add(k);
      this.few = undefined;
    }
    return true;
  }

  has(v: unknown): boolean {
    if (v !== null && typeof v === "object") return this.objects?.has(stableJson(v)) ?? false;
    const k = primitiveKey(v);
    return this.many ? this.many.has(k) : scan(this.few, k);
  }

  get size(): number {
    return (this.many?.size ?? this.few?.length ?? 0) + (this.objects?.size ?? 0);
  }
}

const FEW = 8;

/** Whether `few` holds `k` as a Set would find it (NaN is NaN, 0 is -0). */
function scan(few: readonly unknown[] | undefined, k: unknown): boolean {
  if (!few) return false;
  for (let i = 0; i < few.length; i++) {
    const f = few[i];
    // biome-ignore lint/suspicious/noSelfCompare: NaN is the one value that differs from itself
    if (f === k || (f !== f && k !== k)) return true;
  }
  return false;
}

/** Adds `k` to `set` (one lookup); false when it was already there. */
function grew<T>(set: Set<T>, k: T): boolean {
  const before = set.size;
  set.add(k);
  return set.size > before;
}

/**
 * A primitive as a Set element that is equal exactly when keyOf is: undefined is null, and a bigint
 * is its number when both print the same digits (a number below 1e21 prints all of its digits).
 */
function primitiveKey(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v !== "bigint") return v;
  const n = Number(v);
  return Math.abs(n) < 1e21 && BigInt(n) === v ? n : v;
}

export function stableJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    // a bigint somewhere inside (a long beyond 2^53): written as its digits
    return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
  }
}

function typeRank(v: unknown): number {
  switch (typeof v) {
    case "boolean":
      return 1;
    case "number":
    case "bigint":
      return 2;
    case "string":
      return 3;
    default:
      return 4;
  }
}

/** Ascending order of two non-null values of one Kusto type. */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if ((typeof a === "number" || typeof a === "bigint") && (typeof b === "number" || typeof b === "bigint")) {
    if (typeof a === "number" && Number.isNaN(a)) return typeof b === "number" && Number.isNaN(b) ? 0 : -1;
    if (typeof b === "number" && Number.isNaN(b)) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : a ? 1 : -1;
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  const ka = stableJson(a);
  const kb = stableJson(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Kusto's text form of a value (tostring, strcat, string interpolation into dynamic). */
export function toKqlString(v: unknown, type?: KqlType): string {
  if (v === null || v === undefined) return "";
  switch (typeof v) {
    case "string":
      return v;
    case "boolean":
      return v ? "true" : "false";
    case "number":
      return formatReal(v);
    case "bigint":
      if (type === "datetime") return formatDatetime(v);
      if (type === "timespan") return formatTimespan(v);
      return v.toString();
    default:
      return stableJson(v);
  }
}

export function formatReal(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Number.POSITIVE_INFINITY) return "Infinity";
  if (n === Number.NEGATIVE_INFINITY) return "-Infinity";
  return String(n);
}

// ---------------------------------------------------------------------------------------------
// boundaries: input cells and output cells
// ---------------------------------------------------------------------------------------------

export class CellError extends Error {}

/**
 * A cell supplied by the caller, in the type of its column. Accepts the output encodings and the
 * obvious JSON/CSV text forms; anything else is a CellError (the caller adds the location).
 */
export function coerceCell(v: unknown, type: KqlType, fromText = false): unknown {
  // the common, already-typed cases first: this runs once per input cell
  switch (typeof v) {
    case "string":
      if (type === "string") return v;
      break;
    case "number":
      if (
        type === "real" ||
        (type === "long" && Number.isSafeInteger(v)) ||
        (type === "int" && (v | 0) === v)
      )
        return v;
      break;
    case "boolean":
      if (type === "bool") return v;
      break;
    case "object":
      if (v === null) return type === "string" ? "" : null;
      if (type === "datetime" && v instanceof Date && !Number.isNaN(v.getTime()))
        return ticksOfMs(v.getTime());
      if (type === "dynamic" && !fromText) return v;
      break;
    case "undefined":
      return type === "string" ? "" : null;
  }
  return coerceSlow(v, type, fromText);
}

function badCell(v: unknown, type: KqlType): never {
  throw new CellError(`${JSON.stringify(typeof v === "bigint" ? v.toString() : v)} is not a ${type}`);
}

function coerceSlow(v: unknown, type: KqlType, fromText: boolean): unknown {
  const bad = () => badCell(v, type);
  if (fromText && typeof v === "string" && v === "" && type !== "string") return null;
  switch (type) {
    case "bool":
      if (typeof v === "boolean") return v;
      if (v === 0 || v === 1) return v === 1;
      if (typeof v === "string") {
        const t = v.trim().toLowerCase();
        if (t === "true" || t === "1") return true;
        if (t === "false" || t === "0") return false;
      }
      return bad();
    case "int": {
      const n = typeof v === "string" && /^\s*[-+]?\d+\s*$/.test(v) ? Number(v) : v;
      if (typeof n === "number" && Number.isInteger(n) && n >= -2147483648 && n <= 2147483647) return n;
      return bad();
    }
    case "long": {
      if (typeof v === "number" && Number.isSafeInteger(v)) return v;
      if (typeof v === "bigint") return longOf(v);
      if (typeof v === "string" && /^\s*[-+]?\d+\s*$/.test(v)) {
        const b = BigInt(v.trim());
        if (b === BigInt.asIntN(64, b)) return longOf(b);
      }
      return bad();
    }
    case "real": {
      if (typeof v === "number") return v;
      if (typeof v === "string") {
        const t = v.trim();
        if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
        if (/^nan$/i.test(t)) return Number.NaN;
        if (/^\+?inf(inity)?$/i.test(t)) return Number.POSITIVE_INFINITY;
        if (/^-inf(inity)?$/i.test(t)) return Number.NEGATIVE_INFINITY;
      }
      return bad();
    }
    case "decimal":
      return bad();
    case "string":
      if (typeof v === "string") return v;
      return bad();
    case "guid":
      return (typeof v === "string" && parseGuid(v)) || bad();
    case "datetime": {
      if (v instanceof Date && !Number.isNaN(v.getTime())) return ticksOfMs(v.getTime());
      if (typeof v === "object" && typeof (v as { ticks?: unknown }).ticks === "bigint")
        return (v as { ticks: bigint }).ticks;
      if (typeof v === "string") {
        const t = parseDatetime(v);
        if (t !== null) return t;
      }
      return bad();
    }
    case "timespan": {
      if (typeof v === "bigint") return v;
      if (typeof v === "object" && typeof (v as { ticks?: unknown }).ticks === "bigint")
        return (v as { ticks: bigint }).ticks;
      if (typeof v === "string") {
        const t = parseTimespan(v);
        if (t !== null) return t;
      }
      return bad();
    }
    case "dynamic":
      if (fromText && typeof v === "string") {
        try {
          return JSON.parse(v) as unknown;
        } catch {
          return v;
        }
      }
      return v;
  }
}

/** A cell leaving the engine (see the header). */
export function encodeOutput(v: unknown, type: KqlType): unknown {
  if (v === null || v === undefined) return null;
  if (type === "datetime" && typeof v === "bigint") return formatDatetime(v);
  if (type === "timespan" && typeof v === "bigint") return formatTimespan(v);
  return v;
}

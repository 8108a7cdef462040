/**
 * Element-wise series_* functions over dynamic numeric arrays.
 * Kusto's rules: a non-numeric element, or a position missing from the shorter array, gives a null
 * element; a numeric scalar argument is broadcast to the other array's length. Results that JSON
 * cannot hold (NaN, ±infinity) are refused rather than guessed.
 */
import type { Fn } from "../context.js";
import type { KqlType } from "../values.js";
import { type CallSite, register } from "./registry.js";

const NUMERIC: ReadonlySet<KqlType> = new Set(["int", "long", "real", "decimal"]);

function numberOf(v: unknown): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  return null;
}

/** An argument as a series: an array of numbers (null for non-numeric elements), or a broadcast scalar. */
type Series = { kind: "array"; values: (number | null)[] } | { kind: "scalar"; value: number };

function seriesArg(fn: Fn, type: KqlType | undefined): (r: unknown[]) => Series | null {
  const scalar = type !== undefined && NUMERIC.has(type);
  return (r) => {
    const v = fn(r);
    if (v === null || v === undefined) return null;
    if (scalar) {
      const x = numberOf(v);
      return x === null ? null : { kind: "scalar", value: x };
    }
    return Array.isArray(v) ? { kind: "array", values: v.map(numberOf) } : null;
  };
}

function at(s: Series, i: number): number | null {
  return s.kind === "scalar" ? s.value : (s.values[i] ?? null);
}

function finite(site: CallSite, x: number): number {
  if (!Number.isFinite(x)) site.refuse("an element's result is NaN or infinite");
  return x;
}

function unary(name: string, f: (x: number) => number): void {
  register(name, (fns, site) => {
    const arg = seriesArg(fns[0]!, undefined);
    return (r) => {
      const s = arg(r);
      if (s === null || s.kind !== "array") return null;
      return s.values.map((x) => (x === null ? null : finite(site, f(x))));
    };
  });
}

function binary<T>(name: string, f: (x: number, y: number) => T, check: (site: CallSite, v: T) => T): void {
  register(name, (fns, site) => {
    const a = seriesArg(fns[0]!, site.argTypes[0]);
    const b = seriesArg(fns[1]!, site.argTypes[1]);
    return (r) => {
      const x = a(r);
      const y = b(r);
      if (x === null || y === null) return null;
      if (x.kind === "scalar" && y.kind === "scalar") return null;
      const len = Math.max(
        x.kind === "array" ? x.values.length : 0,
        y.kind === "array" ? y.values.length : 0,
      );
      const out = new Array<T | null>(len);
      for (let i = 0; i < len; i++) {
        const p = at(x, i);
        const q = at(y, i);
        out[i] = p === null || q === null ? null : check(site, f(p, q));
      }
      return out;
    };
  });
}

const real = (site: CallSite, v: number) => finite(site, v);
const bool = (_site: CallSite, v: boolean) => v;

unary("series_abs", Math.abs);
unary("series_acos", Math.acos);
unary("series_asin", Math.asin);
unary("series_atan", Math.atan);
unary("series_ceiling", Math.ceil);
unary("series_cos", Math.cos);
unary("series_exp", Math.exp);
unary("series_floor", Math.floor);
unary("series_log", Math.log);
unary("series_sign", Math.sign);
unary("series_sin", Math.sin);
unary("series_tan", Math.tan);

binary("series_add", (x, y) => x + y, real);
binary("series_subtract", (x, y) => x - y, real);
binary("series_multiply", (x, y) => x * y, real);
binary("series_divide", (x, y) => x / y, real);
binary("series_pow", (x, y) => x ** y, real);
binary("series_equals", (x, y) => x === y, bool);
binary("series_not_equals", (x, y) => x !== y, bool);
binary("series_greater", (x, y) => x > y, bool);
binary("series_greater_equals", (x, y) => x >= y, bool);
binary("series_less", (x, y) => x < y, bool);
binary("series_less_equals", (x, y) => x <= y, bool);

/** Sum of element products over the shorter length; non-numeric elements are skipped; empty gives null. */
register("series_dot_product", (fns, site) => {
  const a = seriesArg(fns[0]!, site.argTypes[0]);
  const b = seriesArg(fns[1]!, site.argTypes[1]);
  return (r) => {
    const x = a(r);
    const y = b(r);
    if (x === null || y === null) return null;
    if (x.kind === "scalar" && y.kind === "scalar") return null;
    const lengths = [x, y].flatMap((s) => (s.kind === "array" ? [s.values.length] : []));
    const len = Math.min(...lengths);
    if (len === 0) return null;
    let sum = 0;
    for (let i = 0; i < len; i++) {
      const p = at(x, i);
      const q = at(y, i);
      if (p !== null && q !== null) sum += p * q;
    }
    return finite(site, sum);
  };
});

/**
 * series_stats: min, min_idx, max, max_idx, avg, stdev and variance (sample, n − 1) of a numeric
 * array, as one tuple. A null element makes every statistic null unless ignore_nonfinite is true,
 * which skips it. A non-numeric element, or fewer than two values, is left to Kusto.
 */
register("series_stats", (fns, site) => {
  const [series, ignoreFn] = fns;
  return (r) => {
    const v = series!(r);
    const ignore = ignoreFn ? ignoreFn(r) === true : false;
    const nulls = new Array(7).fill(null);
    if (!Array.isArray(v)) return nulls;
    const values: number[] = [];
    const indexes: number[] = [];
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === null || x === undefined) {
        if (!ignore) return nulls;
        continue;
      }
      const n = numberOf(x);
      if (n === null) return site.refuse("a non-numeric element");
      values.push(n);
      indexes.push(i);
    }
    if (values.length < 2) site.refuse("fewer than two numeric elements");
    let min = 0;
    let max = 0;
    let sum = 0;
    for (let i = 0; i < values.length; i++) {
      if (values[i]! < values[min]!) min = i;
      if (values[i]! > values[max]!) max = i;
      sum += values[i]!;
    }
    const avg = sum / values.length;
    let squares = 0;
    for (const x of values) squares += (x - avg) ** 2;
    const variance = squares / (values.length - 1);
    return [values[min], indexes[min], values[max], indexes[max], avg, Math.sqrt(variance), variance];
  };
});

/** Math functions. */
import { longFromNumber } from "../values.js";
import { register, strict } from "./registry.js";

const n = (v: unknown) => Number(v);
const real = (f: (x: number) => number) => strict((v: unknown) => f(n(v)));

register("abs", (fns, site) => {
  const f = fns[0]!;
  return (r) => {
    const v = f(r);
    if (v === null) return null;
    if (typeof v === "bigint") return v < 0n ? -v : v;
    if (site.type === "timespan") return (v as bigint) < 0n ? -(v as bigint) : v;
    return Math.abs(v as number);
  };
});
register("sqrt", real(Math.sqrt));
register("exp", real(Math.exp));
register(
  "exp2",
  real((x) => 2 ** x),
);
register(
  "exp10",
  real((x) => 10 ** x),
);
register("log", real(Math.log));
register("log2", real(Math.log2));
register("log10", real(Math.log10));
register("sin", real(Math.sin));
register("cos", real(Math.cos));
register("tan", real(Math.tan));
register("asin", real(Math.asin));
register("acos", real(Math.acos));
register("atan", real(Math.atan));
register(
  "atan2",
  strict((y: unknown, x: unknown) => Math.atan2(n(y), n(x))),
);
register(
  "cot",
  real((x) => 1 / Math.tan(x)),
);
register(
  "degrees",
  real((x) => (x * 180) / Math.PI),
);
register(
  "radians",
  real((x) => (x * Math.PI) / 180),
);
register("pi", () => () => Math.PI);
register("sign", (fns, site) => {
  const f = fns[0]!;
  return (r) => {
    const v = f(r);
    if (v === null) return null;
    const s = Math.sign(Number(v));
    return site.type === "real" ? s : s;
  };
});
register(
  "pow",
  strict((x: unknown, y: unknown) => n(x) ** n(y)),
);
register(
  "isnan",
  strict((v: unknown) => Number.isNaN(n(v))),
);
register(
  "isinf",
  strict((v: unknown) => n(v) === Infinity || n(v) === -Infinity),
);
register(
  "isfinite",
  strict((v: unknown) => Number.isFinite(n(v))),
);
register("round", (fns, site) => {
  const [f, p] = fns as [NonNullable<(typeof fns)[0]>, (typeof fns)[0]];
  return (r) => {
    const v = f(r);
    if (v === null) return null;
    const digits = p ? Number(p(r) ?? 0) : 0;
    if (site.type !== "real") {
      if (digits >= 0) return v;
      const k = 10 ** -digits;
      return longFromNumber(roundHalfAway(Number(v) / k) * k);
    }
    const k = 10 ** digits;
    const x = n(v);
    // away from zero at the half, on the decimal text (as .NET's Math.Round(MidpointRounding.AwayFromZero))
    return Number(`${roundHalfAway(Number(`${x}e${digits}`))}e${-digits}`) || roundHalfAway(x * k) / k;
  };
});
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}
register("ceiling", real(Math.ceil));
register("gamma", (_fns, site) => site.refuse("not implemented"));
register("rand", (fns) => {
  const f = fns[0];
  return (r) => {
    if (!f) return Math.random();
    const k = Number(f(r));
    return Math.floor(Math.random() * k);
  };
});

register("tohex", (fns) => (r) => {
  const v = fns[0]!(r);
  if (v === null) return null;
  let b = BigInt(v as number | bigint);
  if (b < 0n) b = BigInt.asUintN(64, b);
  const hex = b.toString(16);
  const width = fns[1] ? Number(fns[1](r) ?? 0) : 0;
  return hex.padStart(width, "0");
});

/** erfc by its continued fraction (x ≥ 1, evaluated bottom-up) or 1 − erf's Taylor series (x < 1). */
function erfcPositive(x: number): number {
  if (x < 1) return 1 - erfSeries(x);
  if (x > 27) return 0;
  let f = x;
  for (let n = 400; n >= 1; n--) f = x + n / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}
function erfSeries(x: number): number {
  // 2/√π · Σ (−1)^n x^(2n+1) / (n! (2n+1)); |x| < 1 keeps the terms small and alternating
  let term = x;
  let sum = x;
  for (let n = 1; n < 60; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
export function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  return x >= 0 ? erfcPositive(x) : 2 - erfcPositive(-x);
}
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  if (Math.abs(x) < 1) return erfSeries(x);
  return x > 0 ? 1 - erfcPositive(x) : erfcPositive(-x) - 1;
}
register("erf", real(erf));
register("erfc", real(erfc));

/** Number of set bits in the 64-bit two's-complement form of a long. */
register(
  "bitset_count_ones",
  strict((v: unknown) => {
    let b = BigInt.asUintN(64, BigInt(v as number | bigint));
    let n = 0;
    while (b) {
      n += Number(b & 1n);
      b >>= 1n;
    }
    return n;
  }),
);

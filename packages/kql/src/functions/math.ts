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

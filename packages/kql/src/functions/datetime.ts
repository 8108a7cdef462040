/** datetime and timespan functions. */
import type { Fn } from "../context.js";
import { TICKS_PER_DAY } from "../values.js";
import { register } from "./registry.js";

register("now", (fns, site) => {
  const now = site.ctx.engine.now;
  const off = fns[0];
  return off ? (r) => {
    const o = off(r);
    return o === null ? null : now + (o as bigint);
  } : () => now;
});

register("ago", (fns, site) => {
  const now = site.ctx.engine.now;
  const f = fns[0]!;
  return (r) => {
    const o = f(r);
    return o === null ? null : now - (o as bigint);
  };
});

function floorBig(v: bigint, size: bigint): bigint {
  const q = v / size;
  return (v % size !== 0n && v < 0n ? q - 1n : q) * size;
}

/** bin(value, size) and floor(): values rounded down to a multiple of size. */
const bin = (fns: Fn[], site: { argTypes: string[]; type: string; refuse(d: string): never }): Fn => {
  const [a, b] = fns as [Fn, Fn];
  const vt = site.argTypes[0];
  if (vt === "datetime" || vt === "timespan") {
    return (r) => {
      const v = a(r);
      const s = b(r);
      if (v === null || s === null) return null;
      const size = typeof s === "bigint" ? s : null;
      if (size === null || size <= 0n) return null;
      return floorBig(v as bigint, size);
    };
  }
  if (site.type === "real") {
    return (r) => {
      const v = a(r);
      const s = b(r);
      if (v === null || s === null) return null;
      const size = Number(s);
      if (!(size > 0)) return null;
      return Math.floor(Number(v) / size) * size;
    };
  }
  return (r) => {
    const v = a(r);
    const s = b(r);
    if (v === null || s === null) return null;
    if (typeof v === "bigint" || typeof s === "bigint") {
      const size = BigInt(s as number);
      if (size <= 0n) return null;
      return floorBig(BigInt(v as number), size);
    }
    const size = Number(s);
    if (!(size > 0)) return null;
    return Math.floor(Number(v) / size) * size;
  };
};
register(["bin", "floor"], bin as never);

export { TICKS_PER_DAY };

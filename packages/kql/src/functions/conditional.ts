/** Conditional and null-testing functions: iff, case, coalesce, isnull…, max_of, min_of. */

import { KqlQueryError } from "../errors.js";
import { compare } from "../ops.js";
import { locationOf } from "../tree.js";
import { register } from "./registry.js";

register(["iff", "iif"], (fns) => {
  const [c, a, b] = fns as [(typeof fns)[0] & {}, (typeof fns)[0] & {}, (typeof fns)[0] & {}];
  return (r) => (c(r) === true ? a(r) : b(r));
});

register("case", (fns) => (r) => {
  const n = fns.length;
  for (let i = 0; i + 1 < n; i += 2) if (fns[i]!(r) === true) return fns[i + 1]!(r);
  return fns[n - 1]!(r);
});

function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || v === "";
}

register("coalesce", (fns, site) => (r) => {
  for (const f of fns) {
    const v = f(r);
    if (site.type === "string" ? !isEmptyValue(v) : v !== null) return v;
  }
  return site.type === "string" ? "" : null;
});

register("isnull", (fns, site) => {
  const f = fns[0]!;
  // strings are never null in Kusto
  if (site.argTypes[0] === "string") return () => false;
  return (r) => f(r) === null;
});
register("isnotnull", (fns, site) => {
  const f = fns[0]!;
  if (site.argTypes[0] === "string") return () => true;
  return (r) => f(r) !== null;
});
register("isempty", (fns) => {
  const f = fns[0]!;
  return (r) => isEmptyValue(f(r));
});
register("isnotempty", (fns) => {
  const f = fns[0]!;
  return (r) => !isEmptyValue(f(r));
});

function extremeOf(sign: 1 | -1) {
  return (fns: Array<(r: unknown[]) => unknown>) => (r: unknown[]) => {
    let best: unknown = null;
    for (const f of fns) {
      const v = f(r);
      if (v === null) continue;
      if (best === null || compare(v, best) * sign > 0) best = v;
    }
    return best;
  };
}
register("max_of", extremeOf(1));
register("min_of", extremeOf(-1));

register("not", (fns) => {
  const f = fns[0]!;
  return (r) => {
    const v = f(r);
    return v === null ? null : !v;
  };
});

/** assert(condition, message): true, or the query fails with the message. */
register("assert", (fns, site) => (r) => {
  if (fns[0]!(r) === true) return true;
  const message = fns[1]!(r);
  throw new KqlQueryError(`assert() failed: ${String(message)}${locationOf(site.node)}`);
});

/** around(value, center, delta): value within [center − delta, center + delta], ends included. */
register("around", (fns) => (r) => {
  const v = fns[0]!(r);
  const c = fns[1]!(r);
  const d = fns[2]!(r);
  if (v === null || c === null || d === null) return null;
  if (typeof v === "bigint" && typeof c === "bigint" && typeof d === "bigint")
    return v >= c - d && v <= c + d;
  const x = Number(v);
  const y = Number(c);
  const z = Number(d);
  return x >= y - z && x <= y + z;
});

/** Conditional and null-testing functions: iff, case, coalesce, isnull…, max_of, min_of. */
import { compare } from "../ops.js";
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

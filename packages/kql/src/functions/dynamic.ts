/** dynamic (JSON) functions: parse_json, pack, array_*, set_*, bag_*. */

import type { Fn } from "../context.js";
import { compare } from "../ops.js";
import { resultColumns } from "../tree.js";
import { encodeOutput, type KqlType, keyOf, type Row, ValueSet } from "../values.js";
import { type CallSite, lenient, register, strict } from "./registry.js";

export function parseJsonValue(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

/** A scalar as it appears inside a dynamic value (datetime as ISO text, long as number). */
export function toDynamic(v: unknown, type: KqlType | undefined): unknown {
  if (v === null || v === undefined) return null;
  if (type === "datetime" || type === "timespan") return encodeOutput(v, type);
  if (typeof v === "bigint") return Number(v);
  return v;
}

register(["parse_json", "todynamic", "toobject"], (fns, site) => {
  const f = fns[0]!;
  const t = site.argTypes[0];
  return (r) => {
    const v = f(r);
    if (t === "string") return v === "" ? null : parseJsonValue(v);
    return toDynamic(v, t);
  };
});

register(["pack", "bag_pack"], (fns, site) => {
  const types = site.argTypes;
  return (r) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i + 1 < fns.length; i += 2)
      out[String(fns[i]!(r))] = toDynamic(fns[i + 1]!(r), types[i + 1]);
    return out;
  };
});
register("pack_array", (fns, site) => (r) => fns.map((f, i) => toDynamic(f(r), site.argTypes[i])));

const arr = (v: unknown): unknown[] | null => (Array.isArray(v) ? v : null);

register(
  "array_length",
  lenient((v: unknown) => (Array.isArray(v) ? v.length : null)),
);
register("array_concat", (fns) => (r) => {
  const out: unknown[] = [];
  for (const f of fns) {
    const a = arr(f(r));
    if (!a) return null;
    out.push(...a);
  }
  return out;
});
register(
  "array_reverse",
  lenient((v: unknown) => (Array.isArray(v) ? [...v].reverse() : null)),
);
register("array_slice", (fns) => (r) => {
  const a = arr(fns[0]!(r));
  if (!a) return null;
  let s = Number(fns[1]!(r));
  let e = Number(fns[2]!(r));
  if (s < 0) s += a.length;
  if (e < 0) e += a.length;
  s = Math.max(0, s);
  e = Math.min(a.length - 1, e);
  return s > e ? [] : a.slice(s, e + 1);
});
/**
 * array_index_of(array, value [, start [, length [, occurrence]]]): the examined values are
 * [start, start + length); a negative start counts from the end; null for length < -1 or
 * occurrence < 0 (the docs' "irrelevant inputs").
 */
register("array_index_of", (fns) => (r) => {
  const a = arr(fns[0]!(r));
  if (!a) return null;
  const v = fns[1]!(r);
  const want = keyOf(typeof v === "bigint" ? Number(v) : v);
  const opt = (i: number, dflt: number): number | null => {
    const f = fns[i];
    if (!f) return dflt;
    const x = f(r);
    return x === null ? null : Number(x);
  };
  let start = opt(2, 0);
  const length = opt(3, -1);
  const occurrence = opt(4, 1);
  if (start === null || length === null || occurrence === null) return null;
  if (length < -1 || occurrence < 0) return null;
  if (start < 0) start = Math.max(0, a.length + start);
  const end = length === -1 ? a.length : Math.min(a.length, start + length);
  let seen = 0;
  for (let i = start; i < end; i++) {
    if (keyOf(a[i]) !== want) continue;
    seen++;
    if (seen >= Math.max(1, occurrence)) return i;
  }
  return -1;
});
register(
  "array_sum",
  lenient((v: unknown) => {
    if (!Array.isArray(v)) return null;
    let s = 0;
    for (const x of v) {
      if (typeof x !== "number") return null;
      s += x;
    }
    return s;
  }),
);
register(
  ["array_shift_left", "array_shift_right", "array_rotate_left", "array_rotate_right"],
  (fns, site) => {
    const name: string = site.node.ReferencedSymbol.Name;
    const rotate = name.includes("rotate");
    const dir = name.endsWith("left") ? 1 : -1;
    return (r) => {
      const a = arr(fns[0]!(r));
      if (!a) return null;
      const n = Number(fns[1]!(r) ?? 0);
      const fill = fns[2] ? toDynamic(fns[2](r), site.argTypes[2]) : null;
      const len = a.length;
      if (len === 0) return [];
      const k = dir * n;
      return a.map((_, i) => {
        let j = i + k;
        if (rotate) j = ((j % len) + len) % len;
        return j >= 0 && j < len ? a[j] : fill;
      });
    };
  },
);
register("array_iff", (fns) => (r) => {
  const c = arr(fns[0]!(r));
  const a = arr(fns[1]!(r));
  const b = arr(fns[2]!(r));
  if (!c || !a || !b) return null;
  return c.map((x, i) =>
    x === true || (typeof x === "number" && x !== 0) ? (a[i] ?? null) : (b[i] ?? null),
  );
});
register("repeat", (fns, site) => (r) => {
  const n = fns[1]!(r);
  if (n === null) return null;
  const k = Number(n);
  if (k > 1_000_000) site.refuse("more than 1,000,000 items");
  return Array(Math.max(0, k)).fill(toDynamic(fns[0]!(r), site.argTypes[0]));
});
register("zip", (fns) => (r) => {
  const as = fns.map((f) => arr(f(r)));
  if (as.some((a) => !a)) return null;
  const n = Math.max(...as.map((a) => a!.length));
  return Array.from({ length: n }, (_, i) => as.map((a) => a![i] ?? null));
});

/**
 * array_sort_asc/desc(array1 [, …, arrayN] [, nulls_last]): the first array sorted (stable, nulls
 * last unless the flag says otherwise), the other arrays permuted the same way; an array whose
 * length differs from the first one's gives null. One array gives the sorted array; several give
 * an array of arrays (the tuple the analyser splits into columns).
 */
function sortArray(desc: boolean) {
  return (fns: Fn[], site: CallSite): Fn => {
    const hasFlag = site.argTypes[fns.length - 1] === "bool" && fns.length > 1;
    const arrays = hasFlag ? fns.slice(0, -1) : fns;
    const flagFn = hasFlag ? fns[fns.length - 1] : undefined;
    return (r) => {
      const flag = flagFn ? flagFn(r) : true;
      const nullsLast = flag !== false;
      const values = arrays.map((f) => arr(f(r)));
      const first = values[0];
      const sorted = first ? sortedOrder(first, desc, nullsLast) : null;
      const out = values.map((a) =>
        a && sorted && a.length === sorted.length ? sorted.map((i) => a[i]) : null,
      );
      return arrays.length === 1 ? out[0]! : out;
    };
  };
}
function sortedOrder(a: unknown[], desc: boolean, nullsLast: boolean): number[] {
  const idx = a.map((_, i) => i);
  const present = idx.filter((i) => a[i] !== null);
  const nulls = idx.filter((i) => a[i] === null);
  present.sort((x, y) => (desc ? -compare(a[x], a[y]) : compare(a[x], a[y])) || x - y);
  return nullsLast ? [...present, ...nulls] : [...nulls, ...present];
}
register("array_sort_asc", sortArray(false));
register("array_sort_desc", sortArray(true));

/** The distinct values of the arrays, in order of first appearance. */
function uniq(arrays: ReadonlyArray<unknown[]>): unknown[] {
  const seen = new ValueSet();
  const out: unknown[] = [];
  for (const a of arrays) for (const x of a) if (seen.add(x)) out.push(x);
  return out;
}

function valueSet(arrays: ReadonlyArray<unknown[]>): ValueSet {
  const set = new ValueSet();
  for (const a of arrays) for (const x of a) set.add(x);
  return set;
}

/** The arrays the functions give for the row, or null when one of them is not an array. */
function arraysOf(fns: Fn[], r: Row): unknown[][] | null {
  const as: unknown[][] = [];
  let all = true;
  for (const f of fns) {
    const a = arr(f(r));
    if (a) as.push(a);
    else all = false;
  }
  return all ? as : null;
}

register("set_union", (fns) => (r) => {
  const as = arraysOf(fns, r);
  return as && uniq(as);
});
register("set_intersect", (fns) => (r) => {
  const as = arraysOf(fns, r);
  if (!as) return null;
  const rest = as.slice(1).map((a) => valueSet([a]));
  return uniq([as[0]!]).filter((x) => rest.every((s) => s.has(x)));
});
register("set_difference", (fns) => (r) => {
  const as = arraysOf(fns, r);
  if (!as) return null;
  const rest = valueSet(as.slice(1));
  return uniq([as[0]!]).filter((x) => !rest.has(x));
});
register("set_has_element", (fns, site) => (r) => {
  const a = arr(fns[0]!(r));
  if (!a) return null;
  const k = keyOf(toDynamic(fns[1]!(r), site.argTypes[1]));
  return a.some((x) => keyOf(x) === k);
});

const bag = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

register(
  "bag_keys",
  lenient((v: unknown) => {
    const b = bag(v);
    return b ? Object.keys(b) : null;
  }),
);
register(
  "bag_has_key",
  strict((v: unknown, k: unknown) => {
    const b = bag(v);
    return b ? Object.hasOwn(b, String(k)) : null;
  }),
);
register("bag_merge", (fns) => (r) => {
  const out: Record<string, unknown> = {};
  for (const f of fns) {
    const b = bag(f(r));
    if (!b) continue;
    for (const [k, v] of Object.entries(b)) if (!(k in out)) out[k] = v;
  }
  return out;
});
register("bag_remove_keys", (fns) => (r) => {
  const b = bag(fns[0]!(r));
  const keys = arr(fns[1]!(r));
  if (!b || !keys) return null;
  const drop = new Set(keys.map(String));
  return Object.fromEntries(Object.entries(b).filter(([k]) => !drop.has(k)));
});

register("gettype", (fns, site) => {
  const t = site.argTypes[0];
  const f = fns[0]!;
  return (r) => {
    const v = f(r);
    if (t !== "dynamic") return t === "real" ? "real" : t;
    if (v === null) return "null";
    if (Array.isArray(v)) return "array";
    switch (typeof v) {
      case "string":
        return "string";
      case "boolean":
        return "bool";
      case "number":
        return site.refuse("the type of a number inside dynamic");
      default:
        return "dictionary";
    }
  };
});

/** Kusto truncates range() arrays at this many items. */
const RANGE_LIMIT = 1_048_576;

register("range", (fns, site) => {
  const ticks = site.argTypes[0] === "datetime" || site.argTypes[0] === "timespan";
  return (r) => {
    const a = fns[0]!(r);
    const b = fns[1]!(r);
    const s = fns[2] ? fns[2](r) : ticks ? null : 1;
    if (a === null || b === null || s === null) return null;
    const out: unknown[] = [];
    if (ticks) {
      const step = s as bigint;
      if (step === 0n) return null;
      for (let v = a as bigint; step > 0n ? v <= (b as bigint) : v >= (b as bigint); v += step) {
        if (out.length >= RANGE_LIMIT) break;
        out.push(toDynamic(v, site.argTypes[0]));
      }
      return out;
    }
    const step = Number(s);
    if (step === 0) return null;
    const from = Number(a);
    const to = Number(b);
    for (let k = 0; ; k++) {
      const v = from + k * step;
      if ((step > 0 ? v > to : v < to) || out.length >= RANGE_LIMIT) break;
      out.push(v);
    }
    return out;
  };
});

register("strcat_array", (fns) => (r) => {
  const a = arr(fns[0]!(r));
  const d = String(fns[1]!(r) ?? "");
  if (!a) return "";
  return a.map((x) => (x === null ? "" : typeof x === "string" ? x : JSON.stringify(x))).join(d);
});

register("pack_all", (fns, site) => {
  const names = [...site.ctx.cols.entries()];
  const types = site.ctx.colTypes;
  const skipEmpty = fns[0] ? site.constant(0) === true : false;
  return (r) => {
    const out: Record<string, unknown> = {};
    for (const [name, i] of names) {
      const v = r[i];
      if (skipEmpty && (v === null || v === "")) continue;
      out[name] = toDynamic(v ?? null, types[i]);
    }
    return out;
  };
});

register("column_ifexists", (fns, site) => {
  const name = site.constant(0);
  if (typeof name !== "string") return site.refuse("non-constant column name");
  const i = site.ctx.cols.get(name);
  if (i === undefined) return fns[1]!;
  return (r) => r[i];
});

/** jaccard_index(set1, set2): |distinct common values| / |distinct values of either|. */
register("jaccard_index", (fns, site) => (r) => {
  const a = arr(fns[0]!(r));
  const b = arr(fns[1]!(r));
  if (!a || !b) return null;
  const ka = new Set(a.map(keyOf));
  const kb = new Set(b.map(keyOf));
  const union = new Set([...ka, ...kb]).size;
  // two empty sets: 0/0, which the docs do not define
  if (union === 0) return site.refuse("two empty sets");
  let common = 0;
  for (const k of ka) if (kb.has(k)) common++;
  return common / union;
});

/** bag_pack_columns(c1, c2, …): a bag of the named columns' values. */
register("bag_pack_columns", (fns, site) => {
  const names = site.args.map((a) => (a.ReferencedSymbol?.Name ?? a.SimpleName) as string | undefined);
  if (names.some((n) => !n)) return site.refuse("an argument that is not a column");
  return (r) => {
    const out: Record<string, unknown> = {};
    fns.forEach((f, i) => {
      out[names[i]!] = toDynamic(f(r), site.argTypes[i]);
    });
    return out;
  };
});

/** JSON text with every bag's keys in ordinal order (dynamic_to_json). */
function canonicalJson(v: unknown, site: CallSite): string {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return `[${v.map((x) => canonicalJson(x, site)).join(",")}]`;
  if (typeof v === "object") {
    const keys = Object.keys(v as object).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    const o = v as Record<string, unknown>;
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k], site)}`).join(",")}}`;
  }
  if (typeof v === "number" && !Number.isSafeInteger(v) && /e/i.test(String(v)))
    return site.refuse("the JSON form of a number in exponent notation");
  return typeof v === "bigint" ? v.toString() : JSON.stringify(v);
}
register("dynamic_to_json", (fns, site) => {
  const f = fns[0]!;
  const t = site.argTypes[0];
  return (r) => {
    const v = f(r);
    if (v === null) return t === "dynamic" ? "null" : site.refuse(`a null ${t}`);
    return canonicalJson(toDynamic(v, t), site);
  };
});

/** column_names_of(T): the names of the columns of the tabular argument, as the analyser typed it. */
register("column_names_of", (_fns, site) => {
  const names = resultColumns(site.args[0]).map((c) => c.name);
  return () => names;
});

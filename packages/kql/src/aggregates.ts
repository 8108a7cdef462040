/** Aggregation functions of summarize (and make-series): one accumulator per group. */
import type { Ctx, Fn } from "./context.js";
import { compare } from "./ops.js";
import type { KNode } from "./tree.js";
import { type KqlType, longOf, toBig, ValueSet } from "./values.js";

export interface Accumulator {
  add(row: unknown[]): void;
  result(): unknown;
}

export interface AggSite {
  node: KNode;
  args: KNode[];
  argTypes: KqlType[];
  /** the aggregate's result type as bound */
  type: KqlType;
  ctx: Ctx;
  constant(i: number): unknown;
  refuse(detail: string): never;
  /** for arg_max/arg_min: the output columns beyond the first (what `*` or the list selects) */
  extraFns?: Fn[];
}

export type AggImpl = (fns: Fn[], site: AggSite) => () => Accumulator;

export const aggregates = new Map<string, AggImpl>();

function reg(names: string | string[], impl: AggImpl): void {
  for (const n of Array.isArray(names) ? names : [names]) aggregates.set(n, impl);
}

/** `f_if(x, predicate)` from `f(x)`: the predicate is the last argument. */
function withIf(base: AggImpl): AggImpl {
  return (fns, site) => {
    const pred = fns[fns.length - 1]!;
    const inner = base(fns.slice(0, -1), { ...site, args: site.args.slice(0, -1) });
    return () => {
      const acc = inner();
      return {
        add: (row) => {
          if (pred(row) === true) acc.add(row);
        },
        result: () => acc.result(),
      };
    };
  };
}

const num = (v: unknown) => (typeof v === "bigint" ? Number(v) : (v as number));

reg("count", (fns) => {
  const f = fns[0];
  return () => {
    let n = 0;
    return {
      add: f
        ? (row) => {
            if (f(row) !== null) n++;
          }
        : () => {
            n++;
          },
      result: () => n,
    };
  };
});

reg("countif", (fns) => {
  const f = fns[0]!;
  return () => {
    let n = 0;
    return {
      add: (row) => {
        if (f(row) === true) n++;
      },
      result: () => n,
    };
  };
});

const dcount: AggImpl = (fns) => {
  const f = fns[0]!;
  return () => {
    const seen = new ValueSet(false);
    return {
      add: (row) => {
        const v = f(row);
        if (v !== null) seen.add(v);
      },
      result: () => seen.size,
    };
  };
};
reg(["dcount", "count_distinct"], dcount);
reg(
  ["dcountif", "count_distinctif"],
  withIf((fns, site) => dcount([fns[0]!], site)),
);

const sum: AggImpl = (fns, site) => {
  const f = fns[0]!;
  const type = site.type;
  return () => {
    let acc: number | bigint = type === "timespan" ? 0n : 0;
    let any = false;
    return {
      add: (row) => {
        const v = f(row);
        if (v === null) return;
        any = true;
        if (type === "real") acc = (acc as number) + num(v);
        else if (type === "timespan") acc = (acc as bigint) + (v as bigint);
        else if (typeof acc === "number" && typeof v === "number" && Number.isSafeInteger(acc + v))
          acc = acc + v;
        else acc = toBig(acc) + toBig(v as number | bigint);
      },
      // an empty group sums to 0, as Kusto shows for summarize over no rows
      result: () => {
        if (!any) return type === "timespan" ? 0n : 0;
        if (typeof acc === "bigint" && type !== "timespan") return longOf(acc);
        return acc;
      },
    };
  };
};
reg("sum", sum);
reg("sumif", withIf(sum));

const avg: AggImpl = (fns, site) => {
  const f = fns[0]!;
  const ticks = site.argTypes[0] === "timespan" || site.argTypes[0] === "datetime";
  return () => {
    let s = 0;
    let n = 0;
    return {
      add: (row) => {
        const v = f(row);
        if (v === null) return;
        s += num(v);
        n++;
      },
      result: () => (n === 0 ? (ticks ? null : Number.NaN) : ticks ? BigInt(Math.round(s / n)) : s / n),
    };
  };
};
reg("avg", avg);
reg("avgif", withIf(avg));

function extreme(sign: 1 | -1): AggImpl {
  return (fns) => {
    const f = fns[0]!;
    return () => {
      let best: unknown = null;
      return {
        add: (row) => {
          const v = f(row);
          if (v === null) return;
          if (typeof v === "number" && Number.isNaN(v)) return;
          if (best === null || compare(v, best) * sign > 0) best = v;
        },
        result: () => best,
      };
    };
  };
}
reg("max", extreme(1));
reg("min", extreme(-1));
reg("maxif", withIf(extreme(1)));
reg("minif", withIf(extreme(-1)));

const takeAny: AggImpl = (fns) => {
  return () => {
    let got: unknown[] | null = null;
    return {
      add: (row) => {
        if (got === null) {
          const vals = fns.map((f) => f(row));
          if (fns.length > 1 || vals[0] !== null) got = vals;
        }
      },
      result: () => (got === null ? null : got[0]),
    };
  };
};
reg(["take_any", "any"], takeAny);

function collect(kind: "set" | "list"): AggImpl {
  return (fns, site) => {
    const f = fns[0]!;
    const limit = site.constant(1);
    const max = typeof limit === "number" ? limit : typeof limit === "bigint" ? Number(limit) : 1048576;
    return () => {
      const out: unknown[] = [];
      const seen = kind === "set" ? new ValueSet(false) : null;
      return {
        add: (row) => {
          if (out.length >= max) return;
          const v = f(row);
          if (v === null) return;
          const items = Array.isArray(v) && site.argTypes[0] === "dynamic" ? v : [v];
          for (const item of items) {
            if (item === null && kind === "set") continue;
            if (seen && !seen.add(item)) continue;
            if (out.length < max) out.push(item);
          }
        },
        result: () => out,
      };
    };
  };
}
reg("make_set", collect("set"));
reg("make_list", collect("list"));
reg("make_set_if", (fns, site) => withIf(collect("set"))([fns[0]!, fns[1]!], site));
reg("make_list_if", (fns, site) => withIf(collect("list"))([fns[0]!, fns[1]!], site));
reg("make_list_with_nulls", (fns) => {
  const f = fns[0]!;
  return () => {
    const out: unknown[] = [];
    return {
      add: (row) => {
        out.push(f(row));
      },
      result: () => out,
    };
  };
});

reg(["make_bag", "make_bag_if"], (fns, site) => {
  const f = fns[0]!;
  const pred =
    site.args.length > 1 && site.node.ReferencedSymbol?.Name === "make_bag_if" ? fns[1] : undefined;
  return () => {
    const bag: Record<string, unknown> = {};
    return {
      add: (row) => {
        if (pred && pred(row) !== true) return;
        const v = f(row);
        if (v === null || typeof v !== "object" || Array.isArray(v)) return;
        for (const [k, x] of Object.entries(v)) if (!(k in bag)) bag[k] = x;
      },
      result: () => bag,
    };
  };
});

function variance(sample: boolean, root: boolean): AggImpl {
  return (fns) => {
    const f = fns[0]!;
    return () => {
      let n = 0;
      let mean = 0;
      let m2 = 0;
      return {
        add: (row) => {
          const v = f(row);
          if (v === null) return;
          const x = num(v);
          n++;
          const d = x - mean;
          mean += d / n;
          m2 += d * (x - mean);
        },
        result: () => {
          if (n === 0) return 0;
          const denom = sample ? n - 1 : n;
          const v = denom === 0 ? 0 : m2 / denom;
          return root ? Math.sqrt(v) : v;
        },
      };
    };
  };
}
reg("variance", variance(true, false));
reg("variancep", variance(false, false));
reg("stdev", variance(true, true));
reg("stdevp", variance(false, true));
reg("varianceif", withIf(variance(true, false)));
reg("stdevif", withIf(variance(true, true)));

/**
 * Exact percentiles by nearest rank: the smallest value with at least p % of the values at or
 * below it. Kusto estimates with t-digest, which agrees with this on small inputs.
 */
export function percentileAgg(fns: Fn[], site: AggSite, ps: number[]): () => Accumulator {
  const f = fns[0]!;
  void site;
  return () => {
    const values: unknown[] = [];
    return {
      add: (row) => {
        const v = f(row);
        if (v !== null && !(typeof v === "number" && Number.isNaN(v))) values.push(v);
      },
      result: () => {
        if (values.length === 0) return ps.map(() => null);
        values.sort(compare);
        return ps.map((p) => {
          const rank = Math.max(1, Math.ceil((p / 100) * values.length));
          return values[Math.min(values.length, rank) - 1];
        });
      },
    };
  };
}

/** arg_max / arg_min: the row where the first argument is extreme; extra columns in site.extraFns */
export function argExtreme(sign: 1 | -1): AggImpl {
  return (fns, site) => {
    const f = fns[0]!;
    const extras = site.extraFns ?? [];
    return () => {
      let best: unknown = null;
      let vals: unknown[] | null = null;
      return {
        add: (row) => {
          const v = f(row);
          if (v === null) {
            if (vals === null) vals = extras.map((g) => g(row));
            return;
          }
          if (best === null || compare(v, best) * sign > 0) {
            best = v;
            vals = extras.map((g) => g(row));
          }
        },
        result: () => [best, ...(vals ?? extras.map(() => null))],
      };
    };
  };
}

/** binary_all_and / _or / _xor: the bitwise fold of the non-null longs of the group (null if none). */
function bitwiseFold(op: (a: bigint, b: bigint) => bigint): AggImpl {
  return (fns) => {
    const f = fns[0]!;
    return () => {
      let acc: bigint | null = null;
      return {
        add: (row) => {
          const v = f(row);
          if (v === null) return;
          const b = BigInt(v as number | bigint);
          acc = acc === null ? b : op(acc, b);
        },
        result: () => (acc === null ? null : longOf(acc)),
      };
    };
  };
}
reg(
  "binary_all_and",
  bitwiseFold((a, b) => a & b),
);
reg(
  "binary_all_or",
  bitwiseFold((a, b) => a | b),
);
reg(
  "binary_all_xor",
  bitwiseFold((a, b) => a ^ b),
);

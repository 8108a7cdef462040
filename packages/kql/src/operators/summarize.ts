/** summarize: group keys hashed in nested maps, one accumulator per aggregate and group. */
import { type Accumulator, type AggSite, aggregates, argExtreme, percentileAgg } from "../aggregates.js";
import type { Ctx, Engine, Fn } from "../context.js";
import { callArgs, compileScalar, constantOf } from "../scalar.js";
import { ctxFor, elements, operators, type Scope, unnamed } from "../tabular.js";
import { isTabular, type KNode, kindOf, resultColumns, scalarTypeOf, unsupported } from "../tree.js";
import { type KqlColumn, keyOf, type Row, type Table } from "../values.js";

/** aggregates planned here rather than in the registry (several columns, or arguments read as constants) */
const MULTI = /^(arg_max|arg_min|percentiles?|percentiles_array|percentilew|percentilesw)$/;

interface AggPlan {
  /** accumulator factories, one per aggregate call found in the expression */
  factories: Array<() => Accumulator>;
  /** computes this output's cell(s) from the accumulators' results */
  width: number;
  finish: (results: unknown[]) => unknown[];
}

function aggName(node: KNode): string | undefined {
  if (kindOf(node) !== "FunctionCallExpression") return undefined;
  const name: string | undefined = node.ReferencedSymbol?.Name;
  return name && (aggregates.has(name) || MULTI.test(name)) ? name : undefined;
}

function siteFor(node: KNode, ctx: Ctx, name: string): AggSite {
  const args = callArgs(node);
  return {
    node,
    args,
    argTypes: args.map((a) => scalarTypeOf(a)),
    type: scalarTypeOf(node),
    ctx,
    constant: (i) => (args[i] ? constantOf(args[i], ctx) : undefined),
    refuse: (detail) => {
      throw unsupported(node, `${name}()`, detail);
    },
  };
}

/**
 * Plans one aggregate expression. `outCols` are the output columns this expression produces
 * (more than one for arg_max/arg_min).
 */
export function planAggregate(expr: KNode, ctx: Ctx, outCols: KqlColumn[], input: Table): AggPlan {
  const node = unnamed(expr);
  const name = aggName(node);
  if (name === "arg_max" || name === "arg_min") {
    const args = callArgs(node);
    const first = compileScalar(unnamed(args[0]), ctx);
    const extras: Fn[] = [];
    const star = args.slice(1).some((a) => kindOf(a) === "StarExpression");
    if (star) {
      for (const c of outCols.slice(1)) {
        // a column whose name a by-key already took comes out renamed with a digit (t → t1)
        const base = /^(.*?)\d+$/.exec(c.name)?.[1];
        const i = ctx.cols.get(c.name) ?? (base !== undefined ? ctx.cols.get(base) : undefined);
        if (i === undefined) throw unsupported(node, `${name}(…, *)`, `column ${c.name}`);
        extras.push((r) => r[i]);
      }
    } else {
      for (const a of args.slice(1)) extras.push(compileScalar(unnamed(a), ctx));
    }
    if (extras.length + 1 !== outCols.length) throw unsupported(node, `${name}()`, "output columns");
    const site = { ...siteFor(node, ctx, name), extraFns: extras };
    const factory = argExtreme(name === "arg_max" ? 1 : -1)([first], site);
    return { factories: [factory], width: outCols.length, finish: (res) => res[0] as unknown[] };
  }
  if (name && /^percentile/.test(name)) {
    const args = callArgs(node);
    if (name.endsWith("w")) throw unsupported(node, `${name}()`);
    const ps = args.slice(1).map((a, i) => {
      const v = constantOf(a, ctx);
      if (typeof v !== "number" && typeof v !== "bigint")
        throw unsupported(node, `${name}()`, `percentile ${i + 1}`);
      return Number(v);
    });
    const factory = percentileAgg([compileScalar(args[0], ctx)], siteFor(node, ctx, name), ps);
    if (name === "percentiles_array") return { factories: [factory], width: 1, finish: (res) => [res[0]] };
    if (ps.length !== outCols.length) throw unsupported(node, `${name}()`, "output columns");
    return { factories: [factory], width: ps.length, finish: (res) => res[0] as unknown[] };
  }
  if (name) {
    const args = callArgs(node);
    for (const a of args) if (isTabular(a)) throw unsupported(a, `${name}() with a tabular argument`);
    const fns = args.map((a) => (kindOf(a) === "StarExpression" ? () => 1 : compileScalar(a, ctx)));
    const factory = aggregates.get(name)!(fns, siteFor(node, ctx, name));
    return { factories: [factory], width: 1, finish: (res) => [res[0]] };
  }
  // an expression over aggregates, e.g. round(avg(x), 2) or count() * 100 / total
  const factories: Array<() => Accumulator> = [];
  const slots = new Map<KNode, number>();
  const collect = (n: KNode): void => {
    if (!n || n.IsToken) return;
    const an = aggName(n);
    if (an) {
      if (an === "arg_max" || an === "arg_min") throw unsupported(n, `${an}() inside an expression`);
      const plan = planAggregate(n, ctx, [outCols[0]!], input);
      slots.set(n, factories.length);
      factories.push(plan.factories[0]!);
      return;
    }
    for (let i = 0; i < n.ChildCount; i++) collect(n.GetChild(i));
  };
  collect(node);
  if (factories.length === 0)
    throw unsupported(node, "summarize", "an aggregate expression without an aggregate");
  const outer: Ctx = {
    ...ctx,
    aggregateSlot: (n: KNode) => {
      const i = slots.get(n);
      return i === undefined ? undefined : (r: Row) => r[i];
    },
  } as Ctx;
  const f = compileScalar(node, outer);
  return { factories, width: 1, finish: (res) => [f(res)] };
}

interface Group {
  keys: unknown[];
  accs: Accumulator[];
}

operators.set("SummarizeOperator", (op, input, engine: Engine, scope: Scope) => {
  const outCols = resultColumns(op);
  const ctx = ctxFor(engine, scope, input);
  const byExprs = op.ByClause ? elements(op.ByClause.Expressions) : [];
  const aggExprs = elements(op.Aggregates);
  const keyFns = byExprs.map((e) => compileScalar(unnamed(e), ctx));
  // output width of each aggregate: one column, except percentiles (one per percentile) and
  // arg_max/arg_min (the columns listed, or with `*` whatever the analyser's schema leaves)
  const isStar = (n: KNode) =>
    /^arg_(max|min)$/.test(aggName(n) ?? "") &&
    callArgs(n)
      .slice(1)
      .some((a) => kindOf(a) === "StarExpression");
  const widths = aggExprs.map((e) => {
    const n = unnamed(e);
    const name = aggName(n);
    if (isStar(n)) return -1;
    if (name === "arg_max" || name === "arg_min") return callArgs(n).length;
    if (name === "percentiles") return callArgs(n).length - 1;
    return 1;
  });
  const stars = widths.filter((w) => w < 0).length;
  if (stars > 1) throw unsupported(op, "summarize", "two arg_max/arg_min with *");
  const fixed = widths.reduce((a, w) => a + Math.max(w, 0), 0);
  const plans: AggPlan[] = [];
  let col = byExprs.length;
  aggExprs.forEach((e, k) => {
    const w = widths[k]! < 0 ? outCols.length - byExprs.length - fixed : widths[k]!;
    plans.push(planAggregate(e, ctx, outCols.slice(col, col + w), input));
    col += w;
  });
  if (col !== outCols.length) throw unsupported(op, "summarize", "output columns do not line up");

  const factories = plans.flatMap((p) => p.factories);
  const newGroup = (keys: unknown[]): Group => ({ keys, accs: factories.map((f) => f()) });
  const groups: Group[] = [];
  const rows = input.rows;
  const nk = keyFns.length;
  const cursor = ctx.cursor;
  cursor.rows = rows;
  if (nk === 0) {
    const g = newGroup([]);
    groups.push(g);
    for (let i = 0; i < rows.length; i++) {
      cursor.i = i;
      const r = rows[i]!;
      for (const a of g.accs) a.add(r);
    }
  } else {
    const root = new Map<unknown, unknown>();
    const keys = new Array<unknown>(nk);
    for (let i = 0; i < rows.length; i++) {
      cursor.i = i;
      const r = rows[i]!;
      let m = root;
      let g: Group | undefined;
      for (let j = 0; j < nk; j++) {
        const v = keyFns[j]!(r);
        keys[j] = v;
        const hk = v !== null && typeof v === "object" ? keyOf(v) : v;
        if (j < nk - 1) {
          let next = m.get(hk) as Map<unknown, unknown> | undefined;
          if (!next) {
            next = new Map();
            m.set(hk, next);
          }
          m = next;
        } else {
          g = m.get(hk) as Group | undefined;
          if (!g) {
            g = newGroup(keys.slice());
            m.set(hk, g);
            groups.push(g);
          }
        }
      }
      const accs = g!.accs;
      for (let a = 0; a < accs.length; a++) accs[a]!.add(r);
    }
  }
  const out: Row[] = groups.map((g) => {
    const row = g.keys.slice();
    let k = 0;
    for (const p of plans) {
      const results = p.factories.map(() => g.accs[k++]!.result());
      row.push(...p.finish(results));
    }
    return row;
  });
  return { columns: outCols, rows: out };
});

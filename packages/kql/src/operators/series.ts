/** make-series (basic): aggregates per bin of an axis given by from/to/step, per group. */
import { type Accumulator, aggregates } from "../aggregates.js";
import { toDynamic } from "../functions/dynamic.js";
import { callArgs, compileScalar, constantOf } from "../scalar.js";
import { ctxFor, declaredName, elements, operators, unnamed } from "../tabular.js";
import { type KNode, kindOf, resultColumns, scalarTypeOf, unsupported } from "../tree.js";
import { keyOf, type Row } from "../values.js";

operators.set("MakeSeriesOperator", (op, input, engine, scope) => {
  const outCols = resultColumns(op);
  if (elements(op.Parameters).length > 0) throw unsupported(op, "make-series", "kind= or other parameters");
  const range = op.RangeClause;
  if (!range || kindOf(range) !== "MakeSeriesFromToStepClause")
    throw unsupported(op, "make-series", "only `from … to … step …`");
  if (!range.MakeSeriesFromClause || !range.MakeSeriesToClause || !range.MakeSeriesStepClause)
    throw unsupported(op, "make-series", "from, to and step are all needed");
  const ctx = ctxFor(engine, scope, input);
  const constant = (n: KNode) => {
    const v = constantOf(n, ctx);
    return v === undefined ? compileScalar(n, ctx)([]) : v;
  };
  const from = constant(range.MakeSeriesFromClause.Expression);
  const to = constant(range.MakeSeriesToClause.Expression);
  const step = constant(range.MakeSeriesStepClause.Expression);
  if (from === null || to === null || step === null) throw unsupported(op, "make-series", "null range");
  const axisNode = op.OnClause.Expression;
  const axisType = scalarTypeOf(axisNode);
  const axisName = declaredName(axisNode);
  const axis = compileScalar(unnamed(axisNode), ctx);
  const ticks = typeof from === "bigint";
  const f = Number(from);
  const s = Number(step);
  if (!(s > 0)) throw unsupported(op, "make-series", "a step that is not positive");
  const nBins = ticks
    ? Number(((to as bigint) - (from as bigint) + (step as bigint) - 1n) / (step as bigint))
    : Math.ceil((Number(to) - f) / s);
  if (nBins > 100_000) throw unsupported(op, "make-series", "more than 100,000 bins");
  const binOf = (v: unknown): number => {
    if (v === null) return -1;
    const k = ticks
      ? Number(((v as bigint) - (from as bigint)) / (step as bigint)) -
        ((v as bigint) < (from as bigint) ? 1 : 0)
      : Math.floor((Number(v) - f) / s);
    return k >= 0 && k < nBins ? k : -1;
  };
  const aggs = elements(op.Aggregates).map((e: KNode) => {
    const expr = kindOf(e) === "MakeSeriesExpression" ? e.Expression : e;
    const call = unnamed(expr);
    const name: string | undefined = call.ReferencedSymbol?.Name;
    const impl = name ? aggregates.get(name) : undefined;
    if (!impl || kindOf(call) !== "FunctionCallExpression") throw unsupported(call, "make-series aggregate");
    const args = callArgs(call);
    const fns = args.map((a: KNode) => compileScalar(a, ctx));
    const factory = impl(fns, {
      node: call,
      args,
      argTypes: args.map((a: KNode) => scalarTypeOf(a)),
      type: scalarTypeOf(call),
      ctx,
      constant: (i) => (args[i] ? constantOf(args[i], ctx) : undefined),
      refuse: (detail) => {
        throw unsupported(call, `${name}()`, detail);
      },
    });
    const dflt =
      kindOf(e) === "MakeSeriesExpression" && e.DefaultExpression
        ? constant(e.DefaultExpression.Expression)
        : 0;
    return { factory, dflt, type: scalarTypeOf(call) };
  });
  const byExprs = op.ByClause ? elements(op.ByClause.Expressions) : [];
  const keyFns = byExprs.map((e: KNode) => compileScalar(unnamed(e), ctx));
  const groups = new Map<string, { keys: unknown[]; bins: Map<number, Accumulator[]> }>();
  for (const r of input.rows) {
    const keys = keyFns.map((k) => k(r));
    const gk = keys.map(keyOf).join("\u0000");
    let g = groups.get(gk);
    if (!g) {
      g = { keys, bins: new Map() };
      groups.set(gk, g);
    }
    const b = binOf(axis(r));
    if (b < 0) continue;
    let accs = g.bins.get(b);
    if (!accs) {
      accs = aggs.map((a) => a.factory());
      g.bins.set(b, accs);
    }
    for (const a of accs) a.add(r);
  }
  const axisValues = Array.from({ length: nBins }, (_, k) =>
    toDynamic(ticks ? (from as bigint) + BigInt(k) * (step as bigint) : f + k * s, axisType),
  );
  const rows: Row[] = [];
  for (const g of groups.values()) {
    const series = aggs.map((a, j) =>
      Array.from({ length: nBins }, (_, k) => {
        const accs = g.bins.get(k);
        return toDynamic(accs ? accs[j]!.result() : a.dflt, a.type);
      }),
    );
    const byName = new Map<string, unknown>();
    outCols.forEach((c, i) => {
      if (i < byExprs.length) byName.set(c.name, g.keys[i]);
    });
    const aggNames = outCols.slice(byExprs.length).filter((c) => c.name !== axisName);
    aggNames.forEach((c, j) => {
      byName.set(c.name, series[j]);
    });
    if (axisName) byName.set(axisName, axisValues);
    rows.push(outCols.map((c) => byName.get(c.name) ?? null));
  }
  return { columns: outCols, rows };
});

/**
 * top-nested: per level, the rows are grouped by the level's `of` expression, each group is
 * ranked by the level's aggregate (descending unless `asc`), the top N groups (all without N) are
 * kept, and the next level runs inside each kept group. A tie at the cut is refused (which of the
 * tied groups Kusto keeps is not documented), and so is `with others`.
 */
import type { Accumulator } from "../aggregates.js";
import type { Fn } from "../context.js";
import { compare } from "../ops.js";
import { compileScalar } from "../scalar.js";
import { ctxFor, elements, operators, unnamed } from "../tabular.js";
import { type KNode, kindOf, resultColumns, unsupported } from "../tree.js";
import { keyOf, type Row } from "../values.js";
import { countArg } from "./basic.js";
import { planAggregate } from "./summarize.js";

interface Level {
  clause: KNode;
  limit: number | null;
  of: Fn;
  factories: Array<() => Accumulator>;
  finish: (results: unknown[]) => unknown[];
  desc: boolean;
}

operators.set("TopNestedOperator", (op, input, engine, scope) => {
  const ctx = ctxFor(engine, scope, input);
  const columns = resultColumns(op);
  const clauses = elements(op.Clauses);
  if (columns.length !== clauses.length * 2) throw unsupported(op, "top-nested", "output columns");
  const levels: Level[] = clauses.map((clause, i) => {
    if (clause.WithOthersClause) throw unsupported(clause.WithOthersClause, "top-nested", "with others");
    let by = clause.ByExpression;
    let desc = true;
    if (kindOf(by) === "OrderedExpression") {
      const o = by.Ordering;
      if (o?.NullsClause) throw unsupported(by, "top-nested", "nulls first/last");
      if (o?.AscOrDescKeyword?.Text) desc = String(o.AscOrDescKeyword.Text).toLowerCase() === "desc";
      by = by.Expression;
    }
    const plan = planAggregate(by, ctx, [columns[i * 2 + 1]!], input);
    if (plan.width !== 1) throw unsupported(by, "top-nested", "an aggregate of several columns");
    return {
      clause,
      limit: clause.Expression ? countArg(clause.Expression, engine, scope, "top-nested") : null,
      of: compileScalar(unnamed(clause.OfExpression), ctx),
      factories: plan.factories,
      finish: plan.finish,
      desc,
    };
  });

  const out: Row[] = [];
  const descend = (rows: Row[], depth: number, prefix: unknown[]): void => {
    if (depth === levels.length) {
      out.push(prefix);
      return;
    }
    const level = levels[depth]!;
    const groups = new Map<string, { key: unknown; rows: Row[]; accs: Accumulator[] }>();
    for (const r of rows) {
      const key = level.of(r);
      const k = keyOf(key);
      let g = groups.get(k);
      if (!g) {
        g = { key, rows: [], accs: level.factories.map((f) => f()) };
        groups.set(k, g);
      }
      g.rows.push(r);
      for (const a of g.accs) a.add(r);
    }
    const ranked = [...groups.values()].map((g) => ({
      ...g,
      value: level.finish(g.accs.map((a) => a.result()))[0],
    }));
    ranked.sort((a, b) => {
      if (a.value === null || b.value === null) return a.value === b.value ? 0 : a.value === null ? 1 : -1;
      const c = compare(a.value, b.value);
      return level.desc ? -c : c;
    });
    const limit = level.limit ?? ranked.length;
    if (limit < ranked.length && limit > 0 && compare(ranked[limit - 1]!.value, ranked[limit]!.value) === 0)
      throw unsupported(level.clause, "top-nested", "groups tied at the cut");
    for (const g of ranked.slice(0, limit)) descend(g.rows, depth + 1, [...prefix, g.key, g.value]);
  };
  descend(input.rows, 0, []);
  return { columns, rows: out };
});

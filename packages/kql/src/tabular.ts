/**
 * Tabular evaluation: each operator node of the bound tree is applied to its input table once;
 * the scalar expressions inside are compiled to closures before the row loop starts.
 */
import { type Ctx, columnIndex, type Engine, type Fn, rowCtx, Scope } from "./context.js";
import { bindLet, callArgs, compileScalar } from "./scalar.js";
import {
  elements,
  isTabular,
  type KNode,
  kindOf,
  resultColumns,
  symbolClass,
  textOf,
  unsupported,
} from "./tree.js";
import { parseDatetime, type Row, type Table } from "./values.js";

export type OperatorImpl = (op: KNode, input: Table, engine: Engine, scope: Scope) => Table;

/** Operators after a pipe, by SyntaxKind name. Filled by the operator modules. */
export const operators = new Map<string, OperatorImpl>();

/** Fused implementations of operator chains (set by the operator modules). */
export const chains: {
  /** extends applied in order; with `project`, the output is that project's (column names only) */
  extend?: (ops: KNode[], input: Table, engine: Engine, scope: Scope, project?: KNode) => Table;
} = {};

/** Window functions read neighbouring rows of their input: an extend using them is not fused. */
const WINDOW_CALL = /\b(prev|next|row_number|row_cumsum|row_rank_\w+|row_window_session)\s*\(/;

/** Tabular expressions that start a pipeline (or stand alone), by SyntaxKind name. */
export const sources = new Map<string, (node: KNode, engine: Engine, scope: Scope) => Table>();

/**
 * `implicit` is the input of a pipeline that starts with an operator (the subquery of mv-apply,
 * of `as`-less facets…); top-level sources like print, range and union have none.
 */
export function evalTabular(node: KNode, engine: Engine, scope: Scope, implicit?: Table): Table {
  const kind = kindOf(node);
  if (kind === "PipeExpression") {
    // after bag_unpack (or another open schema) the analyser no longer knows the columns, and
    // every operator here takes its output schema from the analyser: refuse rather than guess
    if (node.Expression?.ResultType?.IsOpen && kindOf(node.Expression) === "PipeExpression")
      throw unsupported(
        node.Operator,
        operatorName(node.Operator),
        "after an operator whose columns only the data decides",
      );
    if (chains.extend && kindOf(node.Operator) === "ExtendOperator") {
      const { ops, base } = extendChain(node);
      if (ops.length > 1)
        return chains.extend(ops, evalTabular(base, engine, scope, implicit), engine, scope);
    }
    // extends then a project of column names (how rules end): one pass, no intermediate table
    if (
      chains.extend &&
      kindOf(node.Operator) === "ProjectOperator" &&
      kindOf(node.Expression) === "PipeExpression" &&
      kindOf(node.Expression.Operator) === "ExtendOperator" &&
      !node.Expression.Expression?.ResultType?.IsOpen &&
      projectsColumnsOnly(node.Operator)
    ) {
      const { ops, base } = extendChain(node.Expression);
      return chains.extend(ops, evalTabular(base, engine, scope, implicit), engine, scope, node.Operator);
    }
    const input = evalTabular(node.Expression, engine, scope, implicit);
    return applyOperator(node.Operator, input, engine, scope);
  }
  if (kind === "ParenthesizedExpression" && implicit)
    return evalTabular(node.Expression, engine, scope, implicit);
  const src = sources.get(kind);
  if (src) return src(node, engine, scope);
  // an operator used as a source (print, range, union, datatable…)
  const op = operators.get(kind);
  if (op) return op(node, implicit ?? { columns: [], rows: [] }, engine, scope);
  throw unsupported(node, kind);
}

/** The extends ending at `node` (a pipe into an extend) that can run as one pass, and their input. */
function extendChain(node: KNode): { ops: KNode[]; base: KNode } {
  const ops = [node.Operator];
  let base = node.Expression;
  while (
    kindOf(base) === "PipeExpression" &&
    kindOf(base.Operator) === "ExtendOperator" &&
    !WINDOW_CALL.test(textOf(ops[0])) &&
    !WINDOW_CALL.test(textOf(base.Operator)) &&
    !base.Expression?.ResultType?.IsOpen
  ) {
    ops.unshift(base.Operator);
    base = base.Expression;
  }
  return { ops, base };
}

/** A project whose every expression is a plain column name, output under that name (no renames, no computed values). */
function projectsColumnsOnly(op: KNode): boolean {
  const exprs = elements(op.Expressions);
  const out = resultColumns(op);
  return (
    exprs.length === out.length &&
    exprs.every(
      (e, i) =>
        kindOf(e) === "NameReference" &&
        symbolClass(e.ReferencedSymbol) === "ColumnSymbol" &&
        e.SimpleName === out[i]!.name,
    )
  );
}

export function applyOperator(op: KNode, input: Table, engine: Engine, scope: Scope): Table {
  const kind = kindOf(op);
  const impl = operators.get(kind);
  if (!impl) throw unsupported(op, operatorName(op));
  return impl(op, input, engine, scope);
}

export function operatorName(op: KNode): string {
  const kw = op.GetFirstToken?.()?.Text;
  return typeof kw === "string" && kw ? kw : kindOf(op);
}

export function ctxFor(engine: Engine, scope: Scope, table: Table): Ctx {
  return rowCtx(engine, scope, table);
}

/** The name an expression gets as an output column (named expression, column reference, or the analyser's). */
export function declaredName(expr: KNode): string | undefined {
  const kind = kindOf(expr);
  if (kind === "SimpleNamedExpression") return expr.Name.SimpleName;
  if (kind === "NameReference") return expr.SimpleName;
  return undefined;
}

export function unnamed(expr: KNode): KNode {
  return kindOf(expr) === "SimpleNamedExpression" ? expr.Expression : expr;
}

/** Rows with their cells reordered/computed from compiled closures. */
export function mapRows(rows: Row[], fns: Fn[], ctx: Ctx): Row[] {
  const out = new Array<Row>(rows.length);
  const cursor = ctx.cursor;
  cursor.rows = rows;
  const n = fns.length;
  for (let i = 0; i < rows.length; i++) {
    cursor.i = i;
    const r = rows[i]!;
    const o = new Array<unknown>(n);
    for (let j = 0; j < n; j++) o[j] = fns[j]!(r);
    out[i] = o;
  }
  return out;
}

/** The body of a called tabular function: its lets, then its final expression. */
export function runFunctionBody(body: KNode, engine: Engine, scope: Scope): Table {
  if (kindOf(body) === "FunctionBody")
    return evalQueryBlock(elements(body.Statements), engine, scope, body.Expression);
  return evalTabular(body, engine, scope);
}

/** Evaluates the statements of a query block (lets) and returns the final tabular or scalar result. */
export function evalQueryBlock(
  statements: KNode[],
  engine: Engine,
  scope: Scope,
  finalExpression?: KNode,
): Table {
  let last: KNode | undefined = finalExpression;
  const ctx = rowCtx(engine, scope, { columns: [], rows: [] });
  for (const st of statements) {
    const k = kindOf(st);
    if (k === "LetStatement") bindLet(st, ctx);
    else if (k === "ExpressionStatement") last = st.Expression;
    else if (k === "SetOptionStatement") applySetOption(st, ctx);
    else if (k === "QueryParametersStatement") continue;
    else throw unsupported(st, k);
  }
  if (!last) return { columns: [], rows: [] };
  if (isTabular(last)) return evalTabular(last, engine, scope);
  // a scalar query (rare): one row, one column
  const f = compileScalar(last, ctx);
  const cols = resultColumns(last);
  return { columns: cols.length ? cols : [{ name: "print_0", type: "dynamic" }], rows: [[f([])]] };
}

/**
 * Request options that cannot change a result (limits, timeouts, tracing) are accepted and ignored;
 * `query_now` moves the clock of the statements after it; any other option could change the answer,
 * so it is refused rather than ignored.
 */
const RESULT_NEUTRAL_OPTIONS = new Set([
  "notruncation",
  "norequesttimeout",
  "servertimeout",
  "querytrace",
  "query_results_cache_max_age",
  "maxmemoryconsumptionperiterator",
  "max_memory_consumption_per_query_per_node",
  "request_app_name",
  "request_readonly",
  "request_user",
]);

function applySetOption(statement: KNode, ctx: Ctx): void {
  const name = String(statement.Name?.SimpleName ?? "").toLowerCase();
  if (RESULT_NEUTRAL_OPTIONS.has(name)) return;
  if (name === "query_now") {
    const value = statement.ValueClause?.GetChild(1);
    // a datetime value is bigint ticks inside the engine; a string would be the text form
    const now = value ? compileScalar(value, ctx)([]) : null;
    const ticks = typeof now === "bigint" ? now : typeof now === "string" ? parseDatetime(now) : null;
    if (ticks !== null) {
      ctx.engine.now = ticks;
      return;
    }
  }
  throw unsupported(statement, `set ${name}`);
}

export { callArgs, columnIndex, elements, Scope };

/**
 * search with a predicate over columns: the union of its sources (the `in (…)` tables, else the
 * database's tables and the views the query declares), with `$table` naming each row's source,
 * filtered by the predicate. Refused: free-text terms (`"term"`, `* has …`, `column:"term"`),
 * `kind=` and other parameters, `database()` scopes, and sources whose column types differ from
 * the analyser's merged schema.
 */
import type { Engine } from "../context.js";
import { Scope } from "../context.js";
import { compileScalar } from "../scalar.js";
import { ctxFor, elements, evalTabular, operators, runFunctionBody } from "../tabular.js";
import { type KNode, kindOf, resultColumns, textOf, unsupported, walkNodes } from "../tree.js";
import type { Row, Table } from "../values.js";

const TERM_PARENTS = new Set(["AndExpression", "OrExpression", "ParenthesizedExpression", "SearchOperator"]);

function refuseFreeText(condition: KNode): void {
  walkNodes(condition, (n: KNode) => {
    const k = kindOf(n);
    if (k === "SearchExpression" || k === "StarExpression") throw unsupported(n, "search", "free-text terms");
    if (k === "StringLiteralExpression" && n.Parent && TERM_PARENTS.has(kindOf(n.Parent)))
      throw unsupported(n, "search", "free-text terms");
  });
}

/** The views (`let V = view () {…}`) declared before `op` in its query block, by name. */
function viewsBefore(op: KNode): Array<{ name: string; decl: KNode }> {
  let block = op.Parent;
  while (block && kindOf(block) !== "QueryBlock" && kindOf(block) !== "FunctionBody") block = block.Parent;
  if (!block) return [];
  const views: Array<{ name: string; decl: KNode }> = [];
  for (const st of elements(block.Statements)) {
    if (typeof st.TextStart === "number" && st.TextStart >= op.TextStart) break;
    if (kindOf(st) !== "LetStatement") continue;
    const decl = st.Expression;
    if (kindOf(decl) === "FunctionDeclaration" && decl.ViewKeyword) {
      if (elements(decl.Parameters?.Parameters).length > 0)
        throw unsupported(st, "search", "a view with parameters");
      views.push({ name: String(st.Name.SimpleName), decl });
    }
  }
  return views;
}

function sources(op: KNode, engine: Engine, scope: Scope): Array<{ name: string; table: Table }> {
  if (op.InClause) {
    return elements(op.InClause.Expressions).map((e: KNode) => {
      if (kindOf(e) !== "NameReference")
        throw unsupported(e, "search", "an in-clause source other than a table name");
      return { name: String(e.SimpleName), table: evalTabular(e, engine, scope) };
    });
  }
  const out: Array<{ name: string; table: Table }> = [];
  for (const [name, table] of engine.tables) out.push({ name, table });
  for (const v of viewsBefore(op))
    out.push({ name: v.name, table: runFunctionBody(v.decl.Body, engine, new Scope(scope)) });
  return out;
}

operators.set("SearchOperator", (op, _input, engine, scope) => {
  if (elements(op.Parameters).length > 0) throw unsupported(op, "search", "parameters");
  if (op.DataScope) throw unsupported(op.DataScope, "search", textOf(op.DataScope));
  refuseFreeText(op.Condition);
  const columns = resultColumns(op);
  if (columns[0]?.name !== "$table") throw unsupported(op, "search", "output columns");
  const rows: Row[] = [];
  for (const { name, table } of sources(op, engine, scope)) {
    const picks = columns.map((c, j) => {
      if (j === 0) return -1;
      const i = table.columns.findIndex((s) => s.name === c.name);
      if (i >= 0 && table.columns[i]!.type !== c.type)
        throw unsupported(
          op,
          "search",
          `column ${c.name} of ${name} has another type than the merged schema`,
        );
      return i;
    });
    for (const c of table.columns)
      if (!columns.some((o) => o.name === c.name))
        throw unsupported(op, "search", `column ${c.name} of ${name}`);
    for (const r of table.rows)
      rows.push(
        picks.map((i, j) => (j === 0 ? name : i >= 0 ? r[i] : columns[j]!.type === "string" ? "" : null)),
      );
  }
  const predicate = compileScalar(op.Condition, ctxFor(engine, scope, { columns, rows }));
  return { columns, rows: rows.filter((r) => predicate(r) === true) };
});

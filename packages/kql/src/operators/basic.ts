/** Row-wise operators and simple sources: where, extend, project*, take, count, print, datatable… */
import type { Engine, Fn } from "../context.js";
import { callScope, compileScalar, constantOf, literalValue } from "../scalar.js";
import {
  chains,
  ctxFor,
  declaredName,
  elements,
  evalTabular,
  mapRows,
  operators,
  runFunctionBody,
  type Scope,
  sources,
  unnamed,
} from "../tabular.js";
import {
  type KNode,
  kindOf,
  resultColumns,
  scalarTypeOf,
  symbolClass,
  toArray,
  unsupported,
} from "../tree.js";
import { coerceCell, type KqlColumn, type Row, type Table } from "../values.js";

// ---------------------------------------------------------------------------------------------
// sources
// ---------------------------------------------------------------------------------------------

function tableByName(node: KNode, engine: Engine, scope: Scope): Table {
  const sym = node.ReferencedSymbol;
  const cls = symbolClass(sym);
  const name: string = sym?.Name ?? node.SimpleName;
  if (cls === "FunctionSymbol") return callTabularFunction(node, engine, scope);
  const b = scope.get(name);
  if (b?.kind === "table") return b.get();
  if (cls === "TableSymbol") {
    const t = engine.readTable(name, node);
    if (t) return t;
  }
  throw unsupported(node, `table ${name}`);
}

function callTabularFunction(node: KNode, engine: Engine, scope: Scope): Table {
  const expansion = node.GetExpansion?.();
  if (!expansion) throw unsupported(node, `${node.ReferencedSymbol?.Name ?? "function"}()`);
  const inner = callScope(node, ctxFor(engine, scope, { columns: [], rows: [] }));
  return runFunctionBody(expansion, engine, inner);
}

sources.set("NameReference", tableByName);
sources.set("FunctionCallExpression", callTabularFunction);
sources.set("ParenthesizedExpression", (node, engine, scope) => evalTabular(node.Expression, engine, scope));
sources.set("MaterializeExpression", (node, engine, scope) => evalTabular(node.Expression, engine, scope));
sources.set("ToTableExpression", (node, engine, scope) => evalTabular(node.Expression, engine, scope));

sources.set("DataTableExpression", (node, engine, scope) => {
  const columns = resultColumns(node);
  const ctx = ctxFor(engine, scope, { columns: [], rows: [] });
  const values = elements(node.Values);
  const n = columns.length;
  if (n === 0) return { columns, rows: [] };
  if (values.length % n !== 0)
    throw unsupported(node, "datatable", "value count is not a multiple of the columns");
  const rows: Row[] = [];
  for (let i = 0; i < values.length; i += n) {
    const row = new Array<unknown>(n);
    for (let j = 0; j < n; j++) {
      const vnode = values[i + j];
      let v = constantOf(vnode, ctx);
      if (v === undefined) v = compileScalar(vnode, ctx)([]);
      row[j] = convertTo(v, scalarTypeOf(vnode), columns[j]!, vnode);
    }
    rows.push(row);
  }
  return { columns, rows };
});

/** A datatable cell given as a literal of another type (a long in a real column, …). */
function convertTo(v: unknown, from: string, col: KqlColumn, node: KNode): unknown {
  if (v === null) return col.type === "string" ? "" : null;
  if (from === col.type || col.type === "dynamic") return v;
  if (col.type === "real" && (from === "long" || from === "int")) return Number(v);
  if (col.type === "long" && from === "int") return v;
  try {
    return coerceCell(v, col.type);
  } catch {
    throw unsupported(node, "datatable", `a ${from} in ${col.type} column ${col.name}`);
  }
}

// ---------------------------------------------------------------------------------------------
// where, extend, project
// ---------------------------------------------------------------------------------------------

operators.set("FilterOperator", (op, input, engine, scope) => {
  const ctx = ctxFor(engine, scope, input);
  const pred = compileScalar(op.Condition, ctx);
  const rows = input.rows;
  const out: Row[] = [];
  const cursor = ctx.cursor;
  cursor.rows = rows;
  for (let i = 0; i < rows.length; i++) {
    cursor.i = i;
    const r = rows[i]!;
    if (pred(r) === true) out.push(r);
  }
  return { columns: input.columns, rows: out };
});

/**
 * extend, for one operator or a chain of consecutive ones (fused: one pass, one row copy). Each
 * operator's expressions are compiled against the working row as the previous ones left it (input
 * cells, then each new column, replaced columns in place); the output order is the analyser's.
 */
export function applyExtends(
  ops: KNode[],
  input: Table,
  engine: Engine,
  scope: Scope,
  project?: KNode,
): Table {
  const outCols = resultColumns(project ?? ops[ops.length - 1]);
  const ctx = ctxFor(engine, scope, input);
  const fns: Fn[] = [];
  const targets: number[] = [];
  /** end index (in fns) of each operator's expressions: all of one extend read the row before it */
  const groupEnds: number[] = [];
  let width = input.columns.length;
  for (const op of ops) {
    const exprs = elements(op.Expressions);
    const before = new Set(ctx.cols.keys());
    const named = new Set(exprs.map(declaredName).filter((n): n is string => !!n));
    const generated = resultColumns(op)
      .filter((c) => !before.has(c.name) && !named.has(c.name))
      .map((c) => c.name);
    // an extend sees only the columns before it: compile all its expressions, then add them
    const added: Array<{ name: string; type: KqlColumn["type"] }> = [];
    for (const e of exprs) {
      if (kindOf(e) === "CompoundNamedExpression") throw unsupported(e, "extend (a, b) = …");
      const name = declaredName(e) ?? generated.shift();
      if (!name) throw unsupported(e, "extend", "cannot name the column");
      fns.push(compileScalar(unnamed(e), ctx));
      added.push({ name, type: scalarTypeOf(unnamed(e)) });
    }
    for (const a of added) {
      let idx = ctx.cols.get(a.name);
      if (idx === undefined) {
        idx = width++;
        ctx.cols.set(a.name, idx);
        ctx.colTypes.push(a.type);
      } else ctx.colTypes[idx] = a.type;
      targets.push(idx);
    }
    groupEnds.push(fns.length);
  }
  const order = outCols.map((c) => {
    const i = ctx.cols.get(c.name);
    if (i === undefined) throw unsupported(ops[ops.length - 1], "extend", `output column ${c.name}`);
    return i;
  });
  const identity = order.length === width && order.every((i, j) => i === j);
  // a caller's table is converted straight into the working row (its rows are built only if a
  // window function asks for them through the cursor)
  const source = input.source;
  const rows = source ? undefined : input.rows;
  const n = source ? source.length : rows!.length;
  const out = new Array<Row>(n);
  const cursor = ctx.cursor;
  if (rows) cursor.rows = rows;
  const vals = new Array<unknown>(fns.length);
  const inWidth = input.columns.length;
  // when the output reorders or drops columns, one working row serves every input row (its new
  // columns are written before anything reads them); else it is the output row
  const scratch = identity ? undefined : new Array<unknown>(width);
  for (let i = 0; i < n; i++) {
    cursor.i = i;
    // the output row at its final width in one allocation (a copy that grows would reallocate)
    const w = scratch ?? new Array<unknown>(width);
    if (source) source.cellsInto(i, w);
    else {
      const src = rows![i]!;
      for (let c = 0; c < inWidth; c++) w[c] = src[c];
    }
    let k = 0;
    for (const end of groupEnds) {
      const start = k;
      // an extend's expressions all read the row before it: compute them all, then write
      for (; k < end; k++) vals[k] = fns[k]!(w);
      for (let j = start; j < end; j++) w[targets[j]!] = vals[j];
    }
    if (identity) out[i] = w;
    else {
      const o = new Array<unknown>(order.length);
      for (let j = 0; j < order.length; j++) o[j] = w[order[j]!];
      out[i] = o;
    }
  }
  return { columns: outCols, rows: out };
}

operators.set("ExtendOperator", (op, input, engine, scope) => applyExtends([op], input, engine, scope));
chains.extend = applyExtends;

operators.set("ProjectOperator", (op, input, engine, scope) => {
  const outCols = resultColumns(op);
  const exprs = elements(op.Expressions);
  const widths = exprs.map(tupleWidth);
  if (widths.reduce((a, b) => a + b, 0) !== outCols.length)
    throw unsupported(op, "project", "output columns do not match expressions");
  const ctx = ctxFor(engine, scope, input);
  const fns = exprs.map((e) => {
    if (kindOf(e) === "CompoundNamedExpression") throw unsupported(e, "project (a, b) = …");
    return compileScalar(unnamed(e), ctx);
  });
  if (widths.every((w) => w === 1)) return { columns: outCols, rows: mapRows(input.rows, fns, ctx) };
  const rows = mapRows(input.rows, fns, ctx).map((r) => r.flatMap((v, i) => spread(v, widths[i]!)));
  return { columns: outCols, rows };
});

/**
 * A function returning several values (array_sort_asc of several arrays, series_stats) has a
 * tuple type: the analyser gives it one output column per value, and the function returns them
 * as an array.
 */
function tupleWidth(expr: KNode): number {
  const t = unnamed(expr).ResultType;
  return symbolClass(t) === "TupleSymbol" ? toArray(t.Columns).length : 1;
}
function spread(v: unknown, width: number): unknown[] {
  if (width === 1) return [v];
  return Array.isArray(v) ? v : new Array(width).fill(null);
}

/** project-away, project-keep, project-reorder, project-rename: output columns picked by name. */
function byNames(op: KNode, input: Table): Table {
  const outCols = resultColumns(op);
  const renames = new Map<string, string>();
  if (kindOf(op) === "ProjectRenameOperator") {
    for (const e of elements(op.Expressions)) {
      if (kindOf(e) !== "SimpleNamedExpression") throw unsupported(e, "project-rename");
      renames.set(e.Name.SimpleName, e.Expression.SimpleName);
    }
  }
  const idx = new Map(input.columns.map((c, i) => [c.name, i]));
  const picks = outCols.map((c) => {
    const i = idx.get(renames.get(c.name) ?? c.name);
    if (i === undefined) throw unsupported(op, "project-*", `column ${c.name}`);
    return i;
  });
  return { columns: outCols, rows: input.rows.map((r) => picks.map((i) => r[i])) };
}
operators.set("ProjectAwayOperator", (op, input) => byNames(op, input));
operators.set("ProjectKeepOperator", (op, input) => byNames(op, input));
operators.set("ProjectReorderOperator", (op, input) => byNames(op, input));
operators.set("ProjectRenameOperator", (op, input) => byNames(op, input));

// ---------------------------------------------------------------------------------------------
// take, count, print, as, serialize, getschema
// ---------------------------------------------------------------------------------------------

export function countArg(node: KNode, engine: Engine, scope: Scope, what: string): number {
  const ctx = ctxFor(engine, scope, { columns: [], rows: [] });
  let v = constantOf(node, ctx);
  if (v === undefined) v = compileScalar(node, ctx)([]);
  if (typeof v === "bigint") v = Number(v);
  if (typeof v !== "number") throw unsupported(node, what, "row count is not a number");
  return Math.max(0, Math.trunc(v));
}

operators.set("TakeOperator", (op, input, engine, scope) => {
  const n = countArg(op.Expression, engine, scope, "take");
  return { columns: input.columns, rows: input.rows.slice(0, n) };
});

operators.set("CountOperator", (op, input) => ({
  columns: resultColumns(op),
  rows: [[input.rows.length]],
}));

operators.set("PrintOperator", (op, _input, engine, scope) => {
  const outCols = resultColumns(op);
  const ctx = ctxFor(engine, scope, { columns: [], rows: [] });
  const exprs = elements(op.Expressions);
  const fns = exprs.map((e) => compileScalar(unnamed(e), ctx));
  const row = fns.flatMap((f, i) => spread(f([]), tupleWidth(exprs[i])));
  return { columns: outCols, rows: [row] };
});

operators.set("AsOperator", (op, input, _engine, scope) => {
  const name: string = op.Name.SimpleName;
  scope.set(name, { kind: "table", get: () => input });
  return input;
});

operators.set("SerializeOperator", (op, input, engine, scope) => {
  if (elements(op.Expressions).length === 0) return input;
  return operators.get("ExtendOperator")!(op, input, engine, scope);
});

operators.set("GetSchemaOperator", (op, input) => ({
  columns: resultColumns(op),
  rows: input.columns.map((c, i) => [c.name, i, `System.${dotnetName(c.type)}`, c.type]),
}));

function dotnetName(t: string): string {
  return (
    {
      bool: "Boolean",
      int: "Int32",
      long: "Int64",
      real: "Double",
      decimal: "Data.SqlTypes.SqlDecimal",
      string: "String",
      datetime: "DateTime",
      timespan: "TimeSpan",
      guid: "Guid",
      dynamic: "Object",
    } as Record<string, string>
  )[t]!;
}

operators.set("RangeOperator", (op, _input, engine, scope) => {
  const outCols = resultColumns(op);
  const ctx = ctxFor(engine, scope, { columns: [], rows: [] });
  const from = compileScalar(op.From, ctx)([]);
  const to = compileScalar(op.To, ctx)([]);
  const step = compileScalar(op.Step, ctx)([]);
  const rows: Row[] = [];
  if (from === null || to === null || step === null) return { columns: outCols, rows };
  const type = outCols[0]!.type;
  // an in-memory engine for detection tests: larger generated inputs are refused, not attempted
  const LIMIT = 1_000_000;
  if (type === "datetime" || type === "timespan") {
    const s = step as bigint;
    if (s === 0n) throw unsupported(op, "range", "step 0");
    for (let v = from as bigint; s > 0n ? v <= (to as bigint) : v >= (to as bigint); v += s) {
      rows.push([v]);
      if (rows.length > LIMIT) throw unsupported(op, "range", "more than 1,000,000 rows");
    }
  } else {
    const s = Number(step);
    if (s === 0) throw unsupported(op, "range", "step 0");
    const f = Number(from);
    const t = Number(to);
    for (let k = 0; ; k++) {
      const v = f + k * s;
      if (s > 0 ? v > t : v < t) break;
      rows.push([type === "real" ? v : v]);
      if (rows.length > LIMIT) throw unsupported(op, "range", "more than 1,000,000 rows");
    }
  }
  return { columns: outCols, rows };
});

export { literalValue };

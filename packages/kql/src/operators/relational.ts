/** sort, top, distinct, union, join, lookup, mv-expand. */
import type { Engine, Fn } from "../context.js";
import { compare } from "../ops.js";
import { compileScalar } from "../scalar.js";
import { ctxFor, declaredName, elements, evalTabular, operators, type Scope, unnamed } from "../tabular.js";
import { type KNode, kindOf, resultColumns, textOf, unsupported } from "../tree.js";
import { coerceCell, type KqlType, keyOf, type Row, type Table, toKqlString } from "../values.js";
import { countArg } from "./basic.js";

function params(op: KNode): Map<string, KNode> {
  const m = new Map<string, KNode>();
  for (const p of elements(op.Parameters)) m.set(String(p.Name.SimpleName).toLowerCase(), p.Expression);
  return m;
}

// ---------------------------------------------------------------------------------------------
// sort / top
// ---------------------------------------------------------------------------------------------

interface SortKey {
  fn: Fn;
  desc: boolean;
  nullsFirst: boolean;
}

function sortKeys(exprs: KNode[], input: Table, engine: Engine, scope: Scope): SortKey[] {
  const ctx = ctxFor(engine, scope, input);
  return exprs.map((e) => {
    let expr = e;
    let desc = true;
    let nullsFirst: boolean | undefined;
    if (kindOf(e) === "OrderedExpression") {
      expr = e.Expression;
      const o = e.Ordering;
      if (o?.AscOrDescKeyword?.Text) desc = String(o.AscOrDescKeyword.Text).toLowerCase() === "desc";
      const nulls = o?.NullsClause?.FirstOrLastKeyword?.Text;
      if (nulls) nullsFirst = String(nulls).toLowerCase() === "first";
    }
    // Kusto: ascending puts nulls first, descending puts them last, unless told otherwise
    return { fn: compileScalar(expr, ctx), desc, nullsFirst: nullsFirst ?? !desc };
  });
}

function sortRows(rows: Row[], keys: SortKey[]): Row[] {
  const decorated = rows.map((r, i) => ({ r, i, k: keys.map((k) => k.fn(r)) }));
  decorated.sort((a, b) => {
    for (let j = 0; j < keys.length; j++) {
      const { desc, nullsFirst } = keys[j]!;
      const x = a.k[j];
      const y = b.k[j];
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === nullsFirst ? -1 : 1;
      }
      const c = compare(x, y);
      if (c !== 0) return desc ? -c : c;
    }
    return a.i - b.i;
  });
  return decorated.map((d) => d.r);
}

operators.set("SortOperator", (op, input, engine, scope) => ({
  columns: input.columns,
  rows: sortRows(input.rows, sortKeys(elements(op.Expressions), input, engine, scope)),
}));

operators.set("TopOperator", (op, input, engine, scope) => {
  const n = countArg(op.Expression, engine, scope, "top");
  const keys = sortKeys([op.ByExpression], input, engine, scope);
  return { columns: input.columns, rows: sortRows(input.rows, keys).slice(0, n) };
});

operators.set("DistinctOperator", (op, input, engine, scope) => {
  const outCols = resultColumns(op);
  const exprs = elements(op.Expressions);
  const ctx = ctxFor(engine, scope, input);
  const fns: Fn[] =
    exprs.length === 1 && kindOf(exprs[0]) === "StarExpression"
      ? input.columns.map((_, i) => (r: Row) => r[i])
      : exprs.map((e) => compileScalar(unnamed(e), ctx));
  const seen = new Set<string>();
  const rows: Row[] = [];
  for (const r of input.rows) {
    const vals = fns.map((f) => f(r));
    const k = vals.map(keyOf).join("\u0000");
    if (seen.has(k)) continue;
    seen.add(k);
    rows.push(vals);
  }
  return { columns: outCols, rows };
});

// ---------------------------------------------------------------------------------------------
// union

/** The name union's withsource column shows for a leg: a table name, or the name given by `as`. */
function sourceName(e: KNode): string {
  let n = e;
  while (kindOf(n) === "ParenthesizedExpression") n = n.Expression;
  if (kindOf(n) === "NameReference") return n.SimpleName;
  if (kindOf(n) === "PipeExpression" && kindOf(n.Operator) === "AsOperator")
    return n.Operator.Name.SimpleName;
  return "";
}
// ---------------------------------------------------------------------------------------------

operators.set("UnionOperator", (op, input, engine, scope) => {
  const outCols = resultColumns(op);
  const p = params(op);
  const exprs = elements(op.Expressions);
  const piped = op.Parent && kindOf(op.Parent) === "PipeExpression" && op.Parent.Operator === op;
  const sources: Array<{ name: string; table: Table }> = [];
  if (piped) sources.push({ name: "", table: input });
  const fuzzy = p.get("isfuzzy") ? textOf(p.get("isfuzzy")).toLowerCase() === "true" : false;
  for (const e of exprs) {
    // isfuzzy=true: a leg naming a table that does not exist is left out, as Kusto does
    if (fuzzy && kindOf(e) === "NameReference" && !e.ReferencedSymbol && !engine.tables.has(e.SimpleName))
      continue;
    sources.push({ name: sourceName(e), table: evalTabular(e, engine, scope) });
  }
  const withSource = p.get("withsource") ? textOf(p.get("withsource")) : undefined;
  if (withSource && sources.some((s) => !s.name)) throw unsupported(op, "union withsource", "for a subquery");
  const outIdx = new Map(outCols.map((c, i) => [c.name, i]));
  for (const s of sources)
    for (const c of s.table.columns)
      if (!outIdx.has(c.name) && !(p.get("kind") && textOf(p.get("kind")) === "inner"))
        throw unsupported(op, "union", `column ${c.name} renamed by type`);
  const rows: Row[] = [];
  for (const s of sources) {
    const picks = outCols.map((c) => {
      if (withSource && c.name === withSource) return -2;
      const i = s.table.columns.findIndex((x) => x.name === c.name);
      if (i >= 0 && s.table.columns[i]!.type !== c.type)
        throw unsupported(op, "union", `column ${c.name} types differ`);
      return i;
    });
    for (const r of s.table.rows) rows.push(picks.map((i) => (i === -2 ? s.name : i < 0 ? null : r[i])));
  }
  return { columns: outCols, rows };
});

// ---------------------------------------------------------------------------------------------
// join / lookup
// ---------------------------------------------------------------------------------------------

function sideColumn(e: KNode, side: "$left" | "$right"): string | undefined {
  if (kindOf(e) === "PathExpression" && textOf(e.Expression) === side) return e.Selector.SimpleName;
  return undefined;
}

function joinKeys(op: KNode, clause: KNode): Array<{ left: string; right: string }> {
  if (!clause || kindOf(clause) !== "JoinOnClause") throw unsupported(op, "join", "only `on` conditions");
  return elements(clause.Expressions).map((e: KNode) => {
    if (kindOf(e) === "NameReference") return { left: e.SimpleName, right: e.SimpleName };
    if (kindOf(e) === "EqualExpression") {
      const l = sideColumn(e.Left, "$left") ?? sideColumn(e.Right, "$left");
      const r = sideColumn(e.Right, "$right") ?? sideColumn(e.Left, "$right");
      if (l && r) return { left: l, right: r };
    }
    throw unsupported(e, "join condition", textOf(e).slice(0, 40));
  });
}

function keyFn(table: Table, names: string[], op: KNode): (r: Row) => string | null {
  const idx = names.map((n) => {
    const i = table.columns.findIndex((c) => c.name === n);
    if (i < 0) throw unsupported(op, "join", `key ${n}`);
    return i;
  });
  return (r) => {
    let k = "";
    for (const i of idx) {
      const v = r[i];
      if (v === null) return null;
      k += `${keyOf(v)}\u0000`;
    }
    return k;
  };
}

function hashRows(rows: Row[], key: (r: Row) => string | null): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** What join and lookup share: the kind (with its default), the right side, the keys of both sides. */
function relate(op: KNode, left: Table, engine: Engine, scope: Scope, clause: KNode, defaultKind: string) {
  const p = params(op);
  const kind = p.get("kind") ? textOf(p.get("kind")).toLowerCase() : defaultKind;
  const right = evalTabular(op.Expression, engine, scope);
  const keys = joinKeys(op, clause);
  const lk = keyFn(
    left,
    keys.map((k) => k.left),
    op,
  );
  const rk = keyFn(
    right,
    keys.map((k) => k.right),
    op,
  );
  return { outCols: resultColumns(op), kind, right, keys, lk, rk };
}

operators.set("JoinOperator", (op, left, engine, scope) => {
  const { outCols, kind, right, lk, rk } = relate(op, left, engine, scope, op.ConditionClause, "innerunique");
  const lw = left.columns.length;
  const rw = right.columns.length;
  const nullsL = new Array<unknown>(lw).fill(null);
  const nullsR = new Array<unknown>(rw).fill(null);
  const rows: Row[] = [];
  const expectWidth = (w: number) => {
    if (outCols.length !== w) throw unsupported(op, `join kind=${kind}`, "output columns");
  };
  switch (kind) {
    case "leftsemi":
    case "leftanti":
    case "leftantisemi": {
      expectWidth(lw);
      const rset = hashRows(right.rows, rk);
      const anti = kind !== "leftsemi";
      for (const r of left.rows) {
        const k = lk(r);
        const hit = k !== null && rset.has(k);
        if (hit !== anti) rows.push(r);
      }
      break;
    }
    case "rightsemi":
    case "rightanti":
    case "rightantisemi": {
      expectWidth(rw);
      const lset = hashRows(left.rows, lk);
      const anti = kind !== "rightsemi";
      for (const r of right.rows) {
        const k = rk(r);
        const hit = k !== null && lset.has(k);
        if (hit !== anti) rows.push(r);
      }
      break;
    }
    case "innerunique":
    case "inner":
    case "leftouter":
    case "rightouter":
    case "fullouter": {
      expectWidth(lw + rw);
      let leftRows = left.rows;
      if (kind === "innerunique") {
        const seen = new Set<string>();
        leftRows = left.rows.filter((r) => {
          const k = lk(r);
          if (k === null) return false;
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
      }
      const rmap = hashRows(right.rows, rk);
      const matchedRight = new Set<Row>();
      for (const l of leftRows) {
        const k = lk(l);
        const matches = k === null ? undefined : rmap.get(k);
        if (matches) {
          for (const r of matches) {
            rows.push([...l, ...r]);
            matchedRight.add(r);
          }
        } else if (kind === "leftouter" || kind === "fullouter") rows.push([...l, ...nullsR]);
      }
      if (kind === "rightouter" || kind === "fullouter")
        for (const r of right.rows) if (!matchedRight.has(r)) rows.push([...nullsL, ...r]);
      break;
    }
    default:
      throw unsupported(op, `join kind=${kind}`);
  }
  return { columns: outCols, rows };
});

operators.set("LookupOperator", (op, left, engine, scope) => {
  const { outCols, kind, right, keys, lk, rk } = relate(
    op,
    left,
    engine,
    scope,
    op.LookupClause,
    "leftouter",
  );
  const rightKeyNames = new Set(keys.map((k) => k.right));
  const keep = right.columns.map((c, i) => ({ c, i })).filter(({ c }) => !rightKeyNames.has(c.name));
  if (outCols.length !== left.columns.length + keep.length) throw unsupported(op, "lookup", "output columns");
  const rmap = hashRows(right.rows, rk);
  const rows: Row[] = [];
  for (const l of left.rows) {
    const k = lk(l);
    const matches = k === null ? undefined : rmap.get(k);
    if (matches) for (const r of matches) rows.push([...l, ...keep.map(({ i }) => r[i])]);
    else if (kind === "leftouter") rows.push([...l, ...keep.map(() => null)]);
  }
  return { columns: outCols, rows };
});

// ---------------------------------------------------------------------------------------------
// mv-expand
// ---------------------------------------------------------------------------------------------

function convertItem(v: unknown, type: KqlType): unknown {
  if (v === null || v === undefined) return type === "string" ? "" : null;
  if (type === "dynamic") return v;
  if (type === "string") return typeof v === "string" ? v : toKqlString(v);
  try {
    return coerceCell(v, type);
  } catch {
    return null;
  }
}

interface ExpandTarget {
  name: string;
  fn: Fn;
  type: KqlType | undefined;
}

function expandTargets(exprs: KNode[], ctx: ReturnType<typeof ctxFor>, what: string): ExpandTarget[] {
  return exprs.map((e: KNode) => {
    const typed = kindOf(e) === "MvExpandExpression" || kindOf(e) === "MvApplyExpression";
    const expr = typed ? e.Expression : e;
    const name = declaredName(expr);
    if (!name) throw unsupported(e, what, "an expression without a name");
    const toType = typed && e.ToTypeOf ? scalarTypeOfTypeof(e.ToTypeOf) : undefined;
    return { name, fn: compileScalar(unnamed(expr), ctx), type: toType };
  });
}

/** The parallel item lists of one row: arrays as they are, bags as entries, scalars as one item. */
function expandRow(targets: ExpandTarget[], r: Row, bagAsArray: boolean): unknown[][] {
  return targets.map((t) => {
    const v = t.fn(r);
    if (Array.isArray(v)) return v;
    if (v !== null && typeof v === "object")
      return Object.entries(v).map(([k, x]) => (bagAsArray ? [k, x] : { [k]: x }));
    return [v];
  });
}

function bagMode(p: Map<string, KNode>): boolean {
  const mode = p.get("bagexpansion") ?? p.get("kind");
  return mode ? textOf(mode).toLowerCase() === "array" : false;
}

operators.set("MvExpandOperator", (op, input, engine, scope) => {
  const outCols = resultColumns(op);
  const p = params(op);
  const bagAsArray = bagMode(p);
  const indexName = p.get("with_itemindex") ? textOf(p.get("with_itemindex")) : undefined;
  const limit = op.RowLimitClause
    ? countArg(op.RowLimitClause.RowLimit, engine, scope, "mv-expand limit")
    : Infinity;
  const ctx = ctxFor(engine, scope, input);
  const targets = expandTargets(elements(op.Expressions), ctx, "mv-expand");
  const targetIdx = new Map(targets.map((t, i) => [t.name, i]));
  const inIdx = new Map(input.columns.map((c, i) => [c.name, i]));
  const picks = outCols.map((c) => {
    if (c.name === indexName) return { kind: "index" as const, i: 0, type: c.type };
    const t = targetIdx.get(c.name);
    if (t !== undefined) return { kind: "item" as const, i: t, type: targets[t]!.type ?? c.type };
    const i = inIdx.get(c.name);
    if (i === undefined) throw unsupported(op, "mv-expand", `column ${c.name}`);
    return { kind: "input" as const, i, type: c.type };
  });
  const rows: Row[] = [];
  for (const r of input.rows) {
    const lists = expandRow(targets, r, bagAsArray);
    const n = Math.min(limit, Math.max(...lists.map((l) => l.length)));
    for (let k = 0; k < n; k++) {
      rows.push(
        picks.map((pk) => {
          if (pk.kind === "index") return k;
          if (pk.kind === "input") return r[pk.i];
          const item = lists[pk.i]![k];
          return convertItem(item === undefined ? null : item, pk.type);
        }),
      );
    }
  }
  return { columns: outCols, rows };
});

/**
 * mv-apply: per input row, the expanded items form a small table (the row's columns, the items,
 * the item index) that the subquery runs over; its rows are joined back to the input row.
 */
operators.set("MvApplyOperator", (op, input, engine, scope) => {
  const outCols = resultColumns(op);
  const p = params(op);
  const bagAsArray = bagMode(p);
  const indexName = p.get("with_itemindex") ? textOf(p.get("with_itemindex")) : undefined;
  if (op.ContextIdClause) throw unsupported(op, "mv-apply id=");
  const limit = op.RowLimitClause
    ? countArg(op.RowLimitClause.RowLimit, engine, scope, "mv-apply limit")
    : Infinity;
  const ctx = ctxFor(engine, scope, input);
  const targets = expandTargets(elements(op.Expressions), ctx, "mv-apply");
  const subColumns = [...input.columns.filter((c) => !targets.some((t) => t.name === c.name))];
  const itemTypes = targets.map((t) => t.type ?? "dynamic");
  targets.forEach((t, i) => {
    subColumns.push({ name: t.name, type: itemTypes[i]! });
  });
  if (indexName) subColumns.push({ name: indexName, type: "long" });
  const inIdx = new Map(input.columns.map((c, i) => [c.name, i]));
  const keepIdx = subColumns
    .filter((c) => inIdx.has(c.name) && !targets.some((t) => t.name === c.name))
    .map((c) => inIdx.get(c.name)!);
  const subquery = op.Subquery.Expression;
  const rows: Row[] = [];
  for (const r of input.rows) {
    const lists = expandRow(targets, r, bagAsArray);
    const n = Math.min(limit, Math.max(...lists.map((l) => l.length)));
    const subRows: Row[] = [];
    for (let k = 0; k < n; k++) {
      const row: Row = keepIdx.map((i) => r[i]);
      lists.forEach((l, j) => {
        row.push(convertItem(l[k] === undefined ? null : l[k], itemTypes[j]!));
      });
      if (indexName) row.push(k);
      subRows.push(row);
    }
    const result = evalTabular(subquery, engine, scope, { columns: subColumns, rows: subRows });
    const resIdx = new Map(result.columns.map((c, i) => [c.name, i]));
    const picks = outCols.map((c) => {
      const i = resIdx.get(c.name);
      if (i !== undefined) return { from: "result" as const, i };
      const j = inIdx.get(c.name);
      if (j === undefined) throw unsupported(op, "mv-apply", `column ${c.name}`);
      return { from: "input" as const, i: j };
    });
    for (const s of result.rows) rows.push(picks.map((pk) => (pk.from === "result" ? s[pk.i] : r[pk.i])));
  }
  return { columns: outCols, rows };
});

function scalarTypeOfTypeof(clause: KNode): KqlType | undefined {
  const t = textOf(clause.TypeOf).replace(/^typeof\s*\(\s*|\s*\)$/g, "");
  return (
    ["bool", "int", "long", "real", "string", "datetime", "timespan", "guid", "dynamic"] as KqlType[]
  ).find((x) => x === t.toLowerCase());
}

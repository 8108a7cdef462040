/**
 * Compiles a bound scalar expression into a closure over rows. Every decision that depends on
 * names, types or overloads is taken here, once; the closures only compute.
 */
import { type Binding, type Ctx, type Fn, Scope } from "./context.js";
import { KqlQueryError } from "./errors.js";
import { type CallSite, scalarFunctions } from "./functions/registry.js";
import {
  type ArithOp,
  arithmetic,
  compare,
  equals,
  foldCase,
  hasTerm,
  RegexError,
  re2,
  STRING_PREDICATES,
  str,
  ticksRatio,
} from "./ops.js";
import {
  elements,
  isTabular,
  type KNode,
  kindOf,
  locationOf,
  scalarTypeOf,
  symbolClass,
  textOf,
  toArray,
  unsupported,
} from "./tree.js";
import {
  coerceCell,
  encodeOutput,
  type KqlType,
  kqlTypeOf,
  longOf,
  parseDatetimeLiteral,
  parseGuid,
  parseTimespan,
  type Table,
  toKqlString,
} from "./values.js";

const ARITH: Record<string, ArithOp> = {
  AddExpression: "+",
  SubtractExpression: "-",
  MultiplyExpression: "*",
  DivideExpression: "/",
  ModuloExpression: "%",
};

const COMPARE: Record<string, (c: number) => boolean> = {
  LessThanExpression: (c) => c < 0,
  LessThanOrEqualExpression: (c) => c <= 0,
  GreaterThanExpression: (c) => c > 0,
  GreaterThanOrEqualExpression: (c) => c >= 0,
};

/** Constant value of a literal node; undefined when the node is not a literal. */
/** Literal kinds and their types (a parameter's default value is not bound, so has no ResultType). */
const LITERAL_TYPES: Record<string, KqlType> = {
  BooleanLiteralExpression: "bool",
  IntLiteralExpression: "int",
  LongLiteralExpression: "long",
  RealLiteralExpression: "real",
  DateTimeLiteralExpression: "datetime",
  TimespanLiteralExpression: "timespan",
  GuidLiteralExpression: "guid",
};

export function literalValue(node: KNode): unknown {
  const kind = kindOf(node);
  const type = LITERAL_TYPES[kind] ?? scalarTypeOf(node);
  const raw = node.LiteralValue;
  if (kind === "NullLiteralExpression") return null;
  if (kind === "StringLiteralExpression" || kind === "CompoundStringLiteralExpression") {
    return typeof raw === "string" ? raw : String(raw ?? "");
  }
  if (kind === "DynamicExpression") return dynamicFromTree(node);
  if (raw === null || raw === undefined) {
    if (/\(\s*null\s*\)$/.test(textOf(node))) return null;
    return undefined;
  }
  switch (type) {
    case "bool":
      return Boolean(raw.valueOf());
    case "int":
    case "long": {
      // Bridge's value of a hexadecimal literal (0x1F) is not the number: read the text
      // (the literal's own token: textOf would render the node, which is slow in long lists)
      const hex = /\b0x([0-9a-f]+)\s*\)?\s*$/i.exec(String(node.Token?.Text ?? textOf(node)));
      const big = hex ? BigInt(`0x${hex[1]}`) : BigInt(String(raw));
      return type === "int" ? Number(BigInt.asIntN(32, big)) : longOf(big);
    }
    case "real": {
      const v = raw.valueOf();
      return typeof v === "number" ? v : Number(String(raw));
    }
    case "timespan": {
      // Bridge's TimeSpan parse loses forms like time(29.09:00:05.12345): read the text first
      const text = textOf(node);
      const inner = /^(?:time|timespan)\s*\(\s*(.*?)\s*\)$/is.exec(text);
      const own = parseTimespan(inner ? inner[1]! : text);
      return own ?? BigInt(String(raw.ticks));
    }
    case "datetime": {
      const m = /\(\s*(.*?)\s*\)\s*$/s.exec(textOf(node));
      const t = m ? parseDatetimeLiteral(m[1]!) : null;
      if (t === null) throw unsupported(node, "datetime literal", textOf(node));
      return t;
    }
    case "guid":
      return parseGuid(String(raw));
    case "string":
      return String(raw);
    default:
      return undefined;
  }
}

/** A dynamic literal read from its bound tree (Kusto's JSON allows single quotes and typed scalars). */
function dynamicFromTree(node: KNode): unknown {
  const kind = kindOf(node);
  switch (kind) {
    case "DynamicExpression":
      return dynamicFromTree(node.Expression);
    case "JsonArrayExpression":
      return elements(node.Values).map(dynamicFromTree);
    case "JsonObjectExpression": {
      const out: Record<string, unknown> = {};
      for (const pair of elements(node.Pairs)) {
        const token = pair.Name ?? pair.GetChild(0);
        out[String(token.ValueText)] = dynamicFromTree(pair.Value);
      }
      return out;
    }
    case "ParenthesizedExpression":
      return dynamicFromTree(node.Expression);
    case "UnaryMinusExpression": {
      const v = dynamicFromTree(node.Expression);
      if (typeof v === "number") return -v;
      break;
    }
    default:
      if (kind.endsWith("LiteralExpression")) {
        const v = literalValue(node);
        const t = scalarTypeOf(node);
        if (t === "datetime" || t === "timespan") return encodeOutput(v, t);
        if (typeof v === "bigint") break; // a long beyond 2^53 inside dynamic: not represented exactly
        if (v !== undefined) return v;
      }
  }
  throw unsupported(node, "dynamic literal", textOf(node).slice(0, 60));
}

function constFn(v: unknown): Fn {
  return () => v;
}

export function compileScalar(node: KNode, ctx: Ctx): Fn {
  if (ctx.aggregateSlot) {
    const slot = ctx.aggregateSlot(node);
    if (slot) return slot;
  }
  const kind = kindOf(node);
  if (kind.endsWith("LiteralExpression") || kind === "DynamicExpression") return compileLiteral(node);
  switch (kind) {
    case "ParenthesizedExpression":
    case "UnaryPlusExpression":
      return compileScalar(node.Expression, ctx);
    case "NameReference":
      return compileName(node, ctx);
    case "FunctionCallExpression":
      return compileCall(node, ctx);
    case "UnaryMinusExpression":
      return compileUnaryMinus(node, ctx);
    case "AndExpression":
      return compileAnd(node, ctx);
    case "OrExpression":
      return compileOr(node, ctx);
    case "EqualExpression":
    case "NotEqualExpression":
      return compileEquality(node, ctx, kind === "NotEqualExpression");
    case "InExpression":
    case "InCsExpression":
    case "NotInExpression":
    case "NotInCsExpression":
      return compileIn(node, ctx, kind);
    case "HasAnyExpression":
    case "HasAllExpression":
      return compileHasAnyAll(node, ctx, kind === "HasAllExpression");
    case "BetweenExpression":
    case "NotBetweenExpression":
      return compileBetween(node, ctx, kind === "NotBetweenExpression");
    case "MatchesRegexExpression":
      return compileMatchesRegex(node, ctx);
    case "ElementExpression":
      return compileElement(node, ctx);
    case "PathExpression":
      return compilePath(node, ctx);
    case "ToScalarExpression":
      return compileToScalar(node.Expression, ctx);
    case "StarExpression":
      throw unsupported(node, "*");
    default:
      break;
  }
  const op = ARITH[kind];
  if (op) return compileArith(node, ctx, op);
  const cmp = COMPARE[kind];
  if (cmp) return compileComparison(node, ctx, cmp);
  const pred = STRING_PREDICATES[kind];
  if (pred) return compileStringPredicate(node, ctx, kind, pred);
  throw unsupported(node, describeKind(kind, node));
}

function compileLiteral(node: KNode): Fn {
  const v = literalValue(node);
  if (v === undefined) throw unsupported(node, textOf(node).slice(0, 40));
  return constFn(v);
}

function compileUnaryMinus(node: KNode, ctx: Ctx): Fn {
  const f = compileScalar(node.Expression, ctx);
  const type = scalarTypeOf(node);
  if (type === "dynamic" || type === "string" || type === "bool")
    throw unsupported(node, `unary minus on ${type}`);
  return (r) => {
    const v = f(r);
    if (v === null) return null;
    if (typeof v === "bigint") return type === "long" ? longOf(-v) : -v;
    const n = -(v as number);
    return n === 0 ? 0 : type === "int" ? n | 0 : n;
  };
}

/** `and` in three-valued logic: false wins over null. */
function compileAnd(node: KNode, ctx: Ctx): Fn {
  const a = compileScalar(node.Left, ctx);
  const b = compileScalar(node.Right, ctx);
  return (r) => {
    const x = a(r);
    if (x === false) return false;
    const y = b(r);
    if (y === false) return false;
    return x === null || y === null ? null : true;
  };
}

/** `or` in three-valued logic: true wins over null. */
function compileOr(node: KNode, ctx: Ctx): Fn {
  const a = compileScalar(node.Left, ctx);
  const b = compileScalar(node.Right, ctx);
  return (r) => {
    const x = a(r);
    if (x === true) return true;
    const y = b(r);
    if (y === true) return true;
    return x === null || y === null ? null : false;
  };
}

function compileEquality(node: KNode, ctx: Ctx, negate: boolean): Fn {
  const a = compileScalar(node.Left, ctx);
  const b = compileScalar(node.Right, ctx);
  return (r) => {
    const x = a(r);
    const y = b(r);
    if (x === null || y === null) return null;
    return equals(x, y) !== negate;
  };
}

function compileComparison(node: KNode, ctx: Ctx, cmp: (c: number) => boolean): Fn {
  const a = compileScalar(node.Left, ctx);
  const b = compileScalar(node.Right, ctx);
  return (r) => {
    const x = a(r);
    if (x === null) return null;
    const y = b(r);
    if (y === null) return null;
    return cmp(compare(x, y));
  };
}

function compileMatchesRegex(node: KNode, ctx: Ctx): Fn {
  const a = compileScalar(node.Left, ctx);
  const lt = scalarTypeOf(node.Left);
  const pattern = constantOf(node.Right, ctx);
  if (typeof pattern !== "string") throw unsupported(node.Right, "matches regex with a non-constant pattern");
  const re = regexOrThrow(pattern, node.Right);
  return (r) => {
    const x = a(r);
    return x === null ? null : re.test(str(x, lt));
  };
}

/** has, contains, startswith, =~ and the others, with their _cs and negated forms. */
function compileStringPredicate(
  node: KNode,
  ctx: Ctx,
  kind: string,
  pred: (typeof STRING_PREDICATES)[string],
): Fn {
  const a = compileScalar(node.Left, ctx);
  const b = compileScalar(node.Right, ctx);
  const lt = scalarTypeOf(node.Left);
  const rt = scalarTypeOf(node.Right);
  const { cs, negate, test } = pred;
  const needle = constantOf(node.Right, ctx);
  if (needle !== undefined) {
    // a constant right side (the usual case) is folded once, not per row
    const nd = foldCase(str(needle, rt), cs);
    if (!cs && (kind === "EqualTildeExpression" || kind === "BangTildeExpression"))
      return (r) => equalsFolded(str(a(r), lt), nd) !== negate;
    return (r) => test(foldCase(str(a(r), lt), cs), nd) !== negate;
  }
  return (r) => {
    const x = a(r);
    const y = b(r);
    const hs = foldCase(str(x, lt), cs);
    const nd = foldCase(str(y, rt), cs);
    return test(hs, nd) !== negate;
  };
}

/**
 * `=~` against an already lower-cased text, lower-casing the row's text only when it can match:
 * lower-casing never shortens a string (only U+0130 lengthens), so a longer text never equals.
 */
function equalsFolded(text: string, folded: string): boolean {
  if (text.length > folded.length) return false;
  return text === folded || foldCase(text, false) === folded;
}

function describeKind(kind: string, node: KNode): string {
  if (kind.endsWith("Expression")) return `${textOf(node.Operator ?? node).slice(0, 30) || kind} expression`;
  return kind;
}

export function regexOrThrow(pattern: string, node: KNode): ReturnType<typeof re2> {
  try {
    return re2(pattern);
  } catch (e) {
    if (e instanceof RegexError)
      throw new KqlQueryError(`${e.message}${locationOf(node)}`, [
        {
          code: "KQL-REGEX",
          message: e.message,
          start: node.TextStart,
          length: node.Width,
          line: 0,
          column: 0,
        },
      ]);
    throw e;
  }
}

function compileArith(node: KNode, ctx: Ctx, op: ArithOp): Fn {
  const lt = scalarTypeOf(node.Left);
  const rt = scalarTypeOf(node.Right);
  const type = scalarTypeOf(node);
  const a = compileScalar(node.Left, ctx);
  const b = compileScalar(node.Right, ctx);
  if (op === "/" && type === "real" && lt === "timespan" && rt === "timespan") {
    return (r) => {
      const x = a(r);
      const y = b(r);
      return x === null || y === null ? null : ticksRatio(x, y);
    };
  }
  if (type === "dynamic" || lt === "dynamic" || rt === "dynamic") {
    throw unsupported(node, `${op} on dynamic values`);
  }
  const f = arithmetic(op, lt, rt, type);
  if (!f) throw unsupported(node, `${lt} ${op} ${rt}`);
  return (r) => {
    const x = a(r);
    if (x === null) return null;
    const y = b(r);
    if (y === null) return null;
    return f(x, y);
  };
}

/** Value of a constant expression (literal, constant let, parenthesised), else undefined. */
export function constantOf(node: KNode, ctx: Ctx): unknown {
  const kind = kindOf(node);
  if (kind.endsWith("LiteralExpression") || kind === "DynamicExpression") return literalValue(node);
  if (kind === "ParenthesizedExpression") return constantOf(node.Expression, ctx);
  if (kind === "NameReference") {
    const b = ctx.scope.get(node.SimpleName);
    if (b?.kind === "scalar" && b.constant) return b.fn([]);
  }
  if (kind === "UnaryMinusExpression") {
    const v = constantOf(node.Expression, ctx);
    if (typeof v === "number") return -v;
    if (typeof v === "bigint") return -v;
  }
  if (node.IsConstant && !isTabular(node)) {
    try {
      const f = compileScalar(node, ctx);
      return f([]);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function compileName(node: KNode, ctx: Ctx): Fn {
  const sym = node.ReferencedSymbol;
  const cls = symbolClass(sym);
  const name: string = sym?.Name ?? node.SimpleName;
  if (cls === "ColumnSymbol") {
    const i = ctx.cols.get(name);
    if (i === undefined) {
      // A column of the outer row referenced from inside a function body, or a pattern we do not model
      const b = ctx.scope.get(name);
      if (b?.kind === "scalar") return b.fn;
      throw unsupported(node, `column ${name}`, "not in the input row");
    }
    return (r) => r[i];
  }
  if (cls === "FunctionSymbol") return compileCall(node, ctx);
  const b: Binding | undefined = ctx.scope.get(name);
  if (b?.kind === "scalar") return b.fn;
  if (b?.kind === "table") throw unsupported(node, `tabular ${name} in a scalar context`);
  throw unsupported(node, `name ${name}`);
}

function compileToScalar(expr: KNode, ctx: Ctx): Fn {
  if (!isTabular(expr)) return compileScalar(expr, ctx);
  let value: unknown;
  let done = false;
  return () => {
    if (!done) {
      const t = ctx.engine.evalTabular(expr, ctx.scope);
      value = t.rows[0]?.[0] ?? null;
      done = true;
    }
    return value;
  };
}

function setOfList(list: KNode[], ctx: Ctx, cs: boolean): { fns: Fn[]; tabular: Fn[] } {
  const fns: Fn[] = [];
  const tabular: Fn[] = [];
  for (const e of list) {
    if (isTabular(e)) {
      let values: unknown[] | undefined;
      tabular.push(() => {
        values ??= ctx.engine.evalTabular(e, ctx.scope).rows.map((row) => row[0] ?? null);
        return values;
      });
    } else {
      const f = compileScalar(e, ctx);
      const t = scalarTypeOf(e);
      fns.push(t === "string" && !cs ? (r) => String(f(r)).toLowerCase() : f);
    }
  }
  return { fns, tabular };
}

function compileIn(node: KNode, ctx: Ctx, kind: string): Fn {
  // Kusto.Language names `in`/`!in` InExpression/NotInExpression (case-sensitive) and
  // `in~`/`!in~` InCsExpression/NotInCsExpression (case-insensitive)
  const caseSensitive = kind === "InExpression" || kind === "NotInExpression";
  const negate = kind.startsWith("Not");
  const left = compileScalar(node.Left, ctx);
  const lt = scalarTypeOf(node.Left);
  const list = elements(node.Right.Expressions);
  const { fns, tabular } = setOfList(list, ctx, caseSensitive);
  const fold = (v: unknown) => (!caseSensitive && typeof v === "string" ? v.toLowerCase() : v);
  // all-constant list: a hash set
  const allConst = list.every((e) => !isTabular(e) && constantOf(e, ctx) !== undefined);
  const expand = (vals: unknown[]): unknown[] => {
    const out: unknown[] = [];
    for (const v of vals) {
      if (Array.isArray(v)) out.push(...v.map(fold));
      else out.push(fold(v));
    }
    return out;
  };
  if (allConst && tabular.length === 0) {
    const vals = expand(fns.map((f) => f([])));
    const set = new Set(vals.map(keyForIn));
    return (r) => {
      const x = left(r);
      if (x === null) return !!negate;
      const k = keyForIn(fold(lt === "string" ? x : x));
      return set.has(k) !== negate;
    };
  }
  return (r) => {
    const x = left(r);
    if (x === null) return !!negate;
    const vals = expand(fns.map((f) => f(r)));
    for (const t of tabular) vals.push(...expand(t(r) as unknown[]));
    const fx = fold(x);
    const hit = vals.some((v) => v !== null && equals(fx, v));
    return hit !== negate;
  };
}

function keyForIn(v: unknown): string {
  if (typeof v === "bigint") return `n${v}`;
  if (typeof v === "number") return `n${v}`;
  if (typeof v === "string") return `s${v}`;
  if (typeof v === "boolean") return v ? "T" : "F";
  return `j${JSON.stringify(v)}`;
}

function compileHasAnyAll(node: KNode, ctx: Ctx, all: boolean): Fn {
  const left = compileScalar(node.Left, ctx);
  const lt = scalarTypeOf(node.Left);
  const list = elements(node.Right.Expressions);
  const { fns, tabular } = setOfList(list, ctx, false);
  return (r) => {
    const x = left(r);
    const hay = str(x, lt).toLowerCase();
    const needles: unknown[] = [];
    for (const f of fns) {
      const v = f(r);
      if (Array.isArray(v)) needles.push(...v);
      else needles.push(v);
    }
    for (const t of tabular) needles.push(...(t(r) as unknown[]));
    const terms = needles.map((n) => str(n).toLowerCase());
    if (all) return terms.every((t) => hasTerm(hay, t, "whole"));
    return terms.some((t) => hasTerm(hay, t, "whole"));
  };
}

function compileBetween(node: KNode, ctx: Ctx, negate: boolean): Fn {
  const x = compileScalar(node.Left, ctx);
  const lo = compileScalar(node.Right.First, ctx);
  const hi = compileScalar(node.Right.Second, ctx);
  const lt = scalarTypeOf(node.Left);
  const hiType = scalarTypeOf(node.Right.Second);
  // `datetime between (d .. 1h)`: the upper bound is an offset from the lower one
  const offset = (lt === "datetime" && hiType === "timespan") || false;
  return (r) => {
    const v = x(r);
    const a = lo(r);
    let b = hi(r);
    if (v === null || a === null || b === null) return null;
    if (offset) b = (a as bigint) + (b as bigint);
    const inside = compare(v, a) >= 0 && compare(v, b) <= 0;
    return inside !== negate;
  };
}

// ---------------------------------------------------------------------------------------------
// dynamic access
// ---------------------------------------------------------------------------------------------

export function dynIndex(v: unknown, key: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) {
    if (typeof key !== "number" && typeof key !== "bigint") return null;
    let i = Number(key);
    if (i < 0) i += v.length;
    const out = v[i];
    return out === undefined ? null : out;
  }
  if (typeof v === "object" && typeof key === "string") {
    const out = (v as Record<string, unknown>)[key];
    return out === undefined || !Object.hasOwn(v, key) ? null : out;
  }
  return null;
}

function compileElement(node: KNode, ctx: Ctx): Fn {
  const base = compileScalar(node.Expression, ctx);
  const keyNode = node.Selector.Expression;
  const key = compileScalar(keyNode, ctx);
  const baseType = scalarTypeOf(node.Expression);
  if (baseType !== "dynamic") throw unsupported(node, `[] on ${baseType}`);
  return (r) => dynIndex(base(r), key(r));
}

function compilePath(node: KNode, ctx: Ctx): Fn {
  const baseType = scalarTypeOf(node.Expression);
  const sel = node.Selector;
  const selKind = kindOf(sel);
  let key: string;
  if (selKind === "NameReference") key = sel.SimpleName;
  else if (selKind === "BracketedName")
    key = String(sel.Name?.LiteralValue ?? "").replace(/^['"]|['"]$/g, "");
  else throw unsupported(node, "path selector");
  if (baseType !== "dynamic") throw unsupported(node, `.${key} on ${baseType}`);
  const base = compileScalar(node.Expression, ctx);
  return (r) => dynIndex(base(r), key);
}

// ---------------------------------------------------------------------------------------------
// calls
// ---------------------------------------------------------------------------------------------

export function callArgs(node: KNode): KNode[] {
  if (kindOf(node) !== "FunctionCallExpression") return [];
  return elements(node.ArgumentList.Expressions);
}

/** Scalar functions that take a tabular argument. */
const TABULAR_ARGUMENT = new Set(["toscalar", "column_names_of"]);

function compileCall(node: KNode, ctx: Ctx): Fn {
  const sym = node.ReferencedSymbol;
  const name: string = sym?.Name ?? node.Name?.SimpleName;
  const expansion = node.GetExpansion?.();
  if (expansion) return compileUserCall(node, expansion, ctx);
  const impl = scalarFunctions.get(name);
  if (!impl) throw unsupported(node, `${name}()`);
  const args = callArgs(node);
  for (const a of args)
    if (isTabular(a) && !TABULAR_ARGUMENT.has(name))
      throw unsupported(a, `${name}() with a tabular argument`);
  const fns = args.map((a) => {
    const k = kindOf(a);
    // `*` and typeof(T) arguments are read from the call site by the functions that take them
    // column_names_of reads its table's schema from the call site
    if (name === "column_names_of") return () => null;
    return k === "StarExpression" || k === "TypeOfLiteralExpression" ? () => null : compileScalar(a, ctx);
  });
  const site: CallSite = {
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
  return impl(fns, site);
}

/** Parameters of a called user function with their argument (or default) expressions. */
export function bindParameters(
  node: KNode,
  /** parameters supplied otherwise (invoke's piped table) */
  skip = 0,
): Array<{ name: string; arg: KNode | null; tabular: boolean; type: KqlType }> {
  const sym = node.ReferencedSymbol;
  const sig = toArray(sym.Signatures)[0];
  const params = toArray(sig?.Parameters);
  const args = callArgs(node);
  const named = new Map<string, KNode>();
  // a positional argument binds the parameter at its own place in the list, after named ones too
  const positional: Array<KNode | undefined> = [];
  for (const a of args) {
    if (kindOf(a) === "SimpleNamedExpression") {
      named.set(a.Name.SimpleName, a.Expression);
      positional.push(undefined);
    } else positional.push(a);
  }
  return params.map((p: KNode, i: number) => {
    const arg = named.get(p.Name) ?? positional[i - skip] ?? p.DefaultValue ?? null;
    const declared = toArray(p.DeclaredTypes)[0];
    const tabular = !!declared && symbolClass(declared) === "TableSymbol";
    return {
      name: p.Name as string,
      arg,
      tabular,
      type: declared ? (kqlTypeOf(declared.Name) ?? "dynamic") : "dynamic",
    };
  });
}

/**
 * The scope a called function's body runs in: each parameter bound to its argument or default
 * (tables lazily, scalars as compiled closures, converted to the declared type). With `piped`, the
 * first parameter is the piped table (invoke).
 */
export function callScope(node: KNode, ctx: Ctx, piped?: Table): Scope {
  const scope = new Scope(ctx.scope);
  const name = `${node.ReferencedSymbol?.Name ?? "function"}()`;
  const params = bindParameters(node, piped ? 1 : 0);
  if (piped) {
    const first = params.shift();
    if (!first) throw unsupported(node, name, "invoke of a function without parameters");
    scope.set(first.name, { kind: "table", get: () => piped });
  }
  for (const p of params) {
    if (!p.arg) throw unsupported(node, name, `missing argument ${p.name}`);
    const argNode = p.arg;
    if (p.tabular || isTabular(argNode)) {
      let t: Table | undefined;
      scope.set(p.name, { kind: "table", get: () => (t ??= ctx.engine.evalTabular(argNode, ctx.scope)) });
    } else {
      const f = compileScalar(argNode, ctx);
      const argType = scalarTypeOf(argNode);
      const convert = p.type !== argType && argType !== "dynamic" ? converter(argType, p.type) : null;
      scope.set(p.name, { kind: "scalar", fn: convert ? (r) => convert(f(r)) : f, type: p.type });
    }
  }
  return scope;
}

function compileUserCall(node: KNode, expansion: KNode, ctx: Ctx): Fn {
  return compileBody(expansion, { ...ctx, scope: callScope(node, ctx) });
}

/** Implicit conversion of an argument to the declared parameter type (int → long and the like). */
function converter(from: KqlType, to: KqlType): ((v: unknown) => unknown) | null {
  if (from === to) return null;
  if ((from === "int" || from === "long") && to === "real")
    return (v) => (v === null ? null : Number(v as number));
  if (from === "int" && to === "long") return null;
  if (to === "string") return (v) => toKqlString(v, from);
  if (to === "dynamic") return null;
  return (v) => (v === null ? null : coerceCell(v, to));
}

/** A function body: its let statements, then its final expression (scalar here). */
export function compileBody(body: KNode, ctx: Ctx): Fn {
  const kind = kindOf(body);
  if (kind !== "FunctionBody") return compileScalar(body, ctx);
  for (const st of elements(body.Statements)) {
    if (kindOf(st) === "LetStatement") bindLet(st, ctx);
    else throw unsupported(st, kindOf(st));
  }
  if (isTabular(body.Expression)) throw unsupported(body, "tabular function in a scalar context");
  return compileScalar(body.Expression, ctx);
}

/** A let statement into ctx.scope: scalars compiled (constant when they can be), tables lazily. */
export function bindLet(st: KNode, ctx: Ctx): void {
  const name: string = st.Name.SimpleName;
  const expr = st.Expression;
  const kind = kindOf(expr);
  if (kind === "FunctionDeclaration") {
    ctx.scope.set(name, { kind: "function", decl: expr });
    return;
  }
  if (isTabular(expr)) {
    let t: ReturnType<typeof ctx.engine.evalTabular> | undefined;
    const scope = ctx.scope;
    ctx.scope.set(name, { kind: "table", get: () => (t ??= ctx.engine.evalTabular(expr, scope)) });
    return;
  }
  const f = compileScalar(expr, ctx);
  const type = scalarTypeOf(expr);
  const c = ctx.cols.size === 0 ? constantOrNothing(f) : undefined;
  if (c !== undefined) {
    ctx.scope.set(name, { kind: "scalar", fn: () => c, type, constant: true });
  } else ctx.scope.set(name, { kind: "scalar", fn: f, type });
}

function constantOrNothing(f: Fn): unknown {
  try {
    const v = f([]);
    return v;
  } catch (e) {
    if (e instanceof Error && e.name === "KqlUnsupportedError") throw e;
    return undefined;
  }
}

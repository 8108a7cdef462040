/** parse, parse-where and parse-kv. */
import { RE2JS, re2 } from "../ops.js";
import { compileScalar, literalValue, regexOrThrow } from "../scalar.js";
import { ctxFor, elements, operators } from "../tabular.js";
import { type KNode, kindOf, resultColumns, scalarTypeOf, textOf, unsupported } from "../tree.js";
import {
  coerceCell,
  type KqlColumn,
  type KqlType,
  kqlTypeOf,
  type Row,
  type Table,
  toKqlString,
} from "../values.js";

function params(op: KNode): Map<string, string> {
  const m = new Map<string, string>();
  for (const p of elements(op.Parameters)) {
    const v = p.Expression;
    const lit = kindOf(v) === "StringLiteralExpression" ? literalValue(v) : textOf(v);
    m.set(String(p.Name.SimpleName).toLowerCase(), String(lit));
  }
  return m;
}

/** Regular-expression text a typed column matches in parse patterns. */
const TYPE_PATTERN: Partial<Record<KqlType, string>> = {
  int: "-?\\d+",
  long: "-?\\d+",
  real: "-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?",
};

function convert(text: string, type: KqlType): { ok: boolean; value: unknown } {
  if (type === "string") return { ok: true, value: text };
  try {
    const v = coerceCell(text, type, true);
    return { ok: v !== null, value: v };
  } catch {
    return { ok: false, value: null };
  }
}

interface ParsePlan {
  re: RE2JS;
  columns: Array<{ name: string; type: KqlType }>;
}

/**
 * The pattern becomes one regular expression matched against the whole text: `*` → `.*?`,
 * a string column → `(.*?)`, a number column → its number pattern, string constants literally
 * (simple, relaxed) or as regular expressions (regex).
 */
function planParse(op: KNode, kind: string, flags: string): ParsePlan {
  let text = "";
  const columns: ParsePlan["columns"] = [];
  for (const p of elements(op.Patterns)) {
    const k = kindOf(p);
    if (k === "StarExpression") text += ".*?";
    else if (k === "StringLiteralExpression" || k === "CompoundStringLiteralExpression") {
      const s = String(literalValue(p));
      text += kind === "regex" ? `(?:${s})` : RE2JS.quote(s);
    } else if (k === "NameAndTypeDeclaration" || k === "NameDeclaration") {
      const decl = k === "NameDeclaration" ? p : p.Name;
      const type = scalarTypeOf(decl);
      columns.push({ name: decl.SimpleName, type });
      text += `(${kind === "relaxed" ? ".*?" : (TYPE_PATTERN[type] ?? ".*?")})`;
    } else throw unsupported(p, "parse pattern", textOf(p));
  }
  let f = 0;
  if (kind !== "regex" || flags.includes("s")) f |= RE2JS.DOTALL;
  if (flags.includes("i")) f |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes("m")) f |= RE2JS.MULTILINE;
  if (flags.includes("U")) f |= RE2JS.LONGEST_MATCH;
  try {
    return { re: re2(text, f), columns };
  } catch (e) {
    throw unsupported(op, "parse", (e as Error).message);
  }
}

function parseRows(
  op: KNode,
  input: Table,
  engine: Parameters<typeof ctxFor>[0],
  scope: Parameters<typeof ctxFor>[1],
  where: boolean,
): Table {
  const outCols = resultColumns(op);
  const p = params(op);
  const kind = (p.get("kind") ?? "simple").toLowerCase();
  if (!["simple", "regex", "relaxed"].includes(kind)) throw unsupported(op, `parse kind=${kind}`);
  if (where && kind === "relaxed") throw unsupported(op, "parse-where kind=relaxed");
  const plan = planParse(op, kind, p.get("flags") ?? "");
  const ctx = ctxFor(engine, scope, input);
  const src = compileScalar(op.Expression, ctx);
  const srcType = scalarTypeOf(op.Expression);
  const inIdx = new Map(input.columns.map((c, i) => [c.name, i]));
  const newIdx = new Map(plan.columns.map((c, i) => [c.name, i]));
  const picks = outCols.map((c) => {
    const n = newIdx.get(c.name);
    if (n !== undefined) return { parsed: true, i: n };
    const i = inIdx.get(c.name);
    if (i === undefined) throw unsupported(op, "parse", `column ${c.name}`);
    return { parsed: false, i };
  });
  const empty = plan.columns.map((c) => (c.type === "string" ? "" : null));
  const rows: Row[] = [];
  for (const r of input.rows) {
    const text = toKqlString(src(r), srcType);
    const m = plan.re.matcher(text);
    let values: unknown[] | null = null;
    if (m.matches()) {
      values = [];
      for (let g = 0; g < plan.columns.length; g++) {
        const c = plan.columns[g]!;
        const conv = convert(m.group(g + 1) ?? "", c.type);
        if (!conv.ok && kind !== "relaxed") {
          values = null;
          break;
        }
        values.push(conv.ok ? conv.value : c.type === "string" ? "" : null);
      }
    }
    if (where && values === null) continue;
    const vals = values ?? empty;
    rows.push(picks.map((pk) => (pk.parsed ? vals[pk.i] : r[pk.i])));
  }
  return { columns: outCols, rows };
}

operators.set("ParseOperator", (op, input, engine, scope) => parseRows(op, input, engine, scope, false));
operators.set("ParseWhereOperator", (op, input, engine, scope) => parseRows(op, input, engine, scope, true));

// ---------------------------------------------------------------------------------------------
// parse-kv
// ---------------------------------------------------------------------------------------------

interface KvOptions {
  pair?: string;
  kv?: string;
  quotes: [string, string] | null;
  escape?: string;
  greedy: boolean;
}

/** Splits on `delim` outside quotes, keeping quotes and escapes for unquote(). */
function splitQuoted(text: string, delim: string, o: KvOptions): string[] {
  const out: string[] = [];
  let cur = "";
  let inQuote = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (o.escape && ch === o.escape && inQuote && i + 1 < text.length) {
      cur += ch + text[++i];
      continue;
    }
    if (o.quotes && !inQuote && ch === o.quotes[0]) inQuote = true;
    else if (o.quotes && inQuote && ch === o.quotes[1]) inQuote = false;
    else if (!inQuote && text.startsWith(delim, i)) {
      out.push(cur);
      cur = "";
      i += delim.length - 1;
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

function pairsByDelimiters(text: string, o: KvOptions): Map<string, string> {
  const pairs = new Map<string, string>();
  const tokens = splitQuoted(text, o.pair!, o);
  let last: string | undefined;
  for (const token of tokens) {
    const parts = splitQuoted(token, o.kv!, o);
    if (parts.length < 2) {
      if (o.greedy && last !== undefined) pairs.set(last, `${pairs.get(last)}${o.pair}${token}`);
      continue;
    }
    const key = unquote(parts[0]!.trim(), o);
    const value = unquote(parts.slice(1).join(o.kv!).trim(), o);
    if (!pairs.has(key)) pairs.set(key, value);
    last = key;
  }
  return pairs;
}

const WORD = /[\p{L}\p{N}]/u;
const VALUE_END = /[\s,;]/u;

/**
 * parse-kv without delimiters: "any non-alphanumeric character is a delimiter". Each requested key
 * is looked up as a whole word; its value is the quoted text (when `quote` is set) or the run of
 * letters and digits after the non-alphanumeric characters that follow the key. Refused where that
 * reading is ambiguous: a key that occurs twice, or a value followed by something other than
 * whitespace, `,`, `;` or the end (as in `10.0.0.1` or `2021-01-01`).
 */
function pairsByWords(
  text: string,
  keys: string[],
  o: KvOptions,
  refuse: (detail: string) => never,
): Map<string, string> {
  const pairs = new Map<string, string>();
  const isWord = (i: number) => i >= 0 && i < text.length && WORD.test(text[i]!);
  for (const key of keys) {
    let found: string | undefined;
    for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
      if (isWord(at - 1) || isWord(at + key.length)) continue;
      let i = at + key.length;
      while (i < text.length && !isWord(i) && !(o.quotes && text[i] === o.quotes[0])) i++;
      if (i === at + key.length || i === text.length) continue;
      let value: string;
      if (o.quotes && text[i] === o.quotes[0]) {
        let j = i + 1;
        while (j < text.length && text[j] !== o.quotes[1]) j += o.escape && text[j] === o.escape ? 2 : 1;
        if (j >= text.length) refuse("an unterminated quoted value");
        value = unquote(text.slice(i, j + 1), o);
        i = j + 1;
      } else {
        const start = i;
        while (isWord(i)) i++;
        value = text.slice(start, i);
      }
      if (i < text.length && !VALUE_END.test(text[i]!)) refuse(`the end of the value of ${key}`);
      if (found !== undefined) refuse(`key ${key} appears twice`);
      found = value;
    }
    if (found !== undefined) pairs.set(key, found);
  }
  return pairs;
}

function unquote(s: string, o: KvOptions): string {
  if (!o.quotes || !s.startsWith(o.quotes[0]) || !s.endsWith(o.quotes[1]) || s.length < 2) return s;
  const body = s.slice(1, -1);
  if (!o.escape) return body;
  let out = "";
  for (let i = 0; i < body.length; i++)
    out += body[i] === o.escape && i + 1 < body.length ? body[++i] : body[i];
  return out;
}

operators.set("ParseKvOperator", (op, input, engine, scope) => {
  const outCols = resultColumns(op);
  const opts = new Map<string, string>();
  if (op.WithClause)
    for (const p of elements(op.WithClause.Properties))
      opts.set(
        String(p.Name.SimpleName).toLowerCase(),
        String(literalValue(p.Expression) ?? textOf(p.Expression)),
      );
  const keys: KqlColumn[] = elements(op.Keys.Columns).map((d: KNode) => ({
    name: d.Name.SimpleName,
    type: kqlTypeOf(d.Type ? textOf(d.Type) : "string") ?? "string",
  }));
  const quote = opts.get("quote");
  const o: KvOptions = {
    pair: opts.get("pair_delimiter"),
    kv: opts.get("kv_delimiter"),
    quotes: quote ? [quote[0]!, quote[1] ?? quote[0]!] : null,
    escape: opts.get("escape"),
    greedy: opts.get("greedy") === "true",
  };
  const regex = opts.get("regex");
  if (!regex && (!o.pair || !o.kv) && (o.pair || o.kv || o.greedy))
    throw unsupported(op, "parse-kv", "only one of pair_delimiter and kv_delimiter");
  const refuse = (detail: string): never => {
    throw unsupported(op, "parse-kv", detail);
  };
  const re = regex ? regexOrThrow(regex, op) : null;
  const ctx = ctxFor(engine, scope, input);
  const src = compileScalar(op.Expression, ctx);
  const srcType = scalarTypeOf(op.Expression);
  const inIdx = new Map(input.columns.map((c, i) => [c.name, i]));
  const keyIdx = new Map(keys.map((k, i) => [k.name, i]));
  const keyNames = keys.map((k) => k.name);
  const picks = outCols.map((c) => {
    const k = keyIdx.get(c.name);
    if (k !== undefined) return { key: true, i: k };
    const i = inIdx.get(c.name);
    if (i === undefined) throw unsupported(op, "parse-kv", `column ${c.name}`);
    return { key: false, i };
  });
  const rows = input.rows.map((r) => {
    const text = toKqlString(src(r), srcType);
    let pairs: Map<string, string>;
    if (re) {
      pairs = new Map();
      const m = re.matcher(text);
      while (m.find()) if (!pairs.has(m.group(1) ?? "")) pairs.set(m.group(1) ?? "", m.group(2) ?? "");
    } else if (o.pair && o.kv) pairs = pairsByDelimiters(text, o);
    else pairs = pairsByWords(text, keyNames, o, refuse);
    const vals = keys.map((k) => {
      const v = pairs.get(k.name);
      if (v === undefined) return k.type === "string" ? "" : null;
      return convert(v, k.type).value ?? (k.type === "string" ? "" : null);
    });
    return picks.map((pk) => (pk.key ? vals[pk.i] : r[pk.i]));
  });
  return { columns: outCols, rows };
});

/** The engine's entry point: evaluate(query, { tables, functions, now }). */
import "./functions/index.js";
import "./operators/index.js";
import { type Engine, Scope } from "./context.js";
import { KqlQueryError, KqlUnsupportedError, positionIn } from "./errors.js";
import { bindForEvaluation, createEnvironment, type EngineFunction, type EngineParameter } from "./kusto.js";
import { evalQueryBlock, evalTabular } from "./tabular.js";
import { elements, setQueryText, setRuntime, toArray } from "./tree.js";
import {
  CellError,
  coerceCell,
  encodeOutput,
  type KqlColumn,
  type KqlType,
  kqlTypeOf,
  parseDatetime,
  type Row,
  TICKS_PER_MS,
  type Table,
} from "./values.js";

export interface InputTable {
  columns: ReadonlyArray<{ name: string; type: string }>;
  /** rows as arrays in column order, or as objects keyed by column name */
  rows: ReadonlyArray<ReadonlyArray<unknown> | Readonly<Record<string, unknown>>>;
}

export interface InputFunction {
  /** `[{ name, type, default? }]` or the KQL parameter list text, e.g. `(since:timespan = 1d)` */
  parameters?: ReadonlyArray<{ name: string; type: string; default?: string }> | string;
  body: string;
}

export interface EvaluateOptions {
  tables?: Readonly<Record<string, InputTable>>;
  functions?: Readonly<Record<string, InputFunction>>;
  /** what now() and ago() see: ISO-8601 text or a Date; default: the real clock */
  now?: string | Date;
}

export interface EvaluateResult {
  columns: KqlColumn[];
  /** cells: see values.ts (datetime → ISO text with 7 fractional digits, timespan → `d.hh:mm:ss.fffffff`, long → number or bigint) */
  rows: unknown[][];
}

/** Longest query text accepted; Kusto's own service limit is far above what rules use. */
export const MAX_QUERY_LENGTH = 1_000_000;

export function evaluate(query: string, options: EvaluateOptions = {}): EvaluateResult {
  if (typeof query !== "string") throw new KqlQueryError("the query must be a string");
  if (query.length > MAX_QUERY_LENGTH)
    throw new KqlQueryError(`the query has ${query.length} characters; the limit is ${MAX_QUERY_LENGTH}`);
  const tables = prepareTables(options.tables ?? {});
  const functions = prepareFunctions(options.functions ?? {});
  const env = createEnvironment(
    [...tables.entries()].map(([name, t]) => ({ name, columns: t.columns })),
    functions,
  );
  const { code, language, bridge } = bindForEvaluation(env, query);
  setRuntime(language, bridge);
  setQueryText(query);
  const c = code as { GetDiagnostics(): unknown; Syntax: { Statements?: unknown; GetFirstToken?: unknown } };
  const errors = toArray<{ Severity: string; Code: string; Message: string; Start: number; Length: number }>(
    c.GetDiagnostics(),
  ).filter((d) => d.Severity === "Error");
  if (errors.length > 0) {
    const diagnostics = errors.map((d) => {
      const p = positionIn(query, d.Start);
      return { code: d.Code, message: d.Message, start: d.Start, length: d.Length, line: p.line, column: p.column };
    });
    const first = diagnostics[0]!;
    throw new KqlQueryError(
      `the query does not compile: ${first.message} (line ${first.line}, column ${first.column})${diagnostics.length > 1 ? ` and ${diagnostics.length - 1} more` : ""}`,
      diagnostics,
    );
  }
  const engine: Engine = {
    now: nowTicks(options.now),
    tables,
    evalTabular: (node, scope) => evalTabular(node, engine, scope),
  };
  let result: Table;
  try {
    result = evalQueryBlock(elements(c.Syntax.Statements), engine, new Scope());
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message))
      throw new KqlUnsupportedError("deeply nested query", null, "the expression nesting is too deep");
    throw e;
  }
  return {
    columns: result.columns.map((col) => ({ name: col.name, type: col.type })),
    rows: result.rows.map((r) => result.columns.map((col, i) => encodeOutput(r[i], col.type))),
  };
}

function nowTicks(now: string | Date | undefined): bigint {
  if (now === undefined) return BigInt(Date.now()) * TICKS_PER_MS;
  if (now instanceof Date) {
    if (Number.isNaN(now.getTime())) throw new KqlQueryError("now: invalid Date");
    return BigInt(now.getTime()) * TICKS_PER_MS;
  }
  const t = parseDatetime(now);
  if (t === null) throw new KqlQueryError(`now: ${JSON.stringify(now)} is not an ISO-8601 datetime`);
  return t;
}

function prepareTables(input: Readonly<Record<string, InputTable>>): Map<string, Table> {
  const out = new Map<string, Table>();
  for (const [name, t] of Object.entries(input)) {
    if (!t || !Array.isArray(t.columns) || !Array.isArray(t.rows))
      throw new KqlQueryError(`table ${name}: expected { columns: [{ name, type }], rows: [...] }`);
    const columns: KqlColumn[] = t.columns.map((c, i) => {
      const type = typeof c?.type === "string" ? kqlTypeOf(c.type) : undefined;
      if (!c || typeof c.name !== "string" || !c.name)
        throw new KqlQueryError(`table ${name}: column ${i + 1} has no name`);
      if (!type) throw new KqlQueryError(`table ${name}: column ${c.name} has unknown type ${JSON.stringify(c.type)}`);
      if (type === "decimal") throw new KqlUnsupportedError("decimal columns", null, `${name}.${c.name}`);
      return { name: c.name, type };
    });
    const rows: Row[] = t.rows.map((raw, r) => coerceRow(name, columns, raw, r));
    out.set(name, { columns, rows });
  }
  return out;
}

function coerceRow(table: string, columns: KqlColumn[], raw: unknown, r: number): Row {
  const isArray = Array.isArray(raw);
  if (!isArray && (raw === null || typeof raw !== "object"))
    throw new KqlQueryError(`table ${table}, row ${r + 1}: expected an array or an object`);
  if (isArray && (raw as unknown[]).length > columns.length)
    throw new KqlQueryError(
      `table ${table}, row ${r + 1}: ${(raw as unknown[]).length} cells for ${columns.length} columns`,
    );
  return columns.map((c, i) => {
    const v = isArray ? (raw as unknown[])[i] : (raw as Record<string, unknown>)[c.name];
    try {
      return coerceCell(v, c.type as KqlType);
    } catch (e) {
      if (e instanceof CellError)
        throw new KqlQueryError(`table ${table}, row ${r + 1}, column ${c.name}: ${e.message}`);
      throw e;
    }
  });
}

function prepareFunctions(input: Readonly<Record<string, InputFunction>>): EngineFunction[] {
  return Object.entries(input).map(([name, f]) => {
    if (!f || typeof f.body !== "string") throw new KqlQueryError(`function ${name}: body must be KQL text`);
    return { name, parameters: parameterList(name, f.parameters), body: f.body };
  });
}

function parameterList(fn: string, p: InputFunction["parameters"]): EngineParameter[] {
  if (p === undefined) return [];
  if (typeof p !== "string") return p.map((x) => ({ name: x.name, type: x.type, default: x.default }));
  const text = p.trim().replace(/^\(|\)$/g, "");
  if (!text.trim()) return [];
  // name:type[=default] separated by commas at depth 0
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of text) {
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    if (ch === ")" || ch === "]" || ch === "}") depth--;
    if (ch === "," && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((part) => {
    const m = /^\s*([\w$]+)\s*:\s*(\([^)]*\)|\w+)\s*(?:=\s*(.+?))?\s*$/s.exec(part);
    if (!m) throw new KqlQueryError(`function ${fn}: cannot read parameter ${JSON.stringify(part.trim())}`);
    return { name: m[1]!, type: m[2]!, default: m[3] };
  });
}

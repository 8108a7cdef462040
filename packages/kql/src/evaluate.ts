/** The engine's entry point: evaluate(query, { tables, functions, now }). */
import "./functions/index.js";
import "./operators/index.js";
import { aggregates } from "./aggregates.js";
import { type Engine, Scope } from "./context.js";
import { KqlQueryError, KqlUnsupportedError, positionIn } from "./errors.js";
import { scalarFunctions } from "./functions/registry.js";
import { type InputTable, InputTables } from "./input-tables.js";
import { bindForEvaluation, createEnvironment, type EngineFunction, type EngineParameter } from "./kusto.js";
import { plugins } from "./operators/evaluate.js";
import { evalQueryBlock, evalTabular, operatorName, operators } from "./tabular.js";
import { elements, kindOf, setQueryText, setRuntime, toArray, unsupported, walkNodes } from "./tree.js";
import { encodeOutput, type KqlColumn, parseDatetime, type Table, TICKS_PER_MS } from "./values.js";

export type { InputTable };

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
  const tables = new InputTables(options.tables ?? {});
  const functions = prepareFunctions(options.functions ?? {});
  const env = createEnvironment(tables.schemas(), functions);
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
      return {
        code: d.Code,
        message: d.Message,
        start: d.Start,
        length: d.Length,
        line: p.line,
        column: p.column,
      };
    });
    const first = diagnostics[0]!;
    throw new KqlQueryError(
      `the query does not compile: ${first.message} (line ${first.line}, column ${first.column})${diagnostics.length > 1 ? ` and ${diagnostics.length - 1} more` : ""}`,
      diagnostics,
    );
  }
  refuseEarly(c.Syntax);
  tables.plan(c.Syntax);
  const engine: Engine = {
    now: nowTicks(options.now),
    tables: tables.asMap(),
    readTable: (name, reference) => tables.read(name, reference),
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
    rows: encodeRows(result),
  };
}

/**
 * Output rows with datetime and timespan cells as text (see values.ts). The rows are the engine's
 * own arrays (never the caller's, and not used after this): they are cut to the result's width
 * and encoded in place. Encoding is idempotent, so a row that appears twice is still right.
 */
function encodeRows(result: Table): unknown[][] {
  const width = result.columns.length;
  const ticks = result.columns.flatMap((c, i) => (c.type === "datetime" || c.type === "timespan" ? [i] : []));
  const types = ticks.map((i) => result.columns[i]!.type);
  const rows = result.rows;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length > width) row.length = width;
    for (let k = 0; k < ticks.length; k++) {
      const i = ticks[k]!;
      row[i] = encodeOutput(row[i], types[k]!);
    }
  }
  return rows;
}

/** Aggregates summarize plans itself (several output columns, or constant arguments). */
const PLANNED_AGGREGATES = new Set(["arg_max", "arg_min", "percentile", "percentiles", "percentiles_array"]);

/**
 * Refuses, before any row is touched, a query that names an operator, plugin or built-in function
 * the engine does not implement (bodies of called functions are checked when they are compiled).
 */
function refuseEarly(root: unknown): void {
  walkNodes(root, (n) => {
    const k = kindOf(n);
    if (k === "FunctionCallExpression") {
      // user and workspace functions are checked as their bodies compile; plugins just below
      if (n.GetExpansion?.() || (n.Parent && kindOf(n.Parent) === "EvaluateOperator")) return;
      const name: string | undefined = n.ReferencedSymbol?.Name;
      if (name && !scalarFunctions.has(name) && !aggregates.has(name) && !PLANNED_AGGREGATES.has(name))
        throw unsupported(n, `${name}()`);
    } else if (k.endsWith("Operator") && !operators.has(k)) {
      throw unsupported(n, operatorName(n));
    } else if (k === "EvaluateOperator") {
      const plugin = String(n.FunctionCall?.Name?.SimpleName ?? "").toLowerCase();
      if (plugin !== "bag_unpack" && !plugins.has(plugin)) throw unsupported(n, `evaluate ${plugin}`);
    }
  });
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

import { createHash } from "node:crypto";
import {
  analyzeText,
  type CrossResourceCall,
  createEnvironment,
  type EngineAnalysis,
  type EngineEnvironment,
  type EngineFunction,
  type EngineTable,
  findCrossResourceCalls,
  isKustoLoaded,
  loadKusto,
  quoteKqlName,
} from "@sentinelctl/kql/kusto";
import { isKustoType, normalizeKustoType } from "../schema/kusto-types.js";
import type { KustoType, SchemaFunction, SchemaFunctionParameter, SchemaSnapshot } from "../schema/types.js";

export type KqlSeverity = "error" | "warning" | "info";

/**
 * One finding. `code` is Kusto's (`KS142` unknown name, `KS204` unknown table, `KS5xx` best
 * practice…) or one of ours (`KQL-…`, see KQL_CODES). `start`/`length` are UTF-16 offsets into
 * the analysed query string.
 */
export interface KqlDiagnostic {
  code: string;
  severity: KqlSeverity;
  message: string;
  start: number;
  length: number;
}

/** `unknown` when the analyser cannot type the column (e.g. from an open/unknown source). */
export type KqlColumnType = KustoType | "unknown";

export interface KqlColumn {
  name: string;
  type: KqlColumnType;
}

export interface KqlAnalysis {
  diagnostics: KqlDiagnostic[];
  /** output schema of the query's last statement; null if it is not tabular (or analysis failed) */
  resultColumns: KqlColumn[] | null;
  /**
   * true when the output comes from a function whose output is unknown (recursive or undeclared):
   * columns other than `resultColumns` may exist, so "column missing" findings should be skipped
   */
  resultIsOpen: boolean;
  /** workspace tables read by the query, including through called functions/parsers */
  referencedTables: string[];
  /** workspace functions called, including those called by called functions */
  referencedFunctions: string[];
}

export interface KqlAnalyzeOptions {
  /**
   * Client parameters (`{Name}` in value positions, Kusto's client-parameter syntax), typed.
   * Loose type names are normalised (see normalizeKustoType); unknown ones become dynamic.
   */
  clientParameters?: ReadonlyArray<{ name: string; type: KustoType | string }> | undefined;
  /**
   * Tables visible to this query only, on top of the schema (e.g. the `source` stream of a DCR
   * transformation). Columns are taken as declared: no standard columns are added. They replace
   * schema tables of the same name. The environment is cached per schema + table set.
   */
  extraTables?:
    | ReadonlyArray<{ name: string; columns: ReadonlyArray<{ name: string; type: string }> }>
    | undefined;
  /** add Kusto's best-practice analyzers (KS5xx) as warnings */
  bestPractices?: boolean | undefined;
}

export interface KqlServiceOptions {
  /** queries longer than this are not analysed (one KQL-TOO-LARGE diagnostic); default 100,000 */
  maxQueryLength?: number | undefined;
  /** how many schema environments (Kusto GlobalStates) to keep; default 8 */
  environmentCacheSize?: number | undefined;
}

/** Our own diagnostic codes (Kusto's are `KS…`). */
export const KQL_CODES = {
  /** the analyser threw; the message carries the exception text */
  crash: "KQL-CRASH",
  /** query longer than maxQueryLength; not analysed */
  tooLarge: "KQL-TOO-LARGE",
  /** `workspace()`/`app()`/`resource()` prefix: analysed against the local schema (info) */
  crossResource: "KQL-CROSS-RESOURCE",
  /** control command (`.show …`) where a query is expected */
  command: "KQL-COMMAND",
  /** call of a function that is part of a reference cycle */
  recursiveFunction: "KQL-RECURSIVE-FUNCTION",
  /** call of a function whose output schema is unknown (info) */
  opaqueFunction: "KQL-OPAQUE-FUNCTION",
} as const;

export const DEFAULT_MAX_QUERY_LENGTH = 100_000;

export interface KqlServiceStats {
  kustoLoaded: boolean;
  environmentsBuilt: number;
  environmentCacheHits: number;
  analyses: number;
}

/**
 * KQL analysis against a schema snapshot. Never throws from `analyze`: analyser failures come
 * back as one `KQL-CRASH` diagnostic. One Kusto GlobalState is built per schema hash and reused.
 */
export class KqlService {
  readonly maxQueryLength: number;
  private readonly cacheSize: number;
  private readonly environments = new Map<string, EngineEnvironment>();
  private counters = { environmentsBuilt: 0, environmentCacheHits: 0, analyses: 0 };

  constructor(options: KqlServiceOptions = {}) {
    this.maxQueryLength = options.maxQueryLength ?? DEFAULT_MAX_QUERY_LENGTH;
    this.cacheSize = Math.max(1, options.environmentCacheSize ?? 8);
  }

  /** Loads Kusto.Language and prepares the schema's environment ahead of time. */
  warmUp(schema?: SchemaSnapshot): { loadMs: number } {
    const loadMs = loadKusto();
    if (schema) this.environmentFor(schema);
    return { loadMs };
  }

  stats(): KqlServiceStats {
    return { kustoLoaded: isKustoLoaded(), ...this.counters };
  }

  /** Analyse one query. Offsets in the result refer to `query`. */
  analyze(query: string, schema: SchemaSnapshot, options: KqlAnalyzeOptions = {}): KqlAnalysis {
    this.counters.analyses++;
    if (typeof query !== "string") return failedAnalysis("query is not a string");
    if (query.length > this.maxQueryLength) {
      return failedAnalysis(
        `query is ${query.length} characters long; queries over ${this.maxQueryLength} characters are not analysed`,
        KQL_CODES.tooLarge,
      );
    }
    const command = commandStart(query);
    if (command >= 0) {
      // Not analysed: Kusto would initialise its command grammar (≈1 s) only to say the same.
      const end = query.slice(command).search(/\s|$/);
      return failedAnalysis(
        "control commands (starting with '.') cannot run as a Log Analytics query",
        KQL_CODES.command,
        command,
        end,
      );
    }
    try {
      return this.analyzeUnguarded(query, schema, options);
    } catch (err) {
      return failedAnalysis(`the KQL analyser failed on this query: ${describeError(err)}`);
    }
  }

  /**
   * Analyse a function (parser) body on its own, with its parameters declared. Offsets in the
   * result refer to `fn.body`. Used by the schema registry to infer a parser's output columns.
   */
  analyzeFunctionBody(
    fn: { parameters: readonly SchemaFunctionParameter[]; body: string },
    schema: SchemaSnapshot,
  ): KqlAnalysis {
    const { prefix, inner, innerOffset } = functionBodyText(fn.parameters, fn.body);
    const text = prefix + inner;
    const analysis = this.analyze(text, schema);
    const toBody = (offset: number) => Math.max(0, offset - prefix.length) + innerOffset;
    analysis.diagnostics = analysis.diagnostics.map((d) =>
      d.start < prefix.length
        ? { ...d, start: innerOffset, length: 0 }
        : { ...d, start: toBody(d.start), length: Math.min(d.length, fn.body.length - toBody(d.start)) },
    );
    return analysis;
  }

  private analyzeUnguarded(query: string, schema: SchemaSnapshot, options: KqlAnalyzeOptions): KqlAnalysis {
    const env = this.environmentFor(schema, options.extraTables);
    const extra: KqlDiagnostic[] = [];

    // Log Analytics cross-resource prefixes: blank them out (same length, offsets unchanged) so the
    // selected table is checked against the local schema, and say so.
    const { text, calls } = blankCrossResource(query);
    for (const c of calls) {
      const selector = query.slice(c.selectorStart, c.selectorStart + c.selectorLength);
      extra.push({
        code: KQL_CODES.crossResource,
        severity: "info",
        message:
          c.kind === "workspace"
            ? `${query.slice(c.start, c.start + c.length)} is not checked; '${selector}' is analysed against this workspace's schema`
            : `${query.slice(c.start, c.start + c.length)} (${c.kind === "app" ? "Application Insights" : "resource-centric"} query) is not checked; '${selector}' cannot be verified`,
        start: c.start,
        length: c.length,
      });
    }

    const result: EngineAnalysis = analyzeText(env, text, {
      bestPractices: options.bestPractices,
      clientParameters: options.clientParameters?.map((p) => {
        const t = normalizeKustoType(p.type);
        return { name: p.name, type: t.ok ? t.type : "dynamic" };
      }),
    });
    let diagnostics: KqlDiagnostic[] = result.diagnostics;

    // app()/resource() select tables of another kind of resource: an unknown table there is not a finding.
    const foreign = calls.filter((c) => c.kind !== "workspace");
    if (foreign.length > 0) {
      diagnostics = diagnostics.map((d) =>
        d.code === "KS204" &&
        foreign.some((c) => d.start >= c.selectorStart && d.start < c.selectorStart + c.selectorLength)
          ? { ...d, severity: "info" as const }
          : d,
      );
    }

    if (result.isCommand) {
      extra.push({
        code: KQL_CODES.command,
        severity: "error",
        message: "control commands (starting with '.') cannot run as a Log Analytics query",
        start: 0,
        length: Math.min(query.length, query.search(/\s|$/) > 0 ? query.search(/\s|$/) : query.length),
      });
    }

    for (const call of result.directFunctionCalls) {
      const fn = schema.functions.get(call.name);
      if (fn?.state === "recursive") {
        extra.push({
          code: KQL_CODES.recursiveFunction,
          severity: "error",
          message: `function '${call.name}' refers to itself (directly or through other functions); its output is unknown`,
          start: call.start,
          length: call.length,
        });
      } else if (fn?.state === "opaque") {
        extra.push({
          code: KQL_CODES.opaqueFunction,
          severity: "info",
          message:
            fn.origin === "builtin"
              ? `the columns '${call.name}' returns are known only in the workspace; columns used after it are not checked`
              : `the output columns of function '${call.name}' are not declared; columns used after it are not checked`,
          start: call.start,
          length: call.length,
        });
      }
    }

    return {
      diagnostics: sortDiagnostics([...diagnostics, ...extra]),
      resultColumns: result.resultColumns?.map((c) => ({ name: c.name, type: columnType(c.type) })) ?? null,
      resultIsOpen: result.resultIsOpen,
      referencedTables: result.referencedTables,
      referencedFunctions: result.referencedFunctions,
    };
  }

  /** The Kusto environment for a snapshot (plus per-query extra tables), built once per key. */
  private environmentFor(
    schema: SchemaSnapshot,
    extraTables?: KqlAnalyzeOptions["extraTables"],
  ): EngineEnvironment {
    const extras: EngineTable[] | undefined = extraTables?.length
      ? extraTables.map((t) => ({
          name: t.name,
          columns: t.columns.map((c) => {
            const n = normalizeKustoType(c.type);
            return { name: c.name, type: n.ok ? n.type : "dynamic" };
          }),
        }))
      : undefined;
    const key = extras
      ? `${schema.hash}+${createHash("sha256").update(JSON.stringify(extras)).digest("hex")}`
      : schema.hash;
    const cached = this.environments.get(key);
    if (cached) {
      this.counters.environmentCacheHits++;
      // refresh LRU position
      this.environments.delete(key);
      this.environments.set(key, cached);
      return cached;
    }
    const functions: EngineFunction[] = [];
    for (const fn of schema.functions.values()) functions.push(engineFunction(fn));
    let tables: EngineTable[] = [...schema.tables.values()];
    if (extras) {
      const names = new Set(extras.map((t) => t.name));
      tables = [...tables.filter((t) => !names.has(t.name)), ...extras];
    }
    const env = createEnvironment(tables, functions);
    this.counters.environmentsBuilt++;
    this.environments.set(key, env);
    while (this.environments.size > this.cacheSize) {
      const oldest = this.environments.keys().next().value;
      if (oldest === undefined) break;
      this.environments.delete(oldest);
    }
    return env;
  }
}

/** Replaces `workspace('x').` / `app('x').` / `resource('x').` prefixes by spaces (offsets unchanged). */
function blankCrossResource(query: string): { text: string; calls: CrossResourceCall[] } {
  const calls = findCrossResourceCalls(query);
  let text = query;
  for (const c of calls) {
    text =
      text.slice(0, c.start) +
      blank(text.slice(c.start, c.start + c.prefixLength)) +
      text.slice(c.start + c.prefixLength);
  }
  return { text, calls };
}

function engineFunction(fn: SchemaFunction): EngineFunction {
  const base = { name: fn.name, parameters: fn.parameters, description: fn.description };
  if (fn.state === "ok" && fn.body !== null) {
    // Bodies are expanded at call sites: cross-resource prefixes inside them are blanked too.
    const { prefix, inner } = functionBodyText([], fn.body);
    return { ...base, body: prefix + blankCrossResource(inner).text };
  }
  if (fn.resultColumns) return { ...base, resultColumns: fn.resultColumns };
  return { ...base, openResult: true };
}

/** Declares a function's parameters in front of its body so the body can be analysed alone. */
function functionBodyText(
  parameters: readonly SchemaFunctionParameter[],
  body: string,
): { prefix: string; inner: string; innerOffset: number } {
  let inner = body;
  let innerOffset = 0;
  const open = body.search(/\S/);
  const close = body.search(/\s*$/);
  if (open >= 0 && body[open] === "{" && body[close - 1] === "}") {
    inner = body.slice(open + 1, close - 1);
    innerOffset = open + 1;
  }
  const scalars = parameters.filter((p) => !p.type.startsWith("("));
  const tabular = parameters.filter((p) => p.type.startsWith("("));
  let prefix = "";
  if (scalars.length > 0) {
    prefix += `declare query_parameters(${scalars
      .map((p) => `${quoteKqlName(p.name)}:${p.type}${p.default ? ` = ${p.default}` : ""}`)
      .join(", ")});\n`;
  }
  for (const p of tabular) {
    // `(*)` (any table) has no text form; an empty one-column datatable stands in.
    const schemaText = p.type.trim() === "(*)" ? "(_:string)" : p.type;
    prefix += `let ${quoteKqlName(p.name)} = datatable${schemaText}[];\n`;
  }
  return { prefix, inner, innerOffset };
}

function columnType(name: string): KqlColumnType {
  if (isKustoType(name)) return name;
  if (name.startsWith("dynamic")) return "dynamic";
  return "unknown";
}

function blank(s: string): string {
  return s.replace(/[^\r\n]/g, " ");
}

function sortDiagnostics(d: KqlDiagnostic[]): KqlDiagnostic[] {
  return d
    .map((x, i) => [x, i] as const)
    .sort((a, b) => a[0].start - b[0].start || a[1] - b[1])
    .map(([x]) => x);
}

/** Offset of a leading `.` (a control command) after whitespace and comments, or -1. */
function commandStart(query: string): number {
  let i = 0;
  while (i < query.length) {
    const c = query[i];
    if (c === " " || c === "\t" || c === "\r" || c === "\n") i++;
    else if (c === "/" && query[i + 1] === "/") {
      const nl = query.indexOf("\n", i);
      if (nl < 0) return -1;
      i = nl + 1;
    } else return c === "." ? i : -1;
  }
  return -1;
}

/** An analysis that produced nothing but one error (KQL-CRASH unless another code is given). */
export function failedAnalysis(
  message: string,
  code: string = KQL_CODES.crash,
  start = 0,
  length = 0,
): KqlAnalysis {
  return {
    diagnostics: [{ code, severity: "error", message, start, length }],
    resultColumns: null,
    resultIsOpen: false,
    referencedTables: [],
    referencedFunctions: [],
  };
}

function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  if (err && typeof err === "object" && "Message" in err)
    return String((err as { Message: unknown }).Message);
  try {
    return String(err);
  } catch {
    return "unknown error";
  }
}

/** 1-based line and column of a UTF-16 offset in a query (`\r\n`, `\n` and `\r` end lines). */
export function lineColInQuery(query: string, offset: number): { line: number; column: number } {
  const end = Math.max(0, Math.min(offset, query.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const ch = query.charCodeAt(i);
    // \n ends a line; so does a lone \r (in \r\n the \n is what counts)
    if (ch === 10 || (ch === 13 && query.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

let shared: KqlService | undefined;

/** The process-wide service (one Kusto load, one environment cache). */
export function getKqlService(): KqlService {
  shared ??= new KqlService();
  return shared;
}

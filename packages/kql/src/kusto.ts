/**
 * The one module in the repository that touches Kusto.Language (`@kusto/language-service-next`).
 *
 * The package is Microsoft's C# Kusto.Language compiled to JavaScript by Bridge.NET. It ships as two
 * plain scripts that create globals (`Bridge`, `System`, `Kusto`) and export nothing; `bridge.js`
 * must run first. Its API is the C# API one-to-one, so overloaded constructors are `ctor`, `$ctor1`,
 * `$ctor2`… and that numbering changes between versions (the package is pinned to 12.4.1 for that
 * reason). Every constructor used below was checked against 12.4.1.
 *
 * Nothing Kusto-typed leaves this module: callers get plain objects and an opaque environment
 * handle. The scripts are loaded lazily (synchronously, through `createRequire`) on first use, once
 * per process (or once per Jest module registry). The package's minified builds are used: same
 * code, about a third faster to load (~0.25 s instead of ~0.4 s on an idle core).
 */
import { createRequire } from "node:module";

// ---------------------------------------------------------------------------------------------
// Public (plain) types
// ---------------------------------------------------------------------------------------------

export type EngineSeverity = "error" | "warning" | "info";

export interface EngineColumn {
  name: string;
  type: string;
}

export interface EngineTable {
  name: string;
  columns: readonly EngineColumn[];
  /** open table: any other column name is accepted (typed unknown) */
  open?: boolean | undefined;
  description?: string | undefined;
}

export interface EngineParameter {
  name: string;
  /** a Kusto scalar type name, or a tabular schema such as `(a:string, b:long)` or `(*)` */
  type: string;
  /** KQL expression text of the default value */
  default?: string | undefined;
}

/**
 * A function in the workspace database. Exactly one of `body` (KQL, with or without braces),
 * `resultColumns` (declared output: a typed empty datatable stands in for the body) or
 * `openResult` (output schema unknown: an open table, any column reference is accepted) is used,
 * in that order of preference.
 */
export interface EngineFunction {
  name: string;
  parameters: readonly EngineParameter[];
  body?: string | undefined;
  resultColumns?: readonly EngineColumn[] | undefined;
  openResult?: boolean | undefined;
  description?: string | undefined;
}

export interface EngineDiagnostic {
  code: string;
  severity: EngineSeverity;
  message: string;
  start: number;
  length: number;
}

export interface EngineSpan {
  name: string;
  start: number;
  length: number;
}

export interface EngineAnalysis {
  diagnostics: EngineDiagnostic[];
  resultColumns: EngineColumn[] | null;
  /** the result is an open table (from a function of unknown output): columns beyond `resultColumns` may exist */
  resultIsOpen: boolean;
  /** database tables, including those used inside called functions (first-use order) */
  referencedTables: string[];
  /** database functions, including those called from inside other functions (first-use order) */
  referencedFunctions: string[];
  /** calls of database functions written in the analysed text itself, with their positions */
  directFunctionCalls: EngineSpan[];
  /** `true` when the text is a control command (`.show …`), not a query */
  isCommand: boolean;
}

export interface EngineAnalyzeOptions {
  clientParameters?: ReadonlyArray<{ name: string; type: string }> | undefined;
  bestPractices?: boolean | undefined;
}

/** A cross-resource call such as `workspace('x').` in front of a table name. */
export interface CrossResourceCall {
  kind: "workspace" | "app" | "resource";
  /** the call, e.g. `workspace('x')` */
  start: number;
  length: number;
  /** span from the call start up to and including the dot */
  prefixLength: number;
  /** the selected name after the dot (e.g. the table) */
  selectorStart: number;
  selectorLength: number;
}

/** Opaque handle on a prepared Kusto GlobalState (one per schema). */
export interface EngineEnvironment {
  readonly __engineEnvironment: true;
  readonly tableCount: number;
  readonly functionCount: number;
}

// ---------------------------------------------------------------------------------------------
// Minimal declarations of the parts of Kusto.Language used here (the package's own .d.ts is 1.7 MB
// and does not compile under `strict`; these are enough and keep the surface explicit).
// ---------------------------------------------------------------------------------------------

/** System.Collections.Generic.IReadOnlyList$1 — only ever converted with Bridge.toArray */
type KList<_T> = { readonly __kList: true };

interface KSymbol {
  Name: string;
  Kind: number;
}
interface KTypeSymbol extends KSymbol {}
interface KColumnSymbol extends KSymbol {
  Type: KTypeSymbol;
}
interface KTableSymbol extends KSymbol {
  Columns: KList<KColumnSymbol>;
  IsOpen: boolean;
  WithIsOpen(isOpen: boolean): KTableSymbol;
}
interface KDiagnostic {
  Code: string;
  Severity: string;
  Message: string;
  Start: number;
  Length: number;
}
interface KSyntaxNode {
  TextStart: number;
  Width: number;
  End: number;
  Parent: KSyntaxNode | null;
}
interface KExpression extends KSyntaxNode {
  ReferencedSymbol: KSymbol | null;
  GetExpansion?: () => KSyntaxNode | null;
}
interface KNameReference extends KExpression {
  SimpleName: string | null;
}
interface KFunctionCallExpression extends KExpression {
  Name: { SimpleName: string | null } | null;
}
interface KPathExpression extends KExpression {
  Expression: KExpression | null;
  Selector: KExpression | null;
}
interface KCode {
  Kind: string;
  Syntax: KSyntaxNode;
  ResultType: KSymbol | null;
  GetDiagnostics(): KList<KDiagnostic>;
}
interface KGlobalState {
  WithDatabase(db: unknown): KGlobalState;
  WithProperty(type: unknown, property: unknown, value: unknown): KGlobalState;
  AddOrUpdateClientSymbols(symbols: unknown[]): KGlobalState;
  IsDatabaseTable(symbol: KSymbol): boolean;
  IsDatabaseFunction(symbol: KSymbol): boolean;
}
type Ctor<T> = new (...args: never[]) => T;
interface KustoLanguage {
  KustoCode: {
    Parse(text: string): KCode;
    ParseAndAnalyze(text: string, globals: KGlobalState): KCode;
  };
  GlobalState: { Default: KGlobalState };
  Properties: { AllowClientParameters: unknown };
  Editor: {
    KustoCodeService: {
      ctor: new (code: KCode) => { GetAnalyzerDiagnostics(wait: boolean): KList<KDiagnostic> };
    };
  };
  Symbols: {
    SymbolKind: { Table: number; Function: number };
    ArgumentKind: { Expression: number };
    ScalarSymbol: { From(name: string): KTypeSymbol | null };
    ScalarTypes: { Dynamic: KTypeSymbol };
    ColumnSymbol: new (
      name: string,
      type: KTypeSymbol,
      description: string | null,
      originalColumns: null,
      source: null,
      examples: null,
    ) => KColumnSymbol;
    TableSymbol: {
      /** (name, ColumnSymbol[]) */
      $ctor4: new (
        name: string,
        columns: KColumnSymbol[],
      ) => KTableSymbol;
    };
    FunctionSymbol: {
      /** (name, returnType, Parameter[]) */
      $ctor5: new (
        name: string,
        returnType: KTypeSymbol,
        parameters: unknown[],
      ) => KSymbol;
      /** (name, parameterList text, body text, description) */
      $ctor16: new (
        name: string,
        parameterList: string,
        body: string,
        description: string,
      ) => KSymbol;
    };
    Parameter: {
      /** (name, type, argumentKind, values, examples, isCaseSensitive, defaultValueIndicator, minOccurring, maxOccurring, defaultValue, description) */
      $ctor3: new (
        name: string,
        type: KTypeSymbol,
        argumentKind: number,
        values: null,
        examples: null,
        isCaseSensitive: boolean,
        defaultValueIndicator: null,
        minOccurring: number,
        maxOccurring: number,
        defaultValue: null,
        description: null,
      ) => unknown;
    };
    ParameterSymbol: new (name: string, type: KTypeSymbol, description: string) => KSymbol;
    DatabaseSymbol: { ctor: new (name: string, members: KSymbol[]) => KSymbol };
  };
  Syntax: {
    Expression: Ctor<KExpression>;
    FunctionCallExpression: Ctor<KFunctionCallExpression>;
    NameReference: Ctor<KNameReference>;
    PathExpression: Ctor<KPathExpression>;
    SyntaxElement: { WalkNodes(root: KSyntaxNode, fnBefore: (node: KSyntaxNode) => void): void };
  };
}
interface BridgeRuntime {
  toArray<T>(list: KList<T>): T[];
}

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

interface Loaded {
  K: KustoLanguage;
  Bridge: BridgeRuntime;
  loadMs: number;
}

let loaded: Loaded | undefined;

function kusto(): Loaded {
  if (loaded) return loaded;
  const started = performance.now();
  const g = globalThis as unknown as { Kusto?: { Language: KustoLanguage }; Bridge?: BridgeRuntime };
  if (!g.Kusto) {
    const require = createRequire(import.meta.url);
    // Order matters: the Bridge.NET runtime defines the globals the Kusto script needs.
    require("@kusto/language-service-next/bridge.min.js");
    require("@kusto/language-service-next/Kusto.Language.Bridge.min.js");
  }
  if (!g.Kusto?.Language || !g.Bridge)
    throw new Error("@kusto/language-service-next did not define Kusto.Language");
  loaded = { K: g.Kusto.Language, Bridge: g.Bridge, loadMs: performance.now() - started };
  return loaded;
}

/** Load Kusto.Language now (it is otherwise loaded on first use). Returns the load time in ms. */
export function loadKusto(): number {
  return kusto().loadMs;
}

let warmedUp = false;

/**
 * Pays Kusto's one-time costs now: loading the library, building its parser grammar (on the first
 * parse) and its built-in symbols (on the first analysis). Together about 1–1.5 s of CPU, which a
 * caller can overlap with other work (file loading, another thread's start-up) when it knows a
 * query will need analysing. Idempotent; never throws (a failure shows again on first real use).
 */
export function warmUpKusto(): void {
  if (warmedUp) return;
  warmedUp = true;
  try {
    const { K } = kusto();
    K.KustoCode.ParseAndAnalyze("print x = 1 | where x > 0 | summarize count() by x", K.GlobalState.Default);
  } catch {
    // reported by the first real use
  }
}

export function isKustoLoaded(): boolean {
  return loaded !== undefined;
}

function toArray<T>(list: KList<T> | null | undefined): T[] {
  return list ? kusto().Bridge.toArray(list) : [];
}

// ---------------------------------------------------------------------------------------------
// Symbols
// ---------------------------------------------------------------------------------------------

const scalarTypeCache = new Map<string, KTypeSymbol>();

function scalarType(name: string): KTypeSymbol {
  let t = scalarTypeCache.get(name);
  if (!t) {
    const { K } = kusto();
    // ScalarSymbol.From is case-sensitive and returns null for unknown names; the schema registry
    // normalises type names before they get here, so `dynamic` is only a last-resort fallback.
    t = K.Symbols.ScalarSymbol.From(name) ?? K.Symbols.ScalarTypes.Dynamic;
    scalarTypeCache.set(name, t);
  }
  return t;
}

/** Brackets a name for use in KQL text when it is not a plain identifier. */
export function quoteKqlName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
    ? name
    : `['${name.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}']`;
}

function schemaText(columns: readonly EngineColumn[]): string {
  return `(${columns.map((c) => `${quoteKqlName(c.name)}:${c.type}`).join(", ")})`;
}

function parameterListText(parameters: readonly EngineParameter[]): string {
  return `(${parameters
    .map(
      (p) =>
        `${quoteKqlName(p.name)}:${p.type}${p.default !== undefined && p.default !== "" ? ` = ${p.default}` : ""}`,
    )
    .join(", ")})`;
}

function bracedBody(body: string): string {
  const t = body.trim();
  return t.startsWith("{") && t.endsWith("}") ? t : `{\n${body}\n}`;
}

/** Table symbols are immutable; the same declaration object always yields the same symbol. */
const tableSymbolCache = new WeakMap<EngineTable, KTableSymbol>();

function tableSymbol(table: EngineTable): KTableSymbol {
  let sym = tableSymbolCache.get(table);
  if (!sym) {
    const { K } = kusto();
    const columns = table.columns.map(
      (c) => new K.Symbols.ColumnSymbol(c.name, scalarType(c.type), null, null, null, null),
    );
    sym = new K.Symbols.TableSymbol.$ctor4(table.name, columns);
    if (table.open) sym = sym.WithIsOpen(true);
    tableSymbolCache.set(table, sym);
  }
  return sym;
}

function functionSymbol(fn: EngineFunction): KSymbol {
  const { K } = kusto();
  const S = K.Symbols;
  if (fn.body !== undefined) {
    return new S.FunctionSymbol.$ctor16(
      fn.name,
      parameterListText(fn.parameters),
      bracedBody(fn.body),
      fn.description ?? "",
    );
  }
  if (fn.resultColumns && !fn.openResult) {
    return new S.FunctionSymbol.$ctor16(
      fn.name,
      parameterListText(fn.parameters),
      `{ datatable${schemaText(fn.resultColumns)}[] }`,
      fn.description ?? "",
    );
  }
  // Unknown output: an open table accepts any column name (typed `unknown`), so callers are not
  // flooded with false "unknown column" errors.
  const open = new S.TableSymbol.$ctor4("", []).WithIsOpen(true);
  const params = fn.parameters.map(
    (p) =>
      new S.Parameter.$ctor3(
        p.name,
        p.type.startsWith("(") ? open : scalarType(p.type),
        S.ArgumentKind.Expression,
        null,
        null,
        false,
        null,
        p.default !== undefined ? 0 : 1,
        1,
        null,
        null,
      ),
  );
  return new S.FunctionSymbol.$ctor5(fn.name, open, params);
}

// ---------------------------------------------------------------------------------------------
// Environments
// ---------------------------------------------------------------------------------------------

interface EnvironmentImpl extends EngineEnvironment {
  globals: KGlobalState;
  clientVariants: Map<string, KGlobalState>;
}

let defaultGlobals: KGlobalState | undefined;

/** Builds a GlobalState holding one database (the workspace) with these tables and functions. */
export function createEnvironment(
  tables: readonly EngineTable[],
  functions: readonly EngineFunction[],
): EngineEnvironment {
  const { K } = kusto();
  const members: KSymbol[] = [];
  for (const t of tables) members.push(tableSymbol(t));
  for (const f of functions) members.push(functionSymbol(f));
  const db = new K.Symbols.DatabaseSymbol.ctor("workspace", members);
  defaultGlobals ??= K.GlobalState.Default;
  const env: EnvironmentImpl = {
    __engineEnvironment: true,
    tableCount: tables.length,
    functionCount: functions.length,
    globals: defaultGlobals.WithDatabase(db),
    clientVariants: new Map(),
  };
  return env;
}

function globalsFor(
  env: EngineEnvironment,
  clientParameters: EngineAnalyzeOptions["clientParameters"],
): KGlobalState {
  const impl = env as EnvironmentImpl;
  if (!clientParameters || clientParameters.length === 0) return impl.globals;
  const key = clientParameters.map((p) => `${p.name}:${p.type}`).join(",");
  let g = impl.clientVariants.get(key);
  if (!g) {
    const { K } = kusto();
    const symbols = clientParameters.map(
      (p) => new K.Symbols.ParameterSymbol(p.name, scalarType(p.type), ""),
    );
    // Generic C# method: Bridge passes the type argument first.
    g = impl.globals
      .WithProperty(Boolean, K.Properties.AllowClientParameters, true)
      .AddOrUpdateClientSymbols(symbols);
    if (impl.clientVariants.size > 32) impl.clientVariants.clear();
    impl.clientVariants.set(key, g);
  }
  return g;
}

// ---------------------------------------------------------------------------------------------
// Analysis
// ---------------------------------------------------------------------------------------------

function severityOf(kustoSeverity: string): EngineSeverity | null {
  switch (kustoSeverity) {
    case "Error":
      return "error";
    case "Warning":
      return "warning";
    case "Suggestion":
    case "Information":
      return "info";
    default:
      return null; // Hidden
  }
}

function diagnosticOf(d: KDiagnostic, forcedSeverity?: EngineSeverity): EngineDiagnostic | null {
  const severity = forcedSeverity ?? severityOf(d.Severity);
  if (!severity) return null;
  return { code: d.Code, severity, message: d.Message, start: d.Start, length: d.Length };
}

/** Parse + semantic analysis of one query against an environment. May throw (the caller guards). */
export function analyzeText(
  env: EngineEnvironment,
  text: string,
  options: EngineAnalyzeOptions = {},
): EngineAnalysis {
  const { K } = kusto();
  const S = K.Symbols;
  const Syn = K.Syntax;
  const globals = globalsFor(env, options.clientParameters);
  const code = K.KustoCode.ParseAndAnalyze(text, globals);

  const diagnostics: EngineDiagnostic[] = [];
  for (const d of toArray(code.GetDiagnostics())) {
    const diag = diagnosticOf(d);
    if (diag) diagnostics.push(diag);
  }
  if (options.bestPractices) {
    const service = new K.Editor.KustoCodeService.ctor(code);
    for (const d of toArray(service.GetAnalyzerDiagnostics(true))) {
      const diag = diagnosticOf(d, "warning");
      if (diag) diagnostics.push(diag);
    }
  }

  const rt = code.ResultType;
  const table = rt && rt.Kind === S.SymbolKind.Table ? (rt as KTableSymbol) : null;
  const resultColumns = table
    ? toArray(table.Columns).map((c) => ({ name: c.Name, type: c.Type.Name }))
    : null;

  const tables = new Set<string>();
  const functions = new Set<string>();
  const expanded = new Set<string>();
  const directFunctionCalls: EngineSpan[] = [];
  const visit = (root: KSyntaxNode, topLevel: boolean): void => {
    Syn.SyntaxElement.WalkNodes(root, (node) => {
      if (!(node instanceof Syn.Expression)) return;
      const sym = node.ReferencedSymbol;
      if (!sym) return;
      if (sym.Kind === S.SymbolKind.Table && globals.IsDatabaseTable(sym)) {
        tables.add(sym.Name);
      } else if (sym.Kind === S.SymbolKind.Function && globals.IsDatabaseFunction(sym)) {
        // A call `F(x)` is seen twice: the call expression, then its name. Record the call once.
        if (topLevel && !(node.Parent instanceof Syn.FunctionCallExpression)) {
          directFunctionCalls.push({ name: sym.Name, start: node.TextStart, length: node.Width });
        }
        functions.add(sym.Name);
        // Tables used inside the function: walk its expansion once per function. Positions inside
        // an expansion are relative to the function body, so nothing positional is taken from it.
        if (!expanded.has(sym.Name)) {
          const expansion = node.GetExpansion?.();
          if (expansion) {
            expanded.add(sym.Name);
            visit(expansion, false);
          }
        }
      }
    });
  };
  visit(code.Syntax, true);

  return {
    diagnostics,
    resultColumns,
    resultIsOpen: table?.IsOpen === true,
    referencedTables: [...tables],
    referencedFunctions: [...functions],
    directFunctionCalls,
    isCommand: code.Kind === "Command",
  };
}

/**
 * For the evaluator: parse and bind a query against an environment and hand back Kusto's own
 * `KustoCode` (its bound syntax tree) with the runtime it belongs to. The evaluator is the one
 * place outside this module that reads Kusto objects; it does so through its own narrow accessors.
 */
export function bindForEvaluation(
  env: EngineEnvironment,
  text: string,
): { code: unknown; language: unknown; bridge: unknown } {
  const { K, Bridge } = kusto();
  const code = K.KustoCode.ParseAndAnalyze(text, (env as EnvironmentImpl).globals);
  return { code, language: K, bridge: Bridge };
}

/** Syntax only: names referenced in the text (for dependency graphs between functions). */
export function referencedNames(text: string): EngineSpan[] {
  const { K } = kusto();
  const Syn = K.Syntax;
  const code = K.KustoCode.Parse(text);
  const out: EngineSpan[] = [];
  Syn.SyntaxElement.WalkNodes(code.Syntax, (node) => {
    if (node instanceof Syn.NameReference && node.SimpleName) {
      out.push({ name: node.SimpleName, start: node.TextStart, length: node.Width });
    }
  });
  return out;
}

const crossResourceHint = /\b(?:workspace|app|resource)\s*\(/i;

/**
 * Finds Log Analytics cross-resource prefixes (`workspace('x').T`, `app('x').T`, `resource('x').T`),
 * which the ADX dialect of Kusto.Language does not know. Syntax only; cheap when none are present.
 */
export function findCrossResourceCalls(text: string): CrossResourceCall[] {
  if (!crossResourceHint.test(text)) return [];
  const { K } = kusto();
  const Syn = K.Syntax;
  const code = K.KustoCode.Parse(text);
  const out: CrossResourceCall[] = [];
  Syn.SyntaxElement.WalkNodes(code.Syntax, (node) => {
    if (!(node instanceof Syn.PathExpression)) return;
    const call = node.Expression;
    const selector = node.Selector;
    if (!(call instanceof Syn.FunctionCallExpression) || !selector) return;
    const name = call.Name?.SimpleName?.toLowerCase();
    if (name !== "workspace" && name !== "app" && name !== "resource") return;
    out.push({
      kind: name,
      start: call.TextStart,
      length: call.Width,
      prefixLength: selector.TextStart - call.TextStart,
      selectorStart: selector.TextStart,
      selectorLength: selector.Width,
    });
  });
  return out;
}

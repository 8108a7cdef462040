/**
 * Schema registry: turns built-in Log Analytics tables, the solution's custom tables and parsers,
 * and the project's extra declarations into one immutable SchemaSnapshot with a content hash.
 *
 * Parsers given only as a body get their output columns inferred by analysing the body (through
 * the KQL service) against the same snapshot; reference cycles between functions are detected
 * before any analysis and reported instead of followed.
 */
import { createHash } from "node:crypto";
import { referencedNames } from "@sentinelctl/kql/kusto";
import { getKqlService, type KqlService } from "../kql/service.js";
import { CLASSIC_EXTRA_COLUMNS, loadBuiltins, withStandardColumns } from "./builtin-tables.js";
import { normalizeKustoType } from "./kusto-types.js";
import type {
  ColumnDeclaration,
  FunctionDeclaration,
  SchemaColumn,
  SchemaFunction,
  SchemaFunctionParameter,
  SchemaInput,
  SchemaOrigin,
  SchemaProblem,
  SchemaSnapshot,
  SchemaTable,
  TableDeclaration,
} from "./types.js";

export interface BuildSchemaOptions {
  /** service used to analyse parser bodies; default: the shared one */
  service?: KqlService | undefined;
  /** analyse parser bodies to infer their output (needs Kusto.Language); default true */
  inferFunctions?: boolean | undefined;
}

const SNAPSHOT_FORMAT = 1;

export function buildSchema(input: SchemaInput = {}, options: BuildSchemaOptions = {}): SchemaSnapshot {
  const problems: SchemaProblem[] = [];
  const builtins = input.includeBuiltins !== false ? loadBuiltins() : undefined;
  // The repository's own schema files count as built-ins: their problems are the repository's.
  const quiet: SchemaProblem[] = [];
  const tables = collectTables(input, builtins, problems, quiet);
  const functions = collectFunctions(input, builtins, tables, problems, quiet);
  const withBody = [...functions.values()].filter((f) => f.body !== null);
  markRecursiveFunctions(withBody, functions, problems);
  const hash = snapshotHash(input, builtins, tables, functions);
  if (withBody.length > 0 && options.inferFunctions !== false) {
    const draft: SchemaSnapshot = { hash, tables, functions, problems };
    inferFunctionOutputs(withBody, draft, functions, problems, options.service ?? getKqlService());
  }
  return Object.freeze({ hash, tables, functions, problems: Object.freeze(problems) });
}

type Builtins = ReturnType<typeof loadBuiltins>;

/** Built-in tables, then the repository's, then the declared ones (later origins replace earlier). */
function collectTables(
  input: SchemaInput,
  builtins: Builtins | undefined,
  problems: SchemaProblem[],
  quiet: SchemaProblem[],
): Map<string, SchemaTable> {
  const tables = new Map<string, SchemaTable>();
  for (const t of builtins?.tables ?? []) tables.set(t.name, t);
  for (const decl of input.repository?.tables ?? []) {
    const table = normaliseTable(decl, "builtin", quiet);
    if (table) tables.set(table.name, table);
  }
  const declaredTables = new Map<string, SchemaOrigin>();
  for (const [origin, decls] of sources(input, "tables")) {
    for (const decl of decls as readonly TableDeclaration[]) {
      const table = normaliseTable(decl, origin, problems);
      if (!table) continue;
      const previous = tables.get(table.name);
      const previousDeclared = declaredTables.get(table.name);
      if (previousDeclared === origin) {
        problems.push({
          code: "SCHEMA-DUPLICATE-TABLE",
          severity: "error",
          message: `table '${table.name}' is declared more than once; the first declaration is used`,
          origin,
          table: table.name,
        });
        continue;
      }
      if (previous) {
        problems.push({
          code: "SCHEMA-SHADOWS-BUILTIN",
          severity: "info",
          message:
            previous.origin === "builtin"
              ? `table '${table.name}' is a built-in Log Analytics table; the ${origin} declaration replaces the built-in schema`
              : `table '${table.name}' is declared by the ${previous.origin} and the ${origin}; the ${origin} declaration is used`,
          origin,
          table: table.name,
        });
      }
      tables.set(table.name, table);
      declaredTables.set(table.name, origin);
    }
  }
  return tables;
}

/** Built-in functions, then the repository's, then the declared ones; a name is a table or a function. */
function collectFunctions(
  input: SchemaInput,
  builtins: Builtins | undefined,
  tables: ReadonlyMap<string, SchemaTable>,
  problems: SchemaProblem[],
  quiet: SchemaProblem[],
): Map<string, SchemaFunction> {
  const functions = new Map<string, SchemaFunction>();
  for (const f of builtins?.functions ?? []) functions.set(f.name, f);
  for (const decl of input.repository?.functions ?? []) {
    const fn = normaliseFunction(decl, "builtin", quiet);
    if (fn && !tables.has(fn.name)) functions.set(fn.name, fn);
  }
  const declaredFunctions = new Map<string, SchemaOrigin>();
  for (const [origin, decls] of sources(input, "functions")) {
    for (const decl of decls as readonly FunctionDeclaration[]) {
      const fn = normaliseFunction(decl, origin, problems);
      if (!fn) continue;
      if (declaredFunctions.get(fn.name) === origin) {
        problems.push({
          code: "SCHEMA-DUPLICATE-FUNCTION",
          severity: "error",
          message: `function '${fn.name}' is declared more than once; the first declaration is used`,
          origin,
          function: fn.name,
        });
        continue;
      }
      const previous = functions.get(fn.name);
      if (previous) {
        problems.push({
          code: "SCHEMA-SHADOWS-BUILTIN",
          severity: "info",
          message: `function '${fn.name}' is also declared by the ${previous.origin}; the ${origin} declaration is used`,
          origin,
          function: fn.name,
        });
      }
      if (tables.has(fn.name)) {
        problems.push({
          code: "SCHEMA-NAME-CONFLICT",
          severity: "error",
          message: `'${fn.name}' is declared both as a table and as a function`,
          origin,
          function: fn.name,
        });
      }
      functions.set(fn.name, fn);
      declaredFunctions.set(fn.name, origin);
    }
  }
  return functions;
}

/** Reference cycles between parsers (syntax only, before any semantic analysis). */
function markRecursiveFunctions(
  withBody: readonly SchemaFunction[],
  functions: Map<string, SchemaFunction>,
  problems: SchemaProblem[],
): void {
  if (withBody.length === 0) return;
  const names = new Set(withBody.map((f) => f.name));
  const edges = new Map<string, string[]>();
  for (const f of withBody) {
    const refs = new Set<string>();
    for (const r of referencedNames(stripBraces(f.body ?? ""))) if (names.has(r.name)) refs.add(r.name);
    edges.set(f.name, [...refs].sort());
  }
  for (const cycle of findCycles([...names].sort(), edges)) {
    const path =
      cycle.length === 1
        ? `'${cycle[0]}' calls itself`
        : `${cycle.map((n) => `'${n}'`).join(" → ")} → '${cycle[0]}'`;
    for (const name of cycle) {
      const fn = functions.get(name);
      if (!fn) continue;
      functions.set(name, { ...fn, state: "recursive" });
      problems.push({
        code: "SCHEMA-RECURSIVE-FUNCTION",
        severity: "error",
        message: `function '${name}' is recursive (${path}); KQL functions cannot call themselves, its output is treated as unknown`,
        origin: fn.origin,
        function: name,
      });
    }
  }
}

/** What makes two snapshots differ: everything declared, and the ids of the built-in and repository sets. */
function snapshotHash(
  input: SchemaInput,
  builtins: Builtins | undefined,
  tables: ReadonlyMap<string, SchemaTable>,
  functions: ReadonlyMap<string, SchemaFunction>,
): string {
  return createHash("sha256")
    .update(
      JSON.stringify({
        format: SNAPSHOT_FORMAT,
        builtins: builtins?.id ?? null,
        repository: input.repository?.id ?? null,
        tables: [...tables.values()]
          .filter((t) => t.origin !== "builtin")
          .sort(byName)
          .map((t) => [t.name, t.origin, t.open === true, t.columns.map((c) => [c.name, c.type])]),
        functions: [...functions.values()]
          .filter((f) => f.origin !== "builtin")
          .sort(byName)
          .map((f) => [
            f.name,
            f.origin,
            f.state,
            f.parameters,
            f.body,
            f.resultColumns?.map((c) => [c.name, c.type]) ?? null,
          ]),
      }),
    )
    .digest("hex");
}

/** Each parser's output columns, inferred from its body (and compared with declared ones). */
function inferFunctionOutputs(
  withBody: readonly SchemaFunction[],
  draft: SchemaSnapshot,
  functions: Map<string, SchemaFunction>,
  problems: SchemaProblem[],
  service: KqlService,
): void {
  for (const original of withBody) {
    const fn = functions.get(original.name);
    if (!fn || fn.body === null) continue;
    const analysis = service.analyzeFunctionBody({ parameters: fn.parameters, body: fn.body }, draft);
    const crashed = analysis.diagnostics.find((d) => d.code === "KQL-CRASH" || d.code === "KQL-TOO-LARGE");
    if (crashed) {
      problems.push({
        code: "SCHEMA-ANALYSIS-FAILED",
        severity: "error",
        message: `the body of function '${fn.name}' could not be analysed: ${crashed.message}`,
        origin: fn.origin,
        function: fn.name,
      });
    }
    // a recursive call is already reported as SCHEMA-RECURSIVE-FUNCTION
    const errors = analysis.diagnostics.filter(
      (d) => d.severity === "error" && d.code !== "KQL-RECURSIVE-FUNCTION",
    );
    if (errors.length > 0 && !crashed) {
      problems.push({
        code: "SCHEMA-FUNCTION-BODY-ERRORS",
        severity: "warning",
        message: `the body of function '${fn.name}' has ${errors.length} error(s) (first: ${errors[0]?.code} ${errors[0]?.message}); its inferred output may be incomplete`,
        origin: fn.origin,
        function: fn.name,
      });
    }
    let resultColumns: SchemaColumn[] | null = fn.resultColumns ? [...fn.resultColumns] : null;
    if (fn.state === "ok") {
      const inferred = analysis.resultColumns;
      if (inferred === null) {
        if (!crashed) {
          problems.push({
            code: "SCHEMA-FUNCTION-NOT-TABULAR",
            severity: "info",
            message: `function '${fn.name}' does not return a table`,
            origin: fn.origin,
            function: fn.name,
          });
        }
      } else {
        const declared = fn.resultColumns;
        resultColumns = inferred.map((c) => ({
          name: c.name,
          type: c.type === "unknown" ? "dynamic" : c.type,
        }));
        if (declared) {
          const have = new Map(inferred.map((c) => [c.name, c.type]));
          const missing = declared.filter((c) => !have.has(c.name)).map((c) => c.name);
          const retyped = declared
            .filter((c) => have.has(c.name) && have.get(c.name) !== c.type && have.get(c.name) !== "unknown")
            .map((c) => `${c.name} (declared ${c.type}, body gives ${have.get(c.name)})`);
          if (missing.length > 0 || retyped.length > 0) {
            problems.push({
              code: "SCHEMA-RESULT-MISMATCH",
              severity: "warning",
              message: `the declared result columns of function '${fn.name}' differ from what its body returns${
                missing.length ? `; missing: ${missing.join(", ")}` : ""
              }${retyped.length ? `; different types: ${retyped.join(", ")}` : ""}`,
              origin: fn.origin,
              function: fn.name,
            });
          }
        }
      }
    }
    functions.set(fn.name, {
      ...fn,
      resultColumns: resultColumns ? Object.freeze(resultColumns) : null,
      bodyDiagnostics: Object.freeze(analysis.diagnostics),
      referencedTables: Object.freeze(analysis.referencedTables),
      referencedFunctions: Object.freeze(analysis.referencedFunctions),
    });
  }
}

// ---------------------------------------------------------------------------------------------

function* sources(
  input: SchemaInput,
  key: "tables" | "functions",
): Generator<[SchemaOrigin, readonly TableDeclaration[] | readonly FunctionDeclaration[]]> {
  const s = input.solution?.[key];
  if (s) yield ["solution", s];
  const p = input.project?.[key];
  if (p) yield ["project", p];
}

/** compareText's order, written out: analysis workers load this module without @sentinelctl/content (~0.9 s). */
function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Whether a declared name is usable; reports SCHEMA-INVALID-NAME (`what` names the thing) when not. */
function checkName(
  name: unknown,
  what: string,
  origin: SchemaOrigin,
  problems: SchemaProblem[],
  where: { table?: string; function?: string } = {},
): boolean {
  if (typeof name === "string" && name.trim() === name && name.length > 0 && !/[\r\n\t]/.test(name))
    return true;
  problems.push({
    code: "SCHEMA-INVALID-NAME",
    severity: "error",
    message: `${what} has an invalid name ${JSON.stringify(name)}`,
    origin,
    ...where,
  });
  return false;
}

function normaliseColumns(
  columns: readonly ColumnDeclaration[],
  origin: SchemaOrigin,
  problems: SchemaProblem[],
  where: { table?: string; function?: string },
): SchemaColumn[] {
  const owner = where.table ? `of table '${where.table}'` : `of function '${where.function}'`;
  const out: SchemaColumn[] = [];
  const seen = new Map<string, SchemaColumn>();
  for (const col of columns) {
    if (!checkName(col?.name, `a column ${owner}`, origin, problems, where)) continue;
    const t = normalizeKustoType(col.type);
    if (!t.ok) {
      problems.push({
        code: "SCHEMA-UNKNOWN-TYPE",
        severity: "error",
        message: `column '${col.name}' ${owner}: ${t.error}; treated as dynamic`,
        origin,
        ...where,
        column: col.name,
      });
    }
    const column: SchemaColumn = {
      name: col.name,
      type: t.ok ? t.type : "dynamic",
      ...(col.description ? { description: col.description } : {}),
    };
    const dup = seen.get(col.name);
    if (dup) {
      problems.push({
        code: "SCHEMA-DUPLICATE-COLUMN",
        severity: dup.type === column.type ? "warning" : "error",
        message: `column '${col.name}' ${owner} is declared more than once${
          dup.type === column.type ? "" : ` with different types (${dup.type}, ${column.type})`
        }; the first declaration is used`,
        origin,
        ...where,
        column: col.name,
      });
      continue;
    }
    seen.set(col.name, column);
    out.push(column);
  }
  return out;
}

function normaliseTable(
  decl: TableDeclaration,
  origin: SchemaOrigin,
  problems: SchemaProblem[],
): SchemaTable | null {
  if (!checkName(decl?.name, "a table", origin, problems)) return null;
  const declared = normaliseColumns(decl.columns ?? [], origin, problems, { table: decl.name });
  const columns = withStandardColumns(declared, decl.kind === "classic" ? CLASSIC_EXTRA_COLUMNS : []);
  return Object.freeze({
    name: decl.name,
    columns: Object.freeze(columns),
    origin,
    ...(decl.open ? { open: true } : {}),
    ...(decl.description ? { description: decl.description } : {}),
  });
}

function normaliseFunction(
  decl: FunctionDeclaration,
  origin: SchemaOrigin,
  problems: SchemaProblem[],
): SchemaFunction | null {
  if (!checkName(decl?.name, "a function", origin, problems)) return null;
  const parameters: SchemaFunctionParameter[] = [];
  for (const p of decl.parameters ?? []) {
    if (
      !checkName(p?.name, `a parameter of function '${decl.name}'`, origin, problems, { function: decl.name })
    )
      continue;
    const rawType = typeof p.type === "string" ? p.type.trim() : "";
    if (rawType.startsWith("(")) {
      parameters.push({
        name: p.name,
        type: rawType as `(${string}`,
        ...(p.default ? { default: p.default } : {}),
      });
      continue;
    }
    const t = normalizeKustoType(rawType);
    if (!t.ok) {
      problems.push({
        code: "SCHEMA-UNKNOWN-TYPE",
        severity: "error",
        message: `parameter '${p.name}' of function '${decl.name}': ${t.error}; treated as dynamic`,
        origin,
        function: decl.name,
        parameter: p.name,
      });
    }
    parameters.push({
      name: p.name,
      type: t.ok ? t.type : "dynamic",
      ...(p.default ? { default: p.default } : {}),
    });
  }
  const body = typeof decl.body === "string" && decl.body.trim() !== "" ? decl.body : null;
  const resultColumns = decl.resultColumns
    ? normaliseColumns(decl.resultColumns, origin, problems, { function: decl.name })
    : null;
  if (body === null && resultColumns === null) {
    problems.push({
      code: "SCHEMA-FUNCTION-OPAQUE",
      severity: "info",
      message: `function '${decl.name}' has neither a body nor declared result columns; columns used after calling it are not checked`,
      origin,
      function: decl.name,
    });
  }
  return {
    name: decl.name,
    parameters: Object.freeze(parameters),
    body,
    resultColumns: resultColumns ? Object.freeze(resultColumns) : null,
    origin,
    state: body === null && resultColumns === null ? "opaque" : "ok",
    ...(decl.description ? { description: decl.description } : {}),
    bodyDiagnostics: [],
    referencedTables: [],
    referencedFunctions: [],
  };
}

function stripBraces(body: string): string {
  const t = body.trim();
  return t.startsWith("{") && t.endsWith("}") ? ` ${t.slice(1, -1)} ` : body;
}

/** Strongly connected components with a cycle (size > 1, or a self-loop), Tarjan's algorithm. */
export function findCycles(
  nodes: readonly string[],
  edges: ReadonlyMap<string, readonly string[]>,
): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = component.length === 1 && (edges.get(v) ?? []).includes(v);
      if (component.length > 1 || selfLoop) out.push(component.reverse());
    }
  };
  for (const n of nodes) if (!idx.has(n)) strong(n);
  return out;
}

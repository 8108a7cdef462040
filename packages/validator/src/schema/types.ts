/**
 * Plain data types of the schema registry. Nothing here depends on Kusto.Language.
 */

import { KUSTO_TYPES } from "@sentinelctl/content";

/** Kusto scalar types (the names Kusto.Language itself uses): the content model's list. */
export const KUSTO_SCALAR_TYPES = KUSTO_TYPES;

export type KustoType = (typeof KUSTO_SCALAR_TYPES)[number];

// ----- inputs (structural: the content model passes its own objects) ------------------------

export interface ColumnDeclaration {
  name: string;
  /** loose type name: `string`, `String`, `Int32`, `Date/time`, `GUID`, … (see normalizeKustoType) */
  type: string;
  description?: string | undefined;
}

export interface TableDeclaration {
  name: string;
  columns: readonly ColumnDeclaration[];
  description?: string | undefined;
  /**
   * `dcr` (default): a DCR-based table (Logs ingestion API / CCF / AMA) — gets the Log Analytics
   * standard columns. `classic`: a table of the retired HTTP Data Collector API — additionally
   * gets `SourceSystem`.
   */
  kind?: "dcr" | "classic" | undefined;
  /** open schema: columns beyond the declared ones may exist (typed `unknown` when used) */
  open?: boolean | undefined;
}

export interface FunctionParameterDeclaration {
  name: string;
  /** scalar type (loose names accepted) or a tabular schema such as `(*)` or `(a:string)` */
  type: string;
  /** KQL expression text, e.g. `datetime(null)`, `'*'`, `dynamic([])` */
  default?: string | undefined;
}

export interface FunctionDeclaration {
  name: string;
  parameters?: readonly FunctionParameterDeclaration[] | undefined;
  /** KQL of the function (a parser), with or without surrounding braces */
  body?: string | undefined;
  /** declared output columns; used when there is no body, compared with the inferred ones otherwise */
  resultColumns?: readonly ColumnDeclaration[] | undefined;
  description?: string | undefined;
}

export interface SchemaDeclarations {
  tables?: readonly TableDeclaration[] | undefined;
  functions?: readonly FunctionDeclaration[] | undefined;
}

/**
 * Schemas a content repository carries for its CI (Azure-Sentinel's KqlvalidationsTests
 * CustomTables/CustomFunctions): they extend and replace the built-in ones without a word, as
 * they do in Microsoft's own validation. `id` is a hash of their content.
 */
export interface RepositoryDeclarations extends SchemaDeclarations {
  id: string;
}

export interface SchemaInput {
  /** built-in Log Analytics tables and functions (`_GetWatchlist`); default true */
  includeBuiltins?: boolean | undefined;
  /** the checkout's own schema files, layered over the built-ins */
  repository?: RepositoryDeclarations | undefined;
  /** what the solution declares (custom tables, parsers) */
  solution?: SchemaDeclarations | undefined;
  /** the project-level extra declarations file (parsed by the caller) */
  project?: SchemaDeclarations | undefined;
}

// ----- outputs -------------------------------------------------------------------------------

export type SchemaOrigin = "builtin" | "solution" | "project";

export interface SchemaColumn {
  readonly name: string;
  readonly type: KustoType;
  readonly description?: string | undefined;
  /** added by the registry (a Log Analytics standard column the declaration left out) */
  readonly implicit?: boolean | undefined;
}

export interface SchemaTable {
  readonly name: string;
  readonly columns: readonly SchemaColumn[];
  readonly origin: SchemaOrigin;
  /** columns beyond `columns` may exist (AzureDiagnostics, or declared open) */
  readonly open?: boolean | undefined;
  readonly description?: string | undefined;
}

export interface SchemaFunctionParameter {
  readonly name: string;
  /** a Kusto scalar type, or a tabular schema text starting with `(` */
  readonly type: KustoType | `(${string}`;
  readonly default?: string | undefined;
}

export type SchemaFunctionState =
  /** body analysed (or result columns declared); usable */
  | "ok"
  /** part of a reference cycle; callers see an unknown (open) result */
  | "recursive"
  /** neither body nor result columns: output unknown (open result) */
  | "opaque";

/** Diagnostic of a function body, offsets relative to the declared `body` string. */
export interface SchemaBodyDiagnostic {
  readonly code: string;
  readonly severity: "error" | "warning" | "info";
  readonly message: string;
  readonly start: number;
  readonly length: number;
}

export interface SchemaFunction {
  readonly name: string;
  readonly parameters: readonly SchemaFunctionParameter[];
  readonly body: string | null;
  /** inferred from the body, or declared; null when unknown or not tabular */
  readonly resultColumns: readonly SchemaColumn[] | null;
  readonly origin: SchemaOrigin;
  readonly state: SchemaFunctionState;
  readonly description?: string | undefined;
  /** analysis of the body (parsers only) */
  readonly bodyDiagnostics: readonly SchemaBodyDiagnostic[];
  readonly referencedTables: readonly string[];
  readonly referencedFunctions: readonly string[];
}

export type SchemaProblemCode =
  | "SCHEMA-UNKNOWN-TYPE"
  | "SCHEMA-INVALID-NAME"
  | "SCHEMA-DUPLICATE-TABLE"
  | "SCHEMA-DUPLICATE-COLUMN"
  | "SCHEMA-DUPLICATE-FUNCTION"
  | "SCHEMA-SHADOWS-BUILTIN"
  | "SCHEMA-NAME-CONFLICT"
  | "SCHEMA-RECURSIVE-FUNCTION"
  | "SCHEMA-FUNCTION-OPAQUE"
  | "SCHEMA-FUNCTION-NOT-TABULAR"
  | "SCHEMA-FUNCTION-BODY-ERRORS"
  | "SCHEMA-RESULT-MISMATCH"
  | "SCHEMA-ANALYSIS-FAILED";

export interface SchemaProblem {
  readonly code: SchemaProblemCode;
  readonly severity: "error" | "warning" | "info";
  readonly message: string;
  readonly origin: SchemaOrigin;
  readonly table?: string | undefined;
  readonly column?: string | undefined;
  readonly function?: string | undefined;
  readonly parameter?: string | undefined;
}

export interface SchemaSnapshot {
  /** sha256 over the normalised declarations (and the built-in data set); equal hash = equal schema */
  readonly hash: string;
  readonly tables: ReadonlyMap<string, SchemaTable>;
  readonly functions: ReadonlyMap<string, SchemaFunction>;
  readonly problems: readonly SchemaProblem[];
}

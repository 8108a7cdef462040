import type {
  AnyContentItem,
  DataConnectorItem,
  DiagnosticSeverity,
  Path,
  Range,
  SolutionModel,
  SourceDocument,
} from "@sentinelctl/content";
import type { ProjectIndex, SolutionSchema } from "../pipeline/project.js";
import type { QueryResult } from "../pipeline/query-sites.js";

export type CheckCategory =
  | "rule"
  | "kql"
  | "table"
  | "connector"
  | "workbook"
  | "parser"
  | "solution"
  | "playbook"
  /** About the package `build` writes (Content Hub), not the content itself. */
  | "package"
  | "automation"
  /** Reading content files (the loader). */
  | "load"
  /** Content that does not match its kind's schema; declared tables and parsers. */
  | "schema"
  | "meta";

/** What every check declares about itself (the registry, the docs and SARIF rules come from it). */
export interface CheckMeta {
  /** Stable code, e.g. `RULE-QUERY-FREQUENCY`. A family of codes ends in `*` (e.g. `KQL-KS*`). */
  code: string;
  severity: DiagnosticSeverity;
  /** One line: what the check enforces. */
  doc: string;
  category: CheckCategory;
  /** The Microsoft check (research notes, section B) this reproduces, when it does. */
  parity?: string;
  /**
   * About what `build` packages, or a rule the builder relies on: `build` runs it even with
   * --no-validate (and `deploy --no-validate` before resolving), so no package is made from
   * content it rejects. Such a check only reads the model, never the analysed queries.
   */
  alwaysInBuild?: boolean;
}

/** Where a finding points: a node of a content document, a raw range, or a span inside a query. */
export type Where =
  | { source: SourceDocument; path: Path; which?: "key" | "value" }
  | { source: SourceDocument; range: Range }
  | { query: QueryResult; start: number; length: number };

export interface Report {
  at: Where;
  message: string;
  hint?: string;
  /** Overrides the check's default severity for this one finding (before configuration). */
  severity?: DiagnosticSeverity;
  /** For family checks (`KQL-KS*`): the concrete code. */
  code?: string;
}

export interface CheckContext {
  model: SolutionModel;
  project: ProjectIndex;
  schema: SolutionSchema;
  /** Every analysed query of this solution, in model order. */
  queries: readonly QueryResult[];
  queriesOf(item: AnyContentItem): readonly QueryResult[];
  /** The connectors a connector id resolves to (this solution first, then the rest of the repo). */
  connector(id: string): DataConnectorItem | undefined;
  report(report: Report): void;
}

export interface Check {
  meta: CheckMeta;
  run(ctx: CheckContext): void;
}

export function defineCheck(check: Check): Check {
  return check;
}

/** Shorthand for a location at a value (or key) of an item. */
export function at(item: AnyContentItem, path: Path = [], which: "key" | "value" = "value"): Where {
  return { source: item.source, path: [...item.path, ...path], which };
}

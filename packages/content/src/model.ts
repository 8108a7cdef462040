import type { Diagnostic } from "./diagnostics.js";
import type {
  AnalyticRule,
  AutomationRule,
  ContentKind,
  DataConnector,
  HuntingQuery,
  Parser,
  Playbook,
  Solution,
  Table,
  Workbook,
} from "./schemas/index.js";
import type { Path, SourceDocument } from "./source.js";

/** An attached file an item points to (workbook gallery template, playbook ARM template). */
export interface Attachment {
  value: Record<string, unknown>;
  source: SourceDocument;
}

/** One content item and where it came from; `path` locates the item's data inside its source. */
export interface ContentItem<K extends ContentKind, T> {
  kind: K;
  data: T;
  source: SourceDocument;
  path: Path;
  template?: Attachment;
}

export type SolutionItem = ContentItem<"solution", Solution>;
export type TableItem = ContentItem<"table", Table>;
export type DataConnectorItem = ContentItem<"dataConnector", DataConnector>;
export type ParserItem = ContentItem<"parser", Parser>;
export type AnalyticRuleItem = ContentItem<"analyticRule", AnalyticRule>;
export type HuntingQueryItem = ContentItem<"huntingQuery", HuntingQuery>;
export type WorkbookItem = ContentItem<"workbook", Workbook>;
export type PlaybookItem = ContentItem<"playbook", Playbook>;
export type AutomationRuleItem = ContentItem<"automationRule", AutomationRule>;

export type AnyContentItem =
  | SolutionItem
  | TableItem
  | DataConnectorItem
  | ParserItem
  | AnalyticRuleItem
  | HuntingQueryItem
  | WorkbookItem
  | PlaybookItem
  | AutomationRuleItem;

export interface SolutionModel {
  /** Absolute path of the solution folder (for loose inputs, the folder given). */
  dir: string;
  /** Folder name under Solutions/ (used for package paths). */
  folderName: string;
  /** Absent for loose inputs (rule files validated without a solution.yaml). */
  solution?: SolutionItem;
  tables: TableItem[];
  dataConnectors: DataConnectorItem[];
  parsers: ParserItem[];
  analyticRules: AnalyticRuleItem[];
  huntingQueries: HuntingQueryItem[];
  workbooks: WorkbookItem[];
  playbooks: PlaybookItem[];
  automationRules: AutomationRuleItem[];
  /** Items that failed their schema check: never packaged, but their queries are still analysed. */
  rejected?: AnyContentItem[];
  /** Set when the item list and its order come from an Azure-Sentinel `Data/Solution_*.json`. */
  manifest?: { file: string };
  /**
   * For loose files inside a solution folder: that solution's tables, parsers and connectors, which
   * the files' queries and references resolve against (not themselves validated or packaged).
   */
  context?: Pick<SolutionModel, "tables" | "parsers" | "dataConnectors">;
}

export interface LoadResult {
  solutions: SolutionModel[];
  diagnostics: Diagnostic[];
  /** Every file the loader read, with its content hash (for caches). */
  files: Array<{ file: string; sha256: string }>;
  /**
   * Every file imported while loading `.ts` content in this process (absolute paths; content
   * modules and what they import), or undefined when the loader in use does not report imports.
   */
  modules?: string[] | undefined;
}

export function itemsOf(model: SolutionModel): AnyContentItem[] {
  return [
    ...(model.solution ? [model.solution] : []),
    ...model.tables,
    ...model.dataConnectors,
    ...model.parsers,
    ...model.analyticRules,
    ...model.huntingQueries,
    ...model.workbooks,
    ...model.playbooks,
    ...model.automationRules,
  ];
}

/** The content id of an item, as the builder and the duplicate check use it. */
export function contentIdOf(item: AnyContentItem): string {
  switch (item.kind) {
    case "solution":
      return item.data.id;
    case "table":
      return item.data.name;
    case "parser":
      return `${item.data.FunctionAlias}-Parser`;
    default:
      return item.data.id;
  }
}

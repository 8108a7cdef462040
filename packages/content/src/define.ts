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

/** Global symbol, so that a content module and the loader agree even across module instances. */
export const CONTENT_KIND: unique symbol = Symbol.for("sentinelctl.contentKind") as never;

export type Defined<T> = T & { readonly [CONTENT_KIND]: ContentKind };

function brand<T extends object>(kind: ContentKind, value: T): Defined<T> {
  return Object.defineProperty({ ...value }, CONTENT_KIND, { value: kind, enumerable: false }) as Defined<T>;
}

export const defineSolution = (value: Solution) => brand("solution", value);
export const defineTable = (value: Table) => brand("table", value);
export const defineDataConnector = (value: DataConnector) => brand("dataConnector", value);
export const defineParser = (value: Parser) => brand("parser", value);
export const defineAnalyticRule = (value: AnalyticRule) => brand("analyticRule", value);
export const defineHuntingQuery = (value: HuntingQuery) => brand("huntingQuery", value);
export const defineWorkbook = (value: Workbook) => brand("workbook", value);
export const definePlaybook = (value: Playbook) => brand("playbook", value);
export const defineAutomationRule = (value: AutomationRule) => brand("automationRule", value);

export function definedKind(value: unknown): ContentKind | undefined {
  if (value && typeof value === "object" && CONTENT_KIND in value) {
    return (value as Record<typeof CONTENT_KIND, ContentKind>)[CONTENT_KIND];
  }
  return undefined;
}

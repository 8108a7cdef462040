import type { AnyContentItem } from "@sentinelctl/content";

/** contentKind of a contentTemplate (and of its item in the package's dependencies). */
export type ArmContentKind =
  | "AnalyticsRule"
  | "HuntingQuery"
  | "Parser"
  | "Workbook"
  | "DataConnector"
  | "ResourcesDataConnector"
  | "Playbook";

/** The createUiDefinition step an item is listed in. */
export type StepName =
  | "dataconnectors"
  | "parsers"
  | "workbooks"
  | "analytics"
  | "huntingqueries"
  | "playbooks";

/** One content item of the package, as the item list (createUiDefinition, baseline) sees it. */
export interface GraphItem {
  kind: ArmContentKind;
  code: string;
  contentId: string;
  version: string;
  displayName: string;
  description?: string;
  source: AnyContentItem;
  step: StepName;
}

/** V3's short code of each kind, used in template names and product ids. */
export const KIND_CODES: Record<ArmContentKind, string> = {
  AnalyticsRule: "ar",
  HuntingQuery: "hq",
  Parser: "pr",
  Workbook: "wb",
  DataConnector: "dc",
  ResourcesDataConnector: "rdc",
  Playbook: "pl",
};

/** The kind as V3 writes it in a contentTemplate's description. */
export function kindLabel(kind: ArmContentKind): string {
  switch (kind) {
    case "AnalyticsRule":
      return "Analytics Rule";
    case "HuntingQuery":
      return "Hunting Query";
    case "DataConnector":
      return "Data Connector";
    case "ResourcesDataConnector":
      return "Data Connector Connections";
    default:
      return kind;
  }
}

/** The content id of a push connector's connections template (the `rdc` item). */
export function connectionsContentId(connectorId: string): string {
  return `${connectorId}Connections`;
}

/** Item version with V3's defaults. */
export function itemVersion(item: AnyContentItem, solutionVersion: string): string {
  switch (item.kind) {
    case "analyticRule":
    case "huntingQuery":
      return item.data.version ?? "1.0.0";
    case "parser":
      return item.data.Function.Version || "1.0.0";
    case "workbook":
      return item.data.version;
    case "playbook":
      return item.data.version || "1.0";
    case "dataConnector":
      return item.data.version ?? (item.data.kind === "CcfPush" ? solutionVersion : "1.0.0");
    default:
      return solutionVersion;
  }
}

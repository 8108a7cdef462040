/**
 * The builder's output for one concrete workspace, and the deployer's input: one entry per
 * ARM resource to PUT, fully resolved (no ARM expressions left).
 */
export type ResolvedContentKind =
  | "Table"
  | "DataCollectionEndpoint"
  | "DataCollectionRule"
  | "Parser"
  | "HuntingQuery"
  | "DataConnectorDefinition"
  | "DataConnector"
  | "AnalyticsRule"
  | "AutomationRule"
  | "Workbook"
  | "Metadata"
  | "ContentPackage"
  | "ContentTemplate";

export interface DeployTarget {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  /** Azure region of the workspace; resources that need a location get it. */
  location: string;
}

export interface ResolvedResource {
  /** Full ARM resource id, e.g. /subscriptions/s/resourceGroups/g/providers/Microsoft.OperationalInsights/workspaces/w/providers/Microsoft.SecurityInsights/alertRules/<guid> */
  id: string;
  /** Resource type without the workspace prefix, e.g. Microsoft.SecurityInsights/alertRules. */
  type: string;
  apiVersion: string;
  /** The PUT body: kind, location, etag, properties as the service expects them. */
  body: Record<string, unknown>;
  /** Apply order: lower phases first; resources within a phase are independent. */
  phase: number;
  contentKind: ResolvedContentKind;
  /** Content id of the item this resource belongs to. */
  contentId: string;
  displayName: string;
}

export type DeployMode = "content" | "package";

/**
 * How metadata marks what sentinelctl deployed, so prune never touches anything else:
 * metadata.properties.source = { kind: "SourceRepository", name: OWNER_SOURCE_NAME, sourceId: <solution id> }.
 */
export const OWNER_SOURCE_NAME = "sentinelctl";

/**
 * Apply order by kind (tables, DCE, DCRs, parsers, connectors, rules, workbooks, metadata). An
 * automation rule comes after the analytics rules its conditions may name.
 */
export const PHASES: Record<ResolvedContentKind, number> = {
  Table: 0,
  DataCollectionEndpoint: 1,
  DataCollectionRule: 2,
  Parser: 3,
  HuntingQuery: 3,
  DataConnectorDefinition: 4,
  DataConnector: 5,
  AnalyticsRule: 6,
  AutomationRule: 7,
  Workbook: 7,
  ContentPackage: 8,
  ContentTemplate: 9,
  Metadata: 10,
};

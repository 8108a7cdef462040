/**
 * The one catalogue of the resource kinds sentinelctl deploys: for each content kind, its ARM
 * resource type, the api-version the deployer pins for it, the `kind` Sentinel's metadata records
 * for it, its apply phase and whether deleting it loses data. The builder (resolving), the deployer
 * (planner, pruner, renderer), the importer and the emulator read it; none keeps its own copy.
 *
 * Adding a kind is one row in KIND_CATALOGUE (plus, where needed, its api-version in
 * API_VERSIONS.live). The kind's name is also the label plan and prune output print for it.
 */
import { API_VERSIONS, type LiveResource } from "./api-versions.js";

/** Where a resource's collection lives: below the workspace or directly in the resource group. */
export type KindScope = "workspace" | "resourceGroup";

export interface KindRow {
  /** ARM resource type without the workspace prefix, e.g. Microsoft.SecurityInsights/alertRules. */
  armType: string;
  /** Key of the pinned live api-version in API_VERSIONS.live. */
  apiKey: LiveResource;
  /**
   * `properties.kind` of the Sentinel metadata that records an item of this kind. Where several
   * kinds share one ARM type (savedSearches: Parser, HuntingQuery), it tells a live one apart.
   */
  metadataKind?: string;
  /** Apply order: lower phases first; resources within a phase are independent. */
  phase: number;
  /** Deleting it deletes data (rows, or the ingestion path of rows): prune needs --allow-data-loss. */
  holdsData: boolean;
}

/**
 * Every deployable kind. Row order matters where kinds share an ARM type: the first row of a type
 * is the kind a live resource gets when its metadata does not say otherwise.
 */
export const KIND_CATALOGUE = {
  Table: {
    armType: "Microsoft.OperationalInsights/workspaces/tables",
    apiKey: "tables",
    metadataKind: "DataType",
    phase: 0,
    holdsData: true,
  },
  DataCollectionEndpoint: {
    armType: "Microsoft.Insights/dataCollectionEndpoints",
    apiKey: "dataCollectionEndpoints",
    metadataKind: "ResourcesDataConnector",
    phase: 1,
    holdsData: true,
  },
  DataCollectionRule: {
    armType: "Microsoft.Insights/dataCollectionRules",
    apiKey: "dataCollectionRules",
    metadataKind: "ResourcesDataConnector",
    phase: 2,
    holdsData: true,
  },
  Parser: {
    armType: "Microsoft.OperationalInsights/workspaces/savedSearches",
    apiKey: "savedSearches",
    metadataKind: "Parser",
    phase: 3,
    holdsData: false,
  },
  HuntingQuery: {
    armType: "Microsoft.OperationalInsights/workspaces/savedSearches",
    apiKey: "savedSearches",
    metadataKind: "HuntingQuery",
    phase: 3,
    holdsData: false,
  },
  DataConnectorDefinition: {
    armType: "Microsoft.SecurityInsights/dataConnectorDefinitions",
    apiKey: "dataConnectorDefinitions",
    metadataKind: "DataConnector",
    phase: 4,
    holdsData: false,
  },
  DataConnector: {
    armType: "Microsoft.SecurityInsights/dataConnectors",
    apiKey: "dataConnectors",
    metadataKind: "DataConnector",
    phase: 5,
    holdsData: false,
  },
  AnalyticsRule: {
    armType: "Microsoft.SecurityInsights/alertRules",
    apiKey: "alertRules",
    metadataKind: "AnalyticsRule",
    phase: 6,
    holdsData: false,
  },
  /** After the analytics rules its conditions may name. */
  AutomationRule: {
    armType: "Microsoft.SecurityInsights/automationRules",
    apiKey: "automationRules",
    metadataKind: "AutomationRule",
    phase: 7,
    holdsData: false,
  },
  Workbook: {
    armType: "Microsoft.Insights/workbooks",
    apiKey: "workbooks",
    metadataKind: "Workbook",
    phase: 7,
    holdsData: false,
  },
  ContentPackage: {
    armType: "Microsoft.SecurityInsights/contentPackages",
    apiKey: "contentPackages",
    phase: 8,
    holdsData: false,
  },
  ContentTemplate: {
    armType: "Microsoft.SecurityInsights/contentTemplates",
    apiKey: "contentTemplates",
    phase: 9,
    holdsData: false,
  },
  Metadata: {
    armType: "Microsoft.SecurityInsights/metadata",
    apiKey: "metadata",
    phase: 10,
    holdsData: false,
  },
} as const satisfies Record<string, KindRow>;

/**
 * The builder's output for one concrete workspace, and the deployer's input: one entry per ARM
 * resource to PUT, fully resolved (no ARM expressions left). One name per catalogue row.
 */
export type ResolvedContentKind = keyof typeof KIND_CATALOGUE;

export interface KindEntry extends KindRow {
  kind: ResolvedContentKind;
  /** The pinned live api-version (API_VERSIONS.live[apiKey]). */
  apiVersion: string;
  scope: KindScope;
}

function scopeOf(armType: string): KindScope {
  const t = armType.toLowerCase();
  return t.startsWith("microsoft.securityinsights/") ||
    t.startsWith("microsoft.operationalinsights/workspaces/")
    ? "workspace"
    : "resourceGroup";
}

/** The catalogue's rows, in catalogue order. */
export const KIND_ENTRIES: readonly KindEntry[] = Object.entries(KIND_CATALOGUE).map(
  ([kind, row]: [string, KindRow]) => ({
    ...row,
    kind: kind as ResolvedContentKind,
    apiVersion: API_VERSIONS.live[row.apiKey],
    scope: scopeOf(row.armType),
  }),
);

const BY_KIND = new Map(KIND_ENTRIES.map((e) => [e.kind, e]));

export function kindEntry(kind: ResolvedContentKind): KindEntry {
  return BY_KIND.get(kind)!;
}

/** The catalogue rows of an ARM type (case-insensitive), primary kind first; empty when unknown. */
export function kindsOfArmType(armType: string): KindEntry[] {
  const t = armType.toLowerCase();
  return KIND_ENTRIES.filter((e) => e.armType.toLowerCase() === t);
}

/**
 * The content kind of a live resource of `armType`, told apart by the `kind` its metadata records
 * where one type stores several kinds (a savedSearch is a Parser or a HuntingQuery).
 */
export function liveKindOf(armType: string, metadataKind?: unknown): ResolvedContentKind | undefined {
  const rows = kindsOfArmType(armType);
  return (rows.find((e) => e.metadataKind !== undefined && e.metadataKind === metadataKind) ?? rows[0])?.kind;
}

/** Apply phase per kind, from the catalogue. */
export const PHASES = Object.fromEntries(KIND_ENTRIES.map((e) => [e.kind, e.phase])) as Record<
  ResolvedContentKind,
  number
>;

export interface WorkspaceRef {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
}

export function workspaceResourceId(t: WorkspaceRef): string {
  return `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${t.workspace}`;
}

/** The id of the collection (LIST) that holds the resources of `kind` in a workspace's resource group. */
export function collectionId(kind: ResolvedContentKind, t: WorkspaceRef): string {
  const e = kindEntry(kind);
  const [namespace, ...types] = e.armType.split("/");
  if (e.scope === "resourceGroup") {
    return `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroup}/providers/${e.armType}`;
  }
  const ws = workspaceResourceId(t);
  // A workspace child (Microsoft.OperationalInsights/workspaces/tables) or an extension resource
  // on the workspace (Microsoft.SecurityInsights/alertRules).
  return namespace!.toLowerCase() === "microsoft.operationalinsights"
    ? `${ws}/${types.slice(1).join("/")}`
    : `${ws}/providers/${e.armType}`;
}

/** The full ARM id of the resource of `kind` named `name`. */
export function kindResourceId(kind: ResolvedContentKind, t: WorkspaceRef, name: string): string {
  return `${collectionId(kind, t)}/${name}`;
}

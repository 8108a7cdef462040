/**
 * ARM resource ids and the resource types the deployer knows: where their collection lives, which
 * pinned api-version reads and deletes them (API_VERSIONS.live, the one table), which content kind
 * (and so phase) a live one has, whether an SDK covers their LIST.
 */
import { API_VERSIONS, type LiveResource, type ResolvedContentKind } from "@sentinelctl/content";

export interface ParsedId {
  subscriptionId: string;
  resourceGroup: string;
  /** Full type chain, e.g. Microsoft.OperationalInsights/workspaces/Microsoft.SecurityInsights/alertRules. */
  typeChain: string;
  /** The resource's own type: last provider namespace + its types, e.g. Microsoft.SecurityInsights/alertRules. */
  type: string;
  name: string;
  /** The id of the collection (LIST) that holds it: the id without its name. */
  collection: string;
}

/** Parses `/subscriptions/{s}/resourceGroups/{g}/providers/{ns}/{type}/{name}[/...]`. */
export function parseResourceId(id: string): ParsedId {
  const segs = id.split("/").filter(Boolean);
  if (
    segs.length < 4 ||
    segs[0]!.toLowerCase() !== "subscriptions" ||
    segs[2]!.toLowerCase() !== "resourcegroups"
  ) {
    throw new Error(`Not a resource-group scoped ARM id: ${id}`);
  }
  const subscriptionId = segs[1]!;
  const resourceGroup = segs[3]!;
  const rest = segs.slice(4);
  const chain: string[] = [];
  let ownType: string[] = [];
  let name = "";
  let i = 0;
  while (i < rest.length) {
    if (rest[i]!.toLowerCase() === "providers") {
      const ns = rest[i + 1];
      if (!ns) break;
      chain.push(ns);
      ownType = [ns];
      i += 2;
      continue;
    }
    const type = rest[i]!;
    const n = rest[i + 1] ?? "";
    chain.push(type);
    ownType.push(type);
    name = n;
    i += 2;
  }
  if (!name) throw new Error(`ARM id has no resource name: ${id}`);
  const collection = `/${segs.slice(0, segs.length - 1).join("/")}`;
  return {
    subscriptionId,
    resourceGroup,
    typeChain: chain.join("/"),
    type: ownType.join("/"),
    name,
    collection,
  };
}

/** Case-insensitive key for ids (ARM ids are case-insensitive). */
export function idKey(id: string): string {
  return id.replace(/\/+/g, "/").replace(/\/$/, "").toLowerCase();
}

export type Lister =
  | "securityInsights"
  | "operationalInsights.tables"
  | "operationalInsights.savedSearches"
  | "generic";

export interface TypeInfo {
  /** Type as in ResolvedResource.type (lower-cased key). */
  type: string;
  /** Key in API_VERSIONS.live. */
  apiKey: LiveResource;
  /** Content kind of a live resource of this type (its phase, when prune deletes it). */
  kind: ResolvedContentKind;
  lister: Lister;
  /** Extra query parameters the LIST needs. */
  listQuery?: Record<string, string>;
  /** Other content kinds stored in this type; the metadata's `kind` tells which one an item is. */
  alsoKinds?: ResolvedContentKind[];
  /** Deleting it deletes data (rows, or the ingestion path of rows): prune needs --allow-data-loss. */
  dataBearing?: true;
}

const TYPES: TypeInfo[] = [
  {
    type: "Microsoft.SecurityInsights/alertRules",
    apiKey: "alertRules",
    kind: "AnalyticsRule",
    lister: "securityInsights",
  },
  {
    type: "Microsoft.SecurityInsights/metadata",
    apiKey: "metadata",
    kind: "Metadata",
    lister: "securityInsights",
  },
  {
    type: "Microsoft.SecurityInsights/dataConnectors",
    apiKey: "dataConnectors",
    kind: "DataConnector",
    lister: "securityInsights",
  },
  {
    type: "Microsoft.SecurityInsights/dataConnectorDefinitions",
    apiKey: "dataConnectorDefinitions",
    kind: "DataConnectorDefinition",
    lister: "generic",
  },
  {
    type: "Microsoft.SecurityInsights/contentPackages",
    apiKey: "contentPackages",
    kind: "ContentPackage",
    lister: "generic",
  },
  {
    type: "Microsoft.SecurityInsights/contentTemplates",
    apiKey: "contentTemplates",
    kind: "ContentTemplate",
    lister: "generic",
  },
  {
    type: "Microsoft.OperationalInsights/workspaces/savedSearches",
    apiKey: "savedSearches",
    kind: "Parser",
    alsoKinds: ["HuntingQuery"],
    lister: "operationalInsights.savedSearches",
  },
  {
    type: "Microsoft.OperationalInsights/workspaces/tables",
    apiKey: "tables",
    kind: "Table",
    lister: "operationalInsights.tables",
    dataBearing: true,
  },
  {
    type: "Microsoft.Insights/workbooks",
    apiKey: "workbooks",
    kind: "Workbook",
    lister: "generic",
    // The Workbooks RP requires a category and omits serializedData unless asked for it.
    listQuery: { category: "sentinel", canFetchContent: "true" },
  },
  {
    type: "Microsoft.Insights/dataCollectionRules",
    apiKey: "dataCollectionRules",
    kind: "DataCollectionRule",
    lister: "generic",
    dataBearing: true,
  },
  {
    type: "Microsoft.Insights/dataCollectionEndpoints",
    apiKey: "dataCollectionEndpoints",
    kind: "DataCollectionEndpoint",
    lister: "generic",
    dataBearing: true,
  },
];

const BY_TYPE = new Map(TYPES.map((t) => [t.type.toLowerCase(), t]));

export function typeInfo(type: string): TypeInfo | undefined {
  return BY_TYPE.get(type.toLowerCase());
}

/**
 * The content kind of a live resource of `info`'s type, told apart by the `kind` its metadata
 * records where one type stores several kinds (a savedSearch is a Parser or a HuntingQuery).
 */
export function liveContentKind(info: TypeInfo, metadataKind: unknown): ResolvedContentKind {
  const named = info.alsoKinds?.find((k) => k === metadataKind);
  return named ?? info.kind;
}

/** Query parameters a GET of one resource needs to return its whole body (workbooks' content). */
export function fullReadQuery(type: string): Record<string, string> | undefined {
  const q = typeInfo(type)?.listQuery;
  return q?.canFetchContent ? { canFetchContent: q.canFetchContent } : undefined;
}

/** The pinned api-version for reading / deleting a type, or undefined for an unknown type. */
export function liveApiVersion(type: string): string | undefined {
  const info = typeInfo(type);
  return info ? API_VERSIONS.live[info.apiKey] : undefined;
}

export function workspaceId(subscriptionId: string, resourceGroup: string, workspace: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${workspace}`;
}

/**
 * ARM resource ids, and how the deployer reads the types of the kind catalogue
 * (@sentinelctl/content KIND_CATALOGUE: type, api-version, kind, phase, data): which client LISTs a
 * type, and which query parameters its reads need.
 */
import {
  KIND_ENTRIES,
  type KindEntry,
  kindsOfArmType,
  liveKindOf,
  type ResolvedContentKind,
  workspaceResourceId,
} from "@sentinelctl/content";

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

/** Kinds whose LIST an SDK client covers (the rest go through the generic client). */
const LISTERS: Partial<Record<ResolvedContentKind, Lister>> = {
  AnalyticsRule: "securityInsights",
  Metadata: "securityInsights",
  DataConnector: "securityInsights",
  Parser: "operationalInsights.savedSearches",
  Table: "operationalInsights.tables",
};

/** Extra query parameters a kind's LIST needs. */
const LIST_QUERIES: Partial<Record<ResolvedContentKind, Record<string, string>>> = {
  // The Workbooks RP requires a category and omits serializedData unless asked for it.
  Workbook: { category: "sentinel", canFetchContent: "true" },
};

export interface TypeInfo {
  /** Type as in ResolvedResource.type. */
  type: string;
  /** The pinned live api-version that reads and deletes it. */
  apiVersion: string;
  /** Content kind of a live resource of this type, when its metadata does not name another. */
  kind: ResolvedContentKind;
  lister: Lister;
  /** Extra query parameters the LIST needs. */
  listQuery?: Record<string, string>;
  /** Deleting it deletes data (rows, or the ingestion path of rows): prune needs --allow-data-loss. */
  holdsData: boolean;
}

function typeInfoOf(primary: KindEntry): TypeInfo {
  const listQuery = LIST_QUERIES[primary.kind];
  return {
    type: primary.armType,
    apiVersion: primary.apiVersion,
    kind: primary.kind,
    lister: LISTERS[primary.kind] ?? "generic",
    ...(listQuery ? { listQuery } : {}),
    holdsData: primary.holdsData,
  };
}

const BY_TYPE = new Map<string, TypeInfo>();
for (const e of KIND_ENTRIES) {
  const key = e.armType.toLowerCase();
  if (!BY_TYPE.has(key)) BY_TYPE.set(key, typeInfoOf(kindsOfArmType(e.armType)[0]!));
}

export function typeInfo(type: string): TypeInfo | undefined {
  return BY_TYPE.get(type.toLowerCase());
}

/**
 * The content kind of a live resource of `info`'s type, told apart by the `kind` its metadata
 * records where one type stores several kinds (a savedSearch is a Parser or a HuntingQuery).
 */
export function liveContentKind(info: TypeInfo, metadataKind: unknown): ResolvedContentKind {
  return liveKindOf(info.type, metadataKind) ?? info.kind;
}

/** Query parameters a GET of one resource needs to return its whole body (workbooks' content). */
export function fullReadQuery(type: string): Record<string, string> | undefined {
  const q = typeInfo(type)?.listQuery;
  return q?.canFetchContent ? { canFetchContent: q.canFetchContent } : undefined;
}

/** The pinned api-version for reading / deleting a type, or undefined for an unknown type. */
export function liveApiVersion(type: string): string | undefined {
  return typeInfo(type)?.apiVersion;
}

export function workspaceId(subscriptionId: string, resourceGroup: string, workspace: string): string {
  return workspaceResourceId({ subscriptionId, resourceGroup, workspace });
}

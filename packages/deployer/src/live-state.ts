/**
 * Reads the live state a plan needs with LIST calls only: one LIST (following nextLink) per
 * collection that holds a desired resource, plus the workspace's metadata (ownership marks for
 * prune) and, with prune, the collections of owned resources that are gone from the repository.
 */
import type { ResolvedResource } from "@sentinelctl/content";
import type { ArmClient, Json } from "./arm-client.js";
import { mapLimit } from "./concurrency.js";
import { describeError } from "./errors.js";
import { isOwnedBy, parentIdOf } from "./ownership.js";
import { idKey, liveApiVersion, parseResourceId, typeInfo, workspaceId } from "./resource-id.js";

export interface LiveState {
  /** Live resources by idKey. */
  resources: Map<string, Json>;
  /** idKeys of the collections that were listed (a resource absent from a listed collection does not exist). */
  listed: Set<string>;
  /** Every metadata item of the workspace. */
  metadata: Json[];
}

export interface ReadTarget {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  location?: string;
}

interface Collection {
  path: string;
  type: string;
  apiVersion: string;
  query?: Record<string, string>;
}

export function metadataCollection(t: ReadTarget): string {
  return `${workspaceId(t.subscriptionId, t.resourceGroup, t.workspace)}/providers/Microsoft.SecurityInsights/metadata`;
}

function collectionOf(
  id: string,
  apiVersion: string | undefined,
  body?: Record<string, unknown>,
): Collection | undefined {
  const parsed = parseResourceId(id);
  const info = typeInfo(parsed.type);
  const version = apiVersion ?? liveApiVersion(parsed.type);
  if (!version) return undefined;
  const c: Collection = { path: parsed.collection, type: parsed.type, apiVersion: version };
  if (info?.listQuery) {
    c.query = { ...info.listQuery };
    const category = (body?.properties as { category?: unknown } | undefined)?.category;
    if (typeof category === "string" && "category" in c.query) c.query.category = category;
  }
  return c;
}

/** The collection of a metadata's parent; undefined when the id is not a resource-group scoped one. */
function parentCollection(parentId: string): Collection | undefined {
  try {
    return collectionOf(parentId, undefined);
  } catch {
    return undefined;
  }
}

function collectionKey(c: Collection): string {
  return `${idKey(c.path)}?${c.query ? new URLSearchParams(c.query).toString().toLowerCase() : ""}`;
}

export async function readLiveState(
  client: ArmClient,
  target: ReadTarget,
  desired: ResolvedResource[],
  options: { prune?: boolean; ownerSolutionIds?: string[]; concurrency?: number } = {},
): Promise<LiveState> {
  const state: LiveState = { resources: new Map(), listed: new Set(), metadata: [] };
  const metaPath = metadataCollection(target);
  const metaVersion =
    desired.find((r) => idKey(parseResourceId(r.id).collection) === idKey(metaPath))?.apiVersion ??
    liveApiVersion("Microsoft.SecurityInsights/metadata")!;
  const metaCollection: Collection = {
    path: metaPath,
    type: "Microsoft.SecurityInsights/metadata",
    apiVersion: metaVersion,
  };

  const listOne = async (c: Collection): Promise<void> => {
    let items: Json[];
    try {
      items = await client.listCollection(typeInfo(c.type), c.path, c.apiVersion, target);
    } catch (e) {
      throw describeError(e, {
        operation: "list",
        item: { id: c.path, type: c.type, contentKind: c.type.split("/").pop()! },
        apiVersion: c.apiVersion,
        resourceGroup: target.resourceGroup,
        workspace: target.workspace,
        subscriptionId: target.subscriptionId,
        ...(target.location ? { location: target.location } : {}),
        endpoint: client.endpoint,
      });
    }
    state.listed.add(idKey(c.path));
    for (const item of items) {
      if (typeof item.id === "string") state.resources.set(idKey(item.id), item);
    }
    if (idKey(c.path) === idKey(metaPath)) state.metadata = items;
  };

  const wanted = new Map<string, Collection>();
  for (const r of desired) {
    const c = collectionOf(r.id, r.apiVersion, r.body);
    if (c && idKey(c.path) !== idKey(metaPath)) wanted.set(collectionKey(c), c);
  }
  if (!options.prune) {
    // Without prune nothing depends on the metadata first: read everything at once.
    await mapLimit([metaCollection, ...wanted.values()], options.concurrency ?? 4, listOne);
    return state;
  }
  await listOne(metaCollection);
  // The collections of owned resources that are gone from the repository (unless already read or wanted).
  const wantedPaths = new Set([...wanted.values()].map((w) => idKey(w.path)));
  const owners = options.ownerSolutionIds ?? [];
  for (const m of state.metadata) {
    const parent = isOwnedBy(m, owners) ? parentIdOf(m) : undefined;
    const c = parent ? parentCollection(parent) : undefined;
    if (!c || state.listed.has(idKey(c.path)) || wantedPaths.has(idKey(c.path))) continue;
    wantedPaths.add(idKey(c.path));
    wanted.set(collectionKey(c), c);
  }
  await mapLimit([...wanted.values()], options.concurrency ?? 4, listOne);
  return state;
}

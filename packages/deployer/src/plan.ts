/**
 * The plan: per desired resource create / update (with field-level changes) / unchanged, and with
 * prune, per owned resource that is gone from the repository a delete of the resource and of its
 * metadata. Pure: a function of the desired resources and the live state.
 *
 * Prune never deletes what the repository still declares (in any deploy mode), and deletes a
 * data-bearing resource (custom table, data collection rule or endpoint) only with
 * `allowDataLoss`; without it the resource and its ownership record are `kept`.
 */
import { compareText, PHASES, type ResolvedResource } from "@sentinelctl/content";
import type { Json } from "./arm-client.js";
import { dependencyMap } from "./dependencies.js";
import { DeployError } from "./errors.js";
import type { LiveState } from "./live-state.js";
import { diffResource, type FieldChange } from "./normalize.js";
import { isOwnedBy, ownerOf, parentIdOf } from "./ownership.js";
import { idKey, liveApiVersion, liveContentKind, parseResourceId, typeInfo } from "./resource-id.js";

/** `kept`: prune would delete it, but that deletes data and --allow-data-loss was not given. */
export type Action = "create" | "update" | "delete" | "unchanged" | "kept";

/** What a plan item's `etag` holds when the resource did not exist when the plan was made. */
export const ABSENT = "absent";

export interface PlanItem {
  action: Action;
  id: string;
  /** The resource's own type, e.g. Microsoft.SecurityInsights/alertRules. */
  type: string;
  apiVersion: string;
  phase: number;
  contentKind: string;
  contentId: string;
  displayName: string;
  /** Solution the item belongs to (desired: the one that declares it; delete: the metadata's owner). */
  solutionId?: string;
  /** For metadata: the resource it describes (apply skips it when that resource failed). */
  parentId?: string;
  /** Field-level changes (update only). */
  changes?: FieldChange[];
  /** What is PUT (create / update). */
  body?: Record<string, unknown>;
  /** Why a delete is planned (or a resource kept). */
  reason?: string;
  /** The live etag the item was planned against, or ABSENT (create). */
  etag?: string;
  /** Resources (ids) this one needs: it is skipped when one of them fails. */
  dependsOn?: string[];
}

export interface PlanCounts {
  create: number;
  update: number;
  delete: number;
  unchanged: number;
  kept: number;
}

export interface Plan {
  items: PlanItem[];
  counts: PlanCounts;
  /** Things the user should know that do not stop the plan (skipped prunes, location mismatch, ...). */
  warnings: string[];
}

export interface DesiredSolution {
  /** Solution id (publisherId.offerId): the ownership key of prune. */
  id: string;
  name?: string;
  resources: ResolvedResource[];
  /**
   * Ids of every resource the repository declares for this solution in any deploy mode (a table
   * is declared even when package mode does not write it). Prune never deletes them.
   */
  declared?: string[];
}

function displayNameOf(live: Json | undefined, fallback: string): string {
  const p = live?.properties as
    | { displayName?: unknown; title?: unknown; connectorUiConfig?: { title?: unknown } }
    | undefined;
  const name = p?.displayName ?? p?.title ?? p?.connectorUiConfig?.title;
  return typeof name === "string" && name ? name : fallback;
}

function emptyCounts(): PlanCounts {
  return { create: 0, update: 0, delete: 0, unchanged: 0, kept: 0 };
}

export function countActions(items: readonly PlanItem[]): PlanCounts {
  const counts = emptyCounts();
  for (const i of items) counts[i.action]++;
  return counts;
}

export interface PlanOptions {
  prune?: boolean;
  /** Lets prune delete custom tables, data collection rules and endpoints. */
  allowDataLoss?: boolean;
  /** The target's resource group: prune never deletes outside it. */
  subscriptionId: string;
  resourceGroup: string;
}

export function computePlan(
  solutions: readonly DesiredSolution[],
  live: LiveState,
  options: PlanOptions,
): Plan {
  const items: PlanItem[] = [];
  const warnings: string[] = [];
  const desiredById = new Map<string, { r: ResolvedResource; solutionId: string }>();

  for (const s of solutions) {
    for (const r of s.resources) {
      const key = idKey(r.id);
      const prior = desiredById.get(key);
      if (prior) {
        if (prior.solutionId !== s.id) {
          throw new DeployError(
            "input",
            `${r.contentKind} '${r.displayName}' (${r.id}) is declared by both solution '${prior.solutionId}' and '${s.id}'.`,
            { hint: "Each resource must belong to exactly one solution; give one of them a new id." },
          );
        }
        throw new DeployError(
          "input",
          `${r.contentKind} '${r.displayName}' appears twice in solution '${s.id}' (${r.id}).`,
        );
      }
      desiredById.set(key, { r, solutionId: s.id });
    }
  }

  const dependencies = dependencyMap([...desiredById.values()].map((d) => d.r));
  for (const { r, solutionId } of desiredById.values()) {
    const parsed = parseResourceId(r.id);
    const liveItem = live.resources.get(idKey(r.id));
    const dependsOn = dependencies.get(idKey(r.id));
    const base: PlanItem = {
      action: "create",
      id: r.id,
      type: parsed.type,
      apiVersion: r.apiVersion,
      phase: r.phase,
      contentKind: r.contentKind,
      contentId: r.contentId,
      displayName: r.displayName,
      solutionId,
      body: r.body,
      ...(liveItem ? (etagOf(liveItem) ? { etag: etagOf(liveItem)! } : {}) : { etag: ABSENT }),
      ...(dependsOn ? { dependsOn } : {}),
    };
    if (r.contentKind === "Metadata") {
      const parent = parentIdOf(r.body);
      if (parent) base.parentId = parent;
    }
    if (!liveItem) {
      if (!live.listed.has(idKey(parsed.collection))) {
        warnings.push(`${r.contentKind} '${r.displayName}': its collection was not read; planned as create.`);
      }
      items.push(base);
      continue;
    }
    const changes = diffResource(parsed.type, r.body, liveItem);
    if (changes.length === 0) {
      const { body: _omit, ...rest } = base;
      items.push({ ...rest, action: "unchanged" });
    } else {
      items.push({ ...base, action: "update", changes });
    }
  }

  if (options.prune) {
    const declared = new Set<string>(desiredById.keys());
    for (const s of solutions) for (const id of s.declared ?? []) declared.add(idKey(id));
    prune(solutions, live, options, declared, items, warnings);
  }

  items.sort(
    (a, b) =>
      order(a) - order(b) ||
      a.phase - b.phase ||
      compareText(a.contentKind, b.contentKind) ||
      compareText(a.displayName, b.displayName) ||
      compareText(a.id, b.id),
  );
  return { items, counts: countActions(items), warnings };
}

export const KEPT_REASON = "would delete data; pass --allow-data-loss";

function order(i: PlanItem): number {
  return i.action === "delete" || i.action === "kept" ? 1 : 0;
}

function etagOf(live: Json | undefined): string | undefined {
  return typeof live?.etag === "string" ? live.etag : undefined;
}

/** What prune has decided so far, shared by the steps over each owned metadata item. */
interface PruneState {
  live: LiveState;
  options: PlanOptions;
  declared: Set<string>;
  items: PlanItem[];
  warnings: string[];
  /** Resources that some metadata we do NOT own also points at: never deleted. */
  claimedByOthers: Set<string>;
  plannedResourceDeletes: Set<string>;
  keptResources: Set<string>;
}

function prune(
  solutions: readonly DesiredSolution[],
  live: LiveState,
  options: PlanOptions,
  declared: Set<string>,
  items: PlanItem[],
  warnings: string[],
): void {
  const owners = solutions.map((s) => s.id);
  const state: PruneState = {
    live,
    options,
    declared,
    items,
    warnings,
    claimedByOthers: new Set(),
    plannedResourceDeletes: new Set(),
    keptResources: new Set(),
  };
  for (const m of live.metadata) {
    const parent = parentIdOf(m);
    if (parent && !isOwnedBy(m, owners)) state.claimedByOthers.add(idKey(parent));
  }
  for (const m of live.metadata) {
    if (!isOwnedBy(m, owners) || typeof m.id !== "string") continue;
    const owner = ownerOf(m)!;
    if (declared.has(idKey(m.id))) continue;
    const parent = parentIdOf(m);
    const parentLive = parent ? live.resources.get(idKey(parent)) : undefined;
    const metaName = parentLive
      ? `${displayNameOf(parentLive, parent!.split("/").pop() ?? parent!)} (metadata)`
      : displayNameOf(m, m.id.split("/").pop() ?? m.id);
    const parentOutcome =
      parent && !declared.has(idKey(parent)) ? pruneParent(state, m, parent, owner, metaName) : "untouched";
    if (parentOutcome === "leave-metadata") continue;
    items.push({
      action: "delete",
      id: m.id,
      type: "Microsoft.SecurityInsights/metadata",
      apiVersion: liveApiVersion("Microsoft.SecurityInsights/metadata")!,
      phase: PHASES.Metadata,
      contentKind: "Metadata",
      contentId: String((m.properties as { contentId?: unknown }).contentId ?? ""),
      displayName: metaName,
      solutionId: owner,
      ...(parent && parentOutcome === "deleting" ? { parentId: parent } : {}),
      ...(etagOf(m) ? { etag: etagOf(m)! } : {}),
      reason:
        parent && declared.has(idKey(parent))
          ? `stale ownership record of ${owner} (the resource stays, under another metadata)`
          : `ownership record of ${owner}, gone from the repository`,
    });
  }
}

/**
 * The resource an owned, undeclared metadata item points at, when the repository no longer
 * declares it either: planned for deletion (`deleting`, the metadata goes after it), kept with its
 * metadata (`leave-metadata`, also when it cannot or may not be deleted), or left to others
 * (`untouched`, only the metadata goes).
 */
function pruneParent(
  state: PruneState,
  m: Json,
  parent: string,
  owner: string,
  metaName: string,
): "deleting" | "leave-metadata" | "untouched" {
  const { live, options, warnings } = state;
  const parentKey = idKey(parent);
  let parsed: ReturnType<typeof parseResourceId> | undefined;
  try {
    parsed = parseResourceId(parent);
  } catch {
    parsed = undefined;
  }
  const apiVersion = parsed ? liveApiVersion(parsed.type) : undefined;
  if (!parsed || !apiVersion) {
    warnings.push(
      `prune: metadata '${metaName}' points at ${parent}, a type sentinelctl cannot delete; left alone.`,
    );
    return "leave-metadata";
  }
  const rgPrefix = idKey(`/subscriptions/${options.subscriptionId}/resourceGroups/${options.resourceGroup}/`);
  if (!`${parentKey}/`.startsWith(rgPrefix)) {
    warnings.push(`prune: ${parent} is outside resource group '${options.resourceGroup}'; left alone.`);
    return "leave-metadata";
  }
  const liveParent = live.resources.get(parentKey);
  if (state.keptResources.has(parentKey)) return "leave-metadata";
  if (state.claimedByOthers.has(parentKey)) {
    // Someone else's metadata claims the resource too: it stays; only our claim goes.
    if (liveParent) {
      warnings.push(
        `prune: ${displayNameOf(liveParent, parsed.name)} is also claimed by metadata sentinelctl does not own; the resource stays, only sentinelctl's metadata is removed.`,
      );
    }
    return "untouched";
  }
  if (liveParent && !state.plannedResourceDeletes.has(parentKey)) {
    const info = typeInfo(parsed.type)!; // a known type: it has an api-version
    const kind = liveContentKind(info, (m.properties as { kind?: unknown }).kind);
    const keep = info.holdsData && !options.allowDataLoss;
    state.plannedResourceDeletes.add(parentKey);
    state.items.push({
      action: keep ? "kept" : "delete",
      id: liveParent.id as string,
      type: parsed.type,
      apiVersion,
      phase: PHASES[kind],
      contentKind: kind,
      contentId: String((m.properties as { contentId?: unknown }).contentId ?? parsed.name),
      displayName: displayNameOf(liveParent, parsed.name),
      solutionId: owner,
      reason: keep ? KEPT_REASON : `owned by ${owner}, gone from the repository`,
      ...(etagOf(liveParent) ? { etag: etagOf(liveParent)! } : {}),
    });
    // A kept resource keeps its ownership record, so a later run can still prune it.
    if (!keep) return "deleting";
    state.keptResources.add(parentKey);
    return "leave-metadata";
  }
  if (!live.listed.has(idKey(parsed.collection))) {
    warnings.push(`prune: could not read ${parsed.collection}; ${parent} left alone.`);
    return "leave-metadata";
  }
  return "untouched";
}

/**
 * Applies a plan: creates and updates phase by phase (tables before DCRs before parsers before
 * rules ... before metadata), each phase with bounded concurrency; then, only when every write
 * succeeded, prune deletes in reverse phase order, each resource before its metadata (so a failed
 * delete leaves the ownership mark in place for the next run). Unchanged items are not touched:
 * a second apply of the same content makes zero writes.
 *
 * A failed item never stops the others. Metadata whose resource failed is skipped (it would
 * claim a resource that is not there).
 */
import type { ArmClient } from "./arm-client.js";
import { mapLimit } from "./concurrency.js";
import { type DeployError, describeError } from "./errors.js";
import type { Plan, PlanItem } from "./plan.js";
import { idKey } from "./resource-id.js";

export type ItemStatus = "created" | "updated" | "deleted" | "unchanged" | "failed" | "skipped";

export interface ItemResult {
  item: PlanItem;
  status: ItemStatus;
  error?: DeployError;
  /** Why an item was skipped. */
  reason?: string;
  durationMs: number;
}

export interface ApplyCounts {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  failed: number;
  skipped: number;
}

export interface ApplyResult {
  results: ItemResult[];
  counts: ApplyCounts;
}

export interface ProgressEvent {
  done: number;
  total: number;
  result: ItemResult;
}

export interface ApplyOptions {
  /** Requests in flight within a phase. Default 8. */
  concurrency?: number;
  onProgress?: (event: ProgressEvent) => void;
  /** Stops scheduling new writes (in-flight ones finish); the rest are reported as skipped. */
  signal?: AbortSignal;
  /** For error messages. */
  context?: { resourceGroup?: string; workspace?: string; subscriptionId?: string; location?: string };
}

export function emptyApplyCounts(): ApplyCounts {
  return { created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0, skipped: 0 };
}

function groupByPhase(items: PlanItem[], descending: boolean): PlanItem[][] {
  const phases = new Map<number, PlanItem[]>();
  for (const i of items) {
    const list = phases.get(i.phase) ?? [];
    list.push(i);
    phases.set(i.phase, list);
  }
  return [...phases.entries()]
    .sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]))
    .map(([, list]) => list);
}

export async function applyPlan(
  client: ArmClient,
  plan: Plan,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const results: ItemResult[] = [];
  const failedIds = new Set<string>();
  const total = plan.items.length;
  const record = (r: ItemResult): void => {
    results.push(r);
    if (r.status === "failed") failedIds.add(idKey(r.item.id));
    options.onProgress?.({ done: results.length, total, result: r });
  };
  const ctx = { ...(options.context ?? {}), endpoint: client.endpoint };

  for (const item of plan.items) {
    if (item.action === "unchanged") record({ item, status: "unchanged", durationMs: 0 });
  }

  const run = async (item: PlanItem): Promise<void> => {
    if (options.signal?.aborted) {
      record({ item, status: "skipped", reason: "cancelled", durationMs: 0 });
      return;
    }
    if (item.parentId && failedIds.has(idKey(item.parentId))) {
      record({ item, status: "skipped", reason: "its resource failed", durationMs: 0 });
      return;
    }
    const started = Date.now();
    try {
      if (item.action === "delete") {
        await client.delete(item.id, item.apiVersion);
        record({ item, status: "deleted", durationMs: Date.now() - started });
      } else {
        await client.put(item.id, item.apiVersion, item.body);
        record({
          item,
          status: item.action === "create" ? "created" : "updated",
          durationMs: Date.now() - started,
        });
      }
    } catch (e) {
      const error = describeError(e, {
        ...ctx,
        operation: item.action,
        apiVersion: item.apiVersion,
        item: { id: item.id, type: item.type, displayName: item.displayName, contentKind: item.contentKind },
      });
      record({ item, status: "failed", error, durationMs: Date.now() - started });
    }
  };

  const writes = plan.items.filter((i) => i.action === "create" || i.action === "update");
  for (const phase of groupByPhase(writes, false)) await mapLimit(phase, concurrency, run);

  const deletes = plan.items.filter((i) => i.action === "delete");
  if (deletes.length && (failedIds.size > 0 || options.signal?.aborted)) {
    for (const item of deletes) {
      record({
        item,
        status: "skipped",
        reason: "prune runs only after every write succeeded",
        durationMs: 0,
      });
    }
  } else if (deletes.length) {
    const resources = deletes.filter((i) => i.contentKind !== "Metadata");
    const metadata = deletes.filter((i) => i.contentKind === "Metadata");
    for (const phase of groupByPhase(resources, true)) await mapLimit(phase, concurrency, run);
    await mapLimit(metadata, concurrency, run);
  }

  const counts = emptyApplyCounts();
  for (const r of results) counts[r.status]++;
  // Results in plan order, whatever order they finished in.
  const order = new Map(plan.items.map((i, n) => [i, n]));
  results.sort((a, b) => order.get(a.item)! - order.get(b.item)!);
  return { results, counts };
}

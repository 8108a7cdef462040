/**
 * Applies a plan: creates and updates phase by phase (tables before DCRs before parsers before
 * rules ... before metadata), each phase with bounded concurrency; then, only when every write
 * succeeded, prune deletes in reverse phase order, each resource before its metadata (so a failed
 * delete leaves the ownership mark in place for the next run). Unchanged and kept items are not
 * touched: a second apply of the same content makes zero writes.
 *
 * Every write is conditional on the state the plan saw: a create sends `If-None-Match: *`, an
 * update or delete `If-Match: <etag>`. When the service answers 412 (another run or a person
 * changed the item meanwhile), the item is read again: the same content is `unchanged`, anything
 * else a `conflict`, never silently overwritten.
 *
 * A failed item never stops the others, but what depends on it is skipped: metadata whose
 * resource failed (it would claim a resource that is not there), a data collection rule whose
 * table failed, a connector whose data collection rule failed (see dependencies.ts).
 */
import type { RestError } from "@azure/core-rest-pipeline";
import type { ArmClient } from "./arm-client.js";
import { mapLimit } from "./concurrency.js";
import { DeployError, describeError, type ErrorContext } from "./errors.js";
import { diffResource } from "./normalize.js";
import { ABSENT, type Plan, type PlanItem } from "./plan.js";
import { fullReadQuery, idKey } from "./resource-id.js";

export type ItemStatus =
  | "created"
  | "updated"
  | "deleted"
  | "unchanged"
  | "kept"
  | "conflict"
  | "failed"
  | "skipped";

export interface ItemResult {
  item: PlanItem;
  status: ItemStatus;
  error?: DeployError;
  /** Why an item was skipped (or is unchanged after a race, or kept). */
  reason?: string;
  /** For an item skipped because of a dependency: the root cause. */
  blockedBy?: string;
  durationMs: number;
}

export interface ApplyCounts {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  kept: number;
  conflict: number;
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
  return { created: 0, updated: 0, deleted: 0, unchanged: 0, kept: 0, conflict: 0, failed: 0, skipped: 0 };
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

function itemLabel(item: PlanItem): string {
  return `${item.contentKind} '${item.displayName}'`;
}

/** The preconditions of a write: the state the plan was computed against. */
export function preconditions(item: PlanItem): Record<string, string> | undefined {
  if (item.action === "create") return { "if-none-match": "*" };
  if (item.etag && item.etag !== ABSENT) return { "if-match": item.etag };
  return undefined;
}

export function conflictError(item: PlanItem): DeployError {
  return new DeployError("conflict", `conflict: ${itemLabel(item)} changed since the plan`, {
    status: 412,
    hint: "Another run or a person changed it after it was read; run plan again and review the change.",
  });
}

const isPreconditionFailure = (e: unknown): boolean => (e as RestError).statusCode === 412;

export async function applyPlan(
  client: ArmClient,
  plan: Plan,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const log = new ResultLog(plan.items.length, options.onProgress);
  const errorContext: ErrorContext = { ...(options.context ?? {}), endpoint: client.endpoint };

  for (const item of plan.items) {
    if (item.action === "unchanged") log.record({ item, status: "unchanged", durationMs: 0 });
    if (item.action === "kept")
      log.record({ item, status: "kept", reason: item.reason ?? "", durationMs: 0 });
  }
  const run = (item: PlanItem): Promise<void> => applyItem(client, item, log, options.signal, errorContext);

  const writes = plan.items.filter((i) => i.action === "create" || i.action === "update");
  for (const phase of groupByPhase(writes, false)) await mapLimit(phase, concurrency, run);

  const deletes = plan.items.filter((i) => i.action === "delete");
  if (deletes.length && (log.broken.size > 0 || options.signal?.aborted)) {
    for (const item of deletes) {
      log.record({
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
  return log.inPlanOrder(plan);
}

/** The results so far, and the items that did not land as planned (what depends on them is skipped). */
class ResultLog {
  readonly results: ItemResult[] = [];
  /** idKey -> what went wrong, for the items that were not written as planned. */
  readonly broken = new Map<string, string>();

  constructor(
    private readonly total: number,
    private readonly onProgress: ApplyOptions["onProgress"],
  ) {}

  record(r: ItemResult): void {
    this.results.push(r);
    if (r.status === "failed" || r.status === "conflict") {
      this.broken.set(
        idKey(r.item.id),
        `${itemLabel(r.item)} ${r.status === "failed" ? "failed" : "conflicted"}`,
      );
    } else if (r.status === "skipped") {
      // what is skipped passes its own cause on: a connector names the table that failed
      this.broken.set(idKey(r.item.id), r.blockedBy ?? `${itemLabel(r.item)} was skipped`);
    }
    this.onProgress?.({ done: this.results.length, total: this.total, result: r });
  }

  /** Why the item cannot be applied: the first of its dependencies (or its parent) that broke. */
  blocker(item: PlanItem): string | undefined {
    return [...(item.dependsOn ?? []), ...(item.parentId ? [item.parentId] : [])]
      .map((id) => this.broken.get(idKey(id)))
      .find((why) => why !== undefined);
  }

  /** The counts, and the results in plan order, whatever order they finished in. */
  inPlanOrder(plan: Plan): ApplyResult {
    const counts = emptyApplyCounts();
    for (const r of this.results) counts[r.status]++;
    const order = new Map(plan.items.map((i, n) => [i, n]));
    const results = this.results.sort((a, b) => order.get(a.item)! - order.get(b.item)!);
    return { results, counts };
  }
}

/** One planned write or delete, unless the run was cancelled or a dependency broke. */
async function applyItem(
  client: ArmClient,
  item: PlanItem,
  log: ResultLog,
  signal: AbortSignal | undefined,
  errorContext: ErrorContext,
): Promise<void> {
  if (signal?.aborted) {
    log.record({ item, status: "skipped", reason: "cancelled", durationMs: 0 });
    return;
  }
  const blockedBy = log.blocker(item);
  if (blockedBy) {
    log.record({
      item,
      status: "skipped",
      reason: `dependency failed: ${blockedBy}`,
      blockedBy,
      durationMs: 0,
    });
    return;
  }
  log.record(await writeItem(client, item, errorContext));
}

/** The conditional request itself; a 412 is settled by reading the item again. */
async function writeItem(client: ArmClient, item: PlanItem, errorContext: ErrorContext): Promise<ItemResult> {
  const started = Date.now();
  const headers = preconditions(item);
  try {
    if (item.action === "delete") {
      await client.delete(item.id, item.apiVersion, headers);
      return { item, status: "deleted", durationMs: Date.now() - started };
    }
    await client.put(item.id, item.apiVersion, item.body, headers);
    return {
      item,
      status: item.action === "create" ? "created" : "updated",
      durationMs: Date.now() - started,
    };
  } catch (thrown) {
    let cause = thrown;
    if (isPreconditionFailure(thrown)) {
      try {
        return await settle(client, item, started);
      } catch (reread) {
        cause = reread;
      }
    }
    const error = describeError(cause, {
      ...errorContext,
      operation: item.action,
      apiVersion: item.apiVersion,
      item: { id: item.id, type: item.type, displayName: item.displayName, contentKind: item.contentKind },
    });
    return { item, status: "failed", error, durationMs: Date.now() - started };
  }
}

/** After a 412: what is there now decides between `unchanged` and `conflict`. */
async function settle(client: ArmClient, item: PlanItem, started: number): Promise<ItemResult> {
  const live = await client.get(item.id, item.apiVersion, fullReadQuery(item.type));
  const durationMs = Date.now() - started;
  if (item.action === "delete") {
    return live
      ? { item, status: "conflict", error: conflictError(item), durationMs }
      : { item, status: "unchanged", reason: "already deleted by another run", durationMs };
  }
  if (live && item.body && diffResource(item.type, item.body, live).length === 0) {
    return { item, status: "unchanged", reason: "another run wrote the same content", durationMs };
  }
  return { item, status: "conflict", error: conflictError(item), durationMs };
}

/**
 * Long-running PUTs (tables): 202 + `Azure-AsyncOperation`, an operation that answers `InProgress`
 * `lroPolls` times and then `Succeeded`, and the resource's `provisioningState` "Updating" meanwhile.
 * No `Retry-After` is sent, so pollers follow their own interval.
 */
import type { ServerResponse } from "node:http";
import type { EmulatorContext } from "./context.js";
import { armError, decodeSeg } from "./http.js";
import { guidOf, type KindDef } from "./resources.js";
import type { Store, StoredResource } from "./store.js";

interface Operation {
  remaining: number;
  resourceKey: string;
  startTime: string;
  status: string;
}

function markSucceeded(store: Store, r: StoredResource | undefined): void {
  const p = r?.body.properties as Record<string, unknown> | undefined;
  if (r && p?.provisioningState === "Updating") {
    p.provisioningState = "Succeeded";
    store.put(r);
  }
}

/** After a restart: an operation lost with the old process must not leave a table "Updating" forever. */
export function settleInterruptedOperations(store: Store): void {
  // store.all() is live: no deep copy of the whole state at start-up (re-putting a key is safe)
  for (const r of store.all()) markSucceeded(store, r);
}

/** Sets the body about to be stored to "Updating" (its operation then completes it). */
export function markUpdating(body: Record<string, unknown>): void {
  (body.properties as Record<string, unknown>).provisioningState = "Updating";
}

export class Operations {
  private readonly ops = new Map<string, Operation>();
  private counter = 0;

  constructor(
    private readonly store: Store,
    private readonly polls: number,
  ) {}

  /** Starts the operation of a stored write; returns its `Azure-AsyncOperation` URL. */
  start(
    baseUrl: string,
    w: { key: string; id: string; kind: KindDef; location: string; apiVersion: string; now: string },
  ): string {
    this.counter++;
    const opId = guidOf(`op|${w.key}|${this.store.seq}|${this.counter}`);
    this.ops.set(opId, { remaining: this.polls, resourceKey: w.key, startTime: w.now, status: "InProgress" });
    const provider = w.kind.armType.split("/")[0];
    const sub = w.id.split("/")[2];
    return `${baseUrl}/subscriptions/${sub}/providers/${provider}/locations/${w.location}/operationStatuses/${opId}?api-version=${w.apiVersion}`;
  }

  /** Advances an operation by one poll; undefined when it is unknown. */
  poll(id: string): { status: "InProgress" | "Succeeded"; startTime: string } | undefined {
    const op = this.ops.get(id.toLowerCase());
    if (!op) return undefined;
    if (op.remaining > 0) {
      op.remaining--;
      return { status: "InProgress", startTime: op.startTime };
    }
    if (op.status !== "Succeeded") {
      op.status = "Succeeded";
      markSucceeded(this.store, this.store.get(op.resourceKey));
    }
    return { status: "Succeeded", startTime: op.startTime };
  }
}

/** `/subscriptions/{s}/providers/{ns}/locations/{loc}/operationStatuses/{id}` */
export function isOperationStatusPath(segs: string[]): boolean {
  const lower = segs.map((s) => s.toLowerCase());
  return (
    lower[2] === "providers" &&
    lower[4] === "locations" &&
    lower[6] === "operationstatuses" &&
    segs.length === 8
  );
}

export function handleOperationStatus(ctx: EmulatorContext, res: ServerResponse, segs: string[]): number {
  const name = decodeSeg(segs[7]!);
  const op = ctx.operations.poll(name);
  if (!op)
    return ctx.http.error(res, armError(404, "OperationNotFound", `Operation '${segs[7]}' was not found.`));
  const body: Record<string, unknown> = { id: `/${segs.join("/")}`, name, startTime: op.startTime };
  body.status = op.status;
  if (op.status === "Succeeded") body.endTime = ctx.nowIso();
  ctx.http.send(res, 200, body);
  return 200;
}

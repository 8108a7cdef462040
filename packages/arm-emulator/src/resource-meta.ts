/**
 * The server-managed parts of a resource that every write shares: etags and conditional requests,
 * `systemData`, the `location` spelling, and resource group records.
 */
import type { IncomingMessage } from "node:http";
import type { Identity } from "./context.js";
import { type ArmError, armError } from "./http.js";
import { guidOf, type KindDef } from "./resources.js";
import type { Store, StoredResource } from "./store.js";

/** A new etag per write: `"<guid>"`, from the store's write counter. */
export function newEtag(store: Store, key: string): string {
  return `"${guidOf(`etag|${key}|${store.nextSeq()}`)}"`;
}

export function etagHeader(body: Record<string, unknown>): Record<string, string> {
  return typeof body.etag === "string" ? { etag: body.etag } : {};
}

/** Whether an `If-Match` style list (`*`, weak or quoted etags) matches `etag`. */
export function etagMatches(header: string, etag: unknown): boolean {
  const norm = (s: string): string =>
    s
      .trim()
      .replace(/^W\//, "")
      .replace(/^"(.*)"$/, "$1");
  return header
    .split(",")
    .map((s) => s.trim())
    .some((h) => h === "*" || (typeof etag === "string" && norm(h) === norm(etag)));
}

/**
 * The conditional-request headers, checked as ARM's resource providers do, against the resource as
 * it is now (undefined: absent):
 * - `If-Match: <etag>|*` needs a resource whose etag matches, else 412;
 * - `If-None-Match: <etag>|*` needs a resource whose etag does NOT match (`*`: no resource at all);
 *   else 412 for writes and 304 Not Modified for reads.
 */
export function conditionFailure(
  req: IncomingMessage,
  existing: StoredResource | undefined,
): ArmError | undefined {
  const read = req.method === "GET" || req.method === "HEAD";
  const ifMatch = req.headers["if-match"];
  if (typeof ifMatch === "string" && (!existing || !etagMatches(ifMatch, existing.body.etag))) {
    return armError(
      412,
      "PreconditionFailed",
      existing
        ? "The If-Match condition does not match the resource's current etag."
        : "The If-Match condition cannot be met: the resource does not exist.",
    );
  }
  const ifNoneMatch = req.headers["if-none-match"];
  if (typeof ifNoneMatch === "string" && existing && etagMatches(ifNoneMatch, existing.body.etag)) {
    if (read) return armError(304, "NotModified", "The resource has not changed.");
    return armError(
      412,
      "PreconditionFailed",
      ifNoneMatch.trim() === "*"
        ? "The resource already exists (If-None-Match: *)."
        : "The If-None-Match condition matches the resource's current etag.",
    );
  }
  return undefined;
}

export const locationRequired = (): ArmError =>
  armError(400, "LocationRequired", "The location property is required for this definition.");

/** `West Europe` -> `westeurope`, as ARM stores it. */
export function normLocation(l: string): string {
  return l.replace(/\s+/g, "").toLowerCase();
}

function systemData(prev: unknown, now: string, by: string): Record<string, unknown> {
  const p = (typeof prev === "object" && prev !== null ? prev : {}) as Record<string, unknown>;
  return {
    createdBy: p.createdBy ?? by,
    createdByType: p.createdByType ?? "Application",
    createdAt: p.createdAt ?? now,
    lastModifiedBy: by,
    lastModifiedByType: "Application",
    lastModifiedAt: now,
  };
}

/** Adds the kind's server-side fields, then `systemData` (creation fields kept from `existing`). */
export function finishWrite(
  kind: KindDef,
  body: Record<string, unknown>,
  write: { now: string; existing: Record<string, unknown> | undefined; key: string; name: string },
  identity: Identity,
): void {
  kind.decorate?.(body, { ...write, tenantId: identity.tenantId, principalId: identity.principalId });
  body.systemData = systemData(write.existing?.systemData, write.now, identity.clientId);
}

export const resourceGroupId = (sub: string, rg: string): string =>
  `/subscriptions/${sub}/resourceGroups/${rg}`;

/** The stored record of a resource group (resource groups have no etag or systemData). */
export function resourceGroupRecord(
  sub: string,
  id: string,
  name: string,
  location: string,
  tags?: unknown,
): StoredResource {
  return {
    key: id.toLowerCase(),
    id,
    kind: "resourceGroups",
    parentKey: `/subscriptions/${sub}`.toLowerCase(),
    body: {
      id,
      name,
      type: "Microsoft.Resources/resourceGroups",
      location,
      ...(tags !== undefined ? { tags } : {}),
      properties: { provisioningState: "Succeeded" },
    },
  };
}

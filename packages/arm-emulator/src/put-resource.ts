/**
 * PUT of an emulated resource, with ARM's checks in ARM's order: an api-version with a spec, a
 * JSON body, the spec (path parameters, then body), location, the kind's own rules, preconditions.
 * Then the stored body with the server's fields, and an operation for long-running kinds.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULT_LOCATION } from "./constants.js";
import type { EmulatorContext } from "./context.js";
import { type ArmError, armError, parseJsonObject, readBody } from "./http.js";
import { markUpdating } from "./lro.js";
import { view } from "./resource-handlers.js";
import {
  conditionFailure,
  etagHeader,
  etagMatches,
  finishWrite,
  locationRequired,
  newEtag,
  normLocation,
} from "./resource-meta.js";
import type { KindDef } from "./resources.js";
import type { PutOperation, SpecRegistry } from "./specs.js";
import type { StoredResource } from "./store.js";

export interface PutTarget {
  kind: KindDef;
  parent: StoredResource;
  name: string;
  id: string;
  key: string;
  existing: StoredResource | undefined;
  apiVersion: string;
  segs: string[];
  query: URLSearchParams;
}

type Body = Record<string, unknown>;

/** A PUT needs an api-version with a spec, for the types the emulator has specs of. */
function unknownApiVersion(specs: SpecRegistry, c: PutTarget, location: string): ArmError | undefined {
  const versions = specs.apiVersions(c.kind.typeKey);
  if (versions.length === 0) return undefined;
  return armError(
    400,
    "NoRegisteredProviderFound",
    `No registered resource provider found for location '${location}' and API version '${c.apiVersion}' for type '${c.kind.armType.split("/").slice(1).join("/")}'. The supported api-versions are '${versions.join(", ")}'.`,
  );
}

function specFailure(specs: SpecRegistry, op: PutOperation, c: PutTarget, input: Body): ArmError | undefined {
  const pathErrors = specs.validatePathParams(op, c.segs);
  if (pathErrors.length) {
    return armError(
      400,
      "InvalidResourceName",
      `The resource name or path is invalid (${op.file}, api-version ${c.apiVersion}): ${pathErrors.map((d) => `${d.path}: ${d.message}`).join("; ")}`,
      { details: pathErrors },
    );
  }
  const result = specs.validateBody(op, input);
  if (result.ok) return undefined;
  const summary = result.details.map((d) => `${d.path}: ${d.message}`).join("; ");
  return armError(
    400,
    "InvalidRequestContent",
    `The request content does not match ${result.schemaRef} (api-version ${c.apiVersion}): ${summary}`,
    { details: result.details },
  );
}

/** Tracked resources need a location, and cannot move. */
function locationFailure(c: PutTarget, input: Body): ArmError | undefined {
  if (!c.kind.tracked) return undefined;
  if (typeof input.location !== "string" || !input.location.trim()) return locationRequired();
  const newLocation = normLocation(input.location);
  const current = c.existing?.body.location;
  if (typeof current === "string" && current !== newLocation) {
    return armError(
      400,
      "InvalidResourceLocation",
      `The resource '${c.name}' already exists in location '${current}'. A resource with the same name cannot be created in location '${newLocation}'.`,
    );
  }
  return undefined;
}

/** The resource-type rules beyond the spec (e.g. custom tables need TimeGenerated). */
function semanticFailure(c: PutTarget, input: Body): ArmError | undefined {
  const semantic = c.kind.check?.(input, c.name);
  return semantic ? armError(400, semantic.code, semantic.message) : undefined;
}

function preconditionFailure(req: IncomingMessage, c: PutTarget, input: Body): ArmError | undefined {
  const { existing, name } = c;
  const condition = conditionFailure(req, existing);
  if (condition) return condition;
  if (
    existing &&
    typeof input.etag === "string" &&
    input.etag !== "*" &&
    !etagMatches(input.etag, existing.body.etag)
  ) {
    return armError(
      409,
      "Conflict",
      `The etag in the request body (${input.etag}) does not match the current etag of '${name}' (${String(existing.body.etag)}): the resource was changed since it was read.`,
    );
  }
  return undefined;
}

export async function putResource(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: PutTarget,
): Promise<number> {
  const { kind, name, key, apiVersion } = target;
  const location = String(target.parent.body.location ?? DEFAULT_LOCATION);
  const op = ctx.specs.operation(kind.typeKey, apiVersion);
  if (!op) {
    const unknown = unknownApiVersion(ctx.specs, target, location);
    if (unknown) return ctx.http.error(res, unknown);
  }
  const json = parseJsonObject(await readBody(req));
  if ("error" in json) return ctx.http.error(res, json.error);
  // Read the resource again after the body arrived: a concurrent write may have landed meanwhile,
  // and preconditions must be checked against the state this write replaces.
  const existing = ctx.store.get(key);
  const c: PutTarget = { ...target, existing };
  const id = existing?.id ?? c.id;
  const input = json.value;
  const failure =
    (op && ctx.validateBodies ? specFailure(ctx.specs, op, c, input) : undefined) ??
    locationFailure(c, input) ??
    semanticFailure(c, input) ??
    preconditionFailure(req, c, input);
  if (failure) return ctx.http.error(res, failure);

  const now = ctx.nowIso();
  // what the server sets itself; a client's values for these are ignored, as ARM does
  const rest = structuredClone(input);
  for (const k of ["id", "name", "type", "etag", "systemData", "location"]) delete rest[k];
  const body: Body = {
    id,
    name: existing?.body.name ?? name,
    type: kind.armType,
    etag: newEtag(ctx.store, key),
    ...(kind.tracked ? { location: normLocation(input.location as string) } : {}),
    ...rest,
  };
  finishWrite(kind, body, { now, existing: existing?.body, key, name }, ctx.identity);
  const lro = kind.lro === true;
  if (lro) markUpdating(body);
  ctx.store.put({ key, id, kind: kind.name, parentKey: c.parent.key, body });
  if (lro) {
    const opUrl = ctx.operations.start(ctx.baseUrl, { key, id, kind, location, apiVersion, now });
    ctx.http.send(res, 202, undefined, { "azure-asyncoperation": opUrl, etag: String(body.etag) });
    return 202;
  }
  // a spec that declares no 201 (SavedSearches) answers 200 on create too; the SDKs reject a 201 there
  const status = existing || (op && !op.responseStatuses.includes("201")) ? 200 : 201;
  ctx.http.send(res, status, view(ctx, kind, body, "PUT", c.query, false), etagHeader(body));
  return status;
}

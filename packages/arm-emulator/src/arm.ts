/**
 * The ARM surface: authentication and api-version first, then the route — subscription,
 * async operation status, resource groups, and the emulated resource types below them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate } from "./auth.js";
import type { EmulatorContext } from "./context.js";
import { type ArmError, armError, decodeSeg, missingApiVersion } from "./http.js";
import { handleOperationStatus, isOperationStatusPath } from "./lro.js";
import type { RecordedRequest } from "./options.js";
import type { Caller } from "./permissions.js";
import { putResource } from "./put-resource.js";
import { handleResourceGroup, resourceGroupNotFound } from "./resource-groups.js";
import { deleteResource, getResource, listCollection } from "./resource-handlers.js";
import { conditionFailure, etagHeader, resourceGroupId } from "./resource-meta.js";
import { parseResourcePath, type ResourcePath } from "./resource-path.js";
import { type KindDef, WORKSPACES } from "./resources.js";
import type { StoredResource } from "./store.js";

const API_VERSION_RE = /^\d{4}-\d{2}-\d{2}(-(preview|beta|alpha|privatepreview))?$/i;

/** The scope ARM names in a 403: the request's path. */
const scopeOf = (segs: string[]): string => `/${segs.map(decodeSeg).join("/")}`;

const methodNotAllowed = (message: string) => armError(405, "MethodNotAllowed", message);

/** One ARM request after authentication: who asks, for what, in which api-version. */
interface ArmRequest {
  ctx: EmulatorContext;
  req: IncomingMessage;
  res: ServerResponse;
  segs: string[];
  query: URLSearchParams;
  rec: RecordedRequest;
  method: string;
  caller: Caller;
  apiVersion: string;
}

export async function handleArm(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  segs: string[],
  query: URLSearchParams,
  rec: RecordedRequest,
): Promise<number> {
  const { http } = ctx;
  const caller = authenticate(ctx, req);
  if ("status" in caller) return http.error(res, caller);
  const apiVersion = checkApiVersion(query);
  if (typeof apiVersion !== "string") return http.error(res, apiVersion);
  const r: ArmRequest = { ctx, req, res, segs, query, rec, method: req.method ?? "GET", caller, apiVersion };
  const sub = decodeSeg(segs[1] ?? "");

  // GET /subscriptions/{s}
  if (segs.length === 2) return handleSubscription(r, sub);
  if (isOperationStatusPath(segs)) return handleOperationStatus(ctx, res, segs);
  if (segs[2]?.toLowerCase() !== "resourcegroups") {
    return http.error(
      res,
      armError(
        404,
        "InvalidResourceType",
        `The path '/${segs.join("/")}' is not supported by the ARM emulator.`,
      ),
    );
  }
  if (segs.length === 3) return listResourceGroups(r, sub);
  const rgName = decodeSeg(segs[3]!);
  const rgRes = ctx.store.get(resourceGroupId(sub, rgName).toLowerCase());
  if (segs.length === 4) {
    rec.kind = "resourceGroups";
    const denied = ctx.permissions.check(
      r.method,
      "Microsoft.Resources/resourceGroups",
      scopeOf(segs),
      caller,
    );
    if (denied) return http.error(res, denied);
    return handleResourceGroup(ctx, req, res, sub, rgName, rgRes);
  }
  return handleBelowResourceGroup(r, rgName, rgRes);
}

/** The api-version query parameter, or the error ARM answers when it is missing or malformed. */
function checkApiVersion(query: URLSearchParams): string | ArmError {
  const apiVersion = query.get("api-version");
  if (!apiVersion) return missingApiVersion();
  if (!API_VERSION_RE.test(apiVersion)) {
    return armError(
      400,
      "InvalidApiVersionParameter",
      `The api-version '${apiVersion}' is invalid. The supported versions are in the format 'yyyy-mm-dd' or 'yyyy-mm-dd-preview'.`,
    );
  }
  return apiVersion;
}

function handleSubscription({ ctx, res, method }: ArmRequest, sub: string): number {
  if (method !== "GET")
    return ctx.http.error(res, methodNotAllowed(`${method} is not supported on a subscription.`));
  ctx.http.send(res, 200, {
    id: `/subscriptions/${sub}`,
    subscriptionId: sub,
    tenantId: ctx.identity.tenantId,
    displayName: "ARM emulator subscription",
    state: "Enabled",
  });
  return 200;
}

function listResourceGroups({ ctx, res, method, apiVersion, query }: ArmRequest, sub: string): number {
  if (method !== "GET") return ctx.http.error(res, methodNotAllowed(`${method} is not supported here.`));
  return listCollection(
    ctx,
    res,
    {
      kindName: "resourceGroups",
      kind: undefined,
      parentKey: `/subscriptions/${sub}`.toLowerCase(),
      collectionPath: `/subscriptions/${sub}/resourcegroups`,
    },
    apiVersion,
    query,
  );
}

/** Resources below a resource group (or a workspace): a collection or one resource. */
async function handleBelowResourceGroup(
  r: ArmRequest,
  rgName: string,
  rgRes: StoredResource | undefined,
): Promise<number> {
  const { ctx, res, segs, method, apiVersion, query } = r;
  const parsed = parseResourcePath(segs);
  if ("status" in parsed) return ctx.http.error(res, parsed);
  const { kind } = parsed;
  r.rec.kind = kind.name;
  // ARM authorizes before the resource provider sees the request (and before parents are looked up)
  const denied = ctx.permissions.check(method, kind.armType, scopeOf(segs), r.caller);
  if (denied) return ctx.http.error(res, denied);
  if (!rgRes) return ctx.http.error(res, resourceGroupNotFound(rgName));
  const parent = findParent(ctx, parsed, rgRes, rgName);
  if ("status" in parent) return ctx.http.error(res, parent);
  const collectionPath = `${parent.id}/${kind.childPath}`;
  if (parsed.collection) {
    if (method !== "GET")
      return ctx.http.error(res, methodNotAllowed(`${method} is not supported on a collection.`));
    return listCollection(
      ctx,
      res,
      { kindName: kind.name, kind, parentKey: parent.key, collectionPath },
      apiVersion,
      query,
    );
  }
  return handleResource(r, { kind, parent, rgName, collectionPath, name: parsed.names.at(-1)! });
}

/** The stored resource a kind lives under: its resource group, or the workspace it names. */
function findParent(
  { store }: EmulatorContext,
  parsed: ResourcePath,
  rgRes: StoredResource,
  rgName: string,
): StoredResource | ArmError {
  if (parsed.kind.scope !== "workspace") return rgRes;
  const wsName = parsed.names[0]!;
  const ws = store.get(`${rgRes.id}/${WORKSPACES.childPath}/${wsName}`);
  if (ws) return ws;
  return armError(
    404,
    "ResourceNotFound",
    `The Resource 'Microsoft.OperationalInsights/workspaces/${wsName}' under resource group '${rgName}' was not found.`,
  );
}

/** GET / HEAD / DELETE / PUT on one resource, honouring If-Match / If-None-Match. */
async function handleResource(
  { ctx, req, res, segs, query, method, apiVersion }: ArmRequest,
  target: { kind: KindDef; parent: StoredResource; rgName: string; collectionPath: string; name: string },
): Promise<number> {
  const { http } = ctx;
  const { kind, parent, rgName, name } = target;
  const id = `${target.collectionPath}/${name}`;
  const key = id.toLowerCase();
  const existing = ctx.store.get(key);
  switch (method) {
    case "HEAD":
    case "GET": {
      const condition = existing ? conditionFailure(req, existing) : undefined;
      if (condition?.status === 304) {
        http.send(res, 304, undefined, etagHeader(existing!.body));
        return 304;
      }
      if (condition) return http.error(res, condition);
      return getResource(ctx, res, { kind, name, rgName, existing }, method, query);
    }
    case "DELETE": {
      const precondition = conditionFailure(req, existing);
      if (precondition) return http.error(res, precondition);
      return deleteResource(ctx, res, existing);
    }
    case "PUT":
      return putResource(ctx, req, res, { kind, parent, name, id, key, existing, apiVersion, segs, query });
    default:
      return http.error(res, methodNotAllowed(`The emulator does not support ${method} on ${kind.armType}.`));
  }
}

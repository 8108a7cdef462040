/**
 * The ARM surface: authentication and api-version first, then the route — subscription,
 * async operation status, resource groups, and the emulated resource types below them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate } from "./auth.js";
import type { EmulatorContext } from "./context.js";
import { armError, decodeSeg, missingApiVersion } from "./http.js";
import { handleOperationStatus, isOperationStatusPath } from "./lro.js";
import type { RecordedRequest } from "./options.js";
import { putResource } from "./put-resource.js";
import { handleResourceGroup, resourceGroupNotFound } from "./resource-groups.js";
import { deleteResource, getResource, listCollection } from "./resource-handlers.js";
import { conditionFailure, etagHeader, resourceGroupId } from "./resource-meta.js";
import { parseResourcePath } from "./resource-path.js";
import { WORKSPACES } from "./resources.js";
import type { StoredResource } from "./store.js";

const API_VERSION_RE = /^\d{4}-\d{2}-\d{2}(-(preview|beta|alpha|privatepreview))?$/i;

/** The scope ARM names in a 403: the request's path. */
const scopeOf = (segs: string[]): string => `/${segs.map(decodeSeg).join("/")}`;

const methodNotAllowed = (message: string) => armError(405, "MethodNotAllowed", message);

export async function handleArm(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  segs: string[],
  query: URLSearchParams,
  rec: RecordedRequest,
): Promise<number> {
  const { http, store } = ctx;
  const method = req.method ?? "GET";
  const auth = authenticate(ctx, req);
  if ("status" in auth) return http.error(res, auth);
  const apiVersion = query.get("api-version");
  if (!apiVersion) return http.error(res, missingApiVersion());
  if (!API_VERSION_RE.test(apiVersion)) {
    return http.error(
      res,
      armError(
        400,
        "InvalidApiVersionParameter",
        `The api-version '${apiVersion}' is invalid. The supported versions are in the format 'yyyy-mm-dd' or 'yyyy-mm-dd-preview'.`,
      ),
    );
  }
  const sub = decodeSeg(segs[1] ?? "");

  // GET /subscriptions/{s}
  if (segs.length === 2) {
    if (method !== "GET")
      return http.error(res, methodNotAllowed(`${method} is not supported on a subscription.`));
    http.send(res, 200, {
      id: `/subscriptions/${sub}`,
      subscriptionId: sub,
      tenantId: ctx.identity.tenantId,
      displayName: "ARM emulator subscription",
      state: "Enabled",
    });
    return 200;
  }
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

  // resource groups
  if (segs.length === 3) {
    if (method !== "GET") return http.error(res, methodNotAllowed(`${method} is not supported here.`));
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
  const rgName = decodeSeg(segs[3]!);
  const rgRes = store.get(resourceGroupId(sub, rgName).toLowerCase());
  if (segs.length === 4) {
    rec.kind = "resourceGroups";
    const denied = ctx.permissions.check(method, "Microsoft.Resources/resourceGroups", scopeOf(segs), auth);
    if (denied) return http.error(res, denied);
    return handleResourceGroup(ctx, req, res, sub, rgName, rgRes);
  }

  // resources below a resource group (or a workspace)
  const parsed = parseResourcePath(segs);
  if ("status" in parsed) return http.error(res, parsed);
  const { kind } = parsed;
  rec.kind = kind.name;
  // ARM authorizes before the resource provider sees the request (and before parents are looked up)
  const denied = ctx.permissions.check(method, kind.armType, scopeOf(segs), auth);
  if (denied) return http.error(res, denied);
  if (!rgRes) return http.error(res, resourceGroupNotFound(rgName));
  let parent: StoredResource = rgRes;
  if (kind.scope === "workspace") {
    const wsName = parsed.names[0]!;
    const ws = store.get(`${rgRes.id}/${WORKSPACES.childPath}/${wsName}`);
    if (!ws) {
      return http.error(
        res,
        armError(
          404,
          "ResourceNotFound",
          `The Resource 'Microsoft.OperationalInsights/workspaces/${wsName}' under resource group '${rgName}' was not found.`,
        ),
      );
    }
    parent = ws;
  }
  const collectionPath = `${parent.id}/${kind.childPath}`;
  if (parsed.collection) {
    if (method !== "GET")
      return http.error(res, methodNotAllowed(`${method} is not supported on a collection.`));
    return listCollection(
      ctx,
      res,
      { kindName: kind.name, kind, parentKey: parent.key, collectionPath },
      apiVersion,
      query,
    );
  }
  const name = parsed.names.at(-1)!;
  const id = `${collectionPath}/${name}`;
  const key = id.toLowerCase();
  const existing = store.get(key);
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

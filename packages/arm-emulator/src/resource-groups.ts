/** `/subscriptions/{s}/resourceGroups/{rg}`: HEAD (checkExistence), GET, PUT, DELETE (cascades). */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext } from "./context.js";
import { type ArmError, armError, parseJsonObject, readBody } from "./http.js";
import { deleteResource } from "./resource-handlers.js";
import { locationRequired, normLocation, resourceGroupId, resourceGroupRecord } from "./resource-meta.js";
import type { StoredResource } from "./store.js";

export const resourceGroupNotFound = (name: string): ArmError =>
  armError(404, "ResourceGroupNotFound", `Resource group '${name}' could not be found.`);

export async function handleResourceGroup(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  sub: string,
  name: string,
  existing: StoredResource | undefined,
): Promise<number> {
  switch (req.method) {
    case "HEAD": // resourceGroups.checkExistence
      ctx.http.send(res, existing ? 204 : 404, undefined);
      return existing ? 204 : 404;
    case "GET":
      if (!existing) return ctx.http.error(res, resourceGroupNotFound(name));
      ctx.http.send(res, 200, existing.body);
      return 200;
    case "DELETE":
      return deleteResource(ctx, res, existing);
    case "PUT": {
      const json = parseJsonObject(await readBody(req));
      if ("error" in json) return ctx.http.error(res, json.error);
      const input = json.value;
      const location = typeof input.location === "string" ? normLocation(input.location) : undefined;
      if (!location) return ctx.http.error(res, locationRequired());
      const id = existing?.id ?? resourceGroupId(sub, name);
      const record = resourceGroupRecord(sub, id, String(existing?.body.name ?? name), location, input.tags);
      ctx.store.put(record);
      ctx.http.send(res, existing ? 200 : 201, record.body);
      return existing ? 200 : 201;
    }
    default:
      return ctx.http.error(
        res,
        armError(405, "MethodNotAllowed", `The emulator does not support ${req.method} on resource groups.`),
      );
  }
}

/** `/__emulator/*`: test and tooling endpoints (no auth, never faulted, not recorded). */
import type { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULT_SUBSCRIPTION_ID } from "./constants.js";
import type { EmulatorContext } from "./context.js";
import { armError, parseJsonObject, readBody } from "./http.js";
import type { FaultSettings } from "./faults.js";
import type { PermissionSettings } from "./permissions.js";

export async function handleAdmin(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  segs: string[],
): Promise<void> {
  const { http } = ctx;
  const action = segs[1] ?? "";
  const route = `${req.method} ${action}`;
  switch (route) {
    case "GET requests":
      return http.send(res, 200, ctx.requests);
    case "POST reset-requests":
      ctx.requests = [];
      return http.send(res, 204, undefined);
    case "GET state":
      return http.send(res, 200, ctx.store.snapshot());
    case "GET ingested":
      return http.send(res, 200, ctx.ingested);
    case "GET faults":
      return http.send(res, 200, ctx.faults.settings());
    case "POST faults": {
      const json = parseJsonObject(await readBody(req));
      if ("error" in json) return void http.error(res, json.error);
      const problem = ctx.faults.set(json.value as FaultSettings);
      if (problem) return void http.error(res, armError(400, "InvalidFaultSettings", problem));
      return http.send(res, 200, ctx.faults.settings());
    }
    case "GET permissions":
      return http.send(res, 200, ctx.permissions.settings());
    case "POST permissions": {
      const json = parseJsonObject(await readBody(req));
      if ("error" in json) return void http.error(res, json.error);
      const problem = ctx.permissions.set(json.value as PermissionSettings);
      if (problem) return void http.error(res, armError(400, "InvalidPermissionSettings", problem));
      return http.send(res, 200, ctx.permissions.settings());
    }
    case "GET info":
      return http.send(res, 200, {
        url: ctx.baseUrl,
        caCertPath: ctx.caCertPath,
        tenantId: ctx.identity.tenantId,
        clientId: ctx.identity.clientId,
        subscriptionId: ctx.seeds[0]?.subscriptionId ?? DEFAULT_SUBSCRIPTION_ID,
        specs: ctx.specs.coverage(),
      });
    default:
      http.error(res, armError(404, "NotFound", `Unknown admin endpoint ${req.method} /${segs.join("/")}.`));
  }
}

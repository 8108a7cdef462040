/** `/__emulator/*`: test and tooling endpoints (no auth, never faulted, not recorded). */
import type { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULT_SUBSCRIPTION_ID } from "./constants.js";
import type { EmulatorContext } from "./context.js";
import { armError, parseJsonObject, readBody } from "./http.js";

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
    case "POST faults":
      return update(ctx, req, res, "InvalidFaultSettings", ctx.faults);
    case "GET permissions":
      return http.send(res, 200, ctx.permissions.settings());
    case "POST permissions":
      return update(ctx, req, res, "InvalidPermissionSettings", ctx.permissions);
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

/** Run-time settings (faults, permissions): `set` returns a problem and then changes nothing. */
interface Settings {
  set(value: never): string | undefined;
  settings(): unknown;
}

/** Applies a JSON settings body: 400 `code` with the problem, or 200 with the settings now in force. */
async function update(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  code: string,
  target: Settings,
): Promise<void> {
  const json = parseJsonObject(await readBody(req));
  if ("error" in json) return void ctx.http.error(res, json.error);
  const problem = target.set(json.value as never);
  if (problem) return void ctx.http.error(res, armError(400, code, problem));
  ctx.http.send(res, 200, target.settings());
}

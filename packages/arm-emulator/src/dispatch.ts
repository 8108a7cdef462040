/**
 * Routes each request to its surface — admin, Entra, Logs Ingestion, the query APIs or ARM — and
 * records it. Latency applies to all but admin requests; faults to all but admin and Entra, and before
 * anything else, so a failed request never changes state and retrying clients converge.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { handleAdmin } from "./admin.js";
import { handleArm } from "./arm.js";
import type { EmulatorContext } from "./context.js";
import { handleEntra } from "./entra.js";
import { faultError } from "./faults.js";
import { splitUrl } from "./http.js";
import { handleIngestion } from "./ingestion.js";
import type { RecordedRequest } from "./options.js";
import { handleKusto, handleLogsQuery, queryArea } from "./query-api.js";

/**
 * The context of one request, its URLs (token endpoints, nextLinks, operation URLs) under the
 * loopback name the client used: `https://localhost:PORT` and `https://127.0.0.1:PORT` are one
 * server, and a client must not be sent to the other name (the deployer refuses links to another
 * origin; MSAL checks that the discovered endpoints belong to the authority it was given).
 */
function contextFor(ctx: EmulatorContext, req: IncomingMessage): EmulatorContext {
  const base = new URL(ctx.baseUrl);
  const host = req.headers.host?.toLowerCase();
  if (host !== `localhost:${base.port}` || base.hostname === "localhost") return ctx;
  return Object.assign(Object.create(ctx) as EmulatorContext, { baseUrl: `https://${host}` });
}

export async function dispatch(
  emulator: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const ctx = contextFor(emulator, req);
  const { segs, query } = splitUrl(req.url ?? "/");
  if (segs[0] === "__emulator") return handleAdmin(emulator, req, res, segs);

  const method = req.method ?? "GET";
  const first = segs[0]?.toLowerCase();
  const area: RecordedRequest["area"] =
    first === "subscriptions"
      ? "arm"
      : first === "datacollectionrules"
        ? "ingestion"
        : (queryArea(segs) ?? "entra");
  const rec: RecordedRequest = {
    method,
    path: `/${segs.join("/")}`,
    apiVersion: query.get("api-version") ?? undefined,
    status: 0,
    isWrite: (area === "arm" || area === "ingestion") && method !== "GET" && method !== "HEAD",
    area,
  };
  ctx.requests.push(rec);
  const { latencyMs } = ctx.faults;
  if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
  if (area === "entra") {
    rec.status = await handleEntra(ctx, req, res, segs, query);
    return;
  }
  const fault = ctx.faults.draw();
  if (fault) {
    rec.fault = fault;
    if (fault === "reset") {
      rec.status = 0;
      req.socket.destroy();
    } else {
      rec.status = ctx.http.error(res, faultError(fault));
    }
    return;
  }
  const surface = { ingestion: handleIngestion, "logs-query": handleLogsQuery, kusto: handleKusto }[
    area as "ingestion" | "logs-query" | "kusto"
  ];
  rec.status = surface
    ? await surface(ctx, req, res, segs, query)
    : await handleArm(ctx, req, res, segs, query, rec);
}

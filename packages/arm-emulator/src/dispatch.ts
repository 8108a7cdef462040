/**
 * Routes each request to its surface — admin, Entra, Logs Ingestion or ARM — and records it.
 * Latency applies to all but admin requests; faults to ARM and Logs Ingestion only, and before
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

export async function dispatch(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { segs, query } = splitUrl(req.url ?? "/");
  if (segs[0] === "__emulator") return handleAdmin(ctx, req, res, segs);

  const method = req.method ?? "GET";
  const first = segs[0]?.toLowerCase();
  const area: RecordedRequest["area"] =
    first === "subscriptions" ? "arm" : first === "datacollectionrules" ? "ingestion" : "entra";
  const rec: RecordedRequest = {
    method,
    path: `/${segs.join("/")}`,
    apiVersion: query.get("api-version") ?? undefined,
    status: 0,
    isWrite: area !== "entra" && method !== "GET" && method !== "HEAD",
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
  rec.status =
    area === "ingestion"
      ? await handleIngestion(ctx, req, res, segs, query)
      : await handleArm(ctx, req, res, segs, query, rec);
}

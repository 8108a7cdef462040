/**
 * The Logs Ingestion data plane (minimal): rows POSTed to a DCR's stream are checked against the
 * DCR and kept in memory (`emu.ingested()`, `GET /__emulator/ingested`).
 */
import { gunzipSync } from "node:zlib";
import { authenticate } from "./auth.js";
import { MONITOR_AUDIENCE } from "./constants.js";
import type { SurfaceHandler } from "./context.js";
import { armError, decodeSeg, missingApiVersion, readBody } from "./http.js";

/** POST /dataCollectionRules/{immutableId}/streams/{stream}?api-version=2023-01-01 (gzip or plain JSON array). */
export const handleIngestion: SurfaceHandler = async (ctx, req, res, segs, query) => {
  const auth = authenticate(ctx, req, [MONITOR_AUDIENCE]);
  if ("status" in auth) return ctx.http.error(res, auth);
  if (!query.get("api-version")) return ctx.http.error(res, missingApiVersion());
  if (req.method !== "POST" || segs.length !== 4 || segs[2]!.toLowerCase() !== "streams") {
    return ctx.http.error(
      res,
      armError(404, "NotFound", `The path '/${segs.join("/")}' is not a Logs Ingestion endpoint.`),
    );
  }
  const immutableId = decodeSeg(segs[1]!);
  const stream = decodeSeg(segs[3]!);
  const dcr = [...ctx.store.all()].find(
    (r) =>
      r.kind === "dataCollectionRules" &&
      (r.body.properties as Record<string, unknown>)?.immutableId === immutableId,
  );
  if (!dcr)
    return ctx.http.error(
      res,
      armError(404, "NotFound", `Data collection rule with immutable Id '${immutableId}' not found.`),
    );
  const p = dcr.body.properties as Record<string, unknown>;
  const declared = Object.keys((p.streamDeclarations ?? {}) as Record<string, unknown>);
  const flows = Array.isArray(p.dataFlows) ? (p.dataFlows as Array<{ streams?: unknown }>) : [];
  const known = new Set([
    ...declared,
    ...flows.flatMap((f) => (Array.isArray(f.streams) ? f.streams.map(String) : [])),
  ]);
  if (!known.has(stream)) {
    return ctx.http.error(
      res,
      armError(
        400,
        "InvalidStream",
        `Stream '${stream}' is not declared in data collection rule '${immutableId}' (declared: ${[...known].join(", ") || "none"}).`,
      ),
    );
  }
  let raw = await readBody(req);
  if (String(req.headers["content-encoding"] ?? "").toLowerCase() === "gzip") {
    try {
      raw = gunzipSync(raw);
    } catch {
      return ctx.http.error(
        res,
        armError(400, "InvalidContentEncoding", "The gzip body could not be decompressed."),
      );
    }
  }
  let rows: unknown;
  try {
    rows = JSON.parse(raw.toString("utf8"));
  } catch {
    rows = undefined;
  }
  if (!Array.isArray(rows))
    return ctx.http.error(
      res,
      armError(400, "InvalidPayload", "The request body must be a JSON array of records."),
    );
  ctx.ingested.push({ dcrImmutableId: immutableId, stream, rows });
  ctx.http.send(res, 204, undefined);
  return 204;
};

/**
 * The Logs Ingestion data plane: rows POSTed to a DCR's stream are checked against the stream
 * declaration and kept as received (`emu.ingested()`, `GET /__emulator/ingested`); each data flow of
 * the stream runs them through its `transformKql` (the offline engine) and appends the result to its
 * output table in the destination workspace, where the query endpoints (query-api.ts) see them.
 */
import { gunzipSync } from "node:zlib";
import { evaluate, KqlQueryError } from "@sentinelctl/kql";
import { authenticate } from "./auth.js";
import { MONITOR_AUDIENCE } from "./constants.js";
import type { EmulatorContext, SurfaceHandler } from "./context.js";
import { type ArmError, armError, decodeSeg, missingApiVersion, readBody } from "./http.js";
import { appendRows } from "./logs.js";

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
  if (!rows.every((r) => typeof r === "object" && r !== null && !Array.isArray(r))) {
    return ctx.http.error(
      res,
      armError(400, "InvalidPayload", "Every record of the body must be a JSON object."),
    );
  }
  const routed = routeRecords(ctx, p, stream, rows as Record<string, unknown>[]);
  if ("status" in routed) return ctx.http.error(res, routed);
  ctx.ingested.push({ dcrImmutableId: immutableId, stream, rows });
  for (const r of routed) appendRows(ctx, r.workspaceKey, r.table, r.rows);
  ctx.http.send(res, 204, undefined);
  return 204;
};

interface Routed {
  workspaceKey: string;
  table: string;
  rows: Record<string, unknown>[];
}

/** `Custom-Foo_CL` -> `Foo_CL`, `Microsoft-Syslog` -> `Syslog`. */
const tableOf = (outputStream: string): string => outputStream.replace(/^(Custom|Microsoft)-/i, "");

/**
 * What each data flow of `stream` makes of the records: checked against the stream declaration
 * (its columns and types), transformed, and bound for a workspace table. Nothing is appended here,
 * so a rejected batch leaves no rows behind.
 */
function routeRecords(
  ctx: EmulatorContext,
  dcr: Record<string, unknown>,
  stream: string,
  records: Record<string, unknown>[],
): Routed[] | ArmError {
  const declaration = (dcr.streamDeclarations as Record<string, { columns?: unknown }> | undefined)?.[stream];
  const columns = (Array.isArray(declaration?.columns) ? declaration.columns : []) as Array<{
    name: string;
    type: string;
  }>;
  const source = {
    columns: columns.map((c) => ({ name: String(c.name), type: String(c.type).toLowerCase() })),
    rows: records,
  };
  const destinations = ((dcr.destinations as Record<string, unknown> | undefined)?.logAnalytics ??
    []) as Array<{
    name?: string;
    workspaceResourceId?: string;
  }>;
  const flows = (Array.isArray(dcr.dataFlows) ? dcr.dataFlows : []) as Array<{
    streams?: unknown;
    destinations?: unknown;
    transformKql?: unknown;
    outputStream?: unknown;
  }>;
  const out: Routed[] = [];
  for (const flow of flows) {
    if (!Array.isArray(flow.streams) || !flow.streams.map(String).includes(stream)) continue;
    const table = tableOf(String(flow.outputStream ?? stream));
    let result: ReturnType<typeof evaluate>;
    try {
      result = evaluate(typeof flow.transformKql === "string" ? flow.transformKql : "source", {
        tables: { source },
        now: ctx.nowIso(),
      });
    } catch (e) {
      if (!(e instanceof KqlQueryError)) throw e;
      return armError(
        400,
        "InvalidTransformOutput",
        `The transformation of stream '${stream}' to '${table}' failed on these records: ${e.message}`,
      );
    }
    const rows = result.rows.map((r) => {
      const row = Object.fromEntries(result.columns.map((c, i) => [c.name, r[i]]));
      // The service stamps the ingestion time on records that carry none.
      if (row.TimeGenerated === undefined || row.TimeGenerated === null) row.TimeGenerated = ctx.nowIso();
      return row;
    });
    const names = Array.isArray(flow.destinations) ? flow.destinations.map(String) : [];
    for (const d of destinations) {
      if (!d.name || !names.includes(d.name) || !d.workspaceResourceId) continue;
      const workspace = ctx.store.get(d.workspaceResourceId);
      if (workspace) out.push({ workspaceKey: workspace.key, table, rows });
    }
  }
  return out;
}

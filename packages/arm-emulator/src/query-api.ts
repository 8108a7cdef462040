/**
 * Query endpoints over the emulator's log data (logs.ts), answered by the offline engine:
 * - the Log Analytics query API (`@azure/monitor-query-logs`):
 *   `POST /v1/workspaces/{customerId}/query` (also without `/v1`), body `{query, timespan?}`;
 * - a Kusto query endpoint (`azure-kusto-data`): `POST /v1/rest/query` and `/v2/rest/query`, body
 *   `{db, csl, properties?}` where db is a workspace's name or customerId, plus the client's
 *   `GET /v1/rest/auth/metadata` discovery call.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseDuration } from "@sentinelctl/content";
import { KqlQueryError } from "@sentinelctl/kql";
import { authenticate } from "./auth.js";
import { LOGS_QUERY_AUDIENCES } from "./constants.js";
import type { EmulatorContext, SurfaceHandler } from "./context.js";
import { type ArmError, armError, decodeSeg, readBody } from "./http.js";
import { findWorkspace, jsonCell, queryWorkspace } from "./logs.js";

/** Which query surface a path belongs to, if any. */
export function queryArea(segs: string[]): "logs-query" | "kusto" | undefined {
  const s = segs.map((x) => x.toLowerCase());
  const ws = s[0] === "v1" ? s.slice(1) : s;
  if (ws[0] === "workspaces" && ws.length === 3 && ws[2] === "query") return "logs-query";
  if ((s[0] === "v1" || s[0] === "v2") && s[1] === "rest") return "kusto";
  return undefined;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  try {
    const v: unknown = JSON.parse((await readBody(req)).toString("utf8"));
    return typeof v === "object" && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** `start/end`, `start/duration`, `duration/end` or a duration ending now, as the query API reads it. */
export function parseTimespan(text: string, now: number): { from: number; to: number } | undefined {
  const [a, b] = text.split("/");
  const instant = (t: string | undefined) => (t && /^\d{4}-/.test(t) ? Date.parse(t) : Number.NaN);
  const span = (t: string | undefined) => parseDuration(t ?? "");
  let range: { from: number; to: number } | undefined;
  if (b === undefined) {
    const d = span(a);
    if (d !== undefined) range = { from: now - d, to: now };
  } else if (!Number.isNaN(instant(a)) && !Number.isNaN(instant(b))) {
    range = { from: instant(a), to: instant(b) };
  } else if (!Number.isNaN(instant(a)) && span(b) !== undefined) {
    range = { from: instant(a), to: instant(a) + span(b)! };
  } else if (span(a) !== undefined && !Number.isNaN(instant(b))) {
    range = { from: instant(b) - span(a)!, to: instant(b) };
  }
  return range && !Number.isNaN(range.from) && !Number.isNaN(range.to) ? range : undefined;
}

const rowsOf = (rows: unknown[][]) => rows.map((r) => r.map(jsonCell));

/** The Log Analytics query API (`{tables:[{name,columns,rows}]}`; errors `{error:{code,message}}`). */
export const handleLogsQuery: SurfaceHandler = async (ctx, req, res, segs) => {
  const auth = authenticate(ctx, req, LOGS_QUERY_AUDIENCES);
  if ("status" in auth) return ctx.http.error(res, auth);
  if (req.method !== "POST")
    return ctx.http.error(res, armError(405, "MethodNotAllowed", "Send the query with POST."));
  const workspaceId = decodeSeg(segs[segs.length - 2]!);
  const workspace = findWorkspace(ctx, workspaceId);
  if (!workspace) {
    return ctx.http.error(
      res,
      armError(404, "WorkspaceNotFoundError", `The workspace could not be found: '${workspaceId}'.`),
    );
  }
  const body = await readJson(req);
  if (!body || typeof body.query !== "string") {
    return ctx.http.error(res, armError(400, "BadArgumentError", "The request body needs a 'query' string."));
  }
  let range: { from: number; to: number } | undefined;
  if (typeof body.timespan === "string") {
    range = parseTimespan(body.timespan, Date.parse(ctx.nowIso()));
    if (!range) {
      return ctx.http.error(
        res,
        armError(
          400,
          "BadArgumentError",
          `The timespan '${body.timespan}' is not an ISO 8601 interval or duration.`,
        ),
      );
    }
  }
  const answer = run(() => queryWorkspace(ctx, workspace, body.query as string, range ? { range } : {}));
  if ("status" in answer) return ctx.http.error(res, answer);
  ctx.http.send(res, 200, {
    tables: [
      {
        name: "PrimaryResult",
        columns: answer.columns.map((c) => ({ name: c.name, type: c.type })),
        rows: rowsOf(answer.rows),
      },
    ],
  });
  return 200;
};

/** The engine's answer, or a 400 for a query it rejects. */
function run<T>(evaluate: () => T): T | ArmError {
  try {
    return evaluate();
  } catch (e) {
    if (e instanceof KqlQueryError) return armError(400, "BadArgumentError", e.message);
    throw e;
  }
}

/** Kusto's column type names for the engine's types (v1 `DataType`). */
const V1_TYPES: Record<string, string> = {
  string: "String",
  int: "Int32",
  long: "Int64",
  real: "Double",
  bool: "Boolean",
  datetime: "DateTime",
  timespan: "TimeSpan",
  dynamic: "Object",
  guid: "Guid",
  decimal: "Decimal",
};

function kustoError(res: ServerResponse, ctx: EmulatorContext, status: number, message: string): number {
  ctx.http.send(res, status, {
    error: {
      code: status === 404 ? "NotFound" : "General_BadRequest",
      message: "Request is invalid",
      "@message": message,
    },
  });
  return status;
}

/** The Kusto REST query endpoint (v1 and v2 response shapes) and its auth metadata. */
export const handleKusto: SurfaceHandler = async (ctx, req, res, segs) => {
  const path = segs.map((s) => s.toLowerCase()).join("/");
  if (req.method === "GET" && path === "v1/rest/auth/metadata") {
    // The client reads this to learn the token audience: the emulator itself.
    ctx.http.send(res, 200, {
      AzureAD: {
        LoginEndpoint: ctx.baseUrl,
        LoginMfaRequired: false,
        KustoClientAppId: ctx.identity.clientId,
        KustoClientRedirectUri: `${ctx.baseUrl}/`,
        KustoServiceResourceId: ctx.baseUrl,
        FirstPartyAuthorityUrl: `${ctx.baseUrl}/${ctx.identity.tenantId}`,
      },
    });
    return 200;
  }
  const auth = authenticate(ctx, req, [ctx.baseUrl, ...LOGS_QUERY_AUDIENCES]);
  if ("status" in auth) return ctx.http.error(res, auth);
  if (req.method !== "POST" || (path !== "v1/rest/query" && path !== "v2/rest/query")) {
    return kustoError(res, ctx, 404, `'/${segs.join("/")}' is not a query endpoint of this Kusto emulation.`);
  }
  const body = await readJson(req);
  if (!body || typeof body.db !== "string" || typeof body.csl !== "string") {
    return kustoError(res, ctx, 400, "The request body needs 'db' and 'csl' strings.");
  }
  const workspace = findWorkspace(ctx, body.db);
  if (!workspace) return kustoError(res, ctx, 400, `Database '${body.db}' was not found.`);
  let properties = body.properties as unknown;
  if (typeof properties === "string") {
    try {
      properties = JSON.parse(properties);
    } catch {
      properties = undefined;
    }
  }
  const option = (properties as { Options?: { query_now?: unknown } } | undefined)?.Options?.query_now;
  const answer = run(() =>
    queryWorkspace(ctx, workspace, body.csl as string, typeof option === "string" ? { now: option } : {}),
  );
  if ("status" in answer) return kustoError(res, ctx, 400, answer.message);
  const rows = rowsOf(answer.rows);
  if (path === "v1/rest/query") {
    ctx.http.send(res, 200, {
      Tables: [
        {
          TableName: "Table_0",
          Columns: answer.columns.map((c) => ({
            ColumnName: c.name,
            DataType: V1_TYPES[c.type] ?? "Object",
            ColumnType: c.type,
          })),
          Rows: rows,
        },
      ],
    });
    return 200;
  }
  ctx.http.send(res, 200, [
    { FrameType: "DataSetHeader", IsProgressive: false, Version: "v2.0" },
    {
      FrameType: "DataTable",
      TableId: 0,
      TableKind: "PrimaryResult",
      TableName: "PrimaryResult",
      Columns: answer.columns.map((c) => ({ ColumnName: c.name, ColumnType: c.type })),
      Rows: rows,
    },
    { FrameType: "DataSetCompletion", HasErrors: false, Cancelled: false },
  ]);
  return 200;
};

/**
 * HTTP plumbing shared by every surface: ARM-shaped errors, JSON responses with request ids,
 * request bodies and URL splitting.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { guidOf } from "./resources.js";

/** An error answer in ARM's shape: `{error:{code,message,details?}}` with `status`. */
export interface ArmError {
  status: number;
  code: string;
  message: string;
  details?: Array<{ path: string; message: string }>;
  headers?: Record<string, string>;
}

export const armError = (
  status: number,
  code: string,
  message: string,
  extra: Partial<ArmError> = {},
): ArmError => ({ status, code, message, ...extra });

/** ARM and Logs Ingestion both answer this when `?api-version=` is absent. */
export const missingApiVersion = (): ArmError =>
  armError(
    400,
    "MissingApiVersionParameter",
    "The api-version query parameter (?api-version=) is required for all requests.",
  );

/** Bodies above this size are truncated (the emulator never needs more). */
const MAX_BODY = 8 * 1024 * 1024;

/** Decodes a path segment; a malformed escape is kept as is. */
export function decodeSeg(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Splits `req.url` into non-empty path segments (so `//` collapses) and the query. Never resolves
 * it against a base URL: `//subscriptions/...` (sent by the `*ById` SDK calls) would become a host.
 */
export function splitUrl(raw: string): { segs: string[]; query: URLSearchParams } {
  const q = raw.indexOf("?");
  return {
    segs: (q >= 0 ? raw.slice(0, q) : raw).split("/").filter(Boolean),
    query: new URLSearchParams(q >= 0 ? raw.slice(q + 1) : ""),
  };
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Parses a request body that must be a JSON object, or gives ARM's 400 `InvalidRequestContent`. */
export function parseJsonObject(buf: Buffer): { value: Record<string, unknown> } | { error: ArmError } {
  const text = buf.toString("utf8");
  const bad = (why: string) => ({
    error: armError(
      400,
      "InvalidRequestContent",
      `The request content was invalid and could not be deserialized: ${why}`,
    ),
  });
  if (!text.trim()) return bad("the body is empty.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return bad((e as Error).message);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    return bad("expected a JSON object.");
  return { value: parsed as Record<string, unknown> };
}

/** Writes responses; every one gets a deterministic `x-ms-request-id` from a running count. */
export class Responder {
  /** Responses written so far (also seeds Entra's trace ids). */
  count = 0;

  constructor(private readonly baseUrl: () => string) {}

  send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.count++;
    const rid = guidOf(`request|${this.count}|${this.baseUrl()}`);
    const h: Record<string, string> = {
      "x-ms-request-id": rid,
      "x-ms-correlation-request-id": rid,
      ...headers,
    };
    if (body === undefined) {
      res.writeHead(status, { ...h, "content-length": "0" });
      res.end();
      return;
    }
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": String(Buffer.byteLength(text)),
      ...h,
    });
    res.end(text);
  }

  /** Sends an ARM error body; returns its status (what handlers record). */
  error(res: ServerResponse, e: ArmError): number {
    const error: Record<string, unknown> = { code: e.code, message: e.message };
    if (e.details?.length) {
      error.details = e.details.map((d) => ({
        code: "ValidationError",
        target: d.path,
        path: d.path,
        message: d.message,
      }));
    }
    this.send(res, e.status, { error }, e.headers ?? {});
    return e.status;
  }
}

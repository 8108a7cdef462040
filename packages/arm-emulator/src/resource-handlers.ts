/** GET, DELETE and LIST of stored resources (PUT is in put-resource.ts). */
import type { ServerResponse } from "node:http";
import type { EmulatorContext } from "./context.js";
import { armError } from "./http.js";
import { etagHeader } from "./resource-meta.js";
import type { KindDef } from "./resources.js";
import type { StoredResource } from "./store.js";

/** The stored body as the kind shows it for this request (e.g. workbooks hide serializedData). */
export function view(
  ctx: EmulatorContext,
  kind: KindDef | undefined,
  body: Record<string, unknown>,
  method: string,
  query: URLSearchParams,
  list: boolean,
): Record<string, unknown> {
  return kind?.view ? kind.view(body, { baseUrl: ctx.baseUrl, query, list, method }) : body;
}

export function getResource(
  ctx: EmulatorContext,
  res: ServerResponse,
  r: { kind: KindDef; name: string; rgName: string; existing: StoredResource | undefined },
  method: string,
  query: URLSearchParams,
): number {
  if (!r.existing) {
    return ctx.http.error(
      res,
      armError(
        404,
        "ResourceNotFound",
        `The Resource '${r.kind.armType}/${r.name}' under resource group '${r.rgName}' was not found.`,
      ),
    );
  }
  ctx.http.send(
    res,
    200,
    view(ctx, r.kind, r.existing.body, method, query, false),
    etagHeader(r.existing.body),
  );
  return 200;
}

/** 200 when it existed (everything below it goes too), 204 when it did not. */
export function deleteResource(
  ctx: EmulatorContext,
  res: ServerResponse,
  existing: StoredResource | undefined,
): number {
  if (!existing) {
    ctx.http.send(res, 204, undefined);
    return 204;
  }
  ctx.store.delete(existing.key);
  ctx.http.send(res, 200, undefined);
  return 200;
}

/** One page of a collection, ordered by id, with an absolute `nextLink` when more follow. */
export function listCollection(
  ctx: EmulatorContext,
  res: ServerResponse,
  c: { kindName: string; kind: KindDef | undefined; parentKey: string; collectionPath: string },
  apiVersion: string,
  query: URLSearchParams,
): number {
  const { pageSize } = ctx;
  let items = ctx.store.list(c.kindName, c.parentKey).map((r) => r.body);
  const category = query.get("category");
  if (c.kindName === "workbooks" && category) {
    items = items.filter(
      (b) =>
        String((b.properties as Record<string, unknown>)?.category ?? "").toLowerCase() ===
        category.toLowerCase(),
    );
  }
  const skip = Number.parseInt(query.get("$skipToken") ?? "0", 10);
  const start = Number.isFinite(skip) && skip > 0 ? skip : 0;
  const page = items.slice(start, start + pageSize).map((b) => view(ctx, c.kind, b, "GET", query, true));
  const body: Record<string, unknown> = { value: page };
  if (start + pageSize < items.length) {
    const q = new URLSearchParams(query);
    q.set("api-version", apiVersion);
    q.set("$skipToken", String(start + pageSize));
    body.nextLink = `${ctx.baseUrl}${c.collectionPath}?${q.toString()}`;
  }
  ctx.http.send(res, 200, body);
  return 200;
}

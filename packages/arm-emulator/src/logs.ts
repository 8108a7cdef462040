/**
 * The emulator's log data: rows that reached a workspace table through the Logs Ingestion API, and
 * KQL queries over them (with the workspace's declared table schemas) answered by the offline engine.
 */
import { type EvaluateResult, evaluate, type InputTable } from "@sentinelctl/kql";
import type { EmulatorContext } from "./context.js";
import type { StoredResource } from "./store.js";

type Row = Record<string, unknown>;

/** Rows per workspace (lower-cased resource id), then per table name. */
export type LogRows = Map<string, Map<string, Row[]>>;

type Column = { name: string; type: string };

/** A workspace by its customerId (the query API's workspace id) or its name (a Kusto database). */
export function findWorkspace(ctx: EmulatorContext, idOrName: string): StoredResource | undefined {
  const wanted = idOrName.toLowerCase();
  const all = [...ctx.store.all()].filter((r) => r.kind === "workspaces");
  return (
    all.find(
      (w) => String((w.body.properties as Row | undefined)?.customerId ?? "").toLowerCase() === wanted,
    ) ?? all.find((w) => String(w.body.name ?? "").toLowerCase() === wanted)
  );
}

/** Columns a table resource declares (`schema.columns` and `schema.standardColumns`). */
function declaredColumns(table: StoredResource): Column[] {
  const schema = ((table.body.properties as Row | undefined)?.schema ?? {}) as Row;
  const list = [
    ...(Array.isArray(schema.standardColumns) ? schema.standardColumns : []),
    ...(Array.isArray(schema.columns) ? schema.columns : []),
  ] as Array<{ name?: unknown; type?: unknown }>;
  const seen = new Set<string>();
  const out: Column[] = [];
  for (const c of list) {
    const name = String(c.name ?? "");
    if (!name || seen.has(name)) continue;
    seen.add(name);
    out.push({ name, type: String(c.type ?? "dynamic").toLowerCase() });
  }
  return out;
}

function inferColumns(rows: Row[]): Column[] {
  const names = new Map<string, string>();
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      if (names.has(k)) continue;
      names.set(
        k,
        k === "TimeGenerated"
          ? "datetime"
          : typeof v === "number"
            ? "real"
            : typeof v === "boolean"
              ? "bool"
              : typeof v === "string"
                ? "string"
                : "dynamic",
      );
    }
  }
  return [...names].map(([name, type]) => ({ name, type }));
}

/**
 * The tables a query on the workspace sees: every declared table (empty until rows arrive) and
 * every table that received rows, optionally only the rows whose TimeGenerated is in `range`.
 */
export function workspaceTables(
  ctx: EmulatorContext,
  workspace: StoredResource,
  range?: { from: number; to: number },
): Record<string, InputTable> {
  const rows = ctx.logRows.get(workspace.key) ?? new Map<string, Row[]>();
  const tables: Record<string, InputTable> = {};
  const inRange = (r: Row): boolean => {
    if (!range) return true;
    const t = Date.parse(String(r.TimeGenerated));
    return !Number.isNaN(t) && range.from <= t && t <= range.to;
  };
  for (const t of ctx.store.all()) {
    if (t.kind !== "tables" || t.parentKey !== workspace.key) continue;
    const name = String(t.body.name ?? "");
    tables[name] = { columns: declaredColumns(t), rows: (rows.get(name) ?? []).filter(inRange) };
  }
  for (const [name, list] of rows) {
    tables[name] ??= { columns: inferColumns(list), rows: list.filter(inRange) };
  }
  return tables;
}

/** Appends rows to a workspace table. */
export function appendRows(ctx: EmulatorContext, workspaceKey: string, table: string, rows: Row[]): void {
  const byTable = ctx.logRows.get(workspaceKey) ?? new Map<string, Row[]>();
  ctx.logRows.set(workspaceKey, byTable);
  const list = byTable.get(table) ?? [];
  byTable.set(table, list);
  list.push(...rows);
}

/** Leading `set query_now = datetime(...);` statements, as the services accept them; the rest is the query. */
export function splitQueryNow(query: string): { query: string; now?: string } {
  const m = /^\s*set\s+query_now\s*=\s*datetime\(([^)]+)\)\s*;/i.exec(query);
  if (!m) return { query };
  return { query: query.slice(m[0].length), now: m[1]!.trim() };
}

/** Runs a query on a workspace's tables (the offline engine; KqlQueryError on a bad query). */
export function queryWorkspace(
  ctx: EmulatorContext,
  workspace: StoredResource,
  text: string,
  options: { now?: string; range?: { from: number; to: number } } = {},
): EvaluateResult {
  const { query, now } = splitQueryNow(text);
  const clock = now ?? options.now;
  return evaluate(query, {
    tables: workspaceTables(ctx, workspace, options.range),
    ...(clock ? { now: clock } : {}),
  });
}

/** A result cell as JSON can carry it (the engine gives longs beyond 2^53 as bigint). */
export const jsonCell = (v: unknown): unknown => (typeof v === "bigint" ? v.toString() : v);

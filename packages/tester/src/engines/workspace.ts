/**
 * A Log Analytics workspace through @azure/monitor-query-logs. As with a Kusto cluster, each case
 * travels as one self-contained query, so nothing is ingested into the workspace; the case's clock
 * travels as a `set query_now` statement in front of it. The same client replays a rule over the
 * workspace's own history for `backtest`.
 */
import type { LogsQueryClient } from "@azure/monitor-query-logs";
import type { WindowQuery } from "../backtest.js";
import { type Engine, EngineError } from "../engine.js";
import { selfContainedQuery } from "../self-contained.js";
import type { QueryResult } from "../semantics.js";
import { datetimeText } from "../values.js";

/** An Azure token credential (what the deploy command's credential chain gives). */
export type LogsCredential = ConstructorParameters<typeof LogsQueryClient>[0];

export interface WorkspaceEngineOptions {
  /** The workspace id (a GUID, the workspace's customerId). */
  workspaceId: string;
  credential: LogsCredential;
  /** The Log Analytics query API (default: the public cloud's); a CA to trust for a local stand-in. */
  endpoint?: string;
  ca?: string;
}

type Timespan = Parameters<LogsQueryClient["queryWorkspace"]>[2];

/** A query runner on the workspace; the SDK loads on first use (the offline path stays fast to start). */
function workspaceQuery(
  options: WorkspaceEngineOptions,
): (text: string, timespan: Timespan) => Promise<QueryResult> {
  let client: Promise<LogsQueryClient> | undefined;
  const connect = async () => {
    const { LogsQueryClient } = await import("@azure/monitor-query-logs");
    return new LogsQueryClient(options.credential, {
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
    });
  };
  return async (text, timespan) => {
    client ??= connect();
    let result: Awaited<ReturnType<LogsQueryClient["queryWorkspace"]>>;
    try {
      result = await (await client).queryWorkspace(options.workspaceId, text, timespan);
    } catch (e) {
      throw new EngineError(`the workspace rejected the query: ${(e as Error).message}`, "query");
    }
    if (result.status !== "Success") {
      throw new EngineError(
        `the workspace answered only in part: ${result.partialError?.message ?? "no detail"}`,
        "query",
      );
    }
    const table = result.tables[0];
    if (!table) throw new EngineError("the workspace returned no result table", "query");
    return {
      columns: table.columnDescriptors.map((c) => ({
        name: c.name ?? "",
        type: (c.type ?? "dynamic").toLowerCase(),
      })),
      rows: table.rows,
    };
  };
}

export function workspaceEngine(options: WorkspaceEngineOptions): Engine {
  const run = workspaceQuery(options);
  return {
    name: `workspace ${options.workspaceId}`,
    // The time range scopes workspace tables only; the case's tables are let-bound and unaffected.
    evaluate: (query, request) =>
      run(`set query_now = datetime(${request.now});\n${selfContainedQuery(query, request)}`, {
        duration: "P1D",
      }),
  };
}

/** The workspace's own data over one window, with now() at the window's end (a rule run). */
export function workspaceWindowQuery(options: WorkspaceEngineOptions): WindowQuery {
  const run = workspaceQuery(options);
  return (query, window) =>
    run(`set query_now = datetime(${datetimeText(BigInt(window.end.getTime()) * 10_000n)});\n${query}`, {
      startTime: window.start,
      endTime: window.end,
    });
}

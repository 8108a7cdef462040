/**
 * A Log Analytics workspace through @azure/monitor-query-logs. As with a Kusto cluster, each case
 * travels as one self-contained query, so nothing is ingested into the workspace; the case's clock
 * travels as a `set query_now` statement in front of it.
 */
import type { LogsQueryClient } from "@azure/monitor-query-logs";
import { type Engine, EngineError } from "../engine.js";
import { selfContainedQuery } from "../self-contained.js";

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

export function workspaceEngine(options: WorkspaceEngineOptions): Engine {
  // The SDK loads on first use, like the Kusto one: the offline path stays fast to start.
  let client: Promise<LogsQueryClient> | undefined;
  const connect = async () => {
    const { LogsQueryClient } = await import("@azure/monitor-query-logs");
    return new LogsQueryClient(options.credential, {
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
    });
  };
  return {
    name: `workspace ${options.workspaceId}`,
    async evaluate(query, request) {
      client ??= connect();
      const text = `set query_now = datetime(${request.now});\n${selfContainedQuery(query, request)}`;
      let result: Awaited<ReturnType<LogsQueryClient["queryWorkspace"]>>;
      try {
        // The time range scopes workspace tables only; the case's tables are let-bound and unaffected.
        result = await (await client).queryWorkspace(options.workspaceId, text, { duration: "P1D" });
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
    },
  };
}

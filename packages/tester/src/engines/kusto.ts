/**
 * A real Kusto engine (Azure Data Explorer, Fabric Eventhouse, the Kusto emulator) through
 * azure-kusto-data. Each case travels as one self-contained query (its tables as datatable
 * let-bindings), so nothing is ingested; the case's clock travels as the `query_now` request property.
 */
import type { Client as KustoClient, KustoConnectionStringBuilder } from "azure-kusto-data";
import { type Engine, EngineError } from "../engine.js";
import { selfContainedQuery } from "../self-contained.js";

/** An Azure token credential (what the deploy command's credential chain gives). */
export type TokenCredential = Parameters<typeof KustoConnectionStringBuilder.withTokenCredential>[1];

export interface KustoEngineOptions {
  /** Cluster URI, e.g. https://mycluster.westeurope.kusto.windows.net */
  cluster: string;
  database: string;
  /** How to get a token for the cluster: a credential (the deploy command's chain), or a token source. */
  credential?: TokenCredential;
  token?: () => Promise<string>;
}

function messageOf(e: unknown): string {
  const err = e as {
    message?: string;
    response?: { data?: { error?: { message?: string; "@message"?: string } } };
  };
  const inner = err.response?.data?.error;
  return inner?.["@message"] ?? inner?.message ?? err.message ?? String(e);
}

export function kustoEngine(options: KustoEngineOptions): Engine {
  // The SDK (and the Azure identity library under it) takes a second or more to load: only on first use.
  let sdk:
    | Promise<{ client: KustoClient; properties: typeof import("azure-kusto-data").ClientRequestProperties }>
    | undefined;
  const connect = async () => {
    const kusto = await import("azure-kusto-data");
    const kcsb = options.token
      ? kusto.KustoConnectionStringBuilder.withTokenProvider(options.cluster, options.token)
      : kusto.KustoConnectionStringBuilder.withTokenCredential(options.cluster, options.credential!);
    return { client: new kusto.Client(kcsb), properties: kusto.ClientRequestProperties };
  };
  return {
    name: `Kusto (${options.cluster})`,
    async evaluate(query, request) {
      sdk ??= connect();
      const { client, properties: Properties } = await sdk;
      const properties = new Properties();
      properties.setOption("query_now", request.now);
      let table:
        | { columns: Array<{ name: string | null; type: string | null }>; _rows: unknown[][] }
        | undefined;
      try {
        const response = await client.execute(
          options.database,
          selfContainedQuery(query, request),
          properties,
        );
        table = response.primaryResults[0];
      } catch (e) {
        throw new EngineError(`the cluster rejected the query: ${messageOf(e)}`, "query");
      }
      if (!table) throw new EngineError("the cluster returned no result table", "query");
      return {
        columns: table.columns.map((c) => ({
          name: c.name ?? "",
          type: (c.type ?? "dynamic").toLowerCase(),
        })),
        rows: table._rows,
      };
    },
  };
}

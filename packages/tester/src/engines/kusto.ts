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
  /** A CA to trust (PEM) for a cluster on this machine with its own certificate (the ARM emulator). */
  ca?: string;
}

function messageOf(e: unknown): string {
  const err = e as {
    message?: string;
    response?: { data?: { error?: { message?: string; "@message"?: string } } };
  };
  const inner = err.response?.data?.error;
  return inner?.["@message"] ?? inner?.message ?? err.message ?? String(e);
}

/** The cluster's `AzureAD` auth metadata (what the client would fetch without the CA). */
function authMetadata(https: typeof import("node:https"), cluster: string, ca: string) {
  return new Promise<Parameters<typeof import("azure-kusto-data").CloudSettings.writeToCache>[1]>(
    (resolve, reject) => {
      https
        .get(`${cluster.replace(/\/+$/, "")}/v1/rest/auth/metadata`, { ca }, (res) => {
          let text = "";
          res.on("data", (c: Buffer) => {
            text += String(c);
          });
          res.on("end", () => {
            try {
              resolve((JSON.parse(text) as { AzureAD?: never }).AzureAD);
            } catch {
              reject(
                new EngineError(`the cluster's auth metadata is not JSON (HTTP ${res.statusCode})`, "query"),
              );
            }
          });
        })
        .on("error", (e) => reject(new EngineError(`the cluster cannot be reached: ${e.message}`, "query")));
    },
  );
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
    const client = new kusto.Client(kcsb);
    if (options.ca) {
      // The client fetches the cluster's auth metadata and runs queries on agents of its own: give
      // both the CA (the metadata is read here, with it, and put in the client's cache).
      const https = await import("node:https");
      client.axiosInstance.defaults.httpsAgent = new https.Agent({ keepAlive: true, ca: options.ca });
      kusto.CloudSettings.writeToCache(
        options.cluster,
        await authMetadata(https, options.cluster, options.ca),
      );
    }
    return { client, properties: kusto.ClientRequestProperties };
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

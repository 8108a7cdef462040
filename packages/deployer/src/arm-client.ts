/**
 * The ARM client: one pipeline (pipeline.ts), a generic REST surface (GET / LIST with nextLink /
 * PUT / DELETE with long-running-operation polling) for every resource type, and the typed SDK
 * clients (`@azure/arm-securityinsight`, `@azure/arm-operationalinsights`) where they cover the
 * resource: the workspace GET and the LISTs of alert rules, metadata, data connectors, saved
 * searches and tables. The SDK clients run on clones of the same pipeline (same credential,
 * retry, counter, TLS); their LIST pages are captured raw, because their models are older or
 * flattened and would drop fields a faithful diff needs. Writes go through the generic client,
 * which sends the builder's body byte for byte.
 */
import { createRequire } from "node:module";
import { OperationalInsightsManagementClient } from "@azure/arm-operationalinsights";
import type { SecurityInsights as SecurityInsightsClient } from "@azure/arm-securityinsight";
import type { TokenCredential } from "@azure/core-auth";
import { createHttpPoller, type OperationResponse, type OperationState } from "@azure/core-lro";
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
  type PipelinePolicy,
  RestError,
} from "@azure/core-rest-pipeline";
import {
  createArmPipeline,
  newStats,
  type RequestStats,
  type RetryOptions,
  retryAfterMs,
} from "./pipeline.js";
import { type TypeInfo, workspaceId } from "./resource-id.js";

/**
 * `@azure/arm-securityinsight` 1.0.0-beta.6 ships no `exports` map, so every loader takes its
 * CommonJS entry, whose dependency chain ends in an ESM-only package (https-proxy-agent 9,
 * required by the CommonJS build of @typespec/ts-http-runtime). Node >= 20.19 handles that with
 * require(esm). The SDK is loaded lazily, on the first LIST that needs it, so that `plan --help`
 * does not pay for it. Jest on Node < 24.9 cannot require ESM: the root jest.config.js maps the
 * proxy agents to test/stubs/proxy-agent.cjs.
 */
let siModule: typeof import("@azure/arm-securityinsight") | undefined;
function loadSecurityInsights(): typeof import("@azure/arm-securityinsight") {
  siModule ??= createRequire(import.meta.url)(
    "@azure/arm-securityinsight",
  ) as typeof import("@azure/arm-securityinsight");
  return siModule;
}

export type Json = Record<string, unknown>;

/** One page of an ARM LIST. */
interface ListPage {
  value?: Json[];
  nextLink?: string | null;
}

export interface ArmClientOptions {
  /** ARM endpoint, e.g. https://management.azure.com (no trailing slash). */
  endpoint: string;
  credential: TokenCredential;
  /** Token scope, e.g. https://management.azure.com/.default. */
  scope: string;
  subscriptionId: string;
  /** PEM of an extra CA to trust (the local emulator's). */
  ca?: string;
  retry?: RetryOptions;
  /** Poll interval of long-running operations when the service sends no Retry-After. Default 2 s. */
  lroPollIntervalMs?: number;
  /** Cap on a poll's Retry-After. Default 30 s. */
  maxLroPollIntervalMs?: number;
  /** Give up polling after this long. Default 15 min. */
  lroTimeoutMs?: number;
  stats?: RequestStats;
  userAgent?: string;
  /** The transport under the pipeline (tests script one); default Node's HTTP client. */
  httpClient?: HttpClient;
}

export interface ArmResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

function encodePath(path: string): string {
  return path
    .split("/")
    .map((s) => encodeURIComponent(decodeURIComponent(s)))
    .join("/");
}

export class ArmClient {
  readonly stats: RequestStats;
  readonly endpoint: string;
  readonly subscriptionId: string;
  private readonly pipeline: Pipeline;
  private readonly httpClient: HttpClient;
  private readonly origin: string;

  constructor(readonly options: ArmClientOptions) {
    this.stats = options.stats ?? newStats();
    this.httpClient = options.httpClient ?? createDefaultHttpClient();
    this.endpoint = options.endpoint.replace(/\/+$/, "");
    this.origin = new URL(this.endpoint).origin;
    this.subscriptionId = options.subscriptionId;
    this.pipeline = createArmPipeline({
      credential: options.credential,
      scope: options.scope,
      stats: this.stats,
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    });
  }

  /** Sends one request through the pipeline; throws a RestError for statuses >= 400. */
  async request(
    method: "GET" | "PUT" | "DELETE" | "POST" | "PATCH",
    pathOrUrl: string,
    options: {
      apiVersion?: string;
      query?: Record<string, string>;
      body?: unknown;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ArmResponse> {
    let url: URL;
    if (/^https?:\/\//i.test(pathOrUrl)) {
      url = new URL(pathOrUrl);
      // Never send the bearer token to a host the user did not name.
      if (url.origin !== this.origin) {
        throw new RestError(`Refusing to follow a link to ${url.origin} (the endpoint is ${this.origin}).`, {
          code: "FOREIGN_LINK",
        });
      }
    } else {
      url = new URL(`${this.endpoint}${encodePath(pathOrUrl)}`);
    }
    if (options.apiVersion) url.searchParams.set("api-version", options.apiVersion);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
    const headers = createHttpHeaders({ accept: "application/json" });
    if (options.body !== undefined) headers.set("content-type", "application/json; charset=utf-8");
    for (const [k, v] of Object.entries(options.headers ?? {})) headers.set(k, v);
    const req = createPipelineRequest({
      url: url.toString(),
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const res = await this.pipeline.sendRequest(this.httpClient, req);
    let body: unknown;
    if (res.bodyAsText) {
      try {
        body = JSON.parse(res.bodyAsText);
      } catch {
        body = res.bodyAsText;
      }
    }
    const hdrs: Record<string, string> = {};
    for (const [k, v] of res.headers) hdrs[k.toLowerCase()] = v;
    if (res.status >= 400) {
      const err = body as { error?: { code?: string; message?: string } } | undefined;
      const e = new RestError(err?.error?.message ?? `HTTP ${res.status}`, {
        statusCode: res.status,
        response: res,
        request: req,
        ...(err?.error?.code ? { code: err.error.code } : {}),
      });
      e.details = body;
      throw e;
    }
    return { status: res.status, headers: hdrs, body };
  }

  /** GET one resource; undefined when it does not exist. */
  async get(id: string, apiVersion: string, query?: Record<string, string>): Promise<Json | undefined> {
    try {
      return (await this.request("GET", id, { apiVersion, ...(query ? { query } : {}) })).body as Json;
    } catch (e) {
      if ((e as RestError).statusCode === 404) return undefined;
      throw e;
    }
  }

  /** LIST a collection, following nextLink to the end. */
  async list(collection: string, apiVersion: string, query?: Record<string, string>): Promise<Json[]> {
    const res = await this.request("GET", collection, { apiVersion, ...(query ? { query } : {}) });
    return this.followPages(res.body);
  }

  /** The items of a LIST page and of every page its nextLink chain leads to. */
  private async followPages(first: unknown): Promise<Json[]> {
    const items: Json[] = [];
    let page = (first ?? {}) as ListPage;
    for (let pages = 0; ; pages++) {
      items.push(...(page.value ?? []));
      if (!page.nextLink || pages > 10_000) return items;
      page = ((await this.request("GET", page.nextLink)).body ?? {}) as ListPage;
    }
  }

  /**
   * PUT, then poll when the service answers with a long-running operation. `headers` carries the
   * preconditions (`If-Match: <etag>`, `If-None-Match: *`); a failed one is a RestError with 412.
   */
  async put(
    id: string,
    apiVersion: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<ArmResponse> {
    const res = await this.request("PUT", id, { apiVersion, body, ...(headers ? { headers } : {}) });
    await this.awaitOperation(res, "PUT", id);
    return res;
  }

  /** DELETE; resolves `false` when the resource was already gone. */
  async delete(id: string, apiVersion: string, headers?: Record<string, string>): Promise<boolean> {
    let res: ArmResponse;
    try {
      res = await this.request("DELETE", id, { apiVersion, ...(headers ? { headers } : {}) });
    } catch (e) {
      if ((e as RestError).statusCode === 404) return false;
      throw e;
    }
    if (res.status === 204) return false;
    await this.awaitOperation(res, "DELETE", id);
    return true;
  }

  /**
   * Waits for a long-running operation through `@azure/core-lro`'s poller. Only a 201/202 with
   * `Azure-AsyncOperation`, or a 202 with `Location`, is polled (a 201 with nothing to poll is
   * done), and no final GET is sent: the caller has the body it wrote. Around the poller, three
   * things it does not do: the first poll waits like the others (core-lro polls at once), a poll's
   * Retry-After is capped, and polling gives up after `lroTimeoutMs`. A failed or cancelled
   * operation becomes a RestError carrying the service's error, like any failed request.
   */
  private async awaitOperation(initial: ArmResponse, method: "PUT" | "DELETE", id: string): Promise<void> {
    if (initial.status !== 201 && initial.status !== 202) return;
    const asyncOp = initial.headers["azure-asyncoperation"];
    if (!asyncOp && !(initial.status === 202 && initial.headers.location)) return;
    const interval = this.options.lroPollIntervalMs ?? 2000;
    const maxInterval = this.options.maxLroPollIntervalMs ?? 30_000;
    const timeout = this.options.lroTimeoutMs ?? 15 * 60_000;
    const asOperationResponse = (res: ArmResponse, method: string, url: string): OperationResponse => {
      const headers = { ...res.headers };
      // core-lro reads Retry-After as its next interval: hand it the capped value, in seconds.
      const hinted = retryAfterMs({ headers: { get: (n: string) => res.headers[n] } });
      delete headers["retry-after"];
      if (hinted !== undefined)
        headers["retry-after"] = String(Math.ceil(Math.min(hinted, maxInterval) / 1000));
      return {
        flatResponse: res.body,
        rawResponse: { statusCode: res.status, headers, body: res.body, request: { method, url } },
      };
    };
    let last: ArmResponse = initial;
    const poller = createHttpPoller<unknown, OperationState<unknown>>(
      {
        sendInitialRequest: async () => asOperationResponse(initial, method, id),
        sendPollRequest: async (url) => {
          last = await this.request("GET", url);
          return asOperationResponse(last, "GET", url);
        },
      },
      { intervalInMs: interval, resolveOnUnsuccessful: true, skipFinalGet: true },
    );
    const timer = new AbortController();
    const timeLimit = setTimeout(() => timer.abort(), timeout);
    try {
      const firstWait = retryAfterMs({ headers: { get: (n: string) => initial.headers[n] } });
      await sleep(Math.min(firstWait ?? interval, maxInterval));
      await poller.pollUntilDone({ abortSignal: timer.signal });
    } catch (e) {
      if (!timer.signal.aborted) throw e;
      throw new RestError(`The operation did not finish within ${Math.round(timeout / 1000)} s.`, {
        code: "LRO_TIMEOUT",
      });
    } finally {
      clearTimeout(timeLimit);
    }
    const status = poller.operationState?.status;
    if (status === "failed" || status === "canceled") {
      const error = (last.body as { error?: { code?: string; message?: string } } | undefined)?.error;
      const e = new RestError(error?.message ?? `The operation ended with status ${status}.`, {
        statusCode: 400,
        ...(error?.code ? { code: error.code } : {}),
      });
      e.details = { error };
      throw e;
    }
  }

  // ---------------------------------------------------------------- SDK clients

  private securityInsights(apiVersion: string, pipeline: Pipeline): SecurityInsightsClient {
    const { SecurityInsights } = loadSecurityInsights();
    return new SecurityInsights(this.options.credential, this.subscriptionId, {
      endpoint: this.endpoint,
      pipeline,
      apiVersion,
      credentialScopes: [this.options.scope],
    });
  }

  private operationalInsights(pipeline: Pipeline, apiVersion?: string): OperationalInsightsManagementClient {
    return new OperationalInsightsManagementClient(this.options.credential, this.subscriptionId, {
      endpoint: this.endpoint,
      pipeline: pipeline as never,
      ...(apiVersion ? { apiVersion } : {}),
    });
  }

  /** A clone of the shared pipeline that records the raw JSON of every response it sees. */
  private capturing(): { pipeline: Pipeline; pages: unknown[] } {
    const pages: unknown[] = [];
    const pipeline = this.pipeline.clone();
    const capture: PipelinePolicy = {
      name: "sentinelctlCaptureRaw",
      async sendRequest(request, next) {
        const res = await next(request);
        if (res.status === 200 && res.bodyAsText) {
          try {
            pages.push(JSON.parse(res.bodyAsText));
          } catch {
            /* not JSON: the SDK will report it */
          }
        }
        return res;
      },
    };
    pipeline.addPolicy(capture, { phase: "Deserialize" });
    return { pipeline, pages };
  }

  /** The workspace (through the Log Analytics SDK); undefined when not found. */
  async getWorkspace(resourceGroup: string, workspace: string): Promise<{ id: string; location: string }> {
    const law = this.operationalInsights(this.pipeline.clone());
    const ws = await law.workspaces.get(resourceGroup, workspace);
    return { id: ws.id ?? workspaceId(this.subscriptionId, resourceGroup, workspace), location: ws.location };
  }

  /**
   * LIST one collection of a workspace, through the SDK that covers the type (raw JSON kept) or
   * the generic client.
   */
  async listCollection(
    info: TypeInfo | undefined,
    collection: string,
    apiVersion: string,
    target: { resourceGroup: string; workspace: string },
  ): Promise<Json[]> {
    const { resourceGroup: rg, workspace: ws } = target;
    const lister = info?.lister ?? "generic";
    if (lister === "generic") return this.list(collection, apiVersion, info?.listQuery);
    const { pipeline, pages } = this.capturing();
    if (lister === "securityInsights") {
      const si = this.securityInsights(apiVersion, pipeline);
      const type = info!.type.split("/").pop()!.toLowerCase();
      const iterate =
        type === "alertrules"
          ? si.alertRules.list(rg, ws)
          : type === "metadata"
            ? si.metadata.list(rg, ws)
            : si.dataConnectors.list(rg, ws);
      for await (const _page of iterate.byPage()) {
        /* raw pages are captured by the pipeline */
      }
    } else if (lister === "operationalInsights.tables") {
      const law = this.operationalInsights(pipeline, apiVersion);
      for await (const _page of law.tables.listByWorkspace(rg, ws).byPage()) {
        /* raw pages are captured by the pipeline */
      }
    } else {
      const law = this.operationalInsights(pipeline, apiVersion);
      await law.savedSearches.listByWorkspace(rg, ws);
    }
    const earlier = pages.slice(0, -1).flatMap((p) => (p as ListPage).value ?? []);
    // An SDK operation that does not page (savedSearches) leaves a nextLink behind: follow it.
    return [...earlier, ...(await this.followPages(pages.at(-1)))];
  }
}

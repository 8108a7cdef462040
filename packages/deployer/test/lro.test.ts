/**
 * Long-running operations of the generic ARM client (core-lro's poller with sentinelctl's
 * adaptations), against a scripted transport: no network.
 */
import type { AccessToken } from "@azure/core-auth";
import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { ArmClient } from "../src/arm-client.js";

const ENDPOINT = "https://127.0.0.1:1";
const ID =
  "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws/tables/T_CL";
const OP = `${ENDPOINT}/subscriptions/s/providers/Microsoft.OperationalInsights/locations/x/operationStatuses/op1`;

type Answer = { status: number; headers?: Record<string, string>; body?: unknown };

/** Answers by method and path; a list answers in turn, its last answer repeating. */
function transport(script: Record<string, Answer[]>): HttpClient & { log: string[] } {
  const log: string[] = [];
  const turns = new Map<string, number>();
  return {
    log,
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const key = `${request.method} ${new URL(request.url).pathname}`;
      log.push(key);
      const answers = script[key];
      if (!answers) throw new Error(`unscripted request ${key}`);
      const n = turns.get(key) ?? 0;
      turns.set(key, n + 1);
      const a = answers[Math.min(n, answers.length - 1)]!;
      return {
        request,
        status: a.status,
        headers: createHttpHeaders(a.headers ?? {}),
        ...(a.body !== undefined ? { bodyAsText: JSON.stringify(a.body) } : {}),
      };
    },
  };
}

function client(httpClient: HttpClient, extra: Partial<ConstructorParameters<typeof ArmClient>[0]> = {}) {
  return new ArmClient({
    endpoint: ENDPOINT,
    credential: {
      getToken: async (): Promise<AccessToken> => ({ token: "t", expiresOnTimestamp: Date.now() + 3.6e6 }),
    },
    scope: "https://management.azure.com/.default",
    subscriptionId: "s",
    retry: { maxRetries: 1, retryDelayInMs: 1, maxRetryDelayInMs: 1 },
    lroPollIntervalMs: 1,
    httpClient,
    ...extra,
  });
}

const accepted: Answer = { status: 202, headers: { "azure-asyncoperation": OP }, body: { name: "T_CL" } };
const opPath = new URL(OP).pathname;

test("a PUT answered 202 + Azure-AsyncOperation is polled until it succeeds; no final GET", async () => {
  const t = transport({
    [`PUT ${ID}`]: [accepted],
    [`GET ${opPath}`]: [
      { status: 200, body: { status: "InProgress" } },
      { status: 200, body: { status: "Succeeded" } },
    ],
  });
  const res = await client(t).put(ID, "2022-10-01", { properties: {} });
  expect(res.status).toBe(202);
  expect(t.log).toEqual([`PUT ${ID}`, `GET ${opPath}`, `GET ${opPath}`]);
});

test("a failed operation is a RestError carrying the service's code and message", async () => {
  const t = transport({
    [`PUT ${ID}`]: [accepted],
    [`GET ${opPath}`]: [
      { status: 200, body: { status: "Failed", error: { code: "InvalidSchema", message: "bad column" } } },
    ],
  });
  await expect(client(t).put(ID, "2022-10-01", {})).rejects.toMatchObject({
    name: "RestError",
    code: "InvalidSchema",
    message: "bad column",
    statusCode: 400,
  });
});

test("a DELETE answered 202 + Location is polled until the location stops answering 202", async () => {
  const location = `${ENDPOINT}/subscriptions/s/operationResults/d1`;
  const t = transport({
    [`DELETE ${ID}`]: [{ status: 202, headers: { location } }],
    [`GET ${new URL(location).pathname}`]: [{ status: 202 }, { status: 202 }, { status: 204 }],
  });
  expect(await client(t).delete(ID, "2022-10-01")).toBe(true);
  expect(t.log.filter((l) => l.startsWith("GET"))).toHaveLength(3);
});

test("a poll's huge Retry-After is capped, and polling gives up after lroTimeoutMs", async () => {
  const t = transport({
    [`PUT ${ID}`]: [accepted],
    [`GET ${opPath}`]: [{ status: 200, headers: { "retry-after": "3600" }, body: { status: "InProgress" } }],
  });
  const started = Date.now();
  await expect(
    client(t, { maxLroPollIntervalMs: 1000, lroTimeoutMs: 1500 }).put(ID, "2022-10-01", {}),
  ).rejects.toMatchObject({ code: "LRO_TIMEOUT" });
  // capped at 1 s a poll: several polls before the time limit, not one hour-long wait
  expect(t.log.filter((l) => l.startsWith("GET")).length).toBeGreaterThanOrEqual(2);
  expect(Date.now() - started).toBeLessThan(60_000);
});

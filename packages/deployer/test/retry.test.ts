/**
 * The ARM pipeline's retry behaviour, against a scripted transport (no network): the SDK's retry
 * loop with sentinelctl's strategies, and the throttle gate below it.
 */
import type { AccessToken } from "@azure/core-auth";
import {
  createHttpHeaders,
  createPipelineRequest,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
  RestError,
} from "@azure/core-rest-pipeline";
import { createArmPipeline, newStats, type RetryOptions } from "../src/pipeline.js";

const URL_BASE = "https://127.0.0.1:1/subscriptions/s/resourceGroups/rg";
const credential = {
  getToken: async (): Promise<AccessToken> => ({ token: "t", expiresOnTimestamp: Date.now() + 3_600_000 }),
};

type Step = { status: number; headers?: Record<string, string> } | { error: string };

/** A transport that answers each request of a path with the next scripted step (the last repeats). */
function scripted(scripts: Record<string, Step[]>): HttpClient & { sent: { path: string; at: number }[] } {
  const sent: { path: string; at: number }[] = [];
  const seen = new Map<string, number>();
  return {
    sent,
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const path = new URL(request.url).pathname.split("/").pop()!;
      const n = seen.get(path) ?? 0;
      seen.set(path, n + 1);
      sent.push({ path, at: Date.now() });
      const steps = scripts[path]!;
      const step = steps[Math.min(n, steps.length - 1)]!;
      if ("error" in step) throw new RestError(`connect ${step.error}`, { code: step.error, request });
      return {
        request,
        status: step.status,
        headers: createHttpHeaders(step.headers ?? {}),
        bodyAsText: "{}",
      };
    },
  };
}

function setup(retry: RetryOptions) {
  const stats = newStats();
  const pipeline = createArmPipeline({
    credential,
    scope: "https://management.azure.com/.default",
    stats,
    retry,
  });
  const send = (client: HttpClient, path: string) =>
    pipeline.sendRequest(client, createPipelineRequest({ url: `${URL_BASE}/${path}`, method: "GET" }));
  return { stats, send };
}

const FAST: RetryOptions = { maxRetries: 5, retryDelayInMs: 1, maxRetryDelayInMs: 2, maxRetryAfterMs: 5 };

test("transient failures are retried until a success; every attempt is counted", async () => {
  const client = scripted({
    a: [{ status: 503 }, { error: "ECONNRESET" }, { status: 408 }, { status: 200 }],
  });
  const { stats, send } = setup(FAST);
  const res = await send(client, "a");
  expect(res.status).toBe(200);
  expect(client.sent).toHaveLength(4);
  expect(stats).toMatchObject({ requests: 4, retries: 3, throttled: 0, byMethod: { GET: 4 } });
});

test("an unreachable host fails after three attempts, whatever maxRetries says", async () => {
  const client = scripted({ a: [{ error: "ECONNREFUSED" }] });
  const { send } = setup({ ...FAST, maxRetries: 10 });
  await expect(send(client, "a")).rejects.toMatchObject({ code: "ECONNREFUSED" });
  expect(client.sent).toHaveLength(3);
});

test("client errors are not retried; retryable ones stop at maxRetries", async () => {
  const client = scripted({ bad: [{ status: 400 }], down: [{ status: 500 }] });
  const { stats, send } = setup({ ...FAST, maxRetries: 2 });
  expect((await send(client, "bad")).status).toBe(400);
  expect((await send(client, "down")).status).toBe(500);
  expect(client.sent.map((s) => s.path)).toEqual(["bad", "down", "down", "down"]);
  expect(stats.retries).toBe(2);
});

test("a huge Retry-After is capped, and a 429 holds the other requests of the pipeline", async () => {
  const cap = 150;
  const client = scripted({
    hot: [{ status: 429, headers: { "retry-after": "3600" } }, { status: 200 }],
    other: [{ status: 200 }],
  });
  const { stats, send } = setup({ ...FAST, maxRetryAfterMs: cap });
  const started = Date.now();
  const first = send(client, "hot");
  // sent once the 429 has come back: it must wait out the same pause
  while (client.sent.length === 0) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  const other = await send(client, "other");
  expect(other.status).toBe(200);
  expect((await first).status).toBe(200);
  const otherAt = client.sent.find((s) => s.path === "other")!.at;
  expect(otherAt - started).toBeGreaterThanOrEqual(cap - 5);
  // capped: nowhere near the hour the server asked for
  expect(Date.now() - started).toBeLessThan(60_000);
  expect(stats).toMatchObject({ requests: 3, retries: 1, throttled: 1 });
});

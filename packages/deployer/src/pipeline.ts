/**
 * The one HTTP pipeline every ARM call goes through, the generic client's and the SDK clients'
 * alike (the SDK clients get clones of it, which share the policy instances):
 *
 *   serialization -> bearer token (ARM scope) -> deserialization -> retry -> request counter -> TLS -> transport
 *
 * Retry: 408, 429, 5xx (but 501/505) and connection resets / timeouts are retried up to
 * `maxRetries` times. A `Retry-After` (seconds or HTTP date), `retry-after-ms` or
 * `x-ms-retry-after-ms` header is honoured (capped by `maxRetryAfterMs`), and a 429 pauses every
 * request of the pipeline until that time, so concurrency does not keep hammering a throttled
 * principal. Without a header, exponential back-off with jitter. Unreachable hosts
 * (ECONNREFUSED, ENOTFOUND) are retried at most twice: a typo'd endpoint should fail fast.
 */
import type { TokenCredential } from "@azure/core-auth";
import { createClientPipeline } from "@azure/core-client";
import type { Pipeline, PipelinePolicy, PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";

export interface RetryOptions {
  /** Retries after the first attempt. Default 6. */
  maxRetries?: number;
  /** Base of the exponential back-off. Default 800 ms. */
  retryDelayInMs?: number;
  /** Cap of the exponential back-off. Default 30 s. */
  maxRetryDelayInMs?: number;
  /** Cap on a server's Retry-After. Default 120 s. */
  maxRetryAfterMs?: number;
}

export interface RequestStats {
  /** HTTP requests sent to ARM, each retry counted. */
  requests: number;
  /** Requests per method (GET, PUT, DELETE, ...). */
  byMethod: Record<string, number>;
  /** Retried attempts. */
  retries: number;
  /** Responses with status 429. */
  throttled: number;
}

export function newStats(): RequestStats {
  return { requests: 0, byMethod: {}, retries: 0, throttled: 0 };
}

const RETRY_STATUS = (s: number) => s === 408 || s === 429 || (s >= 500 && s !== 501 && s !== 505);
const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ECONNABORTED",
]);
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH"]);

function errorCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; e && i < 4; i++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === "string" && (TRANSIENT_CODES.has(c) || UNREACHABLE_CODES.has(c))) return c;
    e = (e as { cause?: unknown }).cause;
  }
  const m = error instanceof Error ? error.message : "";
  if (/socket hang up|ECONNRESET/i.test(m)) return "ECONNRESET";
  return undefined;
}

/** Milliseconds a response asks to wait, or undefined. */
export function retryAfterMs(response: PipelineResponse | undefined, now = Date.now()): number | undefined {
  if (!response) return undefined;
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const v = response.headers.get(name);
    if (v !== undefined && v !== "" && Number.isFinite(Number(v))) return Math.max(0, Number(v));
  }
  const ra = response.headers.get("retry-after");
  if (ra === undefined || ra === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(ra.trim())) return Number(ra) * 1000;
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function sleep(
  ms: number,
  signal?:
    | {
        aborted: boolean;
        addEventListener(t: "abort", l: () => void, o?: { once: boolean }): void;
        removeEventListener(t: "abort", l: () => void): void;
      }
    | undefined,
): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export function armRetryPolicy(options: RetryOptions, stats: RequestStats): PipelinePolicy {
  const maxRetries = options.maxRetries ?? 6;
  const base = options.retryDelayInMs ?? 800;
  const cap = options.maxRetryDelayInMs ?? 30_000;
  const retryAfterCap = options.maxRetryAfterMs ?? 120_000;
  let pausedUntil = 0;
  return {
    name: "sentinelctlRetryPolicy",
    async sendRequest(request: PipelineRequest, next): Promise<PipelineResponse> {
      for (let attempt = 0; ; attempt++) {
        const pause = pausedUntil - Date.now();
        if (pause > 0) await sleep(pause, request.abortSignal);
        let response: PipelineResponse | undefined;
        let error: unknown;
        try {
          response = await next(request);
        } catch (e) {
          error = e;
        }
        if (response?.status === 429) stats.throttled++;
        const code = error ? errorCode(error) : undefined;
        const retryable = response
          ? RETRY_STATUS(response.status)
          : code !== undefined && (TRANSIENT_CODES.has(code) || attempt < 2);
        if (!retryable || attempt >= maxRetries || request.abortSignal?.aborted) {
          if (error) throw error;
          return response!;
        }
        const hinted = retryAfterMs(response);
        let delay: number;
        if (hinted !== undefined) {
          delay = Math.min(hinted, retryAfterCap);
          if (response?.status === 429) pausedUntil = Math.max(pausedUntil, Date.now() + delay);
        } else {
          const exp = Math.min(cap, base * 2 ** attempt);
          delay = exp / 2 + Math.random() * (exp / 2);
        }
        stats.retries++;
        // Drain the body of a failed attempt so the socket can be reused.
        if (response?.readableStreamBody) response.readableStreamBody.resume();
        await sleep(delay, request.abortSignal);
      }
    },
  };
}

/** Counts every attempt that reaches the wire (placed after the retry policy). */
export function countingPolicy(stats: RequestStats): PipelinePolicy {
  return {
    name: "sentinelctlRequestCounter",
    async sendRequest(request, next) {
      stats.requests++;
      stats.byMethod[request.method] = (stats.byMethod[request.method] ?? 0) + 1;
      return next(request);
    },
  };
}

export interface PipelineConfig {
  credential: TokenCredential;
  scope: string;
  /** PEM of an extra CA to trust (the emulator's). */
  ca?: string;
  retry?: RetryOptions;
  stats: RequestStats;
  userAgent?: string;
}

export function createArmPipeline(config: PipelineConfig): Pipeline {
  const pipeline = createClientPipeline({
    credentialOptions: { credential: config.credential, credentialScopes: [config.scope] },
    ...(config.ca ? { tlsOptions: { ca: config.ca } } : {}),
    userAgentOptions: { userAgentPrefix: config.userAgent ?? "sentinelctl" },
  });
  pipeline.removePolicy({ name: "defaultRetryPolicy" });
  pipeline.addPolicy(armRetryPolicy(config.retry ?? {}, config.stats), { phase: "Retry" });
  pipeline.addPolicy(countingPolicy(config.stats), { afterPhase: "Retry" });
  return pipeline;
}

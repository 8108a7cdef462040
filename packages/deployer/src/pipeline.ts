/**
 * The one HTTP pipeline every ARM call goes through, the generic client's and the SDK clients'
 * alike (the SDK clients get clones of it, which share the policy instances):
 *
 *   serialization -> bearer token (ARM scope) -> deserialization -> retry -> throttle gate -> TLS -> transport
 *
 * The retry loop is the SDK's own `retryPolicy` (attempt counting, abort, draining the body of a
 * failed attempt, waiting); this file only configures it with three strategies, tried in order:
 *  1. unreachable host (ECONNREFUSED, ENOTFOUND, ...): retried at most twice, so that a typo'd
 *     endpoint fails fast (the SDK's exponential strategy would retry it `maxRetries` times);
 *  2. server hint: a retryable status with `Retry-After` (seconds or HTTP date), `retry-after-ms`
 *     or `x-ms-retry-after-ms` waits that long, capped by `maxRetryAfterMs` (the SDK's throttling
 *     strategy has no cap and only looks at 429 / 503);
 *  3. back-off: 408, 429, 5xx (but 501/505) and connection resets / timeouts wait an exponential
 *     delay with jitter (the SDK's exponential strategy leaves a 429 without a hint unretried).
 * The SDK does not export its strategies, only whole policies with those gaps, hence these three.
 *
 * The throttle gate, below the retry loop, counts every attempt that reaches the wire, and makes a
 * 429 with a hint pause every request of the pipeline until that time, so that concurrency does
 * not keep hammering a throttled principal: no SDK policy shares a pause between requests.
 */
import type { TokenCredential } from "@azure/core-auth";
import { createClientPipeline } from "@azure/core-client";
import {
  type Pipeline,
  type PipelinePolicy,
  type PipelineRequest,
  type RetryStrategy,
  retryPolicy,
} from "@azure/core-rest-pipeline";

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
/** Attempts an unreachable host gets before its error is thrown (1 + 2 retries). */
const UNREACHABLE_RETRIES = 2;

/** The network error code of a failed attempt (the transport's RestError or one of its causes). */
function networkCode(error: unknown): string | undefined {
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
export function retryAfterMs(
  response: { headers: { get(name: string): string | undefined } } | undefined,
  now = Date.now(),
): number | undefined {
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

type AbortSignalLike = NonNullable<PipelineRequest["abortSignal"]>;

function sleep(ms: number, signal?: AbortSignalLike): Promise<void> {
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

function unreachableHostStrategy(): RetryStrategy {
  return {
    name: "sentinelctlUnreachableHost",
    retry({ retryCount, responseError }) {
      const code = responseError ? networkCode(responseError) : undefined;
      if (code === undefined || !UNREACHABLE_CODES.has(code) || retryCount < UNREACHABLE_RETRIES) {
        return { skipStrategy: true };
      }
      return { errorToThrow: responseError! };
    },
  };
}

function serverHintStrategy(retryAfterCap: number): RetryStrategy {
  return {
    name: "sentinelctlServerHint",
    retry({ response }) {
      const hinted = response && RETRY_STATUS(response.status) ? retryAfterMs(response) : undefined;
      return hinted === undefined
        ? { skipStrategy: true }
        : { retryAfterInMs: Math.min(hinted, retryAfterCap) };
    },
  };
}

function backoffStrategy(base: number, cap: number): RetryStrategy {
  return {
    name: "sentinelctlBackoff",
    retry({ retryCount, response, responseError }) {
      const retryable = response ? RETRY_STATUS(response.status) : networkCode(responseError) !== undefined;
      if (!retryable) return responseError ? { errorToThrow: responseError } : { skipStrategy: true };
      const exp = Math.min(cap, base * 2 ** retryCount);
      return { retryAfterInMs: exp / 2 + Math.random() * (exp / 2) };
    },
  };
}

/** The SDK's retry loop with the three strategies above. */
export function armRetryPolicy(options: RetryOptions): PipelinePolicy {
  const retryAfterCap = options.maxRetryAfterMs ?? 120_000;
  return retryPolicy(
    [
      unreachableHostStrategy(),
      serverHintStrategy(retryAfterCap),
      backoffStrategy(options.retryDelayInMs ?? 800, options.maxRetryDelayInMs ?? 30_000),
    ],
    { maxRetries: options.maxRetries ?? 6 },
  );
}

/**
 * Placed below the retry loop: counts every attempt that reaches the wire, and holds every
 * attempt of the pipeline while a 429's (capped) Retry-After runs.
 */
export function throttleGatePolicy(options: RetryOptions, stats: RequestStats): PipelinePolicy {
  const retryAfterCap = options.maxRetryAfterMs ?? 120_000;
  const seen = new WeakSet<PipelineRequest>();
  let pausedUntil = 0;
  return {
    name: "sentinelctlThrottleGate",
    async sendRequest(request, next) {
      await sleep(pausedUntil - Date.now(), request.abortSignal);
      stats.requests++;
      stats.byMethod[request.method] = (stats.byMethod[request.method] ?? 0) + 1;
      // The retry loop sends the same request object again.
      if (seen.has(request)) stats.retries++;
      else seen.add(request);
      const response = await next(request);
      if (response.status === 429) {
        stats.throttled++;
        const hinted = retryAfterMs(response);
        if (hinted !== undefined) {
          pausedUntil = Math.max(pausedUntil, Date.now() + Math.min(hinted, retryAfterCap));
        }
      }
      return response;
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
  pipeline.addPolicy(armRetryPolicy(config.retry ?? {}), { phase: "Retry" });
  pipeline.addPolicy(throttleGatePolicy(config.retry ?? {}, config.stats), { afterPhase: "Retry" });
  return pipeline;
}

import os from "node:os";
import { Worker } from "node:worker_threads";
import type { KqlAnalysis } from "../kql/service.js";
import type { SchemaInput } from "../schema/types.js";
import type { AnalysisJob } from "./analyze.js";

/**
 * Parallel analysis: the main thread and helper worker threads share one queue of queries.
 *
 * Each helper pays Kusto's start-up on its own (loading the library, its parser grammar and
 * built-in symbols, building the schema environment: about 1.5–2 s on the reference 2-core
 * machine, ~250 MB). Helpers are therefore started as soon as the run knows it has enough to
 * analyse, and they warm Kusto up while the main thread builds schemas and starts analysing;
 * work is handed out in small batches, so a helper that is slow to start (or a busy core) takes
 * fewer queries instead of holding a fixed half. Earlier, two workers each took a fixed half
 * while the main thread waited: every query waited for a Kusto start-up, and on 2 cores that was
 * slower than one thread (116 against 137 queries/s).
 *
 * `threads` counts the main thread: 2 means the main thread plus one helper. Auto mode uses one
 * thread per core (up to 4) from AUTO_MIN_QUERIES queries to analyse; `threads` (API) or
 * SENTINELCTL_THREADS=N overrides (1 disables helpers). Never under Jest (its transform does not
 * reach worker threads).
 */
export const AUTO_MIN_QUERIES = 1000;
/** Below this, helpers are not started even when asked for: their start-up would dominate. */
export const PARALLEL_MIN_QUERIES = 50;
/** Queries per batch sent to a helper; two batches are kept in flight so it never waits for us. */
const BATCH = 4;
/** The main thread looks at helpers' answers at least this often (ms) while it analyses. */
const YIELD_EVERY_MS = 15;

/**
 * The built package runs compiled JavaScript; run from TypeScript sources (tsx: benchmarks), the
 * worker needs a boot file that registers tsx in its thread first.
 */
const WORKER_ENTRY = import.meta.url.endsWith(".ts")
  ? new URL("./analysis-worker-boot.mjs", import.meta.url)
  : new URL("./analysis-worker.js", import.meta.url);

export function workerCount(pending: number, requested?: number): number {
  if (process.env.JEST_WORKER_ID !== undefined) return 1;
  const env = Number(process.env.SENTINELCTL_THREADS);
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const wanted =
    requested ?? (Number.isInteger(env) && env > 0 ? env : pending >= AUTO_MIN_QUERIES ? cores : 1);
  if (wanted <= 1 || pending < PARALLEL_MIN_QUERIES) return 1;
  return Math.max(1, Math.min(wanted, cores, 4));
}

export interface SharedJob {
  schemaKey: string;
  job: AnalysisJob;
}

/** Messages to a helper (analysis-worker.ts). */
export type ToHelper =
  | { type: "schema"; key: string; input: SchemaInput }
  | { type: "jobs"; batch: number; jobs: SharedJob[] };
/** Messages from a helper. */
export type FromHelper = { type: "results"; batch: number; analyses: KqlAnalysis[] };

/** The part of a worker thread the helpers use (a test can stand in for it). */
export interface HelperThread {
  postMessage(message: ToHelper): void;
  on(event: "message", listener: (m: FromHelper) => void): unknown;
  on(event: "error" | "exit", listener: () => void): unknown;
  off(event: "message", listener: (m: FromHelper) => void): unknown;
  off(event: "error" | "exit", listener: () => void): unknown;
  terminate(): Promise<unknown>;
}

const startHelperThread = (): HelperThread => new Worker(WORKER_ENTRY) as unknown as HelperThread;

interface Helper {
  worker: HelperThread;
  schemas: Set<string>;
  /** batch id -> indices of the queue it holds */
  inFlight: Map<number, number[]>;
  failed: boolean;
}

/**
 * Helper threads, started ahead of the work so that their Kusto start-up overlaps the main
 * thread's own. `close()` must be called (it also runs when `share` finishes).
 */
export class AnalysisHelpers {
  private readonly helpers: Helper[];
  private nextBatch = 0;

  constructor(count: number, start: () => HelperThread = startHelperThread) {
    this.helpers = Array.from({ length: count }, () => ({
      worker: start(),
      schemas: new Set<string>(),
      inFlight: new Map<number, number[]>(),
      failed: false,
    }));
    // Until `share` listens, a helper that cannot start must not crash the process.
    for (const h of this.helpers) h.worker.on("error", () => this.fail(h));
  }

  /**
   * Analyses `jobs`: the helpers take batches from the front of the queue, the main thread
   * (`analyseHere`) takes single queries; results come back in job order. A helper that fails
   * gives its queries back to the main thread.
   */
  async share(
    jobs: readonly SharedJob[],
    schemas: Readonly<Record<string, SchemaInput>>,
    analyseHere: (index: number) => KqlAnalysis,
  ): Promise<KqlAnalysis[]> {
    const results: Array<KqlAnalysis | undefined> = new Array(jobs.length);
    const returned: number[] = [];
    let next = 0;
    let wake: (() => void) | undefined;
    const notify = (): void => {
      wake?.();
      wake = undefined;
    };
    const take = (n: number): number[] => {
      const ids = returned.splice(0, n);
      while (ids.length < n && next < jobs.length) ids.push(next++);
      return ids;
    };
    const dispatch = (h: Helper): void => {
      while (!h.failed && h.inFlight.size < 2) {
        const ids = take(BATCH);
        if (ids.length === 0) return;
        const batch = this.nextBatch++;
        for (const i of ids) {
          const key = jobs[i]!.schemaKey;
          if (!h.schemas.has(key)) {
            h.schemas.add(key);
            h.worker.postMessage({ type: "schema", key, input: schemas[key] ?? {} } satisfies ToHelper);
          }
        }
        h.inFlight.set(batch, ids);
        h.worker.postMessage({ type: "jobs", batch, jobs: ids.map((i) => jobs[i]!) } satisfies ToHelper);
      }
    };
    const listeners = this.helpers.map((h) => {
      const onMessage = (m: FromHelper): void => {
        const ids = h.inFlight.get(m.batch);
        if (!ids) return;
        h.inFlight.delete(m.batch);
        ids.forEach((id, k) => {
          results[id] = m.analyses[k];
        });
        dispatch(h);
        notify();
      };
      const onFailure = (): void => {
        this.fail(h);
        for (const ids of h.inFlight.values()) returned.push(...ids);
        h.inFlight.clear();
        notify();
      };
      h.worker.on("message", onMessage);
      h.worker.on("error", onFailure);
      h.worker.on("exit", onFailure);
      if (h.failed) onFailure();
      else dispatch(h);
      return { h, onMessage, onFailure };
    });

    try {
      let lastYield = performance.now();
      for (;;) {
        const ids = take(1);
        if (ids.length === 0) {
          if (this.helpers.every((h) => h.inFlight.size === 0)) break;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          continue;
        }
        const i = ids[0]!;
        results[i] = analyseHere(i);
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
      }
    } finally {
      for (const { h, onMessage, onFailure } of listeners) {
        h.worker.off("message", onMessage);
        h.worker.off("error", onFailure);
        h.worker.off("exit", onFailure);
      }
      await this.close();
    }
    return results.map((r, i) => r ?? analyseHere(i));
  }

  async close(): Promise<void> {
    await Promise.all(this.helpers.map((h) => h.worker.terminate()));
  }

  private fail(h: Helper): void {
    h.failed = true;
  }
}

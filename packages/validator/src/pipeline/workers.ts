import os from "node:os";
import { Worker } from "node:worker_threads";
import type { KqlAnalysis } from "../kql/service.js";
import type { SchemaInput } from "../schema/types.js";
import type { AnalysisJob } from "./analyze.js";

/**
 * Parallel analysis in worker threads. Each worker pays Kusto's start-up (loading the library,
 * building the schema environment, lazy initialisation: about 1.5–2.5 s on the reference 2-core
 * machine) and ~250 MB of memory. Measured there (bench/validate.bench.ts): over 1,000 generated
 * rules, 2 workers gave 117 queries/s against 103 in one thread on a quiet machine; over 600
 * rules on a machine whose cores were busy with other work, 2 workers were slower (14.6 s against
 * 9.4 s). So workers start only for runs of at least AUTO_MIN_QUERIES queries to analyse (a
 * repository-wide cold run of thousands of rules), unless asked for with `threads` (API) or
 * SENTINELCTL_THREADS=N (1 disables them). Never under Jest (its transform does not reach
 * worker threads).
 */
export const AUTO_MIN_QUERIES = 1000;
/** Below this, workers are not started even when asked for: start-up would dominate. */
export const PARALLEL_MIN_QUERIES = 200;

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

export async function analyzeInWorkers(
  jobs: Array<{ schemaKey: string; job: AnalysisJob }>,
  schemas: Record<string, SchemaInput>,
  threads: number,
): Promise<KqlAnalysis[]> {
  // Contiguous chunks keep each worker's schemas few (queries of one solution stay together).
  const size = Math.ceil(jobs.length / threads);
  const chunks = Array.from({ length: threads }, (_, i) => jobs.slice(i * size, (i + 1) * size)).filter(
    (c) => c.length,
  );
  const parts = await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<KqlAnalysis[]>((resolve, reject) => {
          const used = new Set(chunk.map((j) => j.schemaKey));
          const worker = new Worker(WORKER_ENTRY, {
            workerData: { schemas: Object.fromEntries([...used].map((k) => [k, schemas[k]])), jobs: chunk },
          });
          let done = false;
          worker.once("message", (m: KqlAnalysis[]) => {
            done = true;
            resolve(m);
            void worker.terminate();
          });
          worker.once("error", (e) => reject(e));
          worker.once("exit", (code) => {
            if (!done) reject(new Error(`analysis worker exited with code ${code}`));
          });
        }),
    ),
  );
  return parts.flat();
}

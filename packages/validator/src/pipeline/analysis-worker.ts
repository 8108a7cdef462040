/**
 * Worker thread: builds the schema snapshots it is given (one per schema key) and analyses its
 * share of the queries. Started by workers.ts through analysis-worker-boot.mjs.
 */
import { parentPort, workerData } from "node:worker_threads";
import { failedAnalysis, KqlService } from "../kql/service.js";
import { buildSchema } from "../schema/registry.js";
import type { SchemaInput, SchemaSnapshot } from "../schema/types.js";
import { type AnalysisJob, analyzeJob } from "./analyze.js";

interface WorkerInput {
  schemas: Record<string, SchemaInput>;
  jobs: Array<{ schemaKey: string; job: AnalysisJob }>;
}

const input = workerData as WorkerInput;
const service = new KqlService();
const snapshots = new Map<string, SchemaSnapshot | string>();
const results = input.jobs.map(({ schemaKey, job }) => {
  let snap = snapshots.get(schemaKey);
  if (snap === undefined) {
    try {
      snap = buildSchema(input.schemas[schemaKey] ?? {}, { service });
    } catch (e) {
      snap = (e as Error).message ?? String(e);
    }
    snapshots.set(schemaKey, snap);
  }
  return typeof snap === "string"
    ? failedAnalysis(`not analysed: the schema could not be built (${snap})`)
    : analyzeJob(service, snap, job);
});
parentPort?.postMessage(results);

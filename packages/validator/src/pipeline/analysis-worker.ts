/**
 * Helper thread (see workers.ts): warms Kusto up as soon as it starts, then analyses the batches
 * it is sent, building each schema snapshot the first time one of its queries arrives. Started
 * through analysis-worker-boot.mjs.
 */
import { parentPort } from "node:worker_threads";
import { warmUpKusto } from "@sentinelctl/kql/kusto";
import { failedAnalysis, KqlService } from "../kql/service.js";
import { buildSchema } from "../schema/registry.js";
import type { SchemaInput, SchemaSnapshot } from "../schema/types.js";
import { analyzeJob } from "./analyze.js";
import type { FromHelper, ToHelper } from "./workers.js";

const service = new KqlService();
const inputs = new Map<string, SchemaInput>();
const snapshots = new Map<string, SchemaSnapshot | string>();

function snapshotFor(key: string): SchemaSnapshot | string {
  let snap = snapshots.get(key);
  if (snap === undefined) {
    try {
      snap = buildSchema(inputs.get(key) ?? {}, { service });
    } catch (e) {
      snap = (e as Error).message ?? String(e);
    }
    snapshots.set(key, snap);
  }
  return snap;
}

parentPort?.on("message", (m: ToHelper) => {
  if (m.type === "schema") {
    inputs.set(m.key, m.input);
    return;
  }
  const analyses = m.jobs.map(({ schemaKey, job }) => {
    const snap = snapshotFor(schemaKey);
    return typeof snap === "string"
      ? failedAnalysis(`not analysed: the schema could not be built (${snap})`)
      : analyzeJob(service, snap, job);
  });
  parentPort?.postMessage({ type: "results", batch: m.batch, analyses } satisfies FromHelper);
});

// Kusto's one-time costs while the main thread is still preparing the work.
warmUpKusto();

/**
 * KQL service benchmark: cold start, warm throughput over the corpus, memory.
 *   node --import tsx packages/validator/bench/kql/run.ts [rounds]
 * Prints one JSON object. Not part of the library.
 * Load averages of other processes distort wall-clock figures; compare the CPU-time ones.
 */

import { loadKusto } from "@sentinelctl/kql";
import { KqlService } from "../../src/kql/service.js";
import { buildSchema } from "../../src/schema/registry.js";
import { benchQueries, benchSchemaInput } from "./corpus.js";

const rounds = Number(process.argv[2] ?? 10);
const mb = (n: number) => Math.round(n / 1048576);

const t0 = performance.now();
const loadMs = loadKusto();
const t1 = performance.now();
const service = new KqlService();
const schema = buildSchema(benchSchemaInput, { service });
const t2 = performance.now();
const first = service.analyze(benchQueries[0]!, schema);
const t3 = performance.now();

// first pass over the corpus (still warming the JIT and Kusto's lazy tables)
const firstPass: number[] = [];
let diagnostics = 0;
const broken: number[] = [];
benchQueries.forEach((q, i) => {
  const s = performance.now();
  const a = service.analyze(q, schema);
  firstPass.push(performance.now() - s);
  const errors = a.diagnostics.filter((d) => d.severity === "error").length;
  diagnostics += errors;
  if (errors > 0) broken.push(i + 1);
});
const t4 = performance.now();

const per: number[] = new Array(benchQueries.length).fill(0);
const cpu0 = process.cpuUsage();
const w0 = performance.now();
for (let r = 0; r < rounds; r++) {
  benchQueries.forEach((q, i) => {
    const s = performance.now();
    service.analyze(q, schema);
    per[i]! += performance.now() - s;
  });
}
const w1 = performance.now();
const cpu = process.cpuUsage(cpu0);
const cpuMsPerQuery = (cpu.user + cpu.system) / 1000 / (rounds * benchQueries.length);
const b0 = performance.now();
for (let r = 0; r < rounds; r++)
  for (const q of benchQueries) service.analyze(q, schema, { bestPractices: true });
const b1 = performance.now();

const avgLen = benchQueries.reduce((n, q) => n + q.length, 0) / benchQueries.length;
const sorted = per.map((t) => t / rounds).sort((a, b) => a - b);
const mem = process.memoryUsage();
console.log(
  JSON.stringify(
    {
      queries: benchQueries.length,
      meanChars: Math.round(avgLen),
      queriesWithErrors: broken,
      errorDiagnostics: diagnostics,
      coldStart: {
        kustoLoadMs: Math.round(loadMs),
        kustoLoadWallMs: Math.round(t1 - t0),
        buildSchemaMs: Math.round(t2 - t1),
        firstAnalysisMs: Math.round(t3 - t2),
        totalToFirstResultMs: Math.round(t3 - t0),
        firstCorpusPassMs: Math.round(t4 - t3),
      },
      firstAnalysisOk: first.diagnostics.length === 0,
      warm: {
        rounds,
        analysesPerSecond: Math.round((rounds * benchQueries.length) / ((w1 - w0) / 1000)),
        // CPU time is the better figure on a shared machine (wall time includes waiting for a core)
        cpuMsPerQuery: +cpuMsPerQuery.toFixed(2),
        analysesPerCpuSecond: Math.round(1000 / cpuMsPerQuery),
        meanMs: +((w1 - w0) / (rounds * benchQueries.length)).toFixed(2),
        medianMs: +sorted[Math.floor(sorted.length / 2)]!.toFixed(2),
        p90Ms: +sorted[Math.floor(sorted.length * 0.9)]!.toFixed(2),
        maxMs: +sorted[sorted.length - 1]!.toFixed(2),
        withBestPracticesPerSecond: Math.round((rounds * benchQueries.length) / ((b1 - b0) / 1000)),
      },
      memoryMB: { rss: mb(mem.rss), heapUsed: mb(mem.heapUsed), heapTotal: mb(mem.heapTotal) },
      service: service.stats(),
    },
    null,
    2,
  ),
);

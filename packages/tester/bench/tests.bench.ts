// Benchmark: every detection test of the repository, in process. "Warm" is a second and later run in the
// same process (Kusto.Language loaded, files in the page cache), as in a watch loop or an editor.
// Wall time on a shared machine varies with its load; the CPU time of the run is reported beside it.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { localEngine, runSuite } from "../src/index.js";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export async function benchTests(): Promise<Record<string, number | string>> {
  const engine = localEngine();
  const run = async () => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const result = await runSuite([], { cwd: root, engine });
    const cpu = process.cpuUsage(cpu0);
    return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, result };
  };
  const cold = await run();
  const warm: number[] = [];
  const warmCpu: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await run();
    warm.push(r.ms);
    warmCpu.push(r.cpuMs);
  }
  warm.sort((a, b) => a - b);
  warmCpu.sort((a, b) => a - b);
  const t = cold.result.totals;
  return {
    "test files": t.files,
    "cases (passed / failed / errors)": `${t.cases} (${t.passed} / ${t.failed} / ${t.errors})`,
    "first run in a fresh process (ms)": Math.round(cold.ms),
    "warm run, median of 5 (ms)": Math.round(warm[2]!),
    "warm run, slowest of 5 (ms)": Math.round(warm[4]!),
    "warm run CPU time, median of 5 (ms; insensitive to other load on the machine)": Math.round(warmCpu[2]!),
    "warm target met (<= 3000 ms)": warm[2]! <= 3000 ? "yes" : "no",
  };
}

/**
 * Engine benchmarks (called by the root `pnpm bench`): a where + summarize over 1M generated
 * CommonSecurityLog rows and the Darktrace model-alert rule over 100k rows, each in its own
 * process (peak RSS is that run's), with the same data and equivalent SQL through DuckDB.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

interface Run {
  rows: number;
  firstMs: number;
  ms: number;
  cpuMs: number;
  resultRows: number;
  peakRssMb: number;
  duckdbMs: number;
  duckdbRows: number;
}

function run(which: "csl" | "darktrace"): Run {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(here, "engine-run.ts"), which], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`engine bench ${which} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Run;
}

export async function benchEngine(): Promise<Record<string, string | number>> {
  const csl = run("csl");
  const dt = run("darktrace");
  const ratio = (ms: number, duck: number) => `${(ms / duck).toFixed(1)}×`;
  return {
    "1M CommonSecurityLog rows: where + summarize count(), dcount() by 2 keys, bin(1h) (best of 3, wall)": `${csl.ms} ms (first run ${csl.firstMs} ms, CPU ${csl.cpuMs} ms)`,
    "… peak RSS of that process (input rows included)": `${csl.peakRssMb} MB`,
    "… DuckDB, same data and SQL, 1 thread (after a warm-up run)": `${csl.duckdbMs} ms; ours/DuckDB ${ratio(csl.ms, csl.duckdbMs)}`,
    "… result groups (ours / DuckDB)": `${csl.resultRows} / ${csl.duckdbRows}`,
    "100k rows: Darktrace model-alert rule (best of 3, wall)": `${dt.ms} ms (first run ${dt.firstMs} ms, CPU ${dt.cpuMs} ms)`,
    "… peak RSS": `${dt.peakRssMb} MB`,
    "… DuckDB, equivalent SQL, 1 thread (after a warm-up run)": `${dt.duckdbMs} ms; ours/DuckDB ${ratio(dt.ms, dt.duckdbMs)}`,
  };
}

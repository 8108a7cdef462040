/**
 * Engine benchmarks (called by the root `pnpm bench`): a where + summarize over 1M generated
 * CommonSecurityLog rows and the Darktrace model-alert rule over 100k rows, each in its own
 * process (peak RSS is that run's), with the same data and equivalent SQL through DuckDB; then
 * other Darktrace rules over 100k generated rows each, so the engine is not tuned for one query.
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

/** Other rules of the Darktrace solution, run over generated rows of their tables (no SQL twin). */
const OTHER_RULES = [
  "DarktraceIncidentEvent",
  "DarktraceAutonomousResponseAction",
  "DarktraceEmailHighAnomaly",
  "DarktraceSystemStatusAlert",
  "DarktraceASMHighRisk",
];

function run(which: string, ...flags: string[]): Run {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(here, "engine-run.ts"), which, ...flags],
    {
      encoding: "utf8",
      maxBuffer: 1 << 20,
      timeout: 600_000,
    },
  );
  if (r.status !== 0) throw new Error(`engine bench ${which} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Run;
}

export async function benchEngine(): Promise<Record<string, string | number>> {
  const csl = run("csl");
  const dt = run("darktrace");
  const others = OTHER_RULES.map((name): [string, string] => {
    const r = run(`Solutions/Darktrace/analytics/${name}.yaml`, "100000", "--no-duckdb");
    return [
      `100k rows: ${name} (best of 3, wall)`,
      `${r.ms} ms (CPU ${r.cpuMs} ms, ${r.resultRows} result rows)`,
    ];
  });
  const ratio = (ms: number, duck: number) => `${(ms / duck).toFixed(1)}×`;
  return {
    "1M CommonSecurityLog rows: where + summarize count(), dcount() by 2 keys, bin(1h) (best of 3, wall)": `${csl.ms} ms (first run ${csl.firstMs} ms, CPU ${csl.cpuMs} ms)`,
    "… peak RSS of that process (input rows included)": `${csl.peakRssMb} MB`,
    "… DuckDB, same data and SQL, 1 thread (after a warm-up run)": `${csl.duckdbMs} ms; ours/DuckDB ${ratio(csl.ms, csl.duckdbMs)}`,
    "… result groups (ours / DuckDB)": `${csl.resultRows} / ${csl.duckdbRows}`,
    "100k rows: Darktrace model-alert rule (best of 3, wall)": `${dt.ms} ms (first run ${dt.firstMs} ms, CPU ${dt.cpuMs} ms)`,
    "… peak RSS": `${dt.peakRssMb} MB`,
    "… DuckDB, equivalent SQL, 1 thread (after a warm-up run)": `${dt.duckdbMs} ms; ours/DuckDB ${ratio(dt.ms, dt.duckdbMs)}`,
    ...Object.fromEntries(others),
  };
}

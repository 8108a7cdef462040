/**
 * One engine benchmark run in its own process (so peak RSS is this run's): generates the data,
 * times evaluate(), then loads the same rows into DuckDB and times the equivalent SQL.
 *   node --import tsx packages/kql/bench/engine-run.ts <csl|darktrace> [rows] [--no-duckdb]
 *   node --import tsx packages/kql/bench/engine-run.ts <rule file of Solutions/Darktrace…> [rows] --no-duckdb
 * Prints one JSON object.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { evaluate } from "@sentinelctl/kql";
import {
  CSL_COLUMNS,
  CSL_QUERY,
  CSL_SQL,
  commonSecurityLog,
  darktraceRows,
  darktraceRule,
  NOW,
  ruleWithTable,
} from "./data.js";

const DARKTRACE_SQL = `SELECT TimeGenerated, alertTime, modelName, message, alertUrl,
  CASE WHEN compliance THEN 'Informational' WHEN lower(category) = 'informational' THEN 'Low'
       WHEN lower(category) = 'suspicious' THEN 'Medium' WHEN lower(category) = 'critical' THEN 'High'
       ELSE 'Informational' END AS SentinelSeverity,
  score, category, compliance, CAST(threatId AS VARCHAR) AS ThreatIdentifier,
  list_slice(list_distinct(regexp_extract_all(CAST(mitreTechniques AS VARCHAR), '(T\\d{4})', 1)), 1, 5) AS Techniques,
  coalesce(deviceHostname, sourceHost, deviceLabel) AS DeviceName, deviceHostname, sourceIp, sourceHost, destIp,
  destHost, destPort, accountName, deviceCredentials, customLabel, darktraceProduct, 'Darktrace' AS ProviderName
FROM DarktraceModelAlerts_CL`;

const SQL_TYPES: Record<string, string> = {
  datetime: "TIMESTAMP",
  string: "VARCHAR",
  int: "INTEGER",
  long: "BIGINT",
  real: "DOUBLE",
  bool: "BOOLEAN",
  dynamic: "VARCHAR",
};

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = v instanceof Date ? v.toISOString() : typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function duckdb(
  table: string,
  columns: ReadonlyArray<{ name: string; type: string }>,
  rows: unknown[][],
  sql: string,
): Promise<{ ms: number; rows: number }> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const dir = mkdtempSync(path.join(tmpdir(), "kql-bench-"));
  try {
    const file = path.join(dir, "data.csv");
    const lines = [columns.map((c) => c.name).join(",")];
    for (const r of rows) lines.push(r.map(csvCell).join(","));
    writeFileSync(file, lines.join("\n"));
    const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
    const conn = await instance.connect();
    const spec = columns.map((c) => `'${c.name}': '${SQL_TYPES[c.type] ?? "VARCHAR"}'`).join(", ");
    await conn.run(
      `CREATE TABLE ${table} AS SELECT * FROM read_csv('${file}', header = true, columns = {${spec}})`,
    );
    await conn.runAndReadAll(sql); // warm-up (our figure is the best of three runs)
    const t0 = performance.now();
    const result = await conn.runAndReadAll(sql);
    const ms = performance.now() - t0;
    return { ms, rows: result.getRows().length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const which = process.argv[2] ?? "csl";
const n = Number(process.argv[3] ?? (which === "csl" ? 1_000_000 : 100_000));
const withDuck = !process.argv.includes("--no-duckdb") && (which === "csl" || which === "darktrace");

evaluate("print 1"); // loads Kusto.Language once, outside the timing (one load per process)
let tableName: string;
let columns: ReadonlyArray<{ name: string; type: string }>;
let query: string;
let sql: string;
let rows: unknown[][];
if (which === "csl") {
  tableName = "CommonSecurityLog";
  columns = CSL_COLUMNS;
  query = CSL_QUERY;
  sql = CSL_SQL;
  rows = commonSecurityLog(n);
} else {
  // another rule of the solution: its own table's generated rows (no SQL equivalent)
  const dt = which === "darktrace" ? darktraceRule() : ruleWithTable(which);
  tableName = dt.table.name;
  columns = dt.table.columns;
  query = dt.query;
  sql = DARKTRACE_SQL;
  rows = darktraceRows(dt.table, n);
}
const rssBefore = process.memoryUsage().rss;
// three runs: the first (cold JIT) and the best, wall clock and process CPU (user + system,
// garbage collector threads included); the machine is shared, so CPU time is the steadier figure
const runs: Array<{ ms: number; cpuMs: number; resultRows: number }> = [];
for (let k = 0; k < 3; k++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = evaluate(query, { now: NOW, tables: { [tableName]: { columns, rows } } });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  runs.push({ ms, cpuMs: (cpu.user + cpu.system) / 1000, resultRows: result.rows.length });
}
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
const out: Record<string, number> = {
  rows: n,
  firstMs: Math.round(runs[0]!.ms),
  ms: Math.round(best.ms),
  cpuMs: Math.round(Math.min(...runs.map((r) => r.cpuMs))),
  resultRows: best.resultRows,
  peakRssMb: Math.round(peakRssMb),
  inputRssMb: Math.round(rssBefore / 2 ** 20),
};
if (withDuck) {
  const d = await duckdb(tableName, columns, rows, sql);
  out.duckdbMs = Math.round(d.ms * 10) / 10;
  out.duckdbRows = d.rows;
}
process.stdout.write(`${JSON.stringify(out)}\n`);

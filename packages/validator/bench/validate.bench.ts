/**
 * Validator benchmark (called by the root `pnpm bench` runner, bench/run.ts):
 * - cold `sentinelctl validate` of the repository's Solutions/ (spawned process, no cache);
 * - warm re-validation with nothing changed: spawned CLI with a primed cache, and in-process
 *   (load + validate) — the CLI figure includes Node/tsx start-up and importing every command;
 * - throughput over 1,000 generated rules (analysis, checks, mapping; Kusto already loaded);
 * - the validator's overhead against a bare loop of Kusto analysis over the same queries.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadContent } from "@sentinelctl/content";
import { writeGeneratedSolution } from "@sentinelctl/content/testing";
import { buildSchema, emptyConfig, type KqlAnalysis, KqlService, validateContent } from "../src/index.js";
import { solutionSchema } from "../src/pipeline/project.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const bin = path.join(root, "packages/cli/bin/sentinelctl.js");

const TEMPLATES: Array<{
  table: string;
  connector: string;
  query: (i: number) => string;
  entity: [string, string, string];
}> = [
  {
    table: "CommonSecurityLog",
    connector: "CefAma",
    query: (i) => `CommonSecurityLog
| where TimeGenerated > ago(1h)
| where DeviceAction in~ ("deny", "drop") and DestinationPort == ${1000 + i}
| summarize Hits = count(), Ports = dcount(DestinationPort) by SourceIP, DeviceVendor
| where Hits > ${i % 50}`,
    entity: ["IP", "Address", "SourceIP"],
  },
  {
    table: "SigninLogs",
    connector: "AzureActiveDirectory",
    query: (i) => `SigninLogs
| where TimeGenerated > ago(1h)
| where ResultType != "0"
| summarize Failures = count(), Apps = make_set(AppDisplayName, 10) by UserPrincipalName, IPAddress
| where Failures > ${5 + (i % 20)}`,
    entity: ["Account", "FullName", "UserPrincipalName"],
  },
  {
    table: "SecurityEvent",
    connector: "SecurityEvents",
    query: (i) => `SecurityEvent
| where TimeGenerated > ago(1h)
| where EventID == 4688 and CommandLine has "rule${i}"
| extend Exe = tostring(split(NewProcessName, "\\\\")[-1])
| project TimeGenerated, Computer, Account, Exe, CommandLine`,
    entity: ["Host", "HostName", "Computer"],
  },
  {
    table: "AzureActivity",
    connector: "AzureActivity",
    query: (i) => `AzureActivity
| where TimeGenerated > ago(1h)
| where OperationNameValue endswith "/DELETE" and ActivityStatusValue =~ "Success"
| summarize Deleted = dcount(_ResourceId) by Caller, CallerIpAddress
| where Deleted > ${10 + (i % 30)}`,
    entity: ["IP", "Address", "CallerIpAddress"],
  },
  {
    table: "Syslog",
    connector: "SyslogAma",
    query: (i) => `Syslog
| where TimeGenerated > ago(1h)
| where Facility == "auth" and SyslogMessage has "Failed password"
| extend SrcIp = extract(@"from (\\d+\\.\\d+\\.\\d+\\.\\d+)", 1, SyslogMessage)
| summarize Attempts = count() by Computer, SrcIp
| where Attempts > ${i % 40}`,
    entity: ["Host", "HostName", "Computer"],
  },
];

function ruleFile(i: number): string {
  const t = TEMPLATES[i % TEMPLATES.length]!;
  const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
  const q = t
    .query(i)
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
  return `id: ${id}
name: Generated rule ${i}
description: Generated for the validator benchmark.
severity: Medium
kind: Scheduled
requiredDataConnectors:
  - connectorId: ${t.connector}
    dataTypes: [${t.table}]
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics: [CredentialAccess]
relevantTechniques: [T1110]
query: |
${q}
entityMappings:
  - entityType: ${t.entity[0]}
    fieldMappings:
      - identifier: ${t.entity[1]}
        columnName: ${t.entity[2]}
version: 1.0.0
`;
}

export function generatedRepo(n: number): string {
  return writeGeneratedSolution(n, ruleFile).root;
}

function timeCli(args: string[], cwd: string): { ms: number; code: number | null } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [bin, "validate", ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CI: "true", NO_COLOR: "1" },
  });
  return { ms: performance.now() - t, code: r.status };
}

const round = (n: number) => Math.round(n);

export async function benchValidate(): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};

  // ---- repository (Solutions/) --------------------------------------------------------------
  {
    const cold = timeCli(["--no-cache", "--format", "json"], root);
    out["cold CLI validate of Solutions/ (spawned, no cache), ms"] = round(cold.ms);
    // prime the repository's cache (.sentinelctl-cache/, git-ignored), then measure the re-run
    const prime = timeCli(["--format", "json"], root);
    out["CLI validate with cache, first (priming) run, ms"] = round(prime.ms);
    const warm = timeCli(["--format", "json"], root);
    out["warm CLI re-validation, nothing changed (spawned), ms"] = round(warm.ms);
    spawnSync(process.execPath, [bin, "--version"], { cwd: root });
    const t = performance.now();
    spawnSync(process.execPath, [bin, "--version"], { cwd: root });
    out["CLI start-up alone (sentinelctl --version), ms"] = round(performance.now() - t);

    const svc = new KqlService();
    const t0 = performance.now();
    const load = await loadContent([], { cwd: root });
    const t1 = performance.now();
    const warmIn = await validateContent(load, { cwd: root, service: svc });
    const t2 = performance.now();
    out["warm re-validation in-process: load content, ms"] = round(t1 - t0);
    out["warm re-validation in-process: validate (from cache), ms"] = round(t2 - t1);
    out["warm re-validation in-process: total, ms"] = round(t2 - t0);
    out["warm re-validation came from the cache"] = warmIn.stats.fromCache ? "yes" : "no";
  }

  // ---- 1,000 generated rules -------------------------------------------------------------------
  const N = 1000;
  const dir = generatedRepo(N);
  try {
    const service = new KqlService();
    const loadStart = performance.now();
    const load = await loadContent([], { cwd: dir });
    out["load 1,000 rules, ms"] = round(performance.now() - loadStart);
    const model = load.solutions[0]!;
    const schema = buildSchema(solutionSchema(model, emptyConfig(dir), "bench").input, { service });
    // warm Kusto (load, environment, lazy initialisation) outside the measured loops
    service.warmUp(schema);
    service.analyze(model.analyticRules[0]!.data.query, schema, { bestPractices: true });

    const queries = model.analyticRules.map((r) => r.data.query);
    const analyses = new Map<string, KqlAnalysis>();
    const b0 = performance.now();
    for (const q of queries) analyses.set(q, service.analyze(q, schema, { bestPractices: true }));
    const bareMs = performance.now() - b0;

    const v0 = performance.now();
    const result = await validateContent(load, { cwd: dir, cache: false, service });
    const validateMs = performance.now() - v0;
    if (result.stats.queries !== N) throw new Error(`expected ${N} queries, got ${result.stats.queries}`);
    out["1,000 generated rules: findings (errors/warnings)"] =
      `${result.stats.errors}/${result.stats.warnings}`;
    out["throughput, 1,000 rules (validate, warm Kusto, 1 thread), queries/s"] = round(
      (N / validateMs) * 1000,
    );
    out["bare Kusto loop over the same queries, queries/s"] = round((N / bareMs) * 1000);

    // Overhead: the same validation with Kusto answered instantly from the bare loop's results,
    // so what remains is the validator's own work (sites, checks, position mapping, reporting
    // structures). Robust on a busy machine, unlike a difference of two long timings.
    const instant = Object.create(service) as KqlService;
    instant.analyze = (q, s, o) => analyses.get(q) ?? service.analyze(q, s, o);
    const o0 = performance.now();
    await validateContent(load, { cwd: dir, cache: false, service: instant });
    const ownMs = performance.now() - o0;
    out["validator's own work for 1,000 rules (Kusto excluded), ms"] = round(ownMs);
    out["validator overhead vs bare Kusto loop, %"] = round((ownMs / bareMs) * 100);

    // Two worker threads (each loads Kusto and builds the schema environment itself).
    const p0 = performance.now();
    await validateContent(load, { cwd: dir, cache: false, threads: 2 });
    out["throughput, 1,000 rules, 2 worker threads (incl. worker start-up), queries/s"] = round(
      (N / (performance.now() - p0)) * 1000,
    );

    await validateContent(load, { cwd: dir, service }); // fills the cache
    const c1 = performance.now();
    await validateContent(load, { cwd: dir, service });
    out["1,000 rules re-validated from the cache, ms"] = round(performance.now() - c1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await benchValidate());
}

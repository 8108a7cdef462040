/**
 * Validator and start-up benchmark (called by the root `pnpm bench` runner, bench/run.ts):
 * - spawned CLI, each as a ratio to a bare `node -e 0` started in turn with it (pairs, median
 *   ratio: the machine is shared and noisy): `--version`; a warm `validate` of the repository
 *   (cache hit, nothing changed); a cold `validate` of the repository (no cache), also absolute;
 * - a cold `validate` of 1,000 generated rules in a fresh process, 1 thread against 2 (the main
 *   thread plus a helper thread sharing the queries);
 * - in-process figures, independent of how the CLI starts: warm re-validation (load + validate
 *   from the cache), throughput over 1,000 rules (Kusto already loaded) in 1 and 2 threads, and
 *   the validator's overhead against a bare loop of Kusto analysis over the same queries.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import os from "node:os";
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

interface Spawned {
  ms: number;
  code: number | null;
}

function spawnTimed(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Spawned {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
    env: { ...process.env, CI: "true", NO_COLOR: "1", ...env },
  });
  return { ms: performance.now() - t, code: r.status };
}

function timeCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Spawned {
  return spawnTimed([bin, ...args], cwd, env);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Runs `args` and a bare `node -e 0` in turn, `pairs` times (after one unrecorded warm-up of
 * each); the ratio is taken pair by pair, so a change of the machine's speed during the
 * measurement moves both sides of a pair alike. `prepare` runs before each timed command.
 */
function versusBareNode(
  args: string[],
  cwd: string,
  pairs: number,
  prepare: () => void = () => {},
): { ms: number; nodeMs: number; ratio: number; code: number | null } {
  prepare();
  timeCli(args, cwd);
  spawnTimed(["-e", "0"], cwd);
  const ms: number[] = [];
  const nodeMs: number[] = [];
  const ratios: number[] = [];
  let code: number | null = null;
  for (let i = 0; i < pairs; i++) {
    const base = spawnTimed(["-e", "0"], cwd).ms;
    prepare();
    const run = timeCli(args, cwd);
    code = run.code;
    ms.push(run.ms);
    nodeMs.push(base);
    ratios.push(run.ms / base);
  }
  return { ms: median(ms), nodeMs: median(nodeMs), ratio: median(ratios), code };
}

const round = (n: number) => Math.round(n);
const ratio = (n: number) => `${n.toFixed(1)}×`;

export async function benchValidate(): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  // Other work on the machine slows spawned processes and leaves no core for a helper thread.
  const loadAverage = () => `${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;
  out["machine load average (1 min) at start"] = loadAverage();

  // ---- spawned CLI on the repository (Solutions/) ------------------------------------------
  {
    const version = versusBareNode(["--version"], root, 9);
    out["bare node -e 0 (same run), ms (median)"] = round(version.nodeMs);
    out["sentinelctl --version, ms (median of 9)"] = round(version.ms);
    out["sentinelctl --version / node -e 0 (target <= 2×)"] = ratio(version.ratio);

    // The cache lives in the repository's .sentinelctl-cache/ (git-ignored): prime it once.
    timeCli(["validate", "--format", "json"], root);
    const warm = versusBareNode(["validate", "--format", "json"], root, 5);
    out["warm validate of the repository (cache hit), ms (median of 5)"] = round(warm.ms);
    out["warm validate / node -e 0 (target <= 4×)"] = ratio(warm.ratio);

    const cold = versusBareNode(["validate", "--no-cache", "--format", "json"], root, 3);
    out["cold validate of the repository (no cache), ms (median of 3; target <= 2500)"] = round(cold.ms);
    out["cold validate / node -e 0"] = ratio(cold.ratio);
  }

  // ---- in-process (no CLI start-up) ---------------------------------------------------------
  {
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

    // Where a cold run's time goes: the same no-cache validation three times in one process. The
    // first pays Kusto's start-up and its JIT warm-up; the third is Kusto's analysis alone, warm.
    const passes: number[] = [];
    const coldSvc = new KqlService();
    for (let i = 0; i < 3; i++) {
      const p0 = performance.now();
      await validateContent(load, { cwd: root, cache: false, service: coldSvc, threads: 1 });
      passes.push(performance.now() - p0);
    }
    out["repository without cache in-process, 1st pass (Kusto start-up + JIT warm-up), ms"] = round(
      passes[0]!,
    );
    out["repository without cache in-process, 3rd pass (analysis alone, JIT-warm), ms"] = round(passes[2]!);
    out["repository: queries analysed per pass"] = warmIn.stats.queries;
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

    // Two threads: this (warm) one plus a helper that starts cold (its Kusto start-up included).
    const p0 = performance.now();
    await validateContent(load, { cwd: dir, cache: false, service, threads: 2 });
    const twoMs = performance.now() - p0;
    out["throughput, 1,000 rules, 2 threads (main + 1 helper incl. its start-up), queries/s"] = round(
      (N / twoMs) * 1000,
    );
    out["in-process speed-up, 2 threads over 1"] = ratio(validateMs / twoMs);

    // Cold, whole process: what `sentinelctl validate --no-cache` costs on 1,000 rules.
    const one: number[] = [];
    const two: number[] = [];
    const speedUps: number[] = [];
    for (let i = 0; i < 2; i++) {
      const a = timeCli(["validate", "--no-cache", "--format", "json"], dir, { SENTINELCTL_THREADS: "1" }).ms;
      const b = timeCli(["validate", "--no-cache", "--format", "json"], dir, { SENTINELCTL_THREADS: "2" }).ms;
      one.push(a);
      two.push(b);
      speedUps.push(a / b);
    }
    out["cold CLI validate of 1,000 rules, 1 thread, ms (median of 2)"] = round(median(one));
    out["cold CLI validate of 1,000 rules, 2 threads (default on 2 cores), ms (median of 2)"] = round(
      median(two),
    );
    out["cold CLI 1,000 rules: speed-up of 2 threads over 1 (median of pairs)"] = ratio(median(speedUps));

    await validateContent(load, { cwd: dir, service }); // fills the cache
    const c1 = performance.now();
    await validateContent(load, { cwd: dir, service });
    out["1,000 rules re-validated from the cache, ms"] = round(performance.now() - c1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  out["machine load average (1 min) at end"] = loadAverage();
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await benchValidate());
}

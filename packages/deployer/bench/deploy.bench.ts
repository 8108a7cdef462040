/**
 * Deployer benchmark against the local ARM emulator (real credential class, real SDK clients):
 *
 * - plan against a workspace that already holds 1,000 rules (and their 1,000 metadata items):
 *   number of requests and time. Reading is LIST-only with nextLink paging, so the request count
 *   grows with pages (100 items per page), not with items;
 * - apply 200 new rules (+ their metadata: 400 PUTs) with 50 ms emulated latency per request:
 *   wall time through bounded concurrency (target < 5 s), against the serial cost;
 * - two such deploys started together: every write is conditional, so each item is created once
 *   (the loser's 412s are re-read and reported unchanged); wall time and the 412 count.
 */
import { startEmulator } from "@sentinelctl/arm-emulator";
import { emulatorCredentialFor } from "../../cli/src/emulator-credential.js";
import { type DeployerOptions, deployTargets, planTargets, type TargetSpec } from "../src/index.js";
import { fixtureSolution, RG, SUB, WS } from "../test/fixtures.js";
import { EMULATOR_IDENTITY } from "../test/helpers.js";

const TARGET: TargetSpec = { name: "bench", subscriptionId: SUB, resourceGroup: RG, workspace: WS };
const rulesOnly = { withTable: false, withParser: false, withWorkbook: false } as const;

export async function benchDeploy(): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};

  // --- plan against 1,000 rules
  const big = await startEmulator();
  try {
    const options = (extra: Partial<DeployerOptions> = {}): DeployerOptions => ({
      endpoint: big.url,
      ca: big.caCertPem,
      credential: emulatorCredentialFor(EMULATOR_IDENTITY, big.url, { ca: big.caCertPem }),
      env: {},
      lroPollIntervalMs: 5,
      ...extra,
    });
    const content = (t: { location: string } & TargetSpec) => [
      fixtureSolution(t, { rules: 1000, ...rulesOnly }),
    ];
    const seed = await deployTargets([TARGET], content, options({ concurrency: 32 }));
    if (seed.exitCode !== 0)
      throw new Error(`seeding failed: ${JSON.stringify(seed.targets[0]?.failures[0])}`);
    const started = performance.now();
    const plan = await planTargets([TARGET], content, options());
    const ms = performance.now() - started;
    const counts = plan.targets[0]!.plan!.counts;
    out["plan 1,000 rules: requests"] = plan.totals.requests;
    out["plan 1,000 rules: time (ms)"] = Math.round(ms);
    out["plan 1,000 rules: items unchanged"] = counts.unchanged;
    out["plan 1,000 rules: items changed"] = counts.create + counts.update + counts.delete;
  } finally {
    await big.close();
  }

  // --- apply 200 rules at 50 ms latency
  const slow = await startEmulator({ latencyMs: 50 });
  try {
    const concurrency = 8;
    const started = performance.now();
    const result = await deployTargets([TARGET], (t) => [fixtureSolution(t, { rules: 200, ...rulesOnly })], {
      endpoint: slow.url,
      ca: slow.caCertPem,
      credential: emulatorCredentialFor(EMULATOR_IDENTITY, slow.url, { ca: slow.caCertPem }),
      env: {},
      concurrency,
    });
    const ms = performance.now() - started;
    if (result.exitCode !== 0)
      throw new Error(`apply failed: ${JSON.stringify(result.targets[0]?.failures[0])}`);
    out["apply 200 rules @50 ms: time (ms)"] = Math.round(ms);
    out["apply 200 rules @50 ms: writes"] = result.totals.writes;
    out["apply 200 rules @50 ms: requests"] = result.totals.requests;
    out["apply 200 rules @50 ms: concurrency"] = concurrency;
    out["apply 200 rules @50 ms: serial cost (ms)"] = result.totals.requests * 50;
    out["apply 200 rules @50 ms: target"] = ms < 5000 ? "met (< 5 s)" : "MISSED (>= 5 s)";
  } finally {
    await slow.close();
  }

  // --- two deploys of the same 200 rules at once, 50 ms latency
  const raced = await startEmulator({ latencyMs: 50 });
  try {
    const options: DeployerOptions = {
      endpoint: raced.url,
      ca: raced.caCertPem,
      credential: emulatorCredentialFor(EMULATOR_IDENTITY, raced.url, { ca: raced.caCertPem }),
      env: {},
    };
    const content = (t: { location: string } & TargetSpec) => [
      fixtureSolution(t, { rules: 200, ...rulesOnly }),
    ];
    const started = performance.now();
    const [a, b] = await Promise.all([
      deployTargets([TARGET], content, options),
      deployTargets([TARGET], content, options),
    ]);
    const ms = performance.now() - started;
    const preconditionFailed = raced.requests().filter((r) => r.status === 412).length;
    out["2 concurrent deploys of 200 rules @50 ms: time (ms)"] = Math.round(ms);
    out["2 concurrent deploys: created (sum of both)"] = a!.totals.created + b!.totals.created;
    out["2 concurrent deploys: reported unchanged after a 412"] = a!.totals.unchanged + b!.totals.unchanged;
    out["2 concurrent deploys: 412 answers"] = preconditionFailed;
    out["2 concurrent deploys: failed or conflict"] =
      a!.totals.failed + b!.totals.failed + a!.totals.conflict + b!.totals.conflict;
  } finally {
    await raced.close();
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchDeploy());
}

/**
 * End to end: a deploy by an identity that lacks a role. The emulator denies writes of one
 * resource type (403 AuthorizationFailed, ARM's message); the deploy fails those items only,
 * names the role to grant, applies everything else and counts it in the summary. Granting the
 * role (lifting the denial) and deploying again converges.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import os from "node:os";
import path from "node:path";
import type { EmulatorHandle } from "@sentinelctl/arm-emulator";
import { runDeployCommand } from "../../cli/src/commands/deploy.js";
import type { Output } from "../../cli/src/ui.js";
import {
  deployJson,
  deployTargets,
  type ResolvedTarget,
  renderDeploySummaryMarkdown,
  renderDeploySummaryText,
} from "../src/index.js";
import { fixtureSolution, WS_ID } from "./fixtures.js";
import { fastOptions, startTestEmulator, TARGET, writes } from "./helpers.js";

const TABLES = "Microsoft.OperationalInsights/workspaces/tables";
const RULES = "Microsoft.SecurityInsights/alertRules";

/** Table, parser, two rules and a workbook, each but the table with its metadata: 9 items. */
const solution = (t: ResolvedTarget) => [fixtureSolution(t, { rules: 2 })];

/** POST to an emulator admin endpoint, as a test harness outside the process would. */
function admin(emu: EmulatorHandle, what: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request(
      `${emu.url}/__emulator/${what}`,
      {
        method: "POST",
        ca: emu.caCertPem,
        agent: false,
        headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(data)) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

/** Kinds of the deployed resources in the emulator (the seeded group and workspace left out). */
const kindsStored = (emu: EmulatorHandle) =>
  emu
    .state()
    .resources.map((r) => r.kind)
    .filter((k) => k !== "resourceGroups" && k !== "workspaces")
    .sort();

describe("tables denied: the identity lacks Log Analytics Contributor", () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startTestEmulator({ denyWrites: [TABLES] });
  });
  afterAll(() => emu.close());

  test("the table fails with the role to grant; everything else is applied and counted", async () => {
    const result = await deployTargets([TARGET], solution, fastOptions(emu));
    expect(result.exitCode).toBe(1);
    const o = result.targets[0]!;
    expect(o.status).toBe("failed");
    expect(o.error).toBeUndefined(); // an item failure, not a target failure
    expect(o.counts).toEqual({
      created: 8,
      updated: 0,
      deleted: 0,
      unchanged: 0,
      kept: 0,
      conflict: 0,
      failed: 1,
      skipped: 0,
    });

    expect(o.failures).toHaveLength(1);
    const f = o.failures[0]!;
    expect(f).toMatchObject({
      contentKind: "Table",
      displayName: "Fixture_CL",
      action: "create",
      category: "permission",
    });
    expect(f.message).toMatch(
      /^Permission denied: create Table 'Fixture_CL' \(AuthorizationFailed: The client '/,
    );
    expect(f.message).toContain(`perform action '${TABLES}/write' over scope '${WS_ID}/tables/Fixture_CL'`);
    expect(f.permission).toEqual({
      action: `${TABLES}/write`,
      scope: `${WS_ID}/tables/Fixture_CL`,
      role: `Log Analytics Contributor (or a custom role with ${TABLES}/write)`,
    });
    expect(f.hint).toBe(
      `Grant the deploying identity the Log Analytics Contributor (or a custom role with ${TABLES}/write) role on resource group 'sentinel-rg'.`,
    );

    // the other items really are in the workspace; the table is not, and its PUT was not retried
    expect(kindsStored(emu)).toEqual([
      "alertRules",
      "alertRules",
      "metadata",
      "metadata",
      "metadata",
      "metadata",
      "savedSearches",
      "workbooks",
    ]);
    const tablePuts = writes(emu).filter((r) => r.kind === "tables");
    expect(tablePuts.map((r) => r.status)).toEqual([403]);

    // the summary says what was applied and what failed, and why
    const text = renderDeploySummaryText(result);
    expect(text).toMatch(
      /^FAILED seed \(sentinel-rg\/sentinel-ws, westeurope\): 8 created, 0 updated, 0 deleted, 0 unchanged, 1 failed \(/,
    );
    expect(text).toContain(`x permission denied: ${TABLES}/write`);
    expect(text).toContain(`scope: ${WS_ID}/tables/Fixture_CL`);
    expect(text).toContain("grant: Log Analytics Contributor");
    expect(text).toContain("blocked: 1 item(s) (--verbose lists them)");
    expect(renderDeploySummaryMarkdown(result)).toContain(
      `- **seed** permission denied: \`${TABLES}/write\` on \`${WS_ID}/tables/Fixture_CL\`; grant Log Analytics Contributor`,
    );
    expect(deployJson(result)).toMatchObject({
      kind: "deploy-summary",
      ok: false,
      created: 8,
      failed: 1,
      skipped: 0,
    });
  });

  test("once the role is granted, a second deploy creates the table and nothing else", async () => {
    emu.setPermissions({ denyWrites: [] });
    emu.resetRequests();
    const again = await deployTargets([TARGET], solution, fastOptions(emu));
    expect(again.exitCode).toBe(0);
    expect(again.totals).toMatchObject({ created: 1, unchanged: 8, failed: 0 });
    expect(
      writes(emu)
        .filter((r) => r.status < 300)
        .map((r) => r.kind),
    ).toEqual(["tables"]);
  });
});

describe("analytics rules denied (set at run time): the identity lacks Microsoft Sentinel Contributor", () => {
  let emu: EmulatorHandle;
  let dir: string;
  beforeAll(async () => {
    emu = await startTestEmulator();
    dir = mkdtempSync(path.join(os.tmpdir(), "sentinelctl-403-"));
    writeFileSync(path.join(dir, "ca.pem"), emu.caCertPem);
  });
  afterAll(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("sentinelctl deploy exits 1; one block names the missing permission; --verbose lists what it blocked", async () => {
    expect(await admin(emu, "permissions", { denyWrites: [RULES] })).toBe(200);
    const out: string[] = [];
    const output: Output = {
      progress: () => {},
      done: () => {},
      out: (t) => out.push(t),
      err: (t) => out.push(t),
      color: false,
    };
    const code = await runDeployCommand(
      "deploy",
      [],
      { mode: "content", concurrency: "8", endpoint: emu.url, ca: path.join(dir, "ca.pem") },
      {
        output,
        env: {},
        resolveDesired: (t) => solution(t),
        deployer: { retry: { maxRetries: 4, retryDelayInMs: 1, maxRetryDelayInMs: 2 }, lroPollIntervalMs: 2 },
      },
    );
    expect(code).toBe(1);
    const stdout = out.join("\n");
    expect(stdout).toMatch(
      /FAILED sentinel-rg\/sentinel-ws, westeurope: 5 created, 0 updated, 0 deleted, 0 unchanged, 2 failed, 2 skipped \(/,
    );
    // one block for the one missing permission, however many items it blocked
    expect(stdout.match(/x permission denied/g)).toHaveLength(1);
    expect(stdout).toContain(`x permission denied: ${RULES}/write`);
    expect(stdout).toContain(`scope: ${WS_ID}/providers/${RULES}\n`);
    expect(stdout).toContain("grant: Microsoft Sentinel Contributor");
    expect(stdout).toContain("blocked: 2 item(s) (--verbose lists them)");
    expect(stdout).not.toContain("Fixture rule 1' (create)");
    for (const n of [1, 2]) {
      expect(stdout).toMatch(
        new RegExp(
          `- skipped create Metadata 'Fixture rule ${n} \\(metadata\\)': dependency failed: AnalyticsRule 'Fixture rule ${n}' failed`,
        ),
      );
    }
    expect(kindsStored(emu)).toEqual(["metadata", "metadata", "savedSearches", "tables", "workbooks"]);

    out.length = 0;
    const verbose = await runDeployCommand(
      "deploy",
      [],
      { mode: "content", concurrency: "8", endpoint: emu.url, ca: path.join(dir, "ca.pem"), verbose: true },
      {
        output,
        env: {},
        resolveDesired: (t) => solution(t),
        deployer: { retry: { maxRetries: 4, retryDelayInMs: 1, maxRetryDelayInMs: 2 }, lroPollIntervalMs: 2 },
      },
    );
    expect(verbose).toBe(1);
    const listed = out.join("\n");
    expect(listed).toContain("blocked: 2 item(s):");
    expect(listed).toContain("- AnalyticsRule 'Fixture rule 1' (create)");
    expect(listed).toContain("- AnalyticsRule 'Fixture rule 2' (create)");
  });
});

/**
 * The `plan` / `deploy` command contract: flags, exit codes, JSON / Markdown / text output, the
 * summary printed after a partial failure, and that no secret is ever printed.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { EmulatorHandle } from "@sentinelctl/arm-emulator";
import { DEFAULT_CLIENT_SECRET } from "@sentinelctl/arm-emulator";
import type { DeployMode } from "@sentinelctl/content";
import { type DeployCommandOptions, runDeployCommand } from "../../cli/src/commands/deploy.js";
import type { Output } from "../../cli/src/ui.js";
import type { DesiredSolution, ResolvedTarget } from "../src/index.js";
import { fixtureSolution } from "./fixtures.js";
import { startTestEmulator } from "./helpers.js";

let emu: EmulatorHandle;
let dir: string;
const printed: string[] = [];

beforeAll(async () => {
  emu = await startTestEmulator();
  dir = mkdtempSync(path.join(os.tmpdir(), "sentinelctl-cli-"));
});
afterAll(async () => {
  await emu.close();
});

function capture(): { output: Output; stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    output: {
      progress: () => {},
      done: () => {},
      out: (t) => {
        out.push(t);
        printed.push(t);
      },
      err: (t) => {
        err.push(t);
        printed.push(t);
      },
      color: false,
    },
    stdout: () => out.join("\n"),
    stderr: () => err.join("\n"),
  };
}

const base = (extra: Partial<DeployCommandOptions> = {}): DeployCommandOptions => ({
  mode: "content",
  concurrency: "8",
  endpoint: emu.url,
  ca: path.join(dir, "ca.pem"),
  ...extra,
});

let severity = "Medium";
let broken = false;
const resolveDesired = (t: ResolvedTarget, _mode: DeployMode): DesiredSolution[] => {
  const s = fixtureSolution(t, { rules: 3, ruleOptions: (n) => (n === 1 ? { severity } : {}) });
  if (broken) {
    const r = s.resources.find((x) => x.displayName === "Fixture rule 3")!;
    (r.body.properties as Record<string, unknown>).queryFrequency = "every hour";
  }
  return [s];
};

async function run(kind: "plan" | "deploy", o: DeployCommandOptions, env: NodeJS.ProcessEnv = {}) {
  const c = capture();
  const code = await runDeployCommand(kind, [], o, {
    output: c.output,
    env,
    resolveDesired,
    deployer: {
      retry: { maxRetries: 4, retryDelayInMs: 1, maxRetryDelayInMs: 2, maxRetryAfterMs: 2 },
      lroPollIntervalMs: 2,
    },
  });
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

beforeAll(() => {
  writeFileSync(path.join(dir, "ca.pem"), emu.caCertPem);
});

test("deploy --endpoint URL --ca FILE works with no other flag or environment variable", async () => {
  const first = await run("deploy", base({ json: true }));
  expect(first.stderr).toBe("");
  expect(first.code).toBe(0);
  const summary = JSON.parse(first.stdout);
  expect(summary).toMatchObject({
    kind: "deploy-summary",
    ok: true,
    created: 11,
    updated: 0,
    deleted: 0,
    unchanged: 0,
    failed: 0,
  });
  expect(summary.requests).toBeGreaterThan(10);
  expect(summary.targets[0]).toMatchObject({
    resourceGroup: "sentinel-rg",
    workspace: "sentinel-ws",
    status: "ok",
  });

  const second = await run("deploy", base({ json: true }));
  expect(JSON.parse(second.stdout)).toMatchObject({
    created: 0,
    updated: 0,
    deleted: 0,
    unchanged: 11,
    writes: 0,
  });
});

test("plan --json lists every item with its action", async () => {
  severity = "High";
  const r = await run("plan", base({ json: true }));
  expect(r.code).toBe(0);
  const plan = JSON.parse(r.stdout);
  expect(plan).toMatchObject({ kind: "plan", update: 1, unchanged: 10, create: 0, delete: 0 });
  const items = plan.targets[0].items as Array<{ action: string; displayName: string; changes?: unknown[] }>;
  expect(items).toHaveLength(11);
  expect(items.find((i) => i.action === "update")).toMatchObject({
    displayName: "Fixture rule 1",
    changes: [{ path: "properties.severity", kind: "change", before: "Medium", after: "High" }],
  });
});

test("plan text and Markdown show the field-level change", async () => {
  const text = await run("plan", base());
  expect(text.stdout).toContain("~ update    AnalyticsRule            Fixture rule 1");
  expect(text.stdout).toContain('properties.severity: "Medium" -> "High"');
  expect(text.stdout).toContain("0 to create, 1 to update, 0 to delete, 10 unchanged");
  expect(text.stderr).toContain("using the emulator's seeded workspace");
  const md = await run("plan", base({ markdown: true }));
  expect(md.stdout).toContain("## sentinelctl plan");
  expect(md.stdout).toContain("| ~ | update | AnalyticsRule | Fixture rule 1 | `properties.severity` |");
});

test("a 400 fails its item with the item and field named; the summary shows what was applied", async () => {
  broken = true;
  try {
    const r = await run("deploy", base());
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /FAILED sentinel-rg\/sentinel-ws, westeurope: 0 created, 1 updated, 0 deleted, 9 unchanged, 1 failed \(/,
    );
    expect(r.stdout).toMatch(
      /x AnalyticsRule 'Fixture rule 3' \(update\): The service rejected AnalyticsRule 'Fixture rule 3' at field 'properties\.queryFrequency'/,
    );
    expect(r.stdout).toContain("resource: /subscriptions/");
    expect(r.stdout).toContain('properties.queryFrequency: must match format "duration"');
  } finally {
    broken = false;
  }
});

test("a targets file with a typo: did-you-mean with file:line:col, exit 2", async () => {
  const file = path.join(dir, "targets.yaml");
  writeFileSync(
    file,
    [
      "- name: a",
      "  subscription: 00000000-0000-0000-0000-000000000000",
      "  resourceGroup: sentinel-rg",
      "  workspce: sentinel-ws",
      "",
    ].join("\n"),
  );
  const r = await run("deploy", {
    mode: "content",
    concurrency: "8",
    targets: file,
    endpoint: emu.url,
    ca: base().ca!,
  });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`${file}:4:3: Unknown field 'workspce' in target #1.`);
  expect(r.stderr).toContain("Did you mean 'workspace'?");
});

test("a targets file deploys several workspaces with per-target summaries", async () => {
  const file = path.join(dir, "two.yaml");
  const sub = ["$", "{SUB}"].join(""); // the targets file's own variable syntax
  writeFileSync(
    file,
    [
      "targets:",
      "  - name: good",
      `    subscription: ${sub}`,
      "    resourceGroup: sentinel-rg",
      "    workspace: sentinel-ws",
      "  - name: missing",
      `    subscription: ${sub}`,
      "    resourceGroup: sentinel-rg",
      "    workspace: not-there",
      "",
    ].join("\n"),
  );
  const r = await run(
    "deploy",
    { ...base(), targets: file },
    { SUB: "00000000-0000-0000-0000-000000000000" },
  );
  expect(r.code).toBe(2);
  expect(r.stdout).toMatch(/^ok good \(sentinel-rg\/sentinel-ws, westeurope\): /m);
  expect(r.stdout).toMatch(/^FAILED missing \(sentinel-rg\/not-there\): 0 created/m);
  expect(r.stdout).toContain("error: Workspace 'not-there' not found in resource group 'sentinel-rg'");
  expect(r.stdout).toMatch(/^Total: .* over 2 targets/m);
});

test("usage errors exit 2 with a plain message", async () => {
  expect((await run("plan", base({ mode: "everything" }))).stderr).toContain(
    "--mode must be 'content' or 'package'",
  );
  expect((await run("plan", base({ concurrency: "0" }))).code).toBe(2);
  const mixed = await run("plan", base({ targets: "x.yaml", workspace: "w" }));
  expect(mixed.code).toBe(2);
  expect(mixed.stderr).toContain("--targets cannot be combined");
  const cred = await run("plan", base({ credential: "clii" }));
  expect(cred.stderr).toContain("Did you mean 'cli'?");
  const noTarget = await run("plan", { mode: "content", concurrency: "8" });
  expect(noTarget.code).toBe(2);
  expect(noTarget.stderr).toContain("Missing --subscription, --resource-group, --workspace");
});

test("an untrusted endpoint certificate says to pass --ca", async () => {
  const r = await run("plan", { mode: "content", concurrency: "8", endpoint: emu.url });
  expect(r.code).toBe(2);
  expect(r.stdout + r.stderr).toMatch(/TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted/);
  expect(r.stdout + r.stderr).toContain("--ca FILE");
});

test("credentials: a wrong secret and a missing credential exit 2, never printing the secret", async () => {
  const wrong = await run("plan", base({ credential: "secret" }), {
    AZURE_TENANT_ID: emu.tenantId,
    AZURE_CLIENT_ID: emu.clientId,
    AZURE_CLIENT_SECRET: "wrong-secret-for-test",
  });
  expect(wrong.code).toBe(2);
  expect(wrong.stdout).toContain("AADSTS7000215");
  const none = await run("plan", base({ credential: "env" }));
  expect(none.code).toBe(2);
  expect(none.stdout).toContain("No Azure credential found. Tried: environment variables");
  const missing = await run("plan", base({ credential: "secret" }), { AZURE_CLIENT_SECRET: "x".repeat(10) });
  expect(missing.code).toBe(2);
  expect(missing.stdout + missing.stderr).toContain("needs AZURE_TENANT_ID, AZURE_CLIENT_ID");
});

test("nothing any command printed in this file holds a secret or a token", () => {
  const all = printed.join("\n");
  expect(all.length).toBeGreaterThan(1000);
  expect(all).not.toContain(DEFAULT_CLIENT_SECRET);
  expect(all).not.toContain("wrong-secret-for-test");
  expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  expect(all).not.toMatch(/Bearer [A-Za-z0-9]/);
});

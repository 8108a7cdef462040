/**
 * Both Darktrace solutions, loaded with the real loader and resolved by the real builder, deployed
 * into the emulator through the real SDK clients and a real credential class (no credential
 * configured: the emulator's dev identity through ClientSecretCredential and its Entra endpoints).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EmulatorHandle } from "@sentinelctl/arm-emulator";
import { resolveSolution } from "@sentinelctl/builder";
import { type DeployMode, loadContent, type SolutionModel } from "@sentinelctl/content";
import { type DesiredSolution, deployTargets, planTargets, type ResolvedTarget } from "../src/index.js";
import { armRequests, fastOptions, normalizedState, startTestEmulator, TARGET, writes } from "./helpers.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
let models: SolutionModel[];
let emu: EmulatorHandle;

beforeAll(async () => {
  const loaded = await loadContent([
    path.join(root, "Solutions/Darktrace"),
    path.join(root, "Solutions/AIAnalystDarktrace"),
  ]);
  expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  models = loaded.solutions.filter((m) => m.solution);
  expect(models.map((m) => m.folderName).sort()).toEqual(["AIAnalystDarktrace", "Darktrace"]);
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.close();
});

const desired =
  (mode: DeployMode = "content") =>
  (t: ResolvedTarget): DesiredSolution[] =>
    models.map((m) => ({
      id: m.solution!.data.id,
      name: m.solution!.data.name,
      resources: resolveSolution(m, t, { mode }),
    }));

test("deploy both Darktrace solutions; re-plan shows no change; a second apply writes nothing", async () => {
  const first = await deployTargets([TARGET], desired(), fastOptions(emu));
  expect(first.targets[0]!.error?.message).toBeUndefined();
  expect(first.targets[0]!.failures).toEqual([]);
  expect(first.exitCode).toBe(0);
  const kinds = new Set(first.targets[0]!.plan!.items.map((i) => i.contentKind));
  for (const k of [
    "Table",
    "Parser",
    "HuntingQuery",
    "AnalyticsRule",
    "Workbook",
    "DataConnectorDefinition",
    "DataCollectionRule",
    "Metadata",
  ]) {
    expect(kinds).toContain(k);
  }
  expect(first.totals.created).toBe(first.targets[0]!.plan!.items.length);
  // a real token from the emulator's Entra endpoint
  expect(
    emu
      .requests()
      .some((r) => r.area === "entra" && r.path.endsWith("/oauth2/v2.0/token") && r.status === 200),
  ).toBe(true);

  const plan = await planTargets([TARGET], desired(), fastOptions(emu));
  const c = plan.targets[0]!.plan!.counts;
  expect(c).toEqual({ create: 0, update: 0, delete: 0, unchanged: first.totals.created, kept: 0 });

  emu.resetRequests();
  const again = await deployTargets([TARGET], desired(), fastOptions(emu));
  expect(again.totals).toMatchObject({ created: 0, updated: 0, deleted: 0, failed: 0, writes: 0 });
  expect(writes(emu)).toEqual([]);
  expect(armRequests(emu).every((r) => r.method === "GET")).toBe(true);
});

test("package mode installs the Content Hub package and templates, idempotently", async () => {
  const first = await deployTargets([TARGET], desired("package"), fastOptions(emu, { mode: "package" }));
  expect(first.targets[0]!.failures).toEqual([]);
  expect(first.exitCode).toBe(0);
  const kinds = new Set(first.targets[0]!.plan!.items.map((i) => i.contentKind));
  expect(kinds).toContain("ContentPackage");
  expect(kinds).toContain("ContentTemplate");
  emu.resetRequests();
  const again = await deployTargets([TARGET], desired("package"), fastOptions(emu, { mode: "package" }));
  expect(again.totals).toMatchObject({ created: 0, updated: 0, failed: 0, writes: 0 });
  expect(writes(emu)).toEqual([]);
});

test("under 20% random faults the Darktrace deploy converges to the fault-free state", async () => {
  const [clean, faulty] = await Promise.all([startTestEmulator(), startTestEmulator({ seed: 3 })]);
  try {
    expect((await deployTargets([TARGET], desired(), fastOptions(clean))).exitCode).toBe(0);
    faulty.setFaults({ rate: 0.2 });
    const result = await deployTargets([TARGET], desired(), fastOptions(faulty));
    expect(result.targets[0]!.failures).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(armRequests(faulty).filter((r) => r.fault).length).toBeGreaterThan(5);
    expect(normalizedState(faulty)).toEqual(normalizedState(clean));
  } finally {
    await Promise.all([clean.close(), faulty.close()]);
  }
});

test("prune after removing a rule from the repository deletes exactly that rule and its metadata", async () => {
  const darktrace = models.find((m) => m.folderName === "Darktrace")!;
  const removed = darktrace.analyticRules[0]!;
  const without: SolutionModel = { ...darktrace, analyticRules: darktrace.analyticRules.slice(1) };
  const resolve = (t: ResolvedTarget): DesiredSolution[] =>
    models.map((m) => {
      const model = m === darktrace ? without : m;
      return { id: m.solution!.data.id, resources: resolveSolution(model, t, { mode: "content" }) };
    });
  // content mode again (package mode changed some ownership records): converge first
  expect((await deployTargets([TARGET], desired(), fastOptions(emu))).exitCode).toBe(0);
  emu.resetRequests();
  const result = await deployTargets([TARGET], resolve, fastOptions(emu, { prune: true }));
  expect(result.exitCode).toBe(0);
  const deleted = result.targets[0]!.apply!.results.filter((r) => r.status === "deleted").map((r) => r.item);
  expect(deleted.map((i) => i.contentKind).sort()).toEqual(["AnalyticsRule", "Metadata"]);
  expect(deleted.find((i) => i.contentKind === "AnalyticsRule")!.id).toMatch(
    new RegExp(`/alertRules/${removed.data.id}$`),
  );
  expect(writes(emu).filter((r) => r.method === "DELETE")).toHaveLength(2);
});

describe("the CLI over the repository's content", () => {
  test("sentinelctl deploy Darktrace AIAnalystDarktrace --endpoint URL --ca FILE --json (the real entry point)", async () => {
    const { main } = await import("../../cli/src/main.js");
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const os = await import("node:os");
    const fresh = await startTestEmulator();
    const ca = path.join(mkdtempSync(path.join(os.tmpdir(), "sentinelctl-ca-")), "ca.pem");
    writeFileSync(ca, fresh.caCertPem);
    const chunks: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const cwd = process.cwd();
    try {
      process.chdir(root);
      (process.stdout as unknown as { write: (c: string) => boolean }).write = (c: string) => {
        chunks.push(String(c));
        return true;
      };
      const run = async (...args: string[]) => {
        chunks.length = 0;
        process.exitCode = undefined;
        const code = await main([
          "node",
          "sentinelctl",
          ...args,
          "--endpoint",
          fresh.url,
          "--ca",
          ca,
          "--json",
        ]);
        process.exitCode = undefined;
        return { code, json: JSON.parse(chunks.join("")) as Record<string, unknown> };
      };
      const deployed = await run("deploy", "Darktrace", "AIAnalystDarktrace");
      expect(deployed.code).toBe(0);
      expect(deployed.json).toMatchObject({
        kind: "deploy-summary",
        ok: true,
        updated: 0,
        deleted: 0,
        failed: 0,
      });
      expect(deployed.json.created).toBeGreaterThan(50);
      const planned = await run("plan", "Darktrace", "AIAnalystDarktrace");
      expect(planned.json).toMatchObject({
        kind: "plan",
        create: 0,
        update: 0,
        delete: 0,
        unchanged: deployed.json.created,
      });
      const second = await run("deploy");
      expect(second.json).toMatchObject({ created: 0, updated: 0, writes: 0 });
    } finally {
      (process.stdout as unknown as { write: typeof write }).write = write;
      process.chdir(cwd);
      await fresh.close();
    }
    // three CLI runs, each validating both solutions with Kusto first
  }, 60_000);
});

test("an unknown solution name gets a did-you-mean; paths and names mix", async () => {
  const { runDeployCommand } = await import("../../cli/src/commands/deploy.js");
  const lines: string[] = [];
  const output = {
    progress() {},
    done() {},
    out: (t: string) => lines.push(t),
    err: (t: string) => lines.push(t),
    color: false,
  };
  const base = { mode: "content", concurrency: "8", endpoint: emu.url, json: true } as const;
  const code = await runDeployCommand("plan", ["Darktrac"], { ...base }, { output, cwd: root, env: {} });
  expect(code).toBe(2);
  expect(lines.join("\n")).toContain("Unknown solution 'Darktrac'.");
  expect(lines.join("\n")).toContain("Did you mean 'Darktrace'?");
  lines.length = 0;
  const mixed = await runDeployCommand(
    "plan",
    ["Solutions/Darktrace", "AIAnalystDarktrace"],
    { ...base, ca: undefined },
    { output, cwd: root, env: {}, deployer: { ca: emu.caCertPem } },
  );
  expect(mixed).toBe(0);
  const plan = JSON.parse(lines.join(""));
  const solutions = new Set(plan.targets[0].items.map((i: { solutionId: string }) => i.solutionId));
  expect(solutions.size).toBe(2);
});

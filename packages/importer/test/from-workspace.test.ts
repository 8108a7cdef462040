import path from "node:path";
import type { EmulatorHandle } from "@sentinelctl/arm-emulator";
import { API_VERSIONS } from "@sentinelctl/content";
import { importFromWorkspace, writeFiles } from "@sentinelctl/importer";
import { RG, SUB, WS, WS_ID } from "../../deployer/test/fixtures.js";
import { armClientFor } from "../../deployer/test/helpers.js";
import { type EmulatorTarget, planCounts, runCli, startEmulatorTarget } from "./cli-run.js";
import { REPO } from "./roundtrip.js";

const WORKSPACE = { subscriptionId: SUB, resourceGroup: RG, workspace: WS };
let env: EmulatorTarget;
let emu: EmulatorHandle;
let root: string;
let target: string[];

beforeAll(async () => {
  env = await startEmulatorTarget("sentinelctl-ws-import-");
  ({ emu, root, target } = env);
}, 60_000);

afterAll(() => env?.close());

test("Darktrace: deploy, import from the workspace, plan of the imported folder shows no change", async () => {
  expect((await runCli("deploy", path.join(REPO, "Solutions/Darktrace"), ...target)).code).toBe(0);
  const result = await importFromWorkspace(armClientFor(emu), WORKSPACE);
  expect(result.counts).toEqual({
    analytics: 10,
    connectors: 2,
    hunting: 5,
    parsers: 1,
    workbooks: 2,
    tables: 7,
  });
  // Server-managed fields never reach the files.
  const text = result.files.map((f) => f.content).join("\n");
  expect(text).not.toMatch(/etag|lastModifiedUtc|systemData|timeModified|revision/i);
  expect(result.skipped.map((s) => s.item)).toEqual([
    "solution.yaml description, categories, providers and firstPublishDate",
    "DataConnector 'Darktrace ActiveAI Security Platform' field 'connectionName'",
    "table 'darktrace_model_alerts_CL'",
  ]);
  const dir = path.join(root, "Darktrace");
  await writeFiles(dir, result.files);
  const plan = await runCli("plan", dir, ...target, "--json");
  expect(plan.code).toBe(0);
  expect(planCounts(plan.out)).toEqual({ create: 0, update: 0, delete: 0, unchanged: 58 });
}, 60_000);

test("a second solution in the workspace: its items are another solution's unless named or --include-owned", async () => {
  expect(
    (await runCli("deploy", path.join(REPO, "packages/builder/test/fixtures/AllKinds"), ...target)).code,
  ).toBe(0);
  await expect(importFromWorkspace(armClientFor(emu), WORKSPACE)).rejects.toThrow(/2 sentinelctl solutions/);

  const contoso = await importFromWorkspace(armClientFor(emu), WORKSPACE, {
    solutionId: "contoso.contoso_all_kinds",
  });
  const owned = contoso.skipped.filter((s) => s.reason.includes("--include-owned"));
  expect(owned.length).toBeGreaterThan(20);
  expect(owned.every((s) => s.reason.includes("darktrace1655286944672.darktrace_for_sentinel"))).toBe(true);
  const dir = path.join(root, "AllKinds");
  await writeFiles(dir, contoso.files);
  const plan = await runCli("plan", dir, ...target, "--json");
  expect(plan.code).toBe(0);
  expect(planCounts(plan.out)).toMatchObject({ create: 0, update: 0, delete: 0 });

  const rules = await importFromWorkspace(armClientFor(emu), WORKSPACE, {
    solutionId: "contoso.contoso_all_kinds",
    includeOwned: true,
    kinds: ["analytics"],
    name: "Darktrace*Legacy*",
  });
  expect(rules.counts).toEqual({ analytics: 3 });
}, 60_000);

test("CLI: import --from-workspace writes the folder, validates it, and names its exclusions", async () => {
  const out = path.join(root, "cli-import");
  const withCa = target.filter((a) => a !== "--no-validate");
  const r = await runCli(
    "import",
    "--from-workspace",
    ...withCa,
    "--solution-id",
    "contoso.contoso_all_kinds",
    "--kind",
    "analytics,hunting",
    "--out",
    out,
    "--json",
  );
  expect(r.err).toBe("");
  const doc = JSON.parse(r.out);
  expect(doc.counts).toEqual({ analytics: 2, hunting: 1 });
  // The rules read a table --kind left out: written, but the validation says so (exit 1).
  expect(r.code).toBe(1);
  expect(doc.validation.summary.errors).toBeGreaterThan(0);
  expect(JSON.stringify(doc.validation.diagnostics)).toContain("ContosoAlerts_CL");
  expect(doc.skipped.some((s: { reason: string }) => s.reason.includes("--include-owned"))).toBe(true);

  const untrusted = await runCli(
    "import",
    "--from-workspace",
    "--endpoint",
    emu.url,
    "--out",
    path.join(root, "x"),
  );
  expect(untrusted.code).toBe(2);
  expect(untrusted.err).toMatch(/error: /);
  expect(untrusted.err).not.toMatch(/\n\s+at /);
  const badKind = await runCli(
    "import",
    "--from-workspace",
    ...withCa,
    "--kind",
    "rules",
    "--out",
    path.join(root, "y"),
  );
  expect(badKind.code).toBe(2);
  expect(badKind.err).toContain("Unknown --kind 'rules'");
}, 60_000);

test("a custom table nothing streams into is written as a table file", async () => {
  const client = armClientFor(emu);
  await client.put(`${WS_ID}/tables/LooseNotes_CL`, API_VERSIONS.live.tables, {
    properties: {
      schema: {
        name: "LooseNotes_CL",
        columns: [
          { name: "TimeGenerated", type: "datetime" },
          { name: "Note", type: "string" },
        ],
      },
    },
  });
  const result = await importFromWorkspace(client, WORKSPACE, {
    kinds: ["tables"],
    name: "LooseNotes_CL",
    solutionId: "loose",
  });
  const file = result.files.find((f) => f.path === "tables/LooseNotes_CL.yaml");
  expect(file?.content).toContain("name: Note");
  expect(result.counts.tables).toBe(1);
}, 60_000);

/**
 * `sentinelctl drift` against the emulator: deploy a solution, edit and delete items through the
 * emulator's ARM API (as the portal would), then drift reports exactly those fields and items,
 * exits 1, and --write pulls the live values into the YAML files.
 */
import { cp, readFile } from "node:fs/promises";
import path from "node:path";
import type { EmulatorHandle } from "@sentinelctl/arm-emulator";
import { API_VERSIONS } from "@sentinelctl/content";
import { RG, SUB, WS } from "../../deployer/test/fixtures.js";
import { armClientFor } from "../../deployer/test/helpers.js";
import { type EmulatorTarget, runCli, startEmulatorTarget } from "./cli-run.js";

const FIXTURE = path.resolve(import.meta.dirname, "../../builder/test/fixtures/AllKinds");
const WS_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/${WS}`;
const RULE_ID = `${WS_ID}/providers/Microsoft.SecurityInsights/alertRules/6b3e1f5a-1c44-4b66-9a8e-0a1b2c3d4e5f`;

let env: EmulatorTarget;
let emu: EmulatorHandle;
let root: string;
let dir: string;
let target: string[];

beforeAll(async () => {
  env = await startEmulatorTarget("sentinelctl-drift-");
  ({ emu, root, target } = env);
  dir = path.join(root, "AllKinds");
  await cp(FIXTURE, dir, { recursive: true });
  const deployed = await runCli("deploy", dir, ...target);
  expect(deployed.code).toBe(0);
}, 60_000);

afterAll(() => env?.close());

function driftJson(r: { out: string }) {
  return JSON.parse(r.out) as {
    drift: boolean;
    targets: Array<{ items: Array<{ state: string; contentKind: string; fields: unknown[] }> }>;
    write?: { written: string[]; skipped: Array<{ item: string }> };
  };
}

test("drift: none right after a deploy, then exactly the field edited in the workspace", async () => {
  const clean = await runCli("drift", dir, ...target, "--json");
  expect(clean.code).toBe(0);
  expect(driftJson(clean)).toEqual({ drift: false, targets: [{ target: `${RG}/${WS}`, items: [] }] });

  const client = armClientFor(emu);
  const rule = (await client.get(RULE_ID, API_VERSIONS.live.alertRules))!;
  const props = rule.properties as Record<string, unknown>;
  await client.put(RULE_ID, API_VERSIONS.live.alertRules, {
    kind: rule.kind,
    properties: { ...props, severity: "Low", lastModifiedUtc: "2026-02-01T00:00:00Z" },
  });

  const edited = await runCli("drift", dir, ...target, "--json");
  expect(edited.code).toBe(1);
  const items = driftJson(edited).targets[0]!.items;
  expect(items).toEqual([
    expect.objectContaining({
      state: "changed",
      contentKind: "AnalyticsRule",
      fields: [{ path: "properties.severity", live: "Low", repository: "High" }],
    }),
  ]);
  const text = await runCli("drift", dir, ...target);
  expect(text.code).toBe(1);
  expect(text.out).toContain('properties.severity: live "Low", repository "High"');
}, 60_000);

test("drift --write pulls the live value into the rule's YAML; a deleted item is reported, not written", async () => {
  const client = armClientFor(emu);
  const hunting = (await client.list(`${WS_ID}/savedSearches`, API_VERSIONS.live.savedSearches)).find(
    (s) => (s.properties as { category?: string }).category === "Hunting Queries",
  )!;
  await client.delete(String(hunting.id), API_VERSIONS.live.savedSearches);

  const file = path.join(dir, "analytics/ContosoScheduled.yaml");
  const before = await readFile(file, "utf8");
  const written = await runCli("drift", dir, ...target, "--json", "--write");
  expect(written.code).toBe(1);
  const report = driftJson(written);
  expect(report.targets[0]!.items.map((i) => `${i.state} ${i.contentKind}`).sort()).toEqual([
    "changed AnalyticsRule",
    "missing HuntingQuery",
  ]);
  expect(report.write!.written).toEqual([file]);
  expect(report.write!.skipped.map((s) => s.item)).toEqual(["HuntingQuery 'Contoso - rare severities'"]);
  const after = await readFile(file, "utf8");
  expect(after).toBe(before.replace("severity: High", "severity: Low"));

  const again = await runCli("drift", dir, ...target, "--json");
  expect(driftJson(again).targets[0]!.items.map((i) => `${i.state} ${i.contentKind}`)).toEqual([
    "missing HuntingQuery",
  ]);
}, 60_000);

test("drift --write also writes custom tables and workbooks (title into the YAML, content into the template JSON)", async () => {
  const client = armClientFor(emu);
  const tableId = `${WS_ID}/tables/ContosoAlerts_CL`;
  const table = (await client.get(tableId, API_VERSIONS.live.tables))!;
  await client.put(tableId, API_VERSIONS.live.tables, {
    properties: { ...(table.properties as Record<string, unknown>), retentionInDays: 30 },
  });
  const workbooks = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Insights/workbooks`;
  const query = { category: "sentinel", canFetchContent: "true" };
  const workbook = (await client.list(workbooks, API_VERSIONS.live.workbooks, query))[0]!;
  const wp = workbook.properties as Record<string, unknown>;
  const template = JSON.parse(String(wp.serializedData)) as { items: Array<{ name: string }> };
  template.items = template.items.filter((i) => i.name !== "bracketed");
  await client.put(String(workbook.id), API_VERSIONS.live.workbooks, {
    location: workbook.location,
    kind: workbook.kind,
    properties: { ...wp, displayName: "Contoso at a glance", serializedData: JSON.stringify(template) },
  });

  const tableFile = path.join(dir, "tables/ContosoAlerts_CL.yaml");
  const workbookYaml = path.join(dir, "workbooks/ContosoWorkbook.yaml");
  const workbookJson = path.join(dir, "workbooks/ContosoWorkbook.json");
  const [tableBefore, yamlBefore] = await Promise.all([
    readFile(tableFile, "utf8"),
    readFile(workbookYaml, "utf8"),
  ]);
  const written = await runCli("drift", dir, ...target, "--json", "--write");
  expect(written.code).toBe(1);
  expect(driftJson(written).write!.written.sort()).toEqual([tableFile, workbookJson, workbookYaml].sort());
  expect(await readFile(tableFile, "utf8")).toBe(
    tableBefore.replace("retentionInDays: 90", "retentionInDays: 30"),
  );
  expect(await readFile(workbookYaml, "utf8")).toBe(
    yamlBefore.replace("title: Contoso overview", "title: Contoso at a glance"),
  );
  expect(JSON.parse(await readFile(workbookJson, "utf8")).items.map((i: { name: string }) => i.name)).toEqual(
    ["title", "by-severity"],
  );
  // Written back, the three items no longer drift (the hunting query deleted earlier still does).
  const again = await runCli("drift", dir, ...target, "--json");
  expect(driftJson(again).targets[0]!.items.map((i) => `${i.state} ${i.contentKind}`)).toEqual([
    "missing HuntingQuery",
  ]);
}, 60_000);

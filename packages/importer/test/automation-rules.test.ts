/**
 * Automation rules end to end against the emulator: deploy a solution with one (its condition names
 * a rule of the solution, its action a playbook of the solution), import the workspace into an
 * empty folder (plan of that folder: nothing to change), edit the rule through the emulator's ARM
 * API (drift: exactly that field, exit 1), pull it back with --write, and prune it.
 */
import { cp, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EmulatorHandle } from "@sentinelctl/arm-emulator";
import { API_VERSIONS } from "@sentinelctl/content";
import { RG, SUB, WS } from "../../deployer/test/fixtures.js";
import { armClientFor } from "../../deployer/test/helpers.js";
import { type EmulatorTarget, planCounts, runCli, startEmulatorTarget } from "./cli-run.js";

const FIXTURE = path.resolve(import.meta.dirname, "../../builder/test/fixtures/AllKinds");
const WS_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/${WS}`;
const RULE = "6b3e1f5a-1c44-4b66-9a8e-0a1b2c3d4e5f";
const AUTOMATION = "2d7c4e1a-9b3f-4c8d-8e6a-5f1b0c9d7e3a";
const AUTOMATION_ID = `${WS_ID}/providers/Microsoft.SecurityInsights/automationRules/${AUTOMATION}`;

const AUTOMATION_YAML = `id: ${AUTOMATION}
displayName: Contoso - tag and notify
order: 5
triggeringLogic:
  isEnabled: true
  triggersOn: Incidents
  triggersWhen: Created
  conditions:
    - conditionType: Property
      conditionProperties:
        propertyName: IncidentRelatedAnalyticRuleIds
        operator: Contains
        propertyValues:
          - ${RULE}
actions:
  - order: 1
    actionType: ModifyProperties
    actionConfiguration:
      severity: High
      labels:
        - labelName: Contoso
  - order: 2
    actionType: RunPlaybook
    actionConfiguration:
      logicAppResourceId: Contoso-Notify
`;

let env: EmulatorTarget;
let emu: EmulatorHandle;
let root: string;
let dir: string;
let target: string[];

beforeAll(async () => {
  env = await startEmulatorTarget("sentinelctl-automation-");
  ({ emu, root, target } = env);
  dir = path.join(root, "AllKinds");
  await cp(FIXTURE, dir, { recursive: true });
  await mkdir(path.join(dir, "AutomationRules"));
  await writeFile(path.join(dir, "AutomationRules/TagAndNotify.yaml"), AUTOMATION_YAML, "utf8");
}, 60_000);

afterAll(() => env?.close());

test("deploy resolves the rule and playbook references to the ids Azure expects; a second plan changes nothing", async () => {
  const deployed = await runCli("deploy", dir, ...target);
  expect(deployed.code).toBe(0);
  const live = (await armClientFor(emu).get(AUTOMATION_ID, API_VERSIONS.live.automationRules))!;
  const p = live.properties as {
    triggeringLogic: { conditions: Array<{ conditionProperties: { propertyValues: string[] } }> };
    actions: Array<{ actionConfiguration: Record<string, unknown> }>;
    createdTimeUtc?: string;
  };
  expect(p.triggeringLogic.conditions[0]!.conditionProperties.propertyValues).toEqual([
    `${WS_ID}/providers/Microsoft.SecurityInsights/alertRules/${RULE}`,
  ]);
  expect(p.actions[1]!.actionConfiguration.logicAppResourceId).toBe(
    `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Logic/workflows/Contoso-Notify`,
  );
  // The service decorates the rule; the plan does not count that as a change.
  expect(p.createdTimeUtc).toEqual(expect.any(String));
  const plan = await runCli("plan", dir, ...target, "--json");
  expect(plan.code).toBe(0);
  expect(planCounts(plan.out)).toMatchObject({ create: 0, update: 0, delete: 0 });
}, 60_000);

test("import --from-workspace writes the automation rule without server fields; plan of the imported folder: no change", async () => {
  const out = path.join(root, "imported");
  const withCa = target.filter((a) => a !== "--no-validate");
  const r = await runCli(
    "import",
    "--from-workspace",
    ...withCa,
    "--kind",
    "automation",
    "--out",
    out,
    "--json",
  );
  expect(r.err).toBe("");
  const doc = JSON.parse(r.out);
  expect(doc.counts).toEqual({ AutomationRules: 1 });
  expect(doc.skipped.map((s: { item: string }) => s.item)).not.toContain("automation rules");
  const text = await readFile(path.join(out, "AutomationRules/ContosoTagAndNotify.yaml"), "utf8");
  expect(text).not.toMatch(/createdTimeUtc|lastModifiedTimeUtc|createdBy|lastModifiedBy|etag|systemData/);
  // The rule is named by its id again; the Logic App (no playbook imported) by its resource id.
  expect(text).toContain(`- ${RULE}\n`);
  expect(text).toContain("Microsoft.Logic/workflows/Contoso-Notify");

  const all = path.join(root, "imported-all");
  const every = await runCli("import", "--from-workspace", ...withCa, "--out", all, "--json");
  expect(JSON.parse(every.out).counts.AutomationRules).toBe(1);
  const plan = await runCli("plan", all, ...target, "--json");
  expect(plan.code).toBe(0);
  expect(planCounts(plan.out)).toMatchObject({ create: 0, update: 0, delete: 0 });
}, 60_000);

test("drift shows exactly the field edited in the workspace; --write pulls it into the YAML", async () => {
  const client = armClientFor(emu);
  const live = (await client.get(AUTOMATION_ID, API_VERSIONS.live.automationRules))!;
  const p = live.properties as { triggeringLogic: Record<string, unknown> };
  await client.put(AUTOMATION_ID, API_VERSIONS.live.automationRules, {
    properties: { ...p, triggeringLogic: { ...p.triggeringLogic, isEnabled: false } },
  });
  const drift = await runCli("drift", dir, ...target, "--json");
  expect(drift.code).toBe(1);
  const report = JSON.parse(drift.out) as {
    targets: Array<{ items: Array<{ state: string; contentKind: string; fields: unknown[] }> }>;
  };
  expect(report.targets[0]!.items).toEqual([
    expect.objectContaining({
      state: "changed",
      contentKind: "AutomationRule",
      fields: [{ path: "properties.triggeringLogic.isEnabled", live: false, repository: true }],
    }),
  ]);

  const file = path.join(dir, "AutomationRules/TagAndNotify.yaml");
  const written = await runCli("drift", dir, ...target, "--json", "--write");
  expect(written.code).toBe(1);
  expect(JSON.parse(written.out).write.written).toEqual([file]);
  const after = await readFile(file, "utf8");
  expect(after).toBe(AUTOMATION_YAML.replace("isEnabled: true", "isEnabled: false"));
  const again = await runCli("drift", dir, ...target, "--json");
  expect(again.code).toBe(0);
}, 60_000);

test("deploy --prune deletes an automation rule removed from the repository, with its metadata", async () => {
  await unlink(path.join(dir, "AutomationRules/TagAndNotify.yaml"));
  const plan = await runCli("plan", dir, ...target, "--prune", "--json");
  const items = (
    JSON.parse(plan.out).targets[0].items as Array<{ action: string; contentKind: string }>
  ).filter((i) => i.action === "delete");
  expect(items.map((i) => i.contentKind).sort()).toEqual(["AutomationRule", "Metadata"]);
  expect((await runCli("deploy", dir, ...target, "--prune")).code).toBe(0);
  expect(await armClientFor(emu).get(AUTOMATION_ID, API_VERSIONS.live.automationRules)).toBeUndefined();
}, 60_000);

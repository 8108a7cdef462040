/** Automation rules from a template that deploys them, and from a solution folder. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadContent } from "@sentinelctl/content";
import { importFromPackage, importFromSolution, writeFiles } from "@sentinelctl/importer";
import { parse } from "yaml";
import { REPO } from "./roundtrip.js";

const RULE = "6b3e1f5a-1c44-4b66-9a8e-0a1b2c3d4e5f";
const AUTOMATION = "2d7c4e1a-9b3f-4c8d-8e6a-5f1b0c9d7e3a";

/** An exported template: the workspace a parameter, references built from it, server fields kept. */
const TEMPLATE = {
  $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  contentVersion: "1.0.0.0",
  parameters: { workspace: { type: "string" } },
  resources: [
    {
      type: "Microsoft.OperationalInsights/workspaces/providers/automationRules",
      apiVersion: "2025-12-01",
      name: `[concat(parameters('workspace'), '/Microsoft.SecurityInsights/${AUTOMATION}')]`,
      properties: {
        displayName: "Close informational incidents",
        order: 7,
        triggeringLogic: {
          isEnabled: false,
          triggersOn: "Incidents",
          triggersWhen: "Created",
          conditions: [
            {
              conditionType: "Property",
              conditionProperties: {
                propertyName: "IncidentRelatedAnalyticRuleIds",
                operator: "Contains",
                propertyValues: [
                  `[concat(resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace')), '/providers/Microsoft.SecurityInsights/alertRules/${RULE}')]`,
                ],
              },
            },
          ],
        },
        actions: [
          {
            order: 1,
            actionType: "ModifyProperties",
            actionConfiguration: {
              status: "Closed",
              classification: "BenignPositive",
              classificationReason: "SuspiciousButExpected",
            },
          },
        ],
        createdTimeUtc: "2026-01-01T00:00:00Z",
        lastModifiedTimeUtc: "2026-01-02T00:00:00Z",
        createdBy: { objectId: "00000000-0000-0000-0000-000000000009" },
        lastModifiedBy: { objectId: "00000000-0000-0000-0000-000000000009" },
        futureField: true,
      },
    },
  ],
};

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "sentinelctl-automation-import-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

test("from a template that deploys one: references back to ids, server fields dropped, unknown fields listed", async () => {
  const file = path.join(root, "mainTemplate.json");
  await writeFile(file, JSON.stringify(TEMPLATE));
  const result = await importFromPackage(file);
  expect(result.skipped.map((s) => s.item)).toEqual([
    "Solution manifest",
    "AutomationRule 'Close informational incidents' field 'futureField'",
  ]);
  expect(result.counts).toEqual({ AutomationRules: 1 });
  const written = result.files.find((f) => f.path.startsWith("AutomationRules/"))!;
  expect(written.path).toBe("AutomationRules/CloseInformationalIncidents.yaml");
  expect(parse(written.content)).toEqual({
    id: AUTOMATION,
    displayName: "Close informational incidents",
    order: 7,
    triggeringLogic: {
      isEnabled: false,
      triggersOn: "Incidents",
      triggersWhen: "Created",
      conditions: [TEMPLATE.resources[0]!.properties.triggeringLogic.conditions[0]].map((c) => ({
        ...c,
        conditionProperties: { ...c!.conditionProperties, propertyValues: [RULE] },
      })),
    },
    actions: TEMPLATE.resources[0]!.properties.actions,
  });
  const items = result.skipped.map((s) => s.item);
  expect(items).toContain("AutomationRule 'Close informational incidents' field 'futureField'");
  expect(items.filter((i) => /createdBy|TimeUtc|lastModifiedBy/.test(i))).toEqual([]);
  expect(items.filter((i) => i.includes("automationRules"))).toEqual([]);

  // What was written loads as an automation rule of the model.
  const dir = path.join(root, "out");
  await writeFiles(
    dir,
    result.files.filter((f) => f.path.startsWith("AutomationRules/")),
  );
  const load = await loadContent([dir]);
  expect(load.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(load.solutions[0]!.automationRules.map((r) => r.data.id)).toEqual([AUTOMATION]);
});

test("from a solution folder: automation rules come along unchanged", async () => {
  const fixture = path.join(REPO, "packages/content/test/fixtures/kinds/yaml/Solutions/Kinds");
  const original = (await loadContent([fixture])).solutions[0]!;
  const result = await importFromSolution(fixture);
  expect(result.counts.AutomationRules).toBe(original.automationRules.length);
  const out = path.join(root, "out");
  await writeFiles(out, result.files);
  const again = (await loadContent([out])).solutions[0]!;
  expect(again.automationRules.map((r) => r.data)).toEqual(original.automationRules.map((r) => r.data));
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadContent } from "../src/index.js";

const RULE = `id: 0f4c6a1e-8b2d-4e3f-9a7c-1d2e3f4a5b6c
displayName: Close noisy incidents
order: 5
triggeringLogic:
  isEnabled: true
  triggersOn: Incidents
  triggersWhen: Created
  conditions:
    - conditionType: Property
      conditionProperties:
        propertyName: IncidentTitle
        operator: Contains
        propertyValues: [test]
actions:
  - order: 1
    actionType: ModifyProperties
    actionConfiguration:
      status: Closed
      classification: BenignPositive
      classificationReason: SuspiciousButExpected
`;

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "sentinelctl-automation-"));
  mkdirSync(path.join(root, "AutomationRules"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function loadRule(text: string) {
  writeFileSync(path.join(root, "AutomationRules", "Rule.yaml"), text);
  return loadContent(["AutomationRules"], { cwd: root });
}

test("a file in AutomationRules/ loads as an automation rule", async () => {
  const result = await loadRule(RULE);
  expect(result.diagnostics).toEqual([]);
  expect(result.solutions[0]!.automationRules.map((r) => r.data.displayName)).toEqual([
    "Close noisy incidents",
  ]);
});

test("a misspelt field is reported at its line and column, with the field it resembles", async () => {
  const result = await loadRule(RULE.replace("  triggersWhen: Created", "  triggersWhem: Created"));
  const d = result.diagnostics.find((x) => x.code === "SCHEMA-UNKNOWN-FIELD");
  expect(d).toMatchObject({
    severity: "error",
    file: "AutomationRules/Rule.yaml",
    hint: "Did you mean 'triggersWhen'?",
  });
  expect(d!.range!.start).toEqual({ line: 7, column: 3 });
});

test("an order outside 1..1000 and an unknown trigger value are errors at the value", async () => {
  const result = await loadRule(
    RULE.replace("order: 5", "order: 0").replace("triggersOn: Incidents", "triggersOn: Incident"),
  );
  const found = result.diagnostics.map((d) => [d.code, d.range?.start.line, d.hint]);
  expect(found).toEqual(
    expect.arrayContaining([
      ["SCHEMA-INVALID-VALUE", 3, undefined],
      ["SCHEMA-INVALID-VALUE", 6, "Did you mean 'Incidents'?"],
    ]),
  );
});

test("a misspelt condition or action type is one error on that field, not one per variant", async () => {
  const result = await loadRule(
    RULE.replace("conditionType: Property", "conditionType: Propery").replace(
      "actionType: ModifyProperties",
      "actionType: ModifyProperty",
    ),
  );
  expect(result.diagnostics.map((d) => [d.message, d.range?.start.line, d.hint])).toEqual([
    [
      "triggeringLogic.conditions[0].conditionType must be one of: Property, PropertyChanged, PropertyArrayChanged, PropertyArray, Boolean.",
      9,
      "Did you mean 'Property'?",
    ],
    [
      "actions[0].actionType must be one of: ModifyProperties, RunPlaybook, AddIncidentTask.",
      16,
      "Did you mean 'ModifyProperties'?",
    ],
  ]);
});

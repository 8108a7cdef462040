/** Automation rules in the deployer's pure parts: comparison with the live rule, and apply order. */
import type { ResolvedResource } from "@sentinelctl/content";
import { dependencyMap, diffResource } from "../src/index.js";
import { WS_ID } from "./fixtures.js";

const TYPE = "Microsoft.SecurityInsights/automationRules";
const RULE_ID = `${WS_ID}/providers/Microsoft.SecurityInsights/alertRules/6b3e1f5a-1c44-4b66-9a8e-0a1b2c3d4e5f`;
const LOGIC_APP = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Logic/workflows/Notify";

function desired() {
  return {
    properties: {
      displayName: "Tag",
      order: 2,
      triggeringLogic: {
        isEnabled: true,
        expirationTimeUtc: "2027-01-01T00:00:00Z",
        triggersOn: "Incidents",
        triggersWhen: "Created",
        conditions: [
          {
            conditionType: "Property",
            conditionProperties: {
              propertyName: "IncidentRelatedAnalyticRuleIds",
              operator: "Contains",
              propertyValues: [RULE_ID],
            },
          },
        ],
      },
      actions: [
        {
          order: 1,
          actionType: "ModifyProperties",
          actionConfiguration: { labels: [{ labelName: "a" }, { labelName: "b" }] },
        },
        { order: 2, actionType: "RunPlaybook", actionConfiguration: { logicAppResourceId: LOGIC_APP } },
      ],
    },
  };
}

test("what the service adds or spells its own way is not a change; an edited field is", () => {
  const d = desired();
  const live = structuredClone(d) as { properties: Record<string, unknown> } & Record<string, unknown>;
  const p = live.properties as ReturnType<typeof desired>["properties"];
  Object.assign(live, { id: "x", name: "n", etag: '"1"', systemData: { createdAt: "2026-01-01" } });
  Object.assign(live.properties, {
    createdTimeUtc: "2026-01-01T00:00:00Z",
    lastModifiedTimeUtc: "2026-01-02T00:00:00Z",
    createdBy: { objectId: "o" },
    lastModifiedBy: { objectId: "o" },
  });
  p.triggeringLogic.expirationTimeUtc = "2027-01-01T00:00:00.000Z";
  p.triggeringLogic.conditions[0]!.conditionProperties.propertyValues = [RULE_ID.toLowerCase()];
  // Actions carry their own order and labels are a set: the service may list them otherwise.
  p.actions = [
    {
      ...p.actions[1]!,
      actionConfiguration: {
        logicAppResourceId: LOGIC_APP,
        tenantId: "8c1e2b4a-0000-4000-8000-000000000001",
      },
    },
    { ...p.actions[0]!, actionConfiguration: { labels: [{ labelName: "b" }, { labelName: "a" }] } },
  ] as typeof p.actions;
  expect(diffResource(TYPE, d, live)).toEqual([]);

  p.triggeringLogic.isEnabled = false;
  p.triggeringLogic.expirationTimeUtc = "2027-01-01T00:00:01Z";
  expect(diffResource(TYPE, d, live).map((c) => c.path)).toEqual([
    "properties.triggeringLogic.isEnabled",
    "properties.triggeringLogic.expirationTimeUtc",
  ]);
});

test("an automation rule is written after the analytics rules of the same deploy its conditions name", () => {
  const resource = (id: string, contentKind: string, body: Record<string, unknown>) =>
    ({
      id,
      type: TYPE,
      apiVersion: "v",
      contentKind,
      contentId: id,
      displayName: id,
      phase: 0,
      body,
    }) as ResolvedResource;
  const automation = resource(
    `${WS_ID}/providers/Microsoft.SecurityInsights/automationRules/a`,
    "AutomationRule",
    desired(),
  );
  const rule = resource(RULE_ID, "AnalyticsRule", {});
  expect(dependencyMap([rule, automation]).get(automation.id.toLowerCase())).toEqual([RULE_ID]);
  // A rule that is not being deployed cannot fail: no dependency on it.
  expect(dependencyMap([automation]).size).toBe(0);
});

/**
 * An automationRules resource back to the repository's automation rule YAML: the API's
 * `properties` plus the rule's id, with the references the builder resolves written back as ids
 * (an analytics rule of the workspace by its rule id, a Logic App of a known playbook by the
 * playbook's id). Server-managed fields (created/modified time and by, etag, systemData) are left out.
 */
import {
  ANALYTIC_RULE_ID_PROPERTIES,
  analyticRuleIdOf,
  isArmResourceId,
  type WorkspaceRef,
  workspaceResourceId,
} from "@sentinelctl/content";
import { compact } from "./files.js";
import type { Leftovers } from "./from-package.js";
import { isObject, type JsonObject, type PackageEntry, type PackageResource } from "./read-package.js";

/** The fields of an automation rule's `properties` the model holds. */
export const AUTOMATION_RULE_FIELDS = ["displayName", "order", "triggeringLogic", "actions"];

export interface AutomationRuleRefs {
  /** The workspace the rule lives in: its analytics rules' ids are written as bare rule ids. */
  workspace: WorkspaceRef;
  /** Logic App resource id (lower-cased) -> id of the playbook of the solution that deploys it. */
  playbooks?: ReadonlyMap<string, string>;
}

function ruleIdsBack(conditions: unknown, rulesOf: string): unknown {
  if (!Array.isArray(conditions)) return conditions;
  return conditions.map((c) => {
    if (!isObject(c) || !isObject(c.conditionProperties)) return c;
    const p = { ...c.conditionProperties };
    if (
      c.conditionType === "Property" &&
      ANALYTIC_RULE_ID_PROPERTIES.has(String(p.propertyName)) &&
      Array.isArray(p.propertyValues)
    ) {
      p.propertyValues = p.propertyValues.map((v) =>
        typeof v === "string" && isArmResourceId(v) && v.toLowerCase().startsWith(rulesOf)
          ? analyticRuleIdOf(v)
          : v,
      );
    }
    if (Array.isArray(p.innerConditions)) p.innerConditions = ruleIdsBack(p.innerConditions, rulesOf);
    if (Array.isArray(p.itemConditions)) p.itemConditions = ruleIdsBack(p.itemConditions, rulesOf);
    return { ...c, conditionProperties: p };
  });
}

function playbooksBack(actions: unknown, playbooks: ReadonlyMap<string, string>): unknown {
  if (!Array.isArray(actions)) return actions;
  return actions.map((a) => {
    if (!isObject(a) || a.actionType !== "RunPlaybook" || !isObject(a.actionConfiguration)) return a;
    const id = a.actionConfiguration.logicAppResourceId;
    const playbook = typeof id === "string" ? playbooks.get(id.toLowerCase()) : undefined;
    return playbook
      ? { ...a, actionConfiguration: { ...a.actionConfiguration, logicAppResourceId: playbook } }
      : a;
  });
}

export function automationRuleYaml(
  entry: PackageEntry,
  r: PackageResource,
  left: Leftovers,
  refs: AutomationRuleRefs,
): JsonObject {
  const p = r.properties;
  left.check(`AutomationRule '${entry.displayName}'`, p, AUTOMATION_RULE_FIELDS);
  const rulesOf =
    `${workspaceResourceId(refs.workspace)}/providers/Microsoft.SecurityInsights/alertRules/`.toLowerCase();
  const logic = isObject(p.triggeringLogic) ? p.triggeringLogic : undefined;
  return {
    ...compact({
      id: entry.contentId,
      displayName: p.displayName ?? entry.displayName,
      order: p.order,
      triggeringLogic: logic
        ? compact({ ...logic, conditions: ruleIdsBack(logic.conditions, rulesOf) })
        : undefined,
    }),
    // Required, even when empty.
    actions: playbooksBack(p.actions ?? [], refs.playbooks ?? new Map()),
  };
}

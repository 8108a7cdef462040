/**
 * An automation rule as the automationRules API takes it (api-version 2025-12-01): the model's
 * fields are the API's `properties`, except for the references, which the repository writes as
 * ids and Azure needs as resource ids.
 */
import {
  type AutomationRule,
  type DeployTarget,
  isArmResourceId,
  kindResourceId,
  mapRuleIdValues,
  type PlaybookItem,
} from "@sentinelctl/content";

/**
 * The Logic App a playbook of the solution deploys: the name its template gives the workflow
 * (a literal, or a parameter's default value), else the playbook's id (the name V3 packages use).
 */
export function logicAppName(item: PlaybookItem): string {
  const tpl = (item.template?.value ?? {}) as {
    parameters?: Record<string, { defaultValue?: unknown }>;
    resources?: unknown;
  };
  const resources = Array.isArray(tpl.resources) ? (tpl.resources as Array<Record<string, unknown>>) : [];
  const workflow = resources.find((r) => String(r.type ?? "").toLowerCase() === "microsoft.logic/workflows");
  const name = typeof workflow?.name === "string" ? workflow.name : "";
  const param = /^\[parameters\('([^']+)'\)\]$/.exec(name)?.[1];
  if (param) {
    const value = tpl.parameters?.[param]?.defaultValue;
    if (typeof value === "string" && value && !value.startsWith("[")) return value;
  } else if (name && !name.startsWith("[")) {
    return name;
  }
  return item.data.id;
}

/**
 * The `properties` of the automationRules resource for one workspace. A condition on analytics
 * rule ids names rules by id: each becomes the rule's resource id in that workspace (Azure matches
 * on the full id). A RunPlaybook action naming a playbook of the solution gets the resource id of
 * the Logic App that playbook deploys in the target resource group.
 */
export function automationRuleProperties(
  rule: AutomationRule,
  target: DeployTarget,
  playbooks: readonly PlaybookItem[],
): Record<string, unknown> {
  const resolved = mapRuleIdValues(rule, (value) =>
    isArmResourceId(value) ? value : kindResourceId("AnalyticsRule", target, value),
  );
  const { id: _id, ...properties } = resolved;
  return {
    ...properties,
    actions: properties.actions.map((a) => {
      if (a.actionType !== "RunPlaybook") return a;
      const ref = a.actionConfiguration.logicAppResourceId;
      const playbook = isArmResourceId(ref) ? undefined : playbooks.find((p) => p.data.id === ref);
      if (!playbook) return a;
      const logicAppResourceId = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.Logic/workflows/${logicAppName(playbook)}`;
      return { ...a, actionConfiguration: { ...a.actionConfiguration, logicAppResourceId } };
    }),
  };
}

/**
 * References inside automation rules, shared by the validator (are they known?), the builder (to
 * ARM ids) and the importer (back to repository ids).
 */

import {
  ANALYTIC_RULE_ID_PROPERTIES,
  type AutomationRule,
  type AutomationRuleCondition,
} from "./schemas/index.js";
import type { Path } from "./source.js";

/** A value of a condition on analytics rule ids, where it is written and the rule id it names. */
export interface RuleIdReference {
  value: string;
  /** Path of the value inside the automation rule's data. */
  path: Path;
  /** The rule's id: the last segment of an alertRules ARM id, or the value itself. */
  ruleId: string;
}

const ALERT_RULE_ID = /\/providers\/Microsoft\.SecurityInsights\/alertRules\/([^/]+)$/i;

/** Whether a value is a full ARM resource id (as opposed to a repository id). */
export function isArmResourceId(value: string): boolean {
  return /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\//i.test(value);
}

/** The analytics rule id a condition value names (a bare rule id, or an alertRules ARM id). */
export function analyticRuleIdOf(value: string): string {
  return ALERT_RULE_ID.exec(value)?.[1] ?? value;
}

function walk(conditions: readonly AutomationRuleCondition[], at: Path, out: RuleIdReference[]): void {
  conditions.forEach((c, i) => {
    const here: Path = [...at, i, "conditionProperties"];
    if (
      c.conditionType === "Property" &&
      ANALYTIC_RULE_ID_PROPERTIES.has(c.conditionProperties.propertyName)
    ) {
      c.conditionProperties.propertyValues.forEach((value, j) => {
        out.push({ value, path: [...here, "propertyValues", j], ruleId: analyticRuleIdOf(value) });
      });
    } else if (c.conditionType === "Boolean") {
      walk(c.conditionProperties.innerConditions, [...here, "innerConditions"], out);
    } else if (c.conditionType === "PropertyArray") {
      walk(c.conditionProperties.itemConditions, [...here, "itemConditions"], out);
    }
  });
}

/** Every analytics rule id the rule's conditions name, in document order. */
export function ruleIdReferences(rule: AutomationRule): RuleIdReference[] {
  const out: RuleIdReference[] = [];
  walk(rule.triggeringLogic.conditions ?? [], ["triggeringLogic", "conditions"], out);
  return out;
}

/** Rewrites every analytics-rule-id condition value (a copy; the rule is not changed). */
export function mapRuleIdValues(rule: AutomationRule, map: (value: string) => string): AutomationRule {
  const copy = JSON.parse(JSON.stringify(rule)) as AutomationRule;
  const rewrite = (conditions: AutomationRuleCondition[]) => {
    for (const c of conditions) {
      if (
        c.conditionType === "Property" &&
        ANALYTIC_RULE_ID_PROPERTIES.has(c.conditionProperties.propertyName)
      ) {
        c.conditionProperties.propertyValues = c.conditionProperties.propertyValues.map(map);
      } else if (c.conditionType === "Boolean") rewrite(c.conditionProperties.innerConditions);
      else if (c.conditionType === "PropertyArray") rewrite(c.conditionProperties.itemConditions);
    }
  };
  rewrite(copy.triggeringLogic.conditions ?? []);
  return copy;
}

/** The RunPlaybook actions' Logic App references, with their paths. */
export function playbookReferences(rule: AutomationRule): Array<{ value: string; path: Path }> {
  return rule.actions.flatMap((a, i) =>
    a.actionType === "RunPlaybook"
      ? [
          {
            value: a.actionConfiguration.logicAppResourceId,
            path: ["actions", i, "actionConfiguration", "logicAppResourceId"],
          },
        ]
      : [],
  );
}

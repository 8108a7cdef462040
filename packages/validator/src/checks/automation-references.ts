import { didYouMean, isArmResourceId, playbookReferences, ruleIdReferences } from "@sentinelctl/content";
import { at, defineCheck } from "./types.js";

const LOGIC_APP_ID = /\/providers\/(Microsoft\.Logic\/workflows|Microsoft\.Web\/sites)\/[^/]+$/i;

export const automationPlaybookReference = defineCheck({
  meta: {
    code: "AUTOMATION-PLAYBOOK-REF",
    severity: "error",
    category: "automation",
    doc: "A RunPlaybook action names a playbook of the solution (by its id) or the full ARM id of a Logic App (Microsoft.Logic/workflows or Microsoft.Web/sites).",
  },
  run(ctx) {
    const playbooks = ctx.model.playbooks.map((p) => p.data.id);
    for (const rule of ctx.model.automationRules) {
      for (const ref of playbookReferences(rule.data)) {
        if (isArmResourceId(ref.value)) {
          if (LOGIC_APP_ID.test(ref.value)) continue;
          ctx.report({
            at: at(rule, ref.path),
            message: `'${ref.value}' is not the id of a Logic App.`,
            hint: "A RunPlaybook action runs a Microsoft.Logic/workflows (or Microsoft.Web/sites) resource.",
          });
          continue;
        }
        if (playbooks.includes(ref.value)) continue;
        const guess = didYouMean(ref.value, playbooks);
        ctx.report({
          at: at(rule, ref.path),
          message: `Playbook '${ref.value}' is not a playbook of this solution.`,
          hint: guess
            ? `Did you mean '${guess}'?`
            : "Give the id of a playbook in playbooks/, or the full ARM id of the Logic App (/subscriptions/.../providers/Microsoft.Logic/workflows/<name>).",
        });
      }
    }
  },
});

export const automationRuleReference = defineCheck({
  meta: {
    code: "AUTOMATION-RULE-REF",
    severity: "warning",
    category: "automation",
    doc: "Analytics rule ids in an automation rule's conditions (IncidentRelatedAnalyticRuleIds, AlertAnalyticRuleIds) are rules of the repository; a rule that is not is a warning (it may live only in the workspace).",
  },
  run(ctx) {
    const known = new Map<string, string>();
    for (const model of ctx.project.solutions) {
      for (const r of model.analyticRules) known.set(r.data.id.toLowerCase(), r.data.name);
    }
    for (const rule of ctx.model.automationRules) {
      for (const ref of ruleIdReferences(rule.data)) {
        if (known.has(ref.ruleId.toLowerCase())) continue;
        ctx.report({
          at: at(rule, ref.path),
          message: `Analytics rule '${ref.ruleId}' is not a rule of this repository.`,
          hint: "Check the id; a rule that exists only in the workspace is fine, but this one cannot be checked.",
        });
      }
    }
  },
});

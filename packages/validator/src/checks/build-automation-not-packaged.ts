import { at, defineCheck } from "./types.js";

/**
 * Content Hub packages have no place for automation rules: Microsoft's packaging tool takes none
 * (its data file lists rules, hunting queries, parsers, workbooks, playbooks, connectors and
 * watchlists), and a package's contentTemplates carry none. `deploy` in content mode deploys them.
 */
export const buildAutomationNotPackaged = defineCheck({
  meta: {
    code: "BUILD-AUTOMATION-NOT-PACKAGED",
    severity: "info",
    category: "package",
    doc: "Automation rules are left out of the Content Hub package (packages carry none); `deploy` in content mode deploys them to a workspace.",
    alwaysInBuild: true,
  },
  run(ctx) {
    if (!ctx.model.solution) return;
    for (const rule of ctx.model.automationRules) {
      ctx.report({
        at: at(rule, ["id"]),
        message: `Automation rule '${rule.data.displayName}' is not part of the package: Content Hub packages carry no automation rules.`,
        hint: "Deploy it with `sentinelctl deploy` (content mode); nothing is wrong with the rule.",
      });
    }
  },
});

import { DAY, MINUTE, parseDuration } from "@sentinelctl/content";
import { at, defineCheck } from "./types.js";

export const ruleIncidentGrouping = defineCheck({
  meta: {
    code: "RULE-INCIDENT-GROUPING",
    severity: "error",
    category: "rule",
    alwaysInBuild: true,
    doc: "Incident grouping must refer to mapped entity types and defined custom details, and look back 5 minutes to 7 days.",
  },
  run(ctx) {
    for (const rule of ctx.model.analyticRules) {
      const g = rule.data.incidentConfiguration?.groupingConfiguration;
      if (!g) continue;
      const base = ["incidentConfiguration", "groupingConfiguration"];
      if (g.lookbackDuration !== undefined) {
        const ms = parseDuration(g.lookbackDuration);
        if (ms === undefined || ms < 5 * MINUTE || ms > 7 * DAY) {
          ctx.report({
            at: at(rule, [...base, "lookbackDuration"]),
            message: `lookbackDuration '${g.lookbackDuration}' must be a duration between 5 minutes and 7 days (e.g. 5h, PT5H).`,
          });
        }
      }
      const mapped = new Set((rule.data.entityMappings ?? []).map((m) => m.entityType));
      (g.groupByEntities ?? []).forEach((e, i) => {
        if (!mapped.has(e)) {
          ctx.report({
            at: at(rule, [...base, "groupByEntities", i]),
            message: `Incidents are grouped by ${e} entities, but the rule maps no ${e} entity.`,
          });
        }
      });
      const details = new Set(Object.keys(rule.data.customDetails ?? {}));
      (g.groupByCustomDetails ?? []).forEach((d, i) => {
        if (!details.has(d)) {
          ctx.report({
            at: at(rule, [...base, "groupByCustomDetails", i]),
            message: `Incidents are grouped by custom detail '${d}', which customDetails does not define.`,
          });
        }
      });
      if (
        g.enabled &&
        g.matchingMethod === "Selected" &&
        !g.groupByEntities?.length &&
        !g.groupByAlertDetails?.length &&
        !g.groupByCustomDetails?.length
      ) {
        ctx.report({
          at: at(rule, [...base, "matchingMethod"]),
          message:
            "matchingMethod Selected needs groupByEntities, groupByAlertDetails or groupByCustomDetails.",
        });
      }
    }
  },
});

import { DAY, formatDuration, MINUTE, parseDuration } from "@sentinelctl/content";
import { at, defineCheck } from "./types.js";

const MIN = 5 * MINUTE;
const MAX = 14 * DAY;
const HINT = "Write a number with a unit (5m, 1h, 14d) or an ISO 8601 duration (PT5M, PT1H, P14D).";

export const ruleQuerySchedule = defineCheck({
  meta: {
    code: "RULE-QUERY-FREQUENCY",
    severity: "error",
    category: "rule",
    doc: "queryFrequency and queryPeriod must be durations (5m, 1h, 14d or ISO PT5M) between 5 minutes and 14 days; suppressionDuration, when given, must be a duration too.",
    parity: "B.2 queryFrequency, queryPeriod",
    alwaysInBuild: true,
  },
  run(ctx) {
    for (const rule of ctx.model.analyticRules) {
      const suppression = rule.data.suppressionDuration;
      if (suppression !== undefined && parseDuration(suppression) === undefined) {
        ctx.report({
          at: at(rule, ["suppressionDuration"]),
          message: `suppressionDuration '${suppression}' is not a duration.`,
          hint: HINT,
        });
      }
      if (rule.data.kind !== "Scheduled") continue;
      for (const field of ["queryFrequency", "queryPeriod"] as const) {
        const text = rule.data[field];
        const ms = parseDuration(text);
        if (ms === undefined) {
          ctx.report({
            at: at(rule, [field]),
            message: `${field} '${text}' is not a duration.`,
            hint: HINT,
          });
        } else if (ms < MIN || ms > MAX) {
          ctx.report({
            at: at(rule, [field]),
            message: `${field} ${formatDuration(ms)} is outside the allowed range of 5 minutes to 14 days.`,
          });
        }
      }
    }
  },
});

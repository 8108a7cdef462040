import { DAY, formatDuration, HOUR, parseDuration } from "@sentinelctl/content";
import { at, defineCheck } from "./types.js";

export const rulePeriodFrequency = defineCheck({
  meta: {
    code: "RULE-QUERY-PERIOD",
    severity: "error",
    category: "rule",
    doc: "queryPeriod must be at least queryFrequency, and a queryPeriod of 2 days or more needs a queryFrequency of at least 1 hour.",
    parity: "B.2 period vs frequency",
  },
  run(ctx) {
    for (const rule of ctx.model.analyticRules) {
      if (rule.data.kind !== "Scheduled") continue;
      const freq = parseDuration(rule.data.queryFrequency);
      const period = parseDuration(rule.data.queryPeriod);
      if (freq === undefined || period === undefined) continue;
      if (period < freq) {
        ctx.report({
          at: at(rule, ["queryPeriod"]),
          message: `queryPeriod ${formatDuration(period)} is shorter than queryFrequency ${formatDuration(freq)}: events between runs would never be looked at.`,
          hint: `Set queryPeriod to at least ${formatDuration(freq)}.`,
        });
      } else if (period >= 2 * DAY && freq < HOUR) {
        ctx.report({
          at: at(rule, ["queryFrequency"]),
          message: `A queryPeriod of ${formatDuration(period)} (2 days or more) needs a queryFrequency of at least 1h (got ${formatDuration(freq)}).`,
        });
      }
    }
  },
});

import { didYouMean } from "@sentinelctl/content";
import { at, defineCheck } from "./types.js";
import { PLACEHOLDER, rulesOf } from "./util.js";

/** AlertProperty of the SecurityInsights API (AlertRules.json, 2025-12-01). */
const ALERT_PROPERTIES = [
  "AlertLink",
  "ConfidenceLevel",
  "ConfidenceScore",
  "ExtendedLinks",
  "ProductName",
  "ProviderName",
  "ProductComponentName",
  "RemediationSteps",
  "Techniques",
];

export const ruleAlertDetails = defineCheck({
  meta: {
    code: "RULE-ALERT-DETAILS",
    severity: "error",
    category: "rule",
    doc: "alertDetailsOverride formats: display name 1–256 characters, description 1–5000, each with at most 3 {{column}} placeholders; dynamic properties the API knows.",
    parity: "B.2 alertDetailsOverride",
  },
  run(ctx) {
    for (const rule of rulesOf(ctx.model)) {
      if (rule.kind !== "analyticRule") continue;
      const o = rule.data.alertDetailsOverride;
      if (!o) continue;
      (o.alertDynamicProperties ?? []).forEach((p, i) => {
        if (!ALERT_PROPERTIES.includes(p.alertProperty)) {
          const guess = didYouMean(p.alertProperty, ALERT_PROPERTIES);
          ctx.report({
            at: at(rule, ["alertDetailsOverride", "alertDynamicProperties", i, "alertProperty"]),
            message: `'${p.alertProperty}' is not an alert property that can be overridden.`,
            hint: guess ? `Did you mean '${guess}'?` : `One of: ${ALERT_PROPERTIES.join(", ")}.`,
          });
        }
      });
      const limits = [
        ["alertDisplayNameFormat", 256],
        ["alertDescriptionFormat", 5000],
      ] as const;
      for (const [field, max] of limits) {
        const text = o[field];
        if (text === undefined) continue;
        if (text.trim().length === 0 || text.length > max) {
          ctx.report({
            at: at(rule, ["alertDetailsOverride", field]),
            message: `${field} must be 1 to ${max} characters (got ${text.length}).`,
          });
        }
        const n = [...text.matchAll(PLACEHOLDER)].length;
        if (n > 3) {
          ctx.report({
            at: at(rule, ["alertDetailsOverride", field]),
            message: `${field} has ${n} {{placeholders}}; at most 3 are allowed.`,
            hint: "Combine values in the query (strcat) and reference the combined column.",
          });
        }
      }
    }
  },
});

import { at, defineCheck } from "./types.js";
import { COLUMN_NAME, rulesOf } from "./util.js";

const KEY = /^[a-zA-Z]+\w*$/;

export const ruleCustomDetails = defineCheck({
  meta: {
    code: "RULE-CUSTOM-DETAILS",
    severity: "error",
    category: "rule",
    doc: "customDetails: at most 20 entries; keys ≤20 characters matching ^[a-zA-Z]+\\w*$; values are column names (≤500 characters).",
    parity: "B.2 customDetails",
  },
  run(ctx) {
    for (const item of rulesOf(ctx.model)) {
      const details = item.data.customDetails;
      if (!details) continue;
      const keys = Object.keys(details);
      if (keys.length > 20) {
        ctx.report({
          at: at(item, ["customDetails"], "key"),
          message: `customDetails has ${keys.length} entries; at most 20 are allowed.`,
        });
      }
      for (const key of keys) {
        if (key.length > 20 || !KEY.test(key)) {
          ctx.report({
            at: at(item, ["customDetails", key], "key"),
            message: `customDetails key '${key}' must start with a letter, contain only letters, digits and _, and be at most 20 characters.`,
          });
        }
        const value = details[key];
        if (typeof value !== "string" || value.length > 500 || !COLUMN_NAME.test(value)) {
          ctx.report({
            at: at(item, ["customDetails", key]),
            message: `customDetails value '${String(value)}' must be a column name (letters, digits, _; at most 500 characters).`,
          });
        }
      }
    }
  },
});

import { at, defineCheck } from "./types.js";
import { isBareQuery, rulesOf } from "./util.js";

export const ruleFieldLengths = defineCheck({
  meta: {
    code: "RULE-FIELD-LENGTH",
    severity: "error",
    category: "rule",
    doc: "Rule name ≤256 characters, description ≤5000, query 1–10000 (the service rejects longer ones).",
    parity: "B.2 name, description, query lengths",
  },
  run(ctx) {
    for (const item of rulesOf(ctx.model)) {
      if (isBareQuery(item)) continue;
      const limits: Array<[string, string, number, number]> = [
        ["name", item.data.name, 1, 256],
        ["description", item.data.description, 1, 5000],
        ["query", item.data.query, 1, 10000],
      ];
      for (const [field, value, min, max] of limits) {
        const len = typeof value === "string" ? (value.trim().length === 0 ? 0 : value.length) : 0;
        if (len < min || len > max) {
          ctx.report({
            at: at(item, [field]),
            message:
              len < min
                ? `${field} is empty.`
                : `${field} is ${len} characters long; at most ${max} are allowed.`,
          });
        }
      }
    }
  },
});

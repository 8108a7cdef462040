import { at, defineCheck } from "./types.js";
import { COLUMN_NAME, rulesOf } from "./util.js";

export const ruleEntityLimits = defineCheck({
  meta: {
    code: "RULE-ENTITY-LIMITS",
    severity: "error",
    category: "rule",
    doc: "entityMappings: 1 to 10 mappings, each with 1 to 3 fieldMappings whose columnName is a column name (≤500 characters).",
    parity: "B.2 entityMappings (newest limits: 10 mappings, 3 identifiers)",
  },
  run(ctx) {
    for (const item of rulesOf(ctx.model)) {
      const mappings = item.data.entityMappings;
      if (!mappings) continue;
      if (mappings.length === 0 || mappings.length > 10) {
        ctx.report({
          at: at(item, ["entityMappings"], "key"),
          message: `entityMappings has ${mappings.length} entries; between 1 and 10 are allowed${mappings.length === 0 ? " (remove the key instead of leaving it empty)" : ""}.`,
        });
      }
      mappings.forEach((m, i) => {
        const n = m.fieldMappings.length;
        if (n === 0 || n > 3) {
          ctx.report({
            at: at(item, ["entityMappings", i, "fieldMappings"], "key"),
            message: `The ${m.entityType} mapping has ${n} fieldMappings; between 1 and 3 are allowed.`,
            hint: n > 3 ? "Split it into two mappings of the same entity type." : undefined,
          });
        }
        m.fieldMappings.forEach((f, j) => {
          if (f.columnName.length > 500 || !COLUMN_NAME.test(f.columnName)) {
            ctx.report({
              at: at(item, ["entityMappings", i, "fieldMappings", j, "columnName"]),
              message: `columnName '${f.columnName}' must be a plain column name (letters, digits, _).`,
            });
          }
        });
      });
    }
  },
});

import { at, defineCheck } from "./types.js";
import { resultSchemaOf, rulesOf } from "./util.js";

export const ruleColumnTypes = defineCheck({
  meta: {
    code: "RULE-COLUMN-TYPE",
    severity: "warning",
    category: "rule",
    doc: "Override and entity columns need a suitable type: severity and tactics overrides are strings; entity identifiers are scalars, not dynamic.",
  },
  run(ctx) {
    for (const item of rulesOf(ctx.model)) {
      const columns = resultSchemaOf(ctx.queriesOf(item));
      if (!columns) continue;
      if (item.kind === "analyticRule") {
        const o = item.data.alertDetailsOverride;
        const sev = o?.alertSeverityColumnName;
        if (
          typeof sev === "string" &&
          columns.has(sev) &&
          !["string", "unknown"].includes(columns.get(sev)!)
        ) {
          ctx.report({
            at: at(item, ["alertDetailsOverride", "alertSeverityColumnName"]),
            message: `Severity column '${sev}' is ${columns.get(sev)}; it must be a string holding Informational, Low, Medium or High.`,
            severity: "error",
          });
        }
        const tac = o?.alertTacticsColumnName;
        if (
          typeof tac === "string" &&
          columns.has(tac) &&
          !["string", "dynamic", "unknown"].includes(columns.get(tac)!)
        ) {
          ctx.report({
            at: at(item, ["alertDetailsOverride", "alertTacticsColumnName"]),
            message: `Tactics column '${tac}' is ${columns.get(tac)}; it must be a string (comma-separated tactics) or a dynamic array.`,
            severity: "error",
          });
        }
      }
      (item.data.entityMappings ?? []).forEach((m, i) => {
        m.fieldMappings.forEach((f, j) => {
          if (columns.get(f.columnName) === "dynamic") {
            ctx.report({
              at: at(item, ["entityMappings", i, "fieldMappings", j, "columnName"]),
              message: `Entity column '${f.columnName}' is dynamic; ${m.entityType}.${f.identifier} expects a single value.`,
              hint: `Convert it in the query: extend ${f.columnName} = tostring(${f.columnName}).`,
            });
          }
        });
      });
    }
  },
});

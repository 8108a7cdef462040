import { at, defineCheck } from "./types.js";
import { isBareQuery, mainQuery, rulesOf, tableOfDataType } from "./util.js";

export const ruleDataTypesCoverage = defineCheck({
  meta: {
    code: "RULE-DATATYPES-COVERAGE",
    severity: "warning",
    category: "rule",
    doc: "The tables a rule's query reads and the dataTypes of its requiredDataConnectors should agree (Content Hub shows the rule as usable from them).",
  },
  run(ctx) {
    for (const item of rulesOf(ctx.model)) {
      const required = item.data.requiredDataConnectors;
      if (isBareQuery(item) || !required || required.length === 0) continue;
      const q = mainQuery(ctx.queriesOf(item));
      if (!q || q.analysis.diagnostics.some((d) => d.severity === "error")) continue;
      const listed = new Set(
        required.flatMap((r) => r.dataTypes.map((d) => tableOfDataType(d).toLowerCase())),
      );
      const read = q.analysis.referencedTables;
      const calls = q.analysis.referencedFunctions.map((f) => f.toLowerCase());
      // A listed parser stands for the tables it reads.
      const viaListedFunction = calls.some((f) => listed.has(f));
      const missing = viaListedFunction ? [] : read.filter((t) => !listed.has(t.toLowerCase()));
      if (missing.length) {
        ctx.report({
          at: at(item, ["requiredDataConnectors"], "key"),
          message: `The query reads ${missing.map((t) => `'${t}'`).join(", ")}, which no requiredDataConnectors entry lists.`,
          hint: "List every table the query needs, so that Content Hub shows which connectors the rule depends on.",
        });
      }
      const readLower = new Set([...read.map((t) => t.toLowerCase()), ...calls]);
      if (read.length === 0 && calls.length === 0) continue;
      required.forEach((r, i) => {
        r.dataTypes.forEach((dt, j) => {
          if (!readLower.has(tableOfDataType(dt).toLowerCase())) {
            ctx.report({
              at: at(item, ["requiredDataConnectors", i, "dataTypes", j]),
              message: `Data type '${dt}' is listed but the query does not read it.`,
              severity: "info",
            });
          }
        });
      });
    }
  },
});

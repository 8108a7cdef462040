import { at, defineCheck } from "./types.js";

export const tableTimeGenerated = defineCheck({
  meta: {
    code: "TABLE-TIMEGENERATED",
    severity: "error",
    category: "table",
    alwaysInBuild: true,
    doc: "Every declared table must have a TimeGenerated column of type datetime (Log Analytics requires it; rules filter on it).",
  },
  run(ctx) {
    for (const t of ctx.model.tables) {
      const i = t.data.columns.findIndex((c) => c.name === "TimeGenerated");
      if (i === -1) {
        const other = t.data.columns.findIndex((c) => c.name.toLowerCase() === "timegenerated");
        ctx.report({
          at: other >= 0 ? at(t, ["columns", other, "name"]) : at(t, ["columns"], "key"),
          message:
            other >= 0
              ? `Column '${t.data.columns[other]!.name}' must be spelled TimeGenerated.`
              : `Table ${t.data.name} declares no TimeGenerated column.`,
          hint: "Add { name: TimeGenerated, type: datetime }.",
        });
      } else if (t.data.columns[i]!.type !== "datetime") {
        ctx.report({
          at: at(t, ["columns", i, "type"]),
          message: `TimeGenerated must be datetime (got ${t.data.columns[i]!.type}).`,
        });
      }
    }
  },
});

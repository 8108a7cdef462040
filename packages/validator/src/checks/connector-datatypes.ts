import { at, defineCheck } from "./types.js";
import { tableOfDataType } from "./util.js";

export const connectorDataTypes = defineCheck({
  meta: {
    code: "CONNECTOR-DATATYPE",
    severity: "error",
    category: "connector",
    doc: "A connector's dataTypes should be declared or built-in tables or parsers (a wrong-case table name is an error), and its queries should read only those tables.",
    parity: "B.4 dataTypes names",
  },
  run(ctx) {
    for (const c of ctx.model.dataConnectors) {
      const names = new Set<string>();
      let unknown = false;
      (c.data.dataTypes ?? []).forEach((d, i) => {
        const table = tableOfDataType(d.name);
        names.add(table.toLowerCase());
        if (/\s/.test(table)) {
          ctx.report({
            at: at(c, ["dataTypes", i, "name"]),
            message: `Data type '${d.name}' contains spaces.`,
          });
        } else if (!ctx.schema.hasTable(table) && !ctx.schema.hasFunction(table)) {
          unknown = true;
          const other = ctx.schema.tableIgnoringCase(table);
          // Microsoft's CI does not tie data types to tables; an unknown one is worth a look, not a failure.
          ctx.report({
            at: at(c, ["dataTypes", i, "name"]),
            message: `Data type '${d.name}' is not a declared or built-in table${other ? ` (did you mean '${other}'?)` : ""}.`,
            hint: "Declare the table in the solution's tables/ folder (or in the repository's CustomTables).",
            severity: other ? "error" : "warning",
          });
        }
      });
      // Queries reading other tables than the declared data types (skipped when a data type is itself wrong).
      for (const r of unknown ? [] : ctx.queriesOf(c)) {
        if (r.site.role === "dcrTransform" || r.analysis.diagnostics.some((d) => d.severity === "error"))
          continue;
        const foreign = r.analysis.referencedTables.filter((t) => !names.has(t.toLowerCase()));
        if (foreign.length) {
          ctx.report({
            at: { source: r.site.source, path: r.site.path },
            message: `The ${r.site.label} reads ${foreign.map((t) => `'${t}'`).join(", ")}, which is not among the connector's dataTypes.`,
            severity: "warning",
          });
        }
      }
    }
  },
});

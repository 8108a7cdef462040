import { at, defineCheck } from "./types.js";

/** Columns Log Analytics adds to every table; a custom table cannot declare them. */
const RESERVED = new Set([
  "tenantid",
  "type",
  "_resourceid",
  "_subscriptionid",
  "_itemid",
  "_billedsize",
  "_isbillable",
  "_timereceived",
  "_internal_workspaceresourceid",
]);

export const tableName = defineCheck({
  meta: {
    code: "TABLE-NAME",
    severity: "error",
    category: "table",
    alwaysInBuild: true,
    doc: "Custom tables end in _CL (at most 63 characters); their columns are unique (case-insensitively) and do not redeclare Log Analytics' reserved columns.",
  },
  run(ctx) {
    for (const t of ctx.model.tables) {
      const name = t.data.name;
      if (!name.endsWith("_CL")) {
        ctx.report({
          at: at(t, ["name"]),
          message: `Custom table '${name}' must end in _CL${name.toLowerCase().endsWith("_cl") ? " (upper case)" : ""}.`,
        });
      } else if (name.length > 63) {
        ctx.report({
          at: at(t, ["name"]),
          message: `Table name '${name}' is ${name.length} characters long; at most 63 are allowed.`,
        });
      }
      const seen = new Map<string, number>();
      t.data.columns.forEach((c, i) => {
        const lower = c.name.toLowerCase();
        if (seen.has(lower)) {
          ctx.report({
            at: at(t, ["columns", i, "name"]),
            message: `Column '${c.name}' is declared twice (column names are unique regardless of case).`,
          });
        }
        seen.set(lower, i);
        if (!t.data.classic && RESERVED.has(lower)) {
          ctx.report({
            at: at(t, ["columns", i, "name"]),
            message: `Column '${c.name}' is a reserved Log Analytics column; the service adds it, a table cannot declare it.`,
            hint: "Remove it from the declaration; queries can still use it.",
          });
        }
      });
    }
  },
});

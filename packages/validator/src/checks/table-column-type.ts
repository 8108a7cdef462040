import { CUSTOM_TABLE_COLUMN_TYPES } from "@sentinelctl/content";
import { at, defineCheck } from "./types.js";

const SUPPORTED = new Set<string>(CUSTOM_TABLE_COLUMN_TYPES);

export const tableColumnType = defineCheck({
  meta: {
    code: "TABLE-COLUMN-TYPE",
    severity: "error",
    category: "table",
    doc: `Columns of a custom table have a type the Tables API and DCR streams accept (${CUSTOM_TABLE_COLUMN_TYPES.join(", ")}); timespan and decimal are Kusto types a custom table cannot hold.`,
    alwaysInBuild: true,
  },
  run(ctx) {
    for (const t of ctx.model.tables) {
      t.data.columns.forEach((col, i) => {
        if (SUPPORTED.has(col.type)) return;
        ctx.report({
          at: at(t, ["columns", i, "type"]),
          message: `Column '${col.name}' has type '${col.type}', which custom tables do not support.`,
          hint: `Use ${CUSTOM_TABLE_COLUMN_TYPES.join(", ")}.`,
        });
      });
    }
  },
});

import { streamedTables } from "../packaging/streams.js";
import { at, defineCheck } from "./types.js";

export const buildTableUnused = defineCheck({
  meta: {
    code: "BUILD-TABLE-UNUSED",
    severity: "warning",
    category: "package",
    alwaysInBuild: true,
    doc: "A declared (non-classic) table that no push connector streams into is left out of the package (`sentinelctl deploy` still creates it); classic tables are declared for validation only.",
  },
  run(ctx) {
    const streamed = streamedTables(ctx.model);
    for (const t of ctx.model.tables) {
      if (t.data.classic || streamed.has(t.data.name.toLowerCase())) continue;
      ctx.report({
        at: at(t, ["name"]),
        message: `Table '${t.data.name}' is not in the package: no push connector streams into it (\`sentinelctl deploy\` still creates it).`,
        hint: "Mark it `classic: true` if it is a legacy table declared for validation only.",
      });
    }
  },
});

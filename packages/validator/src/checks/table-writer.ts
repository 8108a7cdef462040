import { streamedTables } from "../packaging/streams.js";
import { at, defineCheck } from "./types.js";

export const tableWriter = defineCheck({
  meta: {
    code: "TABLE-NO-WRITER",
    severity: "warning",
    category: "table",
    doc: "A declared custom (DCR-based) table that no push connector streams into has no writer: it is created by a deploy, but nothing in the solution sends rows to it, and the package `build` writes leaves it out.",
    alwaysInBuild: true,
  },
  run(ctx) {
    const written = streamedTables(ctx.model);
    const seen = new Set<string>();
    for (const t of ctx.model.tables) {
      const name = t.data.name.toLowerCase();
      // a table declared twice is the loader's finding; warn once, at the first declaration
      if (t.data.classic || written.has(name) || seen.has(name)) continue;
      seen.add(name);
      ctx.report({
        at: at(t, ["name"]),
        message: `Table ${t.data.name} has no writer: no push connector in this solution streams into it.`,
        hint: "Add a CcfPush connector stream for it, or mark it `classic: true` if a legacy (Data Collector API) source fills it.",
      });
    }
  },
});

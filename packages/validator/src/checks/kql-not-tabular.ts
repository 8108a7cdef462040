import { defineCheck } from "./types.js";

export const kqlNotTabular = defineCheck({
  meta: {
    code: "KQL-NOT-TABULAR",
    severity: "error",
    category: "kql",
    doc: "Rule, hunting, parser, workbook and connector queries must end in a tabular expression (a query of only `let` statements returns nothing).",
    parity: "B.1 (`| count` appended to function bodies)",
  },
  run(ctx) {
    for (const r of ctx.queries) {
      const a = r.analysis;
      // Unknown output (a recursive or undeclared function) is not "no table"; errors speak for themselves.
      if (a.resultColumns !== null || a.resultIsOpen || a.diagnostics.some((d) => d.severity === "error"))
        continue;
      const text = r.site.analysed;
      const lastLine = Math.max(0, text.trimEnd().lastIndexOf("\n") + 1);
      ctx.report({
        at: { query: r, start: lastLine, length: text.trimEnd().length - lastLine },
        message: `The ${r.site.label} does not return a table.`,
        hint: "End it with a tabular expression (the last statement must not be a `let`).",
      });
    }
  },
});

import { defineCheck } from "./types.js";
import { mainQuery } from "./util.js";

/**
 * Near-real-time rules run every minute over newly ingested data. Checked here:
 * - the query must read at least one workspace table (error);
 * - `union *` / `search *` over every table (error: NRT queries must name their tables);
 * - cross-resource `workspace()` / `app()` / `resource()` (warning: older Sentinel versions reject
 *   cross-workspace NRT queries; current documentation allows several workspaces).
 * Not checkable offline: the per-workspace limit on the number of NRT rules.
 */
export const ruleNrt = defineCheck({
  meta: {
    code: "RULE-NRT-QUERY",
    severity: "error",
    category: "rule",
    doc: "NRT rule queries must read at least one named table, not every table (union * / search *); cross-workspace calls are flagged.",
  },
  run(ctx) {
    for (const rule of ctx.model.analyticRules) {
      if (rule.data.kind !== "NRT") continue;
      const q = mainQuery(ctx.queriesOf(rule));
      if (!q) continue;
      const text = q.site.analysed;
      const wildcard = /\b(union|search)\s+(?:kind\s*=\s*\w+\s+)?(?:withsource\s*=\s*\w+\s+)?\*/.exec(text);
      if (wildcard) {
        ctx.report({
          at: { query: q, start: wildcard.index, length: wildcard[0].length },
          message: `NRT rules cannot run '${wildcard[1]} *' over every table; name the tables.`,
        });
      }
      const cross = /\b(workspace|app|resource)\s*\(/.exec(text);
      if (cross && !/^\s*\/\//.test(text.slice(text.lastIndexOf("\n", cross.index) + 1, cross.index))) {
        ctx.report({
          at: { query: q, start: cross.index, length: cross[0].length - 1 },
          message: `Cross-resource ${cross[1]}() in an NRT rule: not every Sentinel workspace runs cross-workspace NRT queries.`,
          severity: "warning",
        });
      }
      const errors = q.analysis.diagnostics.some((d) => d.severity === "error");
      if (!errors && !wildcard && q.analysis.referencedTables.length === 0) {
        ctx.report({
          at: {
            query: q,
            start: 0,
            length: Math.min(text.length, text.indexOf("\n") === -1 ? text.length : text.indexOf("\n")),
          },
          message:
            "This NRT rule's query reads no workspace table; NRT rules run over newly ingested rows of the tables they read.",
        });
      }
    }
  },
});

import { type DiagnosticSeverity, didYouMean } from "@sentinelctl/content";
import type { QueryResult } from "../pipeline/query-sites.js";
import { type CheckContext, defineCheck } from "./types.js";

/** Kusto's best-practice analyzers (KS5xx). */
export function isBestPractice(code: string): boolean {
  return /^KS5\d\d$/.test(code);
}

/**
 * Severity policy for analyser findings:
 * - syntax and semantic errors (unknown table KS204, unknown name KS142, type errors…): error;
 * - other analyser warnings: warning;
 * - best-practice analyzers (KS5xx: `has` over `contains`, join kind, …): info by default. Microsoft's
 *   CI has its best-practice checker switched off, and community-style queries trip these often, so
 *   they inform without failing `--max-warnings 0`. Raise them with `checks: { KQL-KS5*: warning }`.
 */
export function kqlSeverity(code: string, severity: DiagnosticSeverity): DiagnosticSeverity {
  if (isBestPractice(code)) return "info";
  return severity;
}

/** "Did you mean" for an unknown name (KS142: columns of the tables the query reads) or table (KS204). */
function suggestion(ctx: CheckContext, r: QueryResult, code: string, message: string): string | undefined {
  const name = /'([^']+)'/.exec(message)?.[1];
  if (!name) return undefined;
  let guess: string | undefined;
  if (code === "KS204") guess = didYouMean(name, ctx.schema.tableNames());
  if (code === "KS142") {
    const columns = r.analysis.referencedTables.flatMap((t) =>
      (ctx.schema.columnsOf(t) ?? []).map((c) => c.name),
    );
    guess = didYouMean(name, columns);
  }
  return guess && guess !== name ? `Did you mean '${guess}'?` : undefined;
}

export const kqlDiagnostics = defineCheck({
  meta: {
    code: "KQL-*",
    severity: "error",
    category: "kql",
    doc: "Findings of the Kusto analyser on every query (KQL-KSnnn: syntax, unknown tables/columns/functions, types; KQL-KS5nn best practice, info by default), mapped to the source line and column.",
    parity: "B.1 KQL validation",
  },
  run(ctx) {
    for (const r of ctx.queries) {
      for (const d of r.analysis.diagnostics) {
        // Watchlist schemas are unknown until deployment (Microsoft's CI exempts these too).
        if (d.severity !== "info" && d.message.includes("_GetWatchlist")) continue;
        const code = d.code.startsWith("KQL-") ? d.code : `KQL-${d.code}`;
        const hint = suggestion(ctx, r, d.code, d.message);
        ctx.report({
          code,
          at: { query: r, start: d.start, length: d.length },
          message: `${d.message} (in ${r.site.label})`,
          severity: kqlSeverity(d.code, d.severity),
          ...(hint ? { hint } : {}),
        });
      }
    }
  },
});

import type { AnyContentItem, Diagnostic, Range, SolutionModel, SourceDocument } from "@sentinelctl/content";
import { CHECKS } from "../checks/registry.js";
import type { Check, CheckContext, Report, Where } from "../checks/types.js";
import type { ProjectIndex, SolutionSchema } from "./project.js";
import type { QueryResult, QuerySite } from "./query-sites.js";

/** The registered checks whose code matches one of `only` (every check without it). */
export function selectChecks(only?: readonly string[]): readonly Check[] {
  return only ? CHECKS.filter((c) => only.some((o) => matchCode(c.meta.code, o))) : CHECKS;
}

function matchCode(code: string, pattern: string): boolean {
  const p = pattern.toUpperCase();
  const c = code.toUpperCase();
  if (p.endsWith("*"))
    return c.startsWith(p.slice(0, -1)) || (c.endsWith("*") && p.startsWith(c.slice(0, -1)));
  return c === p || (c.endsWith("*") && p.startsWith(c.slice(0, -1)));
}

export interface SolutionFacts {
  model: SolutionModel;
  project: ProjectIndex;
  schema: SolutionSchema;
  /** The solution's analysed queries, in model order. */
  queries: readonly QueryResult[];
}

/**
 * Runs checks over one solution; their findings (before configuration) are appended to `out`. A
 * check that throws becomes a VALIDATOR-INTERNAL finding, and the other checks still run.
 */
export function runChecks(facts: SolutionFacts, checks: readonly Check[], out: Diagnostic[]): void {
  const { model, project, queries } = facts;
  const byItem = new Map<AnyContentItem, QueryResult[]>();
  for (const r of queries) byItem.set(r.site.item, [...(byItem.get(r.site.item) ?? []), r]);
  for (const check of checks) {
    const ctx: CheckContext = {
      model,
      project,
      // A getter: the schema is only worked out when a check asks for it.
      get schema() {
        return facts.schema;
      },
      queries,
      queriesOf: (item) => byItem.get(item) ?? [],
      connector: (id) => {
        const own = model.dataConnectors.find((c) => c.data.id.toLowerCase() === id.toLowerCase());
        return own ?? project.connectors.get(id.toLowerCase())?.item;
      },
      report: (r: Report) => out.push(toDiagnostic(check, r)),
    };
    try {
      check.run(ctx);
    } catch (e) {
      out.push({
        code: "VALIDATOR-INTERNAL",
        severity: "error",
        message: `Check ${check.meta.code} failed on this solution: ${(e as Error).message ?? String(e)}`,
        file: model.solution?.source.file ?? model.folderName,
        hint: "This is a bug in sentinelctl; the other checks still ran.",
      });
    }
  }
}

function toDiagnostic(check: Check, r: Report): Diagnostic {
  const { source, range } = rangeOfWhere(r.at);
  const d: Diagnostic = {
    code: r.code ?? check.meta.code,
    severity: r.severity ?? check.meta.severity,
    message: r.message,
  };
  if (source) d.file = source.file;
  if (range) d.range = range;
  if (r.hint) d.hint = r.hint;
  return d;
}

function rangeOfWhere(where: Where): { source?: SourceDocument; range?: Range } {
  if ("query" in where) {
    const site = where.query.site;
    return { source: site.source, range: queryRange(site, where.start, where.length) };
  }
  if ("range" in where) return { source: where.source, range: where.range };
  return { source: where.source, range: where.source.range(where.path, where.which ?? "value") };
}

/** Maps a span of the analysed text back to the source file. */
export function queryRange(site: QuerySite, start: number, length: number): Range {
  const s = site.toTextOffset(start);
  if (s === undefined) return site.source.range(site.syntheticPath ?? site.path, "key");
  const e = length > 0 ? (site.toTextOffset(start + length - 1) ?? s) + 1 : s;
  return site.source.textRange(site.path, s, Math.max(0, e - s), site.text);
}

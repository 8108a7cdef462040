import type { AnalyticRuleItem, HuntingQueryItem, SolutionModel } from "@sentinelctl/content";
import type { QueryResult } from "../pipeline/query-sites.js";

export type RuleLike = AnalyticRuleItem | HuntingQueryItem;

/** Analytics rules and hunting queries (the detection-YAML shaped items). */
export function rulesOf(model: SolutionModel): RuleLike[] {
  return [...model.analyticRules, ...model.huntingQueries];
}

/** True when the item came from a plain .kql file (no YAML around the query). */
export function isBareQuery(item: RuleLike): boolean {
  return item.source.wholeTextIsValue;
}

/** The analysis of the item's main query, when it produced a usable result schema. */
export function resultSchemaOf(results: readonly QueryResult[]): Map<string, string> | undefined {
  const main = results.find((r) => r.site.role === "analyticRule" || r.site.role === "huntingQuery");
  if (!main) return undefined;
  const a = main.analysis;
  if (!a.resultColumns || a.resultIsOpen || a.diagnostics.some((d) => d.severity === "error"))
    return undefined;
  return new Map(a.resultColumns.map((c) => [c.name, c.type]));
}

export function mainQuery(results: readonly QueryResult[]): QueryResult | undefined {
  return results.find((r) => r.site.role === "analyticRule" || r.site.role === "huntingQuery");
}

/** Finds a plain word (identifier) in a query, outside comments; returns its offsets. */
export function findIdentifier(text: string, word: string): number[] {
  const out: number[] = [];
  const re = new RegExp(
    `(?<![A-Za-z0-9_])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9_])`,
    "g",
  );
  for (const m of text.matchAll(re)) {
    const lineStart = text.lastIndexOf("\n", m.index) + 1;
    const before = text.slice(lineStart, m.index);
    if (before.includes("//")) continue;
    out.push(m.index ?? 0);
  }
  return out;
}

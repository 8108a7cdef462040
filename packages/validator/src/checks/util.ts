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

/** The item's main query (a rule's or hunting query's `query`). */
export function mainQuery(results: readonly QueryResult[]): QueryResult | undefined {
  return results.find((r) => r.site.role === "analyticRule" || r.site.role === "huntingQuery");
}

/** The output columns of the item's main query, when it produced a usable result schema. */
export function resultSchemaOf(results: readonly QueryResult[]): Map<string, string> | undefined {
  const a = mainQuery(results)?.analysis;
  if (!a?.resultColumns || a.resultIsOpen || a.diagnostics.some((d) => d.severity === "error"))
    return undefined;
  return new Map(a.resultColumns.map((c) => [c.name, c.type]));
}

/** `CommonSecurityLog (Darktrace)` names the table CommonSecurityLog. */
export function tableOfDataType(name: string): string {
  return name.replace(/\s*\(.*\)\s*$/, "").trim();
}

/** A column name as rule fields (entity mappings, custom details) may give it. */
export const COLUMN_NAME = /^[a-zA-Z_]+\w*$/;

/** `{{column}}` placeholders of alertDetailsOverride formats. */
export const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

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

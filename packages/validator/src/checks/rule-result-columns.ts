import type { Path } from "@sentinelctl/content";
import { didYouMean } from "@sentinelctl/content";
import { at, type CheckContext, defineCheck } from "./types.js";
import { mainQuery, PLACEHOLDER, type RuleLike, resultSchemaOf, rulesOf } from "./util.js";

/** Every place a rule names a column of its query's result. */
export function columnReferences(
  item: ReturnType<typeof rulesOf>[number],
): Array<{ column: string; path: Path; what: string }> {
  const refs: Array<{ column: string; path: Path; what: string }> = [];
  for (const [i, m] of (item.data.entityMappings ?? []).entries()) {
    for (const [j, f] of m.fieldMappings.entries()) {
      refs.push({
        column: f.columnName,
        path: ["entityMappings", i, "fieldMappings", j, "columnName"],
        what: `${m.entityType}.${f.identifier} entity mapping`,
      });
    }
  }
  for (const [key, column] of Object.entries(item.data.customDetails ?? {})) {
    if (typeof column === "string")
      refs.push({ column, path: ["customDetails", key], what: `custom detail '${key}'` });
  }
  if (item.kind === "analyticRule") {
    const o = item.data.alertDetailsOverride;
    for (const field of ["alertDisplayNameFormat", "alertDescriptionFormat"] as const) {
      const text = o?.[field];
      if (!text) continue;
      for (const m of text.matchAll(PLACEHOLDER))
        refs.push({
          column: m[1]!.trim(),
          path: ["alertDetailsOverride", field],
          what: `{{${m[1]}}} in ${field}`,
        });
    }
    for (const field of ["alertSeverityColumnName", "alertTacticsColumnName"] as const) {
      const c = o?.[field];
      if (typeof c === "string" && c)
        refs.push({ column: c, path: ["alertDetailsOverride", field], what: field });
    }
    for (const [i, p] of (o?.alertDynamicProperties ?? []).entries()) {
      refs.push({
        column: p.value,
        path: ["alertDetailsOverride", "alertDynamicProperties", i, "value"],
        what: `dynamic property ${p.alertProperty}`,
      });
    }
  }
  return refs;
}

export const ruleResultColumns = defineCheck({
  meta: {
    code: "RULE-COLUMN-MISSING",
    severity: "error",
    category: "rule",
    doc: "Entity mappings, custom details, {{placeholders}} and severity/tactics/dynamic-property overrides must name columns the query outputs.",
  },
  run(ctx) {
    for (const item of rulesOf(ctx.model)) {
      const columns = resultSchemaOf(ctx.queriesOf(item));
      if (!columns) {
        reportOpenResult(ctx, item);
        continue;
      }
      for (const ref of columnReferences(item)) {
        if (columns.has(ref.column)) continue;
        const exactOther = [...columns.keys()].find((c) => c.toLowerCase() === ref.column.toLowerCase());
        const guess = exactOther ?? didYouMean(ref.column, columns.keys());
        ctx.report({
          at: at(item, ref.path),
          message: `${ref.what[0]!.toUpperCase()}${ref.what.slice(1)} uses column '${ref.column}', which the query does not output.`,
          hint: guess
            ? `Did you mean '${guess}'?${exactOther ? " Column names are case-sensitive." : ""}`
            : `Output it from the query (project/extend ${ref.column} = ...).`,
        });
      }
    }
  },
});

/** Says so when the columns are not checked because the query's output is open (not when it has errors). */
function reportOpenResult(ctx: CheckContext, item: RuleLike): void {
  const a = mainQuery(ctx.queriesOf(item))?.analysis;
  const refs = columnReferences(item);
  if (!a?.resultIsOpen || refs.length === 0 || a.diagnostics.some((d) => d.severity === "error")) return;
  ctx.report({
    at: at(item, ["query"], "key"),
    severity: "info",
    message: `The query's output is partly unknown (it reads an open table or a function without declared columns): the ${refs.length} column(s) its entity mappings and details name are not checked.`,
  });
}

import { at, defineCheck } from "./types.js";
import { findIdentifier, mainQuery, rulesOf } from "./util.js";

const LEGACY = [
  "AccountCustomEntity",
  "HostCustomEntity",
  "IPCustomEntity",
  "URLCustomEntity",
  "ProcessCustomEntity",
  "FileHashCustomEntity",
];

export const ruleLegacyEntityColumns = defineCheck({
  meta: {
    code: "RULE-LEGACY-ENTITY-COLUMN",
    severity: "error",
    category: "rule",
    doc: "A query that produces a legacy *CustomEntity column must map it in entityMappings (the old implicit mapping no longer exists).",
    parity: "B.2 legacy columns",
  },
  run(ctx) {
    for (const item of rulesOf(ctx.model)) {
      if (item.kind !== "analyticRule") continue;
      const q = mainQuery(ctx.queriesOf(item));
      const mapped = new Set(
        (item.data.entityMappings ?? []).flatMap((m) => m.fieldMappings.map((f) => f.columnName)),
      );
      for (const name of LEGACY) {
        const hits = findIdentifier(item.data.query, name);
        if (!hits.length || mapped.has(name)) continue;
        const where = q ? { query: q, start: hits[0]!, length: name.length } : at(item, ["query"]);
        ctx.report({
          at: where,
          message: `The query produces ${name}, but no entity mapping uses it.`,
          hint: `Map it, e.g. entityType ${name.replace("CustomEntity", "")} with identifier ${hintIdentifier(name)} and columnName ${name}.`,
        });
      }
    }
  },
});

function hintIdentifier(column: string): string {
  switch (column) {
    case "AccountCustomEntity":
      return "FullName";
    case "HostCustomEntity":
      return "HostName";
    case "IPCustomEntity":
      return "Address";
    case "URLCustomEntity":
      return "Url";
    case "ProcessCustomEntity":
      return "ProcessId";
    default:
      return "Algorithm and Value";
  }
}

import type { Workbook } from "@sentinelctl/content";
import type { Json } from "../arm/expr.js";
import { dropNullsAndEmptyArrays, toCompactJson } from "../util/json.js";

/** The gallery template as `serializedData`: nulls and empty arrays dropped, compact JSON (as V3). */
export function serializedData(template: Record<string, unknown>): string {
  return toCompactJson(dropNullsAndEmptyArrays(template));
}

/** Dependencies of a workbook's metadata: its tables (DataType) and connectors, AND-ed (as V3). */
export function workbookDependencies(wb: Workbook): Json | undefined {
  // Tables first, then connectors: the order of the official packages (darktrace-content.md 6).
  const criteria: Json[] = [
    ...wb.dataTypes.map((t) => ({ contentId: t, kind: "DataType" })),
    ...wb.dataConnectors.map((id) => ({ contentId: id, kind: "DataConnector" })),
  ];
  return criteria.length ? { operator: "AND", criteria } : undefined;
}

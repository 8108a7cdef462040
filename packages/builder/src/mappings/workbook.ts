import type { Workbook } from "@sentinelctl/content";
import type { Json } from "../arm/expr.js";
import { dropNullsAndEmptyArrays, toCompactJson } from "../util/json.js";

/** The gallery template as `serializedData`: nulls and empty arrays dropped, compact JSON (as V3). */
export function serializedData(template: Record<string, unknown>): string {
  return toCompactJson(dropNullsAndEmptyArrays(template));
}

/** Is this value a workbook gallery template (what the Workbooks API stores)? */
export function galleryTemplateProblem(value: unknown): string | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return "is not a JSON object";
  const v = value as Record<string, unknown>;
  if (typeof v.version !== "string" || !v.version.startsWith("Notebook/")) {
    return 'has no "version": "Notebook/1.0" (export it from the workbook editor\'s Advanced Editor, Gallery Template view)';
  }
  if (!Array.isArray(v.items)) return 'has no "items" array';
  return undefined;
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

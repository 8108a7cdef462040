/** Names, ids and the conditions and placement every kind of workbook item shares. */
import { createHash } from "node:crypto";

/** The usual time-range parameter: query items are scoped to it unless told otherwise. */
export const TIMEFRAME = "Timeframe";

export const WORKBOOK_SCHEMA =
  "https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json";
export const LOG_ANALYTICS = "microsoft.operationalinsights/workspaces";

/** A GUID-shaped id derived from the seed (sha-256), stable across runs and machines. */
export function stableId(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  // Shape it as an RFC 4122 version-8 (custom) UUID so that tools expecting a GUID accept it.
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A workbook that the kit can tell is broken (duplicate item names, undefined parameters, ...). */
export class WorkbookKitError extends Error {}

export type Comparison = "isEqualTo" | "isNotEqualTo";

export interface Condition {
  parameterName: string;
  comparison: Comparison;
  value?: string;
}

/** Shows an item only when a parameter equals (or differs from) a value. */
export function when(parameterName: string, value: string, comparison: Comparison = "isEqualTo"): Condition {
  return { parameterName, comparison, value };
}

/** Shows an item only once a parameter has been set (for example by a grid selection). */
export function whenSet(parameterName: string): Condition {
  return { parameterName, comparison: "isNotEqualTo" };
}

export interface Placement {
  /** Width as a percentage of the row, e.g. 50. */
  width?: number;
  /** Show only when all these conditions hold. */
  visibleWhen?: Condition | Condition[];
}

export function placement(p: Placement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.width !== undefined) out.customWidth = String(p.width);
  if (p.visibleWhen) {
    const conds = Array.isArray(p.visibleWhen) ? p.visibleWhen : [p.visibleWhen];
    if (conds.length === 1) out.conditionalVisibility = conds[0];
    else out.conditionalVisibilities = conds;
  }
  return out;
}

/**
 * A small typed kit for Azure Workbook gallery templates ("Notebook/1.0").
 *
 * Every builder returns plain JSON objects in the shape the Workbooks service stores, so the result can
 * be serialised as is. Item names and parameter/link ids are derived from names (a stable hash), never
 * random: the same source always yields the same template bytes.
 */
export * from "./blocks.js";
export * from "./items.js";
export * from "./layout.js";
export * from "./parameters.js";
export {
  type Comparison,
  type Condition,
  LOG_ANALYTICS,
  stableId,
  TIMEFRAME,
  WORKBOOK_SCHEMA,
  WorkbookKitError,
  when,
  whenSet,
} from "./shared.js";
export * from "./template.js";

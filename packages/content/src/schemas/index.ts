import type { TSchema } from "@sinclair/typebox";
import { AnalyticRule } from "./analytic-rule.js";
import { AutomationRule } from "./automation-rule.js";
import { DataConnector } from "./data-connector.js";
import { HuntingQuery } from "./hunting-query.js";
import { Parser } from "./parser.js";
import { Playbook } from "./playbook.js";
import { Solution } from "./solution.js";
import { Table } from "./table.js";
import { Workbook } from "./workbook.js";

export * from "./analytic-rule.js";
export * from "./automation-rule.js";
export * from "./common.js";
export * from "./data-connector.js";
export * from "./detection-test.js";
export * from "./hunting-query.js";
export * from "./parser.js";
export * from "./playbook.js";
export * from "./settings-files.js";
export * from "./solution.js";
export * from "./table.js";
export * from "./workbook.js";

export const CONTENT_KINDS = [
  "solution",
  "table",
  "dataConnector",
  "parser",
  "analyticRule",
  "huntingQuery",
  "workbook",
  "playbook",
  "automationRule",
] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

/** The single source of every kind's TypeScript type and JSON Schema. */
export const SCHEMAS: Record<ContentKind, TSchema> = {
  solution: Solution,
  table: Table,
  dataConnector: DataConnector,
  parser: Parser,
  analyticRule: AnalyticRule,
  huntingQuery: HuntingQuery,
  workbook: Workbook,
  playbook: Playbook,
  automationRule: AutomationRule,
};

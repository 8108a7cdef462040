import type { TSchema } from "@sinclair/typebox";
import { CONTENT_KINDS, type ContentKind, DetectionTest, SCHEMAS } from "./schemas/index.js";

/** Every published JSON Schema: the content kinds, and detection test files (not a content kind). */
export type PublishedSchema = ContentKind | "detectionTest";
export const PUBLISHED_SCHEMAS: readonly PublishedSchema[] = [...CONTENT_KINDS, "detectionTest"];
const PUBLISHED: Record<PublishedSchema, TSchema> = { ...SCHEMAS, detectionTest: DetectionTest };

export const SCHEMA_FILES: Record<PublishedSchema, string> = {
  solution: "solution.schema.json",
  table: "table.schema.json",
  dataConnector: "data-connector.schema.json",
  parser: "parser.schema.json",
  analyticRule: "analytic-rule.schema.json",
  huntingQuery: "hunting-query.schema.json",
  workbook: "workbook.schema.json",
  playbook: "playbook.schema.json",
  automationRule: "automation-rule.schema.json",
  detectionTest: "detection-test.schema.json",
};

/** The published JSON Schema of a kind, as text (derived from the same TypeBox definition as the types). */
export function renderJsonSchema(kind: PublishedSchema): string {
  const schema = {
    $schema: "http://json-schema.org/draft-07/schema#",
    ...JSON.parse(JSON.stringify(PUBLISHED[kind])),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

import { type ContentKind, SCHEMAS } from "./schemas/index.js";

export const SCHEMA_FILES: Record<ContentKind, string> = {
  solution: "solution.schema.json",
  table: "table.schema.json",
  dataConnector: "data-connector.schema.json",
  parser: "parser.schema.json",
  analyticRule: "analytic-rule.schema.json",
  huntingQuery: "hunting-query.schema.json",
  workbook: "workbook.schema.json",
  playbook: "playbook.schema.json",
};

/** The published JSON Schema of a kind, as text (derived from the same TypeBox definition as the types). */
export function renderJsonSchema(kind: ContentKind): string {
  const schema = { $schema: "http://json-schema.org/draft-07/schema#", ...JSON.parse(JSON.stringify(SCHEMAS[kind])) };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

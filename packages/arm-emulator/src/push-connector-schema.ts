/**
 * Request schema for the CCF `Push` data connector kind.
 *
 * SPEC GAP: no published azure-rest-api-specs file defines the `Push` kind of
 * `Microsoft.SecurityInsights/dataConnectors` (it is missing from both the stable 2025-12-01 and
 * the 2025-07-01-preview DataConnectors specs). This schema is written by hand for the emulator
 * from the documented shape of a push connector (Microsoft Learn, "Create a codeless connector
 * with push"; see shared/research/azure-apis.md section 5):
 *
 *   { kind: "Push", properties: { connectorDefinitionName, dcrConfig: { streamName,
 *     dataCollectionEndpoint, dataCollectionRuleImmutableId }, auth: { type: "Push", AppId,
 *     ServicePrincipalId }, request?, response? } }
 *
 * It is deliberately small: required fields and their types only, no guesses about optional ones.
 * Unknown extra properties are allowed, as in the Swagger-derived schemas.
 */
export const PUSH_CONNECTOR_SCHEMA_ID = "https://specs.arm-emulator.local/emulator/PushDataConnector.json";

export const pushConnectorSchema = {
  $id: PUSH_CONNECTOR_SCHEMA_ID,
  description: "Emulator-authored schema for the undocumented-in-Swagger `Push` data connector kind.",
  type: "object",
  required: ["kind", "properties"],
  properties: {
    kind: { const: "Push" },
    etag: { type: "string" },
    properties: {
      type: "object",
      required: ["connectorDefinitionName", "dcrConfig", "auth"],
      properties: {
        connectorDefinitionName: { type: "string", minLength: 1 },
        dataType: { type: "string" },
        isActive: { type: "boolean" },
        dcrConfig: {
          type: "object",
          required: ["streamName", "dataCollectionEndpoint", "dataCollectionRuleImmutableId"],
          properties: {
            streamName: { type: "string", pattern: "^Custom-" },
            dataCollectionEndpoint: { type: "string", minLength: 1 },
            dataCollectionRuleImmutableId: { type: "string", minLength: 1 },
          },
        },
        auth: {
          type: "object",
          required: ["type"],
          properties: {
            type: { enumCi: ["Push"] },
            AppId: { type: "string" },
            ServicePrincipalId: { type: "string" },
          },
        },
        request: { type: "object" },
        response: {
          type: "object",
          properties: { eventsJsonPaths: { type: "array", items: { type: "string" } } },
        },
      },
    },
  },
} as const;

/**
 * Every api-version the project uses, in one table. `package` versions are what Microsoft's
 * V3 packaging tool emits in Content Hub templates; `live` versions are what the deployer
 * calls directly (each has an OpenAPI spec in shared/specs, so the emulator can check it).
 */
export const API_VERSIONS = {
  package: {
    deploymentTemplateSchema:
      "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    contentPackages: "2023-04-01-preview",
    contentTemplates: "2023-04-01-preview",
    metadata: "2022-01-01-preview",
    /** Top-level metadata of active copies and the legacy connectors' metadata (V3's metadataApiVersion). */
    activeMetadata: "2023-04-01-preview",
    alertRuleTemplates: "2023-02-01-preview",
    savedSearches: "2025-07-01",
    workbooks: "2021-08-01",
    dataConnectors: "2021-03-01-preview",
    ccfDataConnectors: "2023-02-01-preview",
    dataConnectorDefinitions: "2022-09-01-preview",
    tables: "2022-10-01",
    dataCollectionRules: "2022-06-01",
    dataCollectionEndpoints: "2022-06-01",
  },
  live: {
    workspaces: "2025-07-01",
    alertRules: "2025-07-01-preview",
    automationRules: "2025-12-01",
    metadata: "2025-12-01",
    contentPackages: "2025-12-01",
    contentTemplates: "2025-12-01",
    dataConnectorDefinitions: "2025-12-01",
    dataConnectors: "2025-07-01-preview",
    savedSearches: "2025-07-01",
    tables: "2025-07-01",
    workbooks: "2023-06-01",
    dataCollectionRules: "2024-03-11",
    dataCollectionEndpoints: "2024-03-11",
  },
} as const;

export type PackageResource = keyof typeof API_VERSIONS.package;
export type LiveResource = keyof typeof API_VERSIONS.live;

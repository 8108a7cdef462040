import { type Static, Type } from "@sinclair/typebox";
import {
  described,
  EntityMapping,
  ItemMetadata,
  RequiredDataConnector,
  SemVer,
  Severity,
  strict,
  Tactic,
  Tags,
  Technique,
} from "./common.js";

export const HuntingQuery = Type.Object(
  {
    id: Type.String({ description: "Query id (a GUID); never change it once published." }),
    name: Type.String({ description: "Display name of the query." }),
    description: Type.String({ description: "What the query looks for." }),
    "description-detailed": Type.Optional(
      Type.String({ description: "Longer description, as in the Azure-Sentinel repository." }),
    ),
    requiredDataConnectors: Type.Optional(
      Type.Array(RequiredDataConnector, { description: "Data connectors and tables the query reads." }),
    ),
    tactics: Type.Optional(Type.Array(Tactic, { description: "MITRE ATT&CK tactics the query covers." })),
    relevantTechniques: Type.Optional(Type.Array(Technique, { description: "MITRE ATT&CK techniques." })),
    query: Type.String({ description: "KQL query." }),
    severity: Type.Optional(
      described(Severity, {
        description:
          "Written by many Azure-Sentinel hunting queries; ignored by the service (saved searches have no severity).",
      }),
    ),
    entityMappings: Type.Optional(
      Type.Array(EntityMapping, { description: "Entities taken from result columns." }),
    ),
    customDetails: Type.Optional(
      Type.Record(Type.String(), Type.String(), { description: "Custom details: key to result column." }),
    ),
    version: Type.Optional(
      described(SemVer, { default: "1.0.0", description: "Query version as MAJOR.MINOR.PATCH." }),
    ),
    tags: Type.Optional(Tags),
    metadata: Type.Optional(ItemMetadata),
  },
  {
    ...strict,
    $id: "HuntingQuery",
    title: "Hunting query",
    description: "A hunting query in hunting/, in the Azure-Sentinel hunting YAML format.",
  },
);

export type HuntingQuery = Static<typeof HuntingQuery>;

import { type Static, Type } from "@sinclair/typebox";
import {
  EntityMapping,
  ItemMetadata,
  RequiredDataConnector,
  SemVer,
  Severity,
  Tactic,
  Tags,
  Technique,
  strict,
} from "./common.js";

export const HuntingQuery = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    "description-detailed": Type.Optional(Type.String()),
    requiredDataConnectors: Type.Optional(Type.Array(RequiredDataConnector)),
    tactics: Type.Optional(Type.Array(Tactic)),
    relevantTechniques: Type.Optional(Type.Array(Technique)),
    query: Type.String(),
    /** Written by many Azure-Sentinel hunting queries; the service ignores it (saved searches have no severity). */
    severity: Type.Optional(Severity),
    entityMappings: Type.Optional(Type.Array(EntityMapping)),
    customDetails: Type.Optional(Type.Record(Type.String(), Type.String())),
    version: Type.Optional(SemVer),
    tags: Type.Optional(Tags),
    metadata: Type.Optional(ItemMetadata),
  },
  { ...strict, $id: "HuntingQuery", title: "Hunting query" },
);

export type HuntingQuery = Static<typeof HuntingQuery>;

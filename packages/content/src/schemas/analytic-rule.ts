import { type Static, Type } from "@sinclair/typebox";
import {
  EntityMapping,
  ItemMetadata,
  RequiredDataConnector,
  SemVer,
  Severity,
  StringEnum,
  Tactic,
  Tags,
  Technique,
  strict,
} from "./common.js";

/** Field names follow the Azure-Sentinel detection YAML so that its rule files load unchanged. */
const ruleFields = {
  id: Type.String({ description: "Template id (a GUID); never change it once published." }),
  name: Type.String({ description: "Display name of the rule." }),
  description: Type.String(),
  severity: Severity,
  requiredDataConnectors: Type.Optional(Type.Array(RequiredDataConnector)),
  tactics: Type.Optional(Type.Array(Tactic)),
  relevantTechniques: Type.Optional(Type.Array(Technique)),
  query: Type.String({ description: "KQL query." }),
  entityMappings: Type.Optional(Type.Array(EntityMapping)),
  sentinelEntitiesMappings: Type.Optional(
    Type.Array(Type.Object({ columnName: Type.String() }, strict)),
  ),
  customDetails: Type.Optional(Type.Record(Type.String(), Type.String())),
  alertDetailsOverride: Type.Optional(
    Type.Object(
      {
        alertDisplayNameFormat: Type.Optional(Type.String()),
        alertDescriptionFormat: Type.Optional(Type.String()),
        alertTacticsColumnName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        alertSeverityColumnName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        alertDynamicProperties: Type.Optional(
          Type.Array(Type.Object({ alertProperty: Type.String(), value: Type.String() }, strict)),
        ),
      },
      strict,
    ),
  ),
  incidentConfiguration: Type.Optional(
    Type.Object(
      {
        createIncident: Type.Boolean(),
        groupingConfiguration: Type.Optional(
          Type.Object(
            {
              enabled: Type.Boolean(),
              reopenClosedIncident: Type.Optional(Type.Boolean()),
              lookbackDuration: Type.Optional(Type.String()),
              matchingMethod: Type.Optional(
                StringEnum(["AllEntities", "AnyAlert", "Selected"]),
              ),
              groupByEntities: Type.Optional(Type.Array(Type.String())),
              groupByAlertDetails: Type.Optional(Type.Array(Type.String())),
              groupByCustomDetails: Type.Optional(Type.Array(Type.String())),
            },
            strict,
          ),
        ),
      },
      strict,
    ),
  ),
  eventGroupingSettings: Type.Optional(
    Type.Object(
      { aggregationKind: StringEnum(["SingleAlert", "AlertPerResult"]) },
      strict,
    ),
  ),
  suppressionDuration: Type.Optional(Type.String()),
  suppressionEnabled: Type.Optional(Type.Boolean()),
  version: Type.Optional(SemVer),
  status: Type.Optional(Type.String()),
  tags: Type.Optional(Tags),
  metadata: Type.Optional(ItemMetadata),
};

export const ScheduledRule = Type.Object(
  {
    kind: Type.Literal("Scheduled"),
    ...ruleFields,
    queryFrequency: Type.String({ description: "How often the rule runs: 5m, 1h, 1d (5 minutes to 14 days)." }),
    queryPeriod: Type.String({ description: "How far back the query looks: 5m to 14d, at least queryFrequency." }),
    triggerOperator: StringEnum(["gt", "lt", "eq", "ne", "GreaterThan", "LessThan", "Equal", "NotEqual"]),
    triggerThreshold: Type.Integer({ minimum: 0, maximum: 10000 }),
  },
  { ...strict, $id: "ScheduledRule", title: "Scheduled analytics rule" },
);

export const NrtRule = Type.Object(
  { kind: Type.Literal("NRT"), ...ruleFields },
  { ...strict, $id: "NrtRule", title: "Near-real-time analytics rule" },
);

export const AnalyticRule = Type.Union([ScheduledRule, NrtRule], {
  $id: "AnalyticRule",
  title: "Analytics rule (Scheduled or NRT)",
});

export type ScheduledRule = Static<typeof ScheduledRule>;
export type NrtRule = Static<typeof NrtRule>;
export type AnalyticRule = Static<typeof AnalyticRule>;

import { type Static, Type } from "@sinclair/typebox";
import {
  described,
  EntityMapping,
  ItemMetadata,
  RequiredDataConnector,
  SemVer,
  Severity,
  StringEnum,
  strict,
  Tactic,
  Tags,
  Technique,
} from "./common.js";

/** Field names follow the Azure-Sentinel detection YAML so that its rule files load unchanged. */
const ruleFields = {
  id: Type.String({ description: "Template id (a GUID); never change it once published." }),
  name: Type.String({ description: "Display name of the rule (at most 256 characters)." }),
  description: Type.String({ description: "What the rule detects (at most 5000 characters)." }),
  severity: Severity,
  requiredDataConnectors: Type.Optional(
    Type.Array(RequiredDataConnector, { description: "Data connectors and tables the query reads." }),
  ),
  tactics: Type.Optional(Type.Array(Tactic, { description: "MITRE ATT&CK tactics the rule covers." })),
  relevantTechniques: Type.Optional(
    Type.Array(Technique, {
      description: "MITRE ATT&CK techniques; each must belong to one of the tactics.",
    }),
  ),
  query: Type.String({
    description: "KQL query (at most 10000 characters); each result row can raise an alert.",
  }),
  entityMappings: Type.Optional(
    Type.Array(EntityMapping, { description: "Entities taken from result columns: 1 to 10 mappings." }),
  ),
  sentinelEntitiesMappings: Type.Optional(
    Type.Array(
      Type.Object(
        { columnName: Type.String({ description: "A column holding Sentinel entities." }) },
        strict,
      ),
      {
        description: "Columns that hold entities in Sentinel's own format (e.g. from another alert).",
      },
    ),
  ),
  customDetails: Type.Optional(
    Type.Record(Type.String(), Type.String(), {
      description:
        "Alert custom details: key (letters first, at most 20 characters) to result column; at most 20.",
    }),
  ),
  alertDetailsOverride: Type.Optional(
    Type.Object(
      {
        alertDisplayNameFormat: Type.Optional(
          Type.String({
            description: "Alert name with up to 3 {{column}} placeholders (1 to 256 characters).",
          }),
        ),
        alertDescriptionFormat: Type.Optional(
          Type.String({
            description: "Alert description with up to 3 {{column}} placeholders (1 to 5000 characters).",
          }),
        ),
        alertTacticsColumnName: Type.Optional(
          Type.Union([Type.String(), Type.Null()], {
            description: "Result column that sets the alert's tactics.",
          }),
        ),
        alertSeverityColumnName: Type.Optional(
          Type.Union([Type.String(), Type.Null()], {
            description: "Result column that sets the alert's severity.",
          }),
        ),
        alertDynamicProperties: Type.Optional(
          Type.Array(
            Type.Object(
              {
                alertProperty: Type.String({
                  description: "Alert property to set, e.g. ProductName or AlertLink.",
                }),
                value: Type.String({ description: "Result column that holds its value." }),
              },
              strict,
            ),
            { description: "Other alert properties taken from result columns." },
          ),
        ),
      },
      { ...strict, description: "Alert fields taken from each result row instead of the rule's own." },
    ),
  ),
  incidentConfiguration: Type.Optional(
    Type.Object(
      {
        createIncident: Type.Boolean({ description: "Whether the rule's alerts create incidents." }),
        groupingConfiguration: Type.Optional(
          Type.Object(
            {
              enabled: Type.Boolean({ description: "Whether alerts are grouped into incidents." }),
              reopenClosedIncident: Type.Optional(
                Type.Boolean({
                  default: false,
                  description: "Whether a new matching alert reopens a closed incident.",
                }),
              ),
              lookbackDuration: Type.Optional(
                Type.String({
                  default: "PT5H",
                  description: "How far back alerts are grouped: 5m to 7d (e.g. 5h or PT5H).",
                }),
              ),
              matchingMethod: Type.Optional(
                StringEnum(["AllEntities", "AnyAlert", "Selected"], {
                  description:
                    "Group alerts whose entities all match, any alert, or by the selected entities and details.",
                }),
              ),
              groupByEntities: Type.Optional(
                Type.Array(Type.String(), {
                  description: "With Selected: entity types to match (mapped by the rule).",
                }),
              ),
              groupByAlertDetails: Type.Optional(
                Type.Array(Type.String(), {
                  description: "With Selected: alert details to match, e.g. DisplayName, Severity.",
                }),
              ),
              groupByCustomDetails: Type.Optional(
                Type.Array(Type.String(), { description: "With Selected: custom detail keys to match." }),
              ),
            },
            { ...strict, description: "How the rule's alerts are grouped into incidents." },
          ),
        ),
      },
      { ...strict, description: "Whether and how alerts become incidents." },
    ),
  ),
  eventGroupingSettings: Type.Optional(
    Type.Object(
      {
        aggregationKind: StringEnum(["SingleAlert", "AlertPerResult"], {
          description: "One alert for all result rows of a run, or one alert per row.",
        }),
      },
      { ...strict, description: "How result rows become alerts." },
    ),
  ),
  suppressionDuration: Type.Optional(
    Type.String({
      default: "PT1H",
      description: "How long the rule stays quiet after an alert (e.g. 1h or PT1H).",
    }),
  ),
  suppressionEnabled: Type.Optional(
    Type.Boolean({ default: false, description: "Whether suppressionDuration applies." }),
  ),
  version: Type.Optional(
    described(SemVer, {
      default: "1.0.0",
      description: "Rule version as MAJOR.MINOR.PATCH; raise it when the rule changes.",
    }),
  ),
  status: Type.Optional(
    Type.String({ default: "Available", description: "Template status written to the package." }),
  ),
  tags: Type.Optional(Tags),
  metadata: Type.Optional(ItemMetadata),
};

export const ScheduledRule = Type.Object(
  {
    kind: Type.Literal("Scheduled"),
    ...ruleFields,
    queryFrequency: Type.String({
      description: "How often the rule runs: 5m, 1h, 1d (5 minutes to 14 days).",
    }),
    queryPeriod: Type.String({
      description: "How far back the query looks: 5m to 14d, at least queryFrequency.",
    }),
    triggerOperator: StringEnum(["gt", "lt", "eq", "ne", "GreaterThan", "LessThan", "Equal", "NotEqual"], {
      description: "Compares the number of result rows with triggerThreshold.",
    }),
    triggerThreshold: Type.Integer({
      minimum: 0,
      maximum: 10000,
      description: "Alert when the row count compares true with this.",
    }),
  },
  {
    ...strict,
    $id: "ScheduledRule",
    title: "Scheduled analytics rule",
    description: "Runs its query every queryFrequency over the last queryPeriod.",
  },
);

export const NrtRule = Type.Object(
  { kind: Type.Literal("NRT"), ...ruleFields },
  {
    ...strict,
    $id: "NrtRule",
    title: "Near-real-time analytics rule",
    description: "Runs its query about once a minute over the newly ingested rows.",
  },
);

export const AnalyticRule = Type.Union([ScheduledRule, NrtRule], {
  $id: "AnalyticRule",
  title: "Analytics rule (Scheduled or NRT)",
  description:
    "An analytics rule template in analytics/, in the Azure-Sentinel detection YAML format; `kind` picks its shape.",
});

export type ScheduledRule = Static<typeof ScheduledRule>;
export type NrtRule = Static<typeof NrtRule>;
export type AnalyticRule = Static<typeof AnalyticRule>;

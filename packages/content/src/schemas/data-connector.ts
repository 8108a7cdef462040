import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { describe, described, SemVer, StringEnum, strict } from "./common.js";

const Instruction = Type.Object(
  {
    type: Type.String({
      description:
        "Instruction control the portal renders, e.g. CopyableLabel, InstallAgent, DeployPushConnectorButton.",
    }),
    parameters: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: "The control's settings." }),
    ),
  },
  strict,
);

/** A connector page flag or banner the portal renders as given (documented, free-form). */
const Passthrough = Type.Object({}, { additionalProperties: true });

export const InstructionStep = Type.Recursive(
  (Self) =>
    Type.Object(
      {
        title: Type.Optional(Type.String({ description: "Step title." })),
        description: Type.Optional(Type.String({ description: "Step text, in Markdown." })),
        instructions: Type.Optional(Type.Array(Instruction, { description: "Controls shown in the step." })),
        innerSteps: Type.Optional(Type.Array(Self, { description: "Sub-steps, shaped like this step." })),
      },
      strict,
    ),
  { $id: "InstructionStep", description: "A step of the connector page's setup instructions." },
);

const Permissions = Type.Object(
  {
    resourceProvider: Type.Optional(
      Type.Array(
        Type.Object(
          {
            provider: Type.String({
              description: "Resource provider, e.g. Microsoft.OperationalInsights/workspaces.",
            }),
            permissionsDisplayText: Type.String({ description: "Text shown for the permission." }),
            providerDisplayName: Type.String({ description: "Display name of the provider." }),
            scope: Type.String({ description: "Scope of the permission, e.g. Workspace or ResourceGroup." }),
            requiredPermissions: Type.Object(
              {
                read: Type.Optional(Type.Boolean()),
                write: Type.Optional(Type.Boolean()),
                delete: Type.Optional(Type.Boolean()),
                action: Type.Optional(Type.Boolean()),
              },
              strict,
            ),
            requiredPermissionsKey: Type.Optional(Type.String()),
          },
          strict,
        ),
        { description: "Azure permissions the connection needs, checked by the portal." },
      ),
    ),
    customs: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ description: "Name of the requirement." }),
            description: Type.String({ description: "What is needed and why." }),
          },
          strict,
        ),
        { description: "Other requirements, shown as text." },
      ),
    ),
    tenant: Type.Optional(Type.Array(Type.String(), { description: "Entra roles needed in the tenant." })),
    licenses: Type.Optional(Type.Array(Type.String(), { description: "Licenses needed." })),
  },
  { ...strict, description: "What a user needs to connect the data source, listed on the connector page." },
);

/**
 * `connectivityCriterias[].type`: `IsConnectedQuery` carries queries; the `SentinelKinds*` forms
 * (first-party and CCF connectors) carry connector kinds the service checks itself.
 */
const ConnectivityCriteria = Type.Object(
  {
    type: Type.String({
      description: "IsConnectedQuery, or a SentinelKinds* criterion the service evaluates.",
    }),
    value: Type.Optional(
      Type.Array(Type.String(), {
        description: "With IsConnectedQuery: queries that return rows once data arrives.",
      }),
    ),
  },
  { ...strict, description: "How the portal tells that the connector receives data." },
);

/** The connector page fields every kind shares (the connectorUiConfig of the service). */
const uiFields = {
  id: Type.String({
    pattern: "^\\S+$",
    description: "Connector id; no spaces; never change it once published.",
  }),
  title: Type.String({ description: "Connector page title." }),
  publisher: Type.String({ description: "Vendor of the data source." }),
  descriptionMarkdown: Type.String({ description: "Connector page description, in Markdown." }),
  version: Type.Optional(describe(SemVer, "Connector version as MAJOR.MINOR.PATCH.")),
  deprecated: Type.Optional(
    Type.Boolean({
      description:
        "Marks a connector kept only for existing users; the page title gets a [Deprecated] prefix.",
    }),
  ),
  graphQueries: Type.Array(
    Type.Object(
      {
        metricName: Type.String({ description: "Name of the metric shown in the graph." }),
        legend: Type.String({ description: "Legend of the series." }),
        baseQuery: Type.String({ description: "KQL query whose rows are counted." }),
      },
      strict,
    ),
    { minItems: 1, description: "Queries charted on the connector page (data received over time)." },
  ),
  sampleQueries: Type.Array(
    Type.Object(
      {
        description: Type.String({ description: "What the query shows." }),
        query: Type.String({ description: "KQL query." }),
      },
      strict,
    ),
    { minItems: 1, description: "Example queries shown on the connector page." },
  ),
  dataTypes: Type.Array(
    Type.Object(
      {
        name: Type.String({ description: "Table the connector writes to." }),
        lastDataReceivedQuery: Type.String({
          description: "KQL query returning the time data last arrived in it.",
        }),
      },
      strict,
    ),
    { minItems: 1, description: "Tables the connector fills." },
  ),
  connectivityCriterias: Type.Array(ConnectivityCriteria, {
    minItems: 1,
    description: "How the portal tells the connector is connected.",
  }),
  permissions: Permissions,
  instructionSteps: Type.Array(InstructionStep, {
    minItems: 1,
    description: "Setup instructions shown on the connector page.",
  }),
  availability: Type.Optional(
    Type.Object(
      {
        status: Type.Optional(
          Type.Number({ default: 1, description: "Availability status; 1 is available." }),
        ),
        isPreview: Type.Optional(
          Type.Boolean({ description: "Whether the connector page shows a preview label." }),
        ),
      },
      { ...strict, description: "Availability of the connector page (Azure-Sentinel connector JSON)." },
    ),
  ),
  additionalRequirementBanner: Type.Optional(
    Type.String({ description: "Banner text about further requirements." }),
  ),
  isConnectivityCriteriasMatchSome: Type.Optional(
    Type.Boolean({ description: "Connected when any connectivity criterion holds, rather than all." }),
  ),
  customImage: Type.Optional(Type.String({ description: "Image shown on the connector page." })),
  logo: Type.Optional(Type.String({ description: "Logo file of the connector." })),
  metadata: Type.Optional(
    described(Passthrough, {
      description:
        "Azure-Sentinel connector JSON metadata (id, version, kind, source, author, support); kept as written.",
    }),
  ),
};

function connectorKind<K extends string, P extends Record<string, TSchema>>(
  kind: K,
  title: string,
  extra: P,
) {
  return Type.Object(
    { kind: Type.Literal(kind), ...uiFields, ...extra },
    { ...strict, $id: `DataConnector${kind}`, title },
  );
}

export const CefLegacyAgentConnector = connectorKind(
  "CefLegacyAgent",
  "CEF via the legacy Log Analytics agent",
  {},
);
export const CefAmaConnector = connectorKind("CefAma", "CEF via the Azure Monitor Agent", {});
export const GenericUiConnector = connectorKind("GenericUI", "Generic UI connector (legacy REST push)", {});

/**
 * A first-party connector page (Azure-Sentinel `StaticDataConnectorIds`): the service owns the
 * connection, so only the descriptive fields are packaged and instructions are optional.
 */
export const StaticUiConnector = Type.Object(
  {
    ...uiFields,
    kind: Type.Literal("StaticUI"),
    graphQueries: Type.Optional(uiFields.graphQueries),
    sampleQueries: Type.Optional(uiFields.sampleQueries),
    permissions: Type.Optional(Permissions),
    instructionSteps: Type.Optional(Type.Array(InstructionStep)),
  },
  { ...strict, $id: "DataConnectorStaticUI", title: "First-party connector page (StaticUI)" },
);

/**
 * A Codeless Connector Framework connector kept as written: the connector definition's UI
 * config (the fields above, located in the definition file) and every resource of its
 * definition, poller, DCR and table files, packaged as they are.
 */
export const CcfTemplateConnector = Type.Object(
  {
    ...uiFields,
    kind: Type.Literal("CcfTemplate"),
    graphQueries: Type.Optional(uiFields.graphQueries),
    graphQueriesTableName: Type.Optional(
      Type.String({ description: "Table the CCF page's graph queries read." }),
    ),
    connectivityCriteria: Type.Optional(
      Type.Array(ConnectivityCriteria, {
        description: "Connectivity criteria, as CCF definitions spell it (singular).",
      }),
    ),
    connectivityCriterias: Type.Optional(uiFields.connectivityCriterias),
    sampleQueries: Type.Optional(uiFields.sampleQueries),
    permissions: Type.Optional(Permissions),
    instructionSteps: Type.Optional(Type.Array(InstructionStep)),
    definition: described(Passthrough, { description: "The dataConnectorDefinitions resource, as written." }),
    resources: Type.Array(Passthrough, {
      description:
        "Pollers, data collection rules and tables found next to the definition (ARM resources), as written.",
    }),
  },
  {
    ...strict,
    $id: "DataConnectorCcfTemplate",
    title: "CCF connector kept as written (definition, pollers, DCR, tables)",
  },
);

export const PushStream = Type.Object(
  {
    table: Type.String({
      description: "A table declared in this solution; the stream's columns are derived from it.",
    }),
    streamName: Type.Optional(
      Type.String({
        pattern: "^Custom-[A-Za-z0-9_]+$",
        description: "DCR stream name; when omitted, Custom- followed by the table name without _CL.",
      }),
    ),
    transformKql: Type.Optional(
      Type.String({
        default: "source",
        description: "DCR transformation from the stream to the table; `source` passes records through.",
      }),
    ),
  },
  { ...strict, description: "A stream the push connector accepts, and the table it lands in." },
);

export const CcfPushConnector = connectorKind("CcfPush", "Codeless Connector Framework push connector", {
  streams: Type.Array(PushStream, {
    minItems: 1,
    description: "The streams of the connector's data collection rule.",
  }),
  dataCollectionRule: Type.Object(
    {
      name: Type.String({
        pattern: "^[A-Za-z0-9_-]{1,30}$",
        description: "Data collection rule name; short, as Azure prefixes and suffixes it.",
      }),
    },
    { ...strict, description: "The data collection rule the package creates for the streams." },
  ),
  dataCollectionEndpoint: Type.Optional(
    described(StringEnum(["parameter", "create"]), {
      default: "parameter",
      description:
        "How the DCR finds its data collection endpoint: an install-time parameter, or one the package creates.",
    }),
  ),
  connectionName: Type.String({
    pattern: "^[A-Za-z0-9_-]+$",
    description: "Name of the Push data connector instance.",
  }),
});

export const DataConnector = Type.Union(
  [
    CefLegacyAgentConnector,
    CefAmaConnector,
    GenericUiConnector,
    CcfPushConnector,
    StaticUiConnector,
    CcfTemplateConnector,
  ],
  {
    $id: "DataConnector",
    title: "Data connector",
    description:
      "A data connector in connectors/: the connector page fields every kind shares, plus what its `kind` adds.",
  },
);

export type InstructionStep = Static<typeof InstructionStep>;
export type PushStream = Static<typeof PushStream>;
export type CefLegacyAgentConnector = Static<typeof CefLegacyAgentConnector>;
export type CefAmaConnector = Static<typeof CefAmaConnector>;
export type GenericUiConnector = Static<typeof GenericUiConnector>;
export type CcfPushConnector = Static<typeof CcfPushConnector>;
export type StaticUiConnector = Static<typeof StaticUiConnector>;
export type CcfTemplateConnector = Static<typeof CcfTemplateConnector>;
export type DataConnector = Static<typeof DataConnector>;

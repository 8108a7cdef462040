import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { SemVer, StringEnum, strict } from "./common.js";

const Instruction = Type.Object(
  { type: Type.String(), parameters: Type.Optional(Type.Object({}, { additionalProperties: true })) },
  strict,
);

/** A connector page flag or banner the portal renders as given (documented, free-form). */
const Passthrough = Type.Object({}, { additionalProperties: true });

export const InstructionStep = Type.Recursive(
  (Self) =>
    Type.Object(
      {
        title: Type.Optional(Type.String()),
        description: Type.Optional(Type.String()),
        instructions: Type.Optional(Type.Array(Instruction)),
        innerSteps: Type.Optional(Type.Array(Self)),
      },
      strict,
    ),
  { $id: "InstructionStep" },
);

const Permissions = Type.Object(
  {
    resourceProvider: Type.Optional(
      Type.Array(
        Type.Object(
          {
            provider: Type.String(),
            permissionsDisplayText: Type.String(),
            providerDisplayName: Type.String(),
            scope: Type.String(),
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
      ),
    ),
    customs: Type.Optional(Type.Array(Type.Object({ name: Type.String(), description: Type.String() }, strict))),
    tenant: Type.Optional(Type.Array(Type.String())),
    licenses: Type.Optional(Type.Array(Type.String())),
  },
  strict,
);

/**
 * `connectivityCriterias[].type`: `IsConnectedQuery` carries queries; the `SentinelKinds*` forms
 * (first-party and CCF connectors) carry connector kinds the service checks itself.
 */
const ConnectivityCriteria = Type.Object(
  { type: Type.String(), value: Type.Optional(Type.Array(Type.String())) },
  strict,
);

/** The connector page fields every kind shares (the connectorUiConfig of the service). */
const uiFields = {
  id: Type.String({ pattern: "^\\S+$", description: "Connector id; no spaces; never change it once published." }),
  title: Type.String(),
  publisher: Type.String(),
  descriptionMarkdown: Type.String(),
  version: Type.Optional(SemVer),
  /** Marks a connector kept only for existing users; the page title gets a prefix. */
  deprecated: Type.Optional(Type.Boolean()),
  graphQueries: Type.Array(
    Type.Object({ metricName: Type.String(), legend: Type.String(), baseQuery: Type.String() }, strict),
    { minItems: 1 },
  ),
  sampleQueries: Type.Array(Type.Object({ description: Type.String(), query: Type.String() }, strict), {
    minItems: 1,
  }),
  dataTypes: Type.Array(Type.Object({ name: Type.String(), lastDataReceivedQuery: Type.String() }, strict), {
    minItems: 1,
  }),
  connectivityCriterias: Type.Array(ConnectivityCriteria, { minItems: 1 }),
  permissions: Permissions,
  instructionSteps: Type.Array(InstructionStep, { minItems: 1 }),
  /** The documented page extras of the connector UI config (Azure-Sentinel connector JSON). */
  availability: Type.Optional(
    Type.Object({ status: Type.Optional(Type.Number()), isPreview: Type.Optional(Type.Boolean()) }, strict),
  ),
  additionalRequirementBanner: Type.Optional(Type.String()),
  isConnectivityCriteriasMatchSome: Type.Optional(Type.Boolean()),
  customImage: Type.Optional(Type.String()),
  logo: Type.Optional(Type.String()),
  /** Azure-Sentinel connector JSON metadata (id, version, kind, source, author, support). */
  metadata: Type.Optional(Passthrough),
};

function connectorKind<K extends string, P extends Record<string, TSchema>>(kind: K, title: string, extra: P) {
  return Type.Object({ kind: Type.Literal(kind), ...uiFields, ...extra }, { ...strict, $id: `DataConnector${kind}`, title });
}

export const CefLegacyAgentConnector = connectorKind("CefLegacyAgent", "CEF via the legacy Log Analytics agent", {});
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
    graphQueriesTableName: Type.Optional(Type.String()),
    /** CCF definitions spell it in the singular. */
    connectivityCriteria: Type.Optional(Type.Array(ConnectivityCriteria)),
    connectivityCriterias: Type.Optional(uiFields.connectivityCriterias),
    sampleQueries: Type.Optional(uiFields.sampleQueries),
    permissions: Type.Optional(Permissions),
    instructionSteps: Type.Optional(Type.Array(InstructionStep)),
    /** The dataConnectorDefinitions resource. */
    definition: Passthrough,
    /** Pollers, DCRs and tables found next to the definition (ARM resources). */
    resources: Type.Array(Passthrough),
  },
  { ...strict, $id: "DataConnectorCcfTemplate", title: "CCF connector kept as written (definition, pollers, DCR, tables)" },
);

export const PushStream = Type.Object(
  {
    /** A table declared in this solution; the stream columns are derived from it. */
    table: Type.String(),
    /** Defaults to `Custom-<table without _CL>`. */
    streamName: Type.Optional(Type.String({ pattern: "^Custom-[A-Za-z0-9_]+$" })),
    /** DCR transformation; `source` passes records through. */
    transformKql: Type.Optional(Type.String()),
  },
  strict,
);

export const CcfPushConnector = connectorKind("CcfPush", "Codeless Connector Framework push connector", {
  streams: Type.Array(PushStream, { minItems: 1 }),
  dataCollectionRule: Type.Object(
    { name: Type.String({ pattern: "^[A-Za-z0-9_-]{1,30}$", description: "Short: Azure prefixes and suffixes it." }) },
    strict,
  ),
  /** How the DCR finds its data collection endpoint: an install-time parameter, or one the package creates. */
  dataCollectionEndpoint: Type.Optional(StringEnum(["parameter", "create"])),
  /** Name of the Push data connector instance. */
  connectionName: Type.String({ pattern: "^[A-Za-z0-9_-]+$" }),
});

export const DataConnector = Type.Union(
  [CefLegacyAgentConnector, CefAmaConnector, GenericUiConnector, CcfPushConnector, StaticUiConnector, CcfTemplateConnector],
  { $id: "DataConnector", title: "Data connector" },
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

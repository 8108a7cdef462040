import type { CcfPushConnector, DataConnectorItem } from "@sentinelctl/content";
import { concat, type Json, variables } from "../arm/expr.js";
import { ccfDefinitionUiConfig, connectorTitle } from "../mappings/connector.js";
import { contentProductId, extensionId, sentinelName, templateSpecName, ws, wsLocation } from "../names.js";
import { ccfConnectionsTemplate } from "./ccf-connections-template.js";
import { connectionsContentId, itemVersion } from "./content-kinds.js";
import { type GraphBuilder, innerTemplate, PKG } from "./graph-builder.js";

/**
 * A CCF push connector: two contentTemplates, the connector definition (Customizable, also active
 * at the top level) and the connections (`rdc`: tables, endpoint, DCR, Push connector). V3 names
 * their variables `...ConnectorDefinition<n>`/`...Connections<n>` by the connector's number `n`,
 * and `dataConnectorCCPVersion<suffix>` (no suffix when the solution has one CCF connector).
 */
export function addCcfConnector(
  b: GraphBuilder,
  item: DataConnectorItem,
  c: CcfPushConnector,
  n: number,
  suffix: string,
): void {
  const version = itemVersion(item, b.solution.version);
  const verVar = `dataConnectorCCPVersion${suffix}`;
  const defId = `_dataConnectorContentIdConnectorDefinition${n}`;
  const defName = `dataConnectorTemplateNameConnectorDefinition${n}`;
  const conId = `_dataConnectorContentIdConnections${n}`;
  const conName = `dataConnectorTemplateNameConnections${n}`;
  const connections = connectionsContentId(c.id);
  Object.assign(b.variables, {
    [verVar]: version,
    [defId]: c.id,
    [defName]: templateSpecName("dc", variables(defId)),
    [conId]: connections,
    [conName]: templateSpecName("rdc", variables(conId)),
  });
  const ver = variables(verVar);
  const definitionIds = { contentId: variables(defId), version: ver };
  const connectionsIds = { contentId: variables(conId), version: ver };
  const definitionId = extensionId("Microsoft.SecurityInsights/dataConnectorDefinitions", variables(defId));
  const definition: Json = {
    type: "Microsoft.OperationalInsights/workspaces/providers/dataConnectorDefinitions",
    apiVersion: PKG.dataConnectorDefinitions,
    name: sentinelName(variables(defId)),
    location: wsLocation(),
    kind: "Customizable",
    properties: { connectorUiConfig: ccfDefinitionUiConfig(c, variables(defId)) },
  };
  const defMeta = (extra: Record<string, Json>) =>
    b.metadata(
      {
        kind: "DataConnector",
        name: sentinelName(concat("DataConnector-", variables(defId))),
        parentId: definitionId,
        ...definitionIds,
        dependencies: {
          criteria: [{ version: ver, contentId: variables(conId), kind: "ResourcesDataConnector" }],
        },
      },
      extra,
    );
  const title = connectorTitle(c);
  const common = { step: "dataconnectors", source: item, version, displayName: title } as const;
  b.addContent({
    ...common,
    kind: "DataConnector",
    contentId: c.id,
    description: c.descriptionMarkdown,
    template: {
      name: concat(ws(), "/Microsoft.SecurityInsights/", variables(defName), ver),
      ...definitionIds,
      productId: contentProductId("dc", "DataConnector", variables(defId), ver),
      mainTemplate: innerTemplate(ver, [definition, defMeta({})]),
      includeId: false,
    },
    active: [definition, defMeta({ dependsOn: [definitionId], location: wsLocation() })],
    criterion: null,
  });
  b.addContent({
    ...common,
    kind: "ResourcesDataConnector",
    contentId: connections,
    template: {
      name: concat(ws(), "/Microsoft.SecurityInsights/", variables(conName), ver),
      ...connectionsIds,
      productId: contentProductId("rdc", "ResourcesDataConnector", variables(conId), ver),
      mainTemplate: ccfConnectionsTemplate(b, c, title, connectionsIds),
      includeId: false,
    },
    // V3 lists a CCF connector once among the solution's dependencies, as a DataConnector with the Connections id.
    criterion: { kind: "DataConnector", ...connectionsIds },
  });
}

import type { CcfPushConnector, Table } from "@sentinelctl/content";
import { call, concat, type Json, parameters } from "../arm/expr.js";
import { dcrProperties, type PushStreamPlan, pushStreams, tableProperties } from "../mappings/ccf.js";
import {
  DCE_PARAMETER,
  dceName,
  dcrName,
  extensionId,
  sentinelName,
  workspaceResourceIdRef,
  ws,
  wsLocation,
} from "../names.js";
import { type GraphBuilder, innerTemplate, PKG, type TemplateIds } from "./graph-builder.js";

/**
 * The mainTemplate of a push connector's connections template: its tables, the endpoint (when
 * created; otherwise the DCR takes the install-time parameter), the DCR, the Push connector
 * instance and their metadata. Its parameters are filled in by the portal's Deploy button.
 */
export function ccfConnectionsTemplate(
  b: GraphBuilder,
  c: CcfPushConnector,
  title: string,
  ids: TemplateIds,
): Json {
  const streams = pushStreams(c, b.tables);
  const resources: Json[] = [];
  const tableIds: Json[] = [];
  for (const s of uniqueTables(streams)) {
    resources.push({
      type: "Microsoft.OperationalInsights/workspaces/tables",
      apiVersion: PKG.tables,
      name: concat(ws(), "/", s.name),
      properties: tableProperties(s),
    });
    tableIds.push(call("resourceId", "Microsoft.OperationalInsights/workspaces/tables", ws(), s.name));
  }
  let dceId: Json;
  const dcrDepends = [...tableIds];
  if (c.dataCollectionEndpoint === "create") {
    resources.push({
      type: "Microsoft.Insights/dataCollectionEndpoints",
      apiVersion: PKG.dataCollectionEndpoints,
      name: dceName(c),
      location: wsLocation(),
      properties: { networkAcls: { publicNetworkAccess: "Enabled" } },
    });
    dceId = call("resourceId", "Microsoft.Insights/dataCollectionEndpoints", dceName(c));
    dcrDepends.push(dceId);
  } else {
    b.needsDceParameter = true;
    dceId = parameters(DCE_PARAMETER);
  }
  resources.push({
    type: "Microsoft.Insights/dataCollectionRules",
    apiVersion: PKG.dataCollectionRules,
    name: dcrName(c),
    location: wsLocation(),
    dependsOn: dcrDepends,
    properties: dcrProperties(streams, {
      workspaceResourceId: workspaceResourceIdRef(),
      dataCollectionEndpointId: dceId,
    }),
  });
  resources.push(pushConnector(c, streams));
  resources.push(
    b.metadata({
      kind: "ResourcesDataConnector",
      name: sentinelName(concat("ResourcesDataConnector-", ids.contentId)),
      parentId: extensionId("Microsoft.SecurityInsights/dataConnectors", ids.contentId),
      ...ids,
    }),
  );
  return innerTemplate(ids.version, resources, { parameters: connectionsParameters(title) });
}

/** The Push connector instance, evaluated when the portal's Deploy button runs the template (hence the escaped literals). */
function pushConnector(c: CcfPushConnector, streams: readonly PushStreamPlan[]): Json {
  return {
    type: "Microsoft.OperationalInsights/workspaces/providers/dataConnectors",
    apiVersion: PKG.ccfDataConnectors,
    name: `[concat(parameters('innerWorkspace'),'/Microsoft.SecurityInsights/', '${c.connectionName}', parameters('guidValue'))]`,
    location: wsLocation(),
    kind: "Push",
    properties: {
      connectorDefinitionName: c.id,
      dcrConfig: {
        streamName: streams[0]?.streamName ?? "",
        dataCollectionEndpoint: "[parameters('dcrConfig').dataCollectionEndpoint]",
        dataCollectionRuleImmutableId: "[parameters('dcrConfig').dataCollectionRuleImmutableId]",
      },
      auth: {
        type: "Push",
        AppId: "[parameters('auth').appId]",
        ServicePrincipalId: "[parameters('auth').servicePrincipalId]",
      },
      request: { RetryCount: 1 },
      response: { eventsJsonPaths: ["$"] },
    },
  };
}

function connectionsParameters(title: string): Json {
  return {
    connectorDefinitionName: { defaultValue: title, type: "string", minLength: 1 },
    workspace: { defaultValue: ws(), type: "string" },
    dcrConfig: {
      defaultValue: {
        dataCollectionEndpoint: "data collection Endpoint",
        dataCollectionRuleImmutableId: "data collection rule immutableId",
      },
      type: "object",
    },
    auth: {
      defaultValue: { appId: "application id", servicePrincipalId: "service principal id" },
      type: "object",
    },
    guidValue: { defaultValue: "[newGuid()]", type: "string" },
    innerWorkspace: { defaultValue: ws(), type: "string" },
  };
}

function uniqueTables(streams: readonly PushStreamPlan[]): Table[] {
  const seen = new Map<string, Table>();
  for (const s of streams)
    if (!seen.has(s.table.name.toLowerCase())) seen.set(s.table.name.toLowerCase(), s.table);
  return [...seen.values()];
}

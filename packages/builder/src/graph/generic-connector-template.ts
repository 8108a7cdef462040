import type { DataConnectorItem } from "@sentinelctl/content";
import type { Json } from "../arm/expr.js";
import { connectorTitle, genericUiConfig } from "../mappings/connector.js";
import {
  contentProductId,
  extensionId,
  metadataName,
  sentinelName,
  templateSpecName,
  wsLocation,
} from "../names.js";
import { itemVersion } from "./content-kinds.js";
import { type GraphBuilder, innerTemplate, numbered, PKG } from "./graph-builder.js";

/**
 * A legacy, CEF or AMA connector (or a first-party StaticUI page): a GenericUI dataConnector in its contentTemplate and also active
 * at the top level, so the connector page exists right after install, as V3 does (numbered
 * variables `dataConnector...<n>`, `uiConfigId<n>`).
 */
export function addGenericConnector(b: GraphBuilder, item: DataConnectorItem, n: number): void {
  const c = item.data;
  const version = itemVersion(item, b.solution.version);
  const v = numbered(n);
  b.numberedVariables(n, {
    uiConfigId: c.id,
    _uiConfigId: v("uiConfigId"),
    dataConnectorContentId: c.id,
    _dataConnectorContentId: v("dataConnectorContentId"),
    dataConnectorId: extensionId("Microsoft.SecurityInsights/dataConnectors", v("_dataConnectorContentId")),
    _dataConnectorId: v("dataConnectorId"),
    dataConnectorTemplateSpecName: templateSpecName("dc", v("_dataConnectorContentId")),
    dataConnectorVersion: version,
    _dataConnectorcontentProductId: contentProductId(
      "dc",
      "DataConnector",
      v("_dataConnectorContentId"),
      v("dataConnectorVersion"),
    ),
  });
  const ids = { contentId: v("_dataConnectorContentId"), version: v("dataConnectorVersion") };
  const connector = (): Json => ({
    type: "Microsoft.OperationalInsights/workspaces/providers/dataConnectors",
    apiVersion: PKG.dataConnectors,
    name: sentinelName(ids.contentId),
    location: wsLocation(),
    kind: c.kind === "StaticUI" ? "StaticUI" : "GenericUI",
    properties: { connectorUiConfig: genericUiConfig(c, v("_uiConfigId"), "template") },
  });
  const meta = (extra: Record<string, Json>) =>
    b.metadata(
      {
        kind: "DataConnector",
        apiVersion: PKG.activeMetadata,
        name: metadataName("DataConnector", v("_dataConnectorId")),
        parentId: extensionId("Microsoft.SecurityInsights/dataConnectors", ids.contentId),
        ...ids,
      },
      extra,
    );
  const title = connectorTitle(c);
  b.addContent({
    kind: "DataConnector",
    step: "dataconnectors",
    source: item,
    contentId: c.id,
    version,
    displayName: title,
    description: c.descriptionMarkdown,
    template: {
      name: sentinelName(v("dataConnectorTemplateSpecName")),
      ...ids,
      productId: v("_dataConnectorcontentProductId"),
      mainTemplate: innerTemplate(ids.version, [connector(), meta({})]),
    },
    active: [meta({ dependsOn: [v("_dataConnectorId")], location: wsLocation() }), connector()],
  });
}

import type { CcfTemplateConnector, DataConnectorItem } from "@sentinelctl/content";
import type { Json } from "../arm/expr.js";
import { connectorTitle } from "../mappings/connector.js";
import { contentProductId, extensionId, sentinelName, templateSpecName } from "../names.js";
import { itemVersion } from "./content-kinds.js";
import { type GraphBuilder, innerTemplate, numbered } from "./graph-builder.js";

/** Every `parameters('name')` a set of resources refers to, so the template can declare them. */
function referencedParameters(resources: readonly unknown[]): string[] {
  const names = new Set<string>();
  for (const m of JSON.stringify(resources).matchAll(/parameters\(\s*'([^']+)'\s*\)/g)) names.add(m[1]!);
  return [...names].sort();
}

/**
 * A CCF connector kept as written (definition, pollers, DCRs, tables from the repository's files):
 * one contentTemplate of kind DataConnector that carries them unchanged, escaped so that they are
 * evaluated when the connector is deployed from Content Hub, with its metadata. V3 rewrites these
 * resources into a definition template and a connections template; see the README's differences.
 */
export function addCcfTemplateConnector(b: GraphBuilder, item: DataConnectorItem, n: number): void {
  const c = item.data as CcfTemplateConnector;
  const version = itemVersion(item, b.solution.version);
  const v = numbered(n);
  b.numberedVariables(n, {
    dataConnectorContentId: c.id,
    _dataConnectorContentId: v("dataConnectorContentId"),
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
  const resources = [c.definition, ...c.resources] as Json[];
  const parameters: Record<string, Json> = {};
  for (const name of referencedParameters(resources)) parameters[name] = { type: "string", defaultValue: "" };
  const meta = b.metadata({
    kind: "DataConnector",
    parentId: extensionId("Microsoft.SecurityInsights/dataConnectorDefinitions", ids.contentId),
    ...ids,
  });
  b.addContent({
    kind: "DataConnector",
    step: "dataconnectors",
    source: item,
    contentId: c.id,
    version,
    displayName: connectorTitle(c),
    description: c.descriptionMarkdown,
    template: {
      name: sentinelName(v("dataConnectorTemplateSpecName")),
      ...ids,
      productId: v("_dataConnectorcontentProductId"),
      mainTemplate: { ...(innerTemplate(ids.version, [...resources, meta]) as object), parameters } as Json,
    },
  });
}

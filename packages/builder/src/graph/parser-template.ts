import { contentIdOf, type ParserItem } from "@sentinelctl/content";
import { call, concat, type Json } from "../arm/expr.js";
import { parserProperties } from "../mappings/saved-search.js";
import { contentProductId, sentinelName, templateSpecName, ws, wsLocation } from "../names.js";
import { itemVersion } from "./content-kinds.js";
import { type GraphBuilder, innerTemplate, numbered, PKG } from "./graph-builder.js";

/**
 * A parser: a savedSearch with its function alias, in its contentTemplate and also active at the
 * top level (variables in `parserObject<n>`, and `_parsercontentProductId<n>`).
 */
export function addParser(b: GraphBuilder, item: ParserItem, n: number): void {
  const p = item.data;
  const version = itemVersion(item, b.solution.version);
  const contentId = contentIdOf(item);
  const o = b.variableObject("parserObject", n, {
    _parserName: concat(ws(), "/", p.FunctionName),
    _parserId: call(
      "resourceId",
      "Microsoft.OperationalInsights/workspaces/savedSearches",
      ws(),
      p.FunctionName,
    ),
    parserTemplateSpecName: sentinelName(templateSpecName("pr", contentId)),
    parserVersion: version,
    parserContentId: contentId,
  });
  b.numberedVariables(n, { _parsercontentProductId: contentProductId("pr", "Parser", contentId, version) });
  const ids = { contentId: o("parserContentId"), version: o("parserVersion") };
  const search = (): Json => ({
    type: "Microsoft.OperationalInsights/workspaces/savedSearches",
    apiVersion: PKG.savedSearches,
    name: o("_parserName"),
    location: wsLocation(),
    properties: parserProperties(p),
  });
  const meta = (extra: Record<string, Json>) =>
    b.metadata(
      { kind: "Parser", parentId: o("_parserId"), ...ids },
      { dependsOn: [o("_parserId")], ...extra },
    );
  b.addContent({
    kind: "Parser",
    step: "parsers",
    source: item,
    contentId,
    version,
    displayName: p.Function.Title,
    description: p.Description,
    template: {
      name: o("parserTemplateSpecName"),
      ...ids,
      productId: numbered(n)("_parsercontentProductId"),
      mainTemplate: innerTemplate(ids.version, [search(), meta({})]),
    },
    active: [search(), meta({ location: wsLocation() })],
  });
}

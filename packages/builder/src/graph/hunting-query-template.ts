import type { HuntingQueryItem } from "@sentinelctl/content";
import { call, type Json } from "../arm/expr.js";
import { huntingQueryProperties } from "../mappings/saved-search.js";
import { contentProductId, sentinelName, templateSpecName, wsLocation } from "../names.js";
import { itemVersion } from "./content-kinds.js";
import { type GraphBuilder, innerTemplate, PKG } from "./graph-builder.js";

/** A hunting query: a savedSearch in its contentTemplate (variables in `huntingQueryObject<n>`). */
export function addHuntingQuery(b: GraphBuilder, item: HuntingQueryItem, n: number): void {
  const q = item.data;
  const version = itemVersion(item, b.solution.version);
  const o = b.variableObject("huntingQueryObject", n, {
    huntingQueryVersion: version,
    _huntingQuerycontentId: q.id,
    huntingQueryTemplateSpecName: sentinelName(templateSpecName("hq", q.id)),
    _huntingQuerycontentProductId: contentProductId("hq", "HuntingQuery", q.id, version),
  });
  const ids = { contentId: o("_huntingQuerycontentId"), version: o("huntingQueryVersion") };
  const savedSearchId = call("resourceId", "Microsoft.OperationalInsights/savedSearches", ids.contentId);
  const resource: Json = {
    type: "Microsoft.OperationalInsights/savedSearches",
    apiVersion: PKG.savedSearches,
    name: ids.contentId,
    location: wsLocation(),
    // V3 writes a wildcard eTag on the saved search of a hunting query.
    properties: { eTag: "*", ...huntingQueryProperties(q) },
  };
  const meta = b.metadata({ kind: "HuntingQuery", parentId: savedSearchId, ...ids });
  b.addContent({
    kind: "HuntingQuery",
    step: "huntingqueries",
    source: item,
    contentId: q.id,
    version,
    displayName: q.name,
    description: q.description,
    template: {
      name: o("huntingQueryTemplateSpecName"),
      ...ids,
      productId: o("_huntingQuerycontentProductId"),
      mainTemplate: innerTemplate(ids.version, [resource, meta]),
    },
  });
}

import type { AnalyticRuleItem } from "@sentinelctl/content";
import { call, type Json } from "../arm/expr.js";
import { alertRuleProperties, v3Description } from "../mappings/analytic-rule.js";
import { contentProductId, sentinelName, templateSpecName, wsLocation } from "../names.js";
import { itemVersion } from "./content-kinds.js";
import { type GraphBuilder, innerTemplate, PKG } from "./graph-builder.js";

/** An analytics rule: an AlertRuleTemplate in its contentTemplate (variables in `analyticRuleObject<n>`). */
export function addAnalyticRule(b: GraphBuilder, item: AnalyticRuleItem, n: number): void {
  const r = item.data;
  const version = itemVersion(item, b.solution.version);
  const o = b.variableObject("analyticRuleObject", n, {
    analyticRuleVersion: version,
    _analyticRulecontentId: r.id,
    analyticRuleId: call("resourceId", "Microsoft.SecurityInsights/AlertRuleTemplates", r.id),
    analyticRuleTemplateSpecName: sentinelName(templateSpecName("ar", r.id)),
    _analyticRulecontentProductId: contentProductId("ar", "AnalyticsRule", r.id, version),
  });
  const ids = { contentId: o("_analyticRulecontentId"), version: o("analyticRuleVersion") };
  const resource: Json = {
    type: "Microsoft.SecurityInsights/AlertRuleTemplates",
    name: ids.contentId,
    apiVersion: PKG.alertRuleTemplates,
    kind: r.kind,
    location: wsLocation(),
    properties: alertRuleProperties(r, "template"),
  };
  const meta = b.metadata({
    kind: "AnalyticsRule",
    description: `${b.solution.name} Analytics Rule ${n}`,
    parentId: o("analyticRuleId"),
    ...ids,
  });
  b.addContent({
    kind: "AnalyticsRule",
    step: "analytics",
    source: item,
    contentId: r.id,
    version,
    displayName: r.name,
    description: v3Description(r.description),
    template: {
      name: o("analyticRuleTemplateSpecName"),
      ...ids,
      productId: o("_analyticRulecontentProductId"),
      mainTemplate: innerTemplate(ids.version, [resource, meta]),
    },
  });
}

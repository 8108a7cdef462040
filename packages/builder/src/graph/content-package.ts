import type { Solution } from "@sentinelctl/content";
import { type Json, variables } from "../arm/expr.js";
import { descriptionHtml } from "../description.js";
import { sentinelName, solutionIdRef, wsLocation } from "../names.js";
import { authorBlock, CONTENT_SCHEMA_VERSION, PKG, sourceBlock, supportBlock } from "./graph-builder.js";

/** The solution's contentPackage: its Content Hub listing and the list of its items (`dependencies`). */
export function contentPackageResource(
  s: Solution,
  counts: Array<[label: string, count: number]>,
  dependencies: Json,
  icon: string | undefined,
): Json {
  return {
    type: "Microsoft.OperationalInsights/workspaces/providers/contentPackages",
    apiVersion: PKG.contentPackages,
    name: sentinelName(solutionIdRef()),
    location: wsLocation(),
    properties: {
      version: s.version,
      kind: "Solution",
      contentSchemaVersion: CONTENT_SCHEMA_VERSION,
      displayName: s.name,
      publisherDisplayName:
        s.support.tier === "Microsoft" ? `Microsoft Sentinel, ${s.support.name}` : s.support.name,
      descriptionHtml: descriptionHtml(s, counts),
      contentKind: "Solution",
      contentProductId: variables("_solutioncontentProductId"),
      id: variables("_solutioncontentProductId"),
      icon,
      contentId: solutionIdRef(),
      parentId: solutionIdRef(),
      source: sourceBlock(s),
      author: authorBlock(s),
      support: supportBlock(s),
      dependencies,
      firstPublishDate: s.firstPublishDate,
      lastPublishDate: s.lastPublishDate,
      providers: [...s.providers],
      categories: {
        domains: [...s.categories.domains],
        verticals: s.categories.verticals?.length ? [...s.categories.verticals] : undefined,
      },
    },
  };
}

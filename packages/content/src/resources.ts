import type { ResolvedContentKind } from "./catalogue.js";

export interface DeployTarget {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  /** Azure region of the workspace; resources that need a location get it. */
  location: string;
}

export interface ResolvedResource {
  /** Full ARM resource id, e.g. /subscriptions/s/resourceGroups/g/providers/Microsoft.OperationalInsights/workspaces/w/providers/Microsoft.SecurityInsights/alertRules/<guid> */
  id: string;
  /** Resource type without the workspace prefix, e.g. Microsoft.SecurityInsights/alertRules. */
  type: string;
  apiVersion: string;
  /** The PUT body: kind, location, etag, properties as the service expects them. */
  body: Record<string, unknown>;
  /** Apply order (the kind's phase in the catalogue): lower phases first; resources within a phase are independent. */
  phase: number;
  contentKind: ResolvedContentKind;
  /** Content id of the item this resource belongs to. */
  contentId: string;
  displayName: string;
}

export type DeployMode = "content" | "package";

/**
 * How metadata marks what sentinelctl deployed, so prune never touches anything else:
 * metadata.properties.source = { kind: "SourceRepository", name: OWNER_SOURCE_NAME, sourceId: <solution id> }.
 */
export const OWNER_SOURCE_NAME = "sentinelctl";

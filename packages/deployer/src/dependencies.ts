/**
 * Which desired resources need which others to exist first, read from the bodies the builder
 * resolved (apply uses it to skip the dependants of a failed write instead of writing them):
 *
 * - a data collection rule needs the custom tables its data flows write to (`outputStream`
 *   `Custom-<table>` in the workspace its destination names) and the endpoint it references;
 * - a connector (definition or GenericUI) needs the data collection rules and endpoints of its
 *   connections, which carry the content id `<connector id>Connections`;
 * - an automation rule needs the analytics rules its conditions name (by resource id).
 *
 * Only resources of the same deploy are returned: a dependency that is not being written cannot fail.
 */
import { type AutomationRule, type ResolvedResource, ruleIdReferences } from "@sentinelctl/content";
import { idKey } from "./resource-id.js";

interface DcrProperties {
  dataCollectionEndpointId?: unknown;
  destinations?: { logAnalytics?: Array<{ workspaceResourceId?: unknown; name?: unknown }> };
  dataFlows?: Array<{ outputStream?: unknown; destinations?: unknown }>;
}

function dcrNeeds(r: ResolvedResource): string[] {
  const p = (r.body.properties ?? {}) as DcrProperties;
  const workspaces = new Map<string, string>();
  for (const d of p.destinations?.logAnalytics ?? []) {
    if (typeof d.name === "string" && typeof d.workspaceResourceId === "string")
      workspaces.set(d.name, d.workspaceResourceId);
  }
  const out: string[] = [];
  for (const flow of p.dataFlows ?? []) {
    const stream =
      typeof flow.outputStream === "string" ? /^Custom-(.+)$/.exec(flow.outputStream)?.[1] : undefined;
    if (!stream) continue;
    const names = Array.isArray(flow.destinations) ? flow.destinations : [];
    for (const n of names) {
      const ws = workspaces.get(String(n));
      if (ws) out.push(`${ws}/tables/${stream}`);
    }
  }
  if (typeof p.dataCollectionEndpointId === "string") out.push(p.dataCollectionEndpointId);
  return out;
}

function automationRuleNeeds(r: ResolvedResource): string[] {
  const p = (r.body.properties ?? {}) as Partial<AutomationRule>;
  if (!p.triggeringLogic) return [];
  return ruleIdReferences({ ...p, actions: p.actions ?? [] } as AutomationRule).map((ref) => ref.value);
}

const CONNECTOR_KINDS = new Set(["DataConnectorDefinition", "DataConnector"]);
const CONNECTION_KINDS = new Set(["DataCollectionRule", "DataCollectionEndpoint"]);

/** idKey of a resource -> ids of the resources of `all` it depends on (absent when none). */
export function dependencyMap(all: readonly ResolvedResource[]): Map<string, string[]> {
  const byKey = new Map(all.map((r) => [idKey(r.id), r]));
  const connections = new Map<string, ResolvedResource[]>();
  for (const r of all) {
    if (!CONNECTION_KINDS.has(r.contentKind)) continue;
    const key = r.contentId.toLowerCase();
    connections.set(key, [...(connections.get(key) ?? []), r]);
  }
  const out = new Map<string, string[]>();
  for (const r of all) {
    let needs: string[] = [];
    if (r.contentKind === "DataCollectionRule") needs = dcrNeeds(r);
    else if (r.contentKind === "AutomationRule") needs = automationRuleNeeds(r);
    else if (CONNECTOR_KINDS.has(r.contentKind))
      needs = (connections.get(`${r.contentId}connections`.toLowerCase()) ?? []).map((c) => c.id);
    const present = [...new Set(needs.map(idKey))]
      .filter((k) => k !== idKey(r.id))
      .map((k) => byKey.get(k)?.id)
      .filter((id): id is string => id !== undefined);
    if (present.length) out.set(idKey(r.id), present);
  }
  return out;
}

/**
 * Hand-built ResolvedResource fixtures in the shape the builder emits in content mode: each item
 * plus a metadata resource that marks it as owned by sentinelctl and its solution.
 */
import {
  API_VERSIONS,
  OWNER_SOURCE_NAME,
  PHASES,
  type ResolvedContentKind,
  type ResolvedResource,
} from "@sentinelctl/content";
import type { DesiredSolution } from "../src/index.js";

export const SUB = "00000000-0000-0000-0000-000000000000";
export const RG = "sentinel-rg";
export const WS = "sentinel-ws";
export const WS_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/${WS}`;
export const RG_ID = `/subscriptions/${SUB}/resourceGroups/${RG}`;

export interface Where {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  location: string;
}

export const DEFAULT_WHERE: Where = {
  subscriptionId: SUB,
  resourceGroup: RG,
  workspace: WS,
  location: "westeurope",
};

function wsId(w: Where): string {
  return `/subscriptions/${w.subscriptionId}/resourceGroups/${w.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${w.workspace}`;
}

/** A deterministic GUID from a string (fixtures only). */
export function guid(seed: string): string {
  let h = 2166136261;
  const hex: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (const ch of `${seed}#${round}`) {
      h ^= ch.charCodeAt(0);
      h = Math.imul(h, 16777619) >>> 0;
    }
    hex.push(h.toString(16).padStart(8, "0"));
  }
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-8${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

function metadataFor(
  w: Where,
  solutionId: string,
  parent: ResolvedResource,
  kind: string,
  source: { kind: string; name: string; sourceId: string } = {
    kind: "SourceRepository",
    name: OWNER_SOURCE_NAME,
    sourceId: solutionId,
  },
): ResolvedResource {
  const name = `${kind.toLowerCase()}-${parent.contentId}`.replace(/[^A-Za-z0-9_-]/g, "-");
  return {
    id: `${wsId(w)}/providers/Microsoft.SecurityInsights/metadata/${name}`,
    type: "Microsoft.SecurityInsights/metadata",
    apiVersion: API_VERSIONS.live.metadata,
    phase: PHASES.Metadata,
    contentKind: "Metadata",
    contentId: parent.contentId,
    displayName: `${parent.displayName} (metadata)`,
    body: {
      properties: {
        parentId: parent.id,
        kind,
        contentId: parent.contentId,
        version: "1.0.0",
        source,
        author: { name: "sentinelctl tests" },
        support: { tier: "Community" },
      },
    },
  };
}

export interface RuleOptions {
  severity?: string;
  query?: string;
  tactics?: string[];
  enabled?: boolean;
}

export function rule(w: Where, n: number | string, options: RuleOptions = {}): ResolvedResource {
  const contentId = typeof n === "string" ? n : guid(`rule-${n}`);
  const displayName = `Fixture rule ${n}`;
  return {
    id: `${wsId(w)}/providers/Microsoft.SecurityInsights/alertRules/${contentId}`,
    type: "Microsoft.SecurityInsights/alertRules",
    apiVersion: API_VERSIONS.live.alertRules,
    phase: PHASES.AnalyticsRule,
    contentKind: "AnalyticsRule",
    contentId,
    displayName,
    body: {
      kind: "Scheduled",
      properties: {
        displayName,
        description: `Fires when fixture ${n} sees something.`,
        severity: options.severity ?? "Medium",
        enabled: options.enabled ?? true,
        query:
          options.query ?? `Fixture_CL\n| where Message has "alert ${n}"\n| project TimeGenerated, Message`,
        queryFrequency: "PT1H",
        queryPeriod: "PT1H",
        triggerOperator: "GreaterThan",
        triggerThreshold: 0,
        suppressionEnabled: false,
        suppressionDuration: "PT5H",
        tactics: options.tactics ?? ["InitialAccess", "Execution"],
        techniques: ["T1190"],
        incidentConfiguration: {
          createIncident: true,
          groupingConfiguration: {
            enabled: false,
            reopenClosedIncident: false,
            lookbackDuration: "PT5H",
            matchingMethod: "AllEntities",
          },
        },
      },
    },
  };
}

function table(w: Where): ResolvedResource {
  return {
    id: `${wsId(w)}/tables/Fixture_CL`,
    type: "Microsoft.OperationalInsights/workspaces/tables",
    apiVersion: API_VERSIONS.live.tables,
    phase: PHASES.Table,
    contentKind: "Table",
    contentId: "Fixture_CL",
    displayName: "Fixture_CL",
    body: {
      properties: {
        retentionInDays: -1,
        totalRetentionInDays: -1,
        schema: {
          name: "Fixture_CL",
          columns: [
            { name: "TimeGenerated", type: "datetime" },
            { name: "Message", type: "string" },
            { name: "Severity", type: "int" },
          ],
        },
      },
    },
  };
}

function parser(w: Where): ResolvedResource {
  return {
    id: `${wsId(w)}/savedSearches/FixtureParser-Parser`,
    type: "Microsoft.OperationalInsights/workspaces/savedSearches",
    apiVersion: API_VERSIONS.live.savedSearches,
    phase: PHASES.Parser,
    contentKind: "Parser",
    contentId: "FixtureParser-Parser",
    displayName: "FixtureParser",
    body: {
      properties: {
        category: "Fixture",
        displayName: "FixtureParser",
        query: "Fixture_CL\n| extend Sev = toint(Severity)",
        functionAlias: "FixtureParser",
      },
    },
  };
}

function workbook(w: Where, solutionId: string): ResolvedResource {
  const name = guid(`workbook-${solutionId}`);
  return {
    id: `/subscriptions/${w.subscriptionId}/resourceGroups/${w.resourceGroup}/providers/Microsoft.Insights/workbooks/${name}`,
    type: "Microsoft.Insights/workbooks",
    apiVersion: API_VERSIONS.live.workbooks,
    phase: PHASES.Workbook,
    contentKind: "Workbook",
    contentId: name,
    displayName: "Fixture workbook",
    body: {
      kind: "shared",
      location: w.location,
      properties: {
        displayName: "Fixture workbook",
        category: "sentinel",
        serializedData: JSON.stringify({
          version: "Notebook/1.0",
          items: [{ type: 1, content: { json: "## Fixture" } }],
        }),
        sourceId: wsId(w),
        version: "1.0",
      },
    },
  };
}

export interface SolutionFixtureOptions {
  solutionId?: string;
  rules?: number;
  /** First rule number (rules are numbered from it). */
  firstRule?: number;
  withTable?: boolean;
  withParser?: boolean;
  withWorkbook?: boolean;
  ruleOptions?: (n: number) => RuleOptions;
}

export function fixtureSolution(w: Where = DEFAULT_WHERE, o: SolutionFixtureOptions = {}): DesiredSolution {
  const solutionId = o.solutionId ?? "sentinelctl.fixture";
  const items: Array<[ResolvedResource, ResolvedContentKind | string]> = [];
  if (o.withTable ?? true) items.push([table(w), "Table"]);
  if (o.withParser ?? true) items.push([parser(w), "Parser"]);
  const first = o.firstRule ?? 1;
  for (let i = first; i < first + (o.rules ?? 3); i++)
    items.push([rule(w, i, o.ruleOptions?.(i) ?? {}), "AnalyticsRule"]);
  if (o.withWorkbook ?? true) items.push([workbook(w, solutionId), "Workbook"]);
  const resources: ResolvedResource[] = [];
  for (const [r, kind] of items) {
    resources.push(r);
    if (kind !== "Table") resources.push(metadataFor(w, solutionId, r, kind));
  }
  return { id: solutionId, name: "Fixture", resources };
}

export { metadataFor };

/**
 * `import --from-workspace`: the content of a live workspace as a solution folder. Each live
 * resource is read with the deployer's ARM client (LIST calls only) and handed to the same
 * mappings the package import uses, in the shape a package's template carries, so both imports
 * write the same files for the same content.
 */
import {
  collectionId,
  diagnostic,
  InputError,
  kindEntry,
  OWNER_SOURCE_NAME,
  type ResolvedContentKind,
} from "@sentinelctl/content";
import { type ArmClient, describeError, type Json, mapLimit, typeInfo } from "@sentinelctl/deployer";
import { importReadPackage } from "./from-package.js";
import {
  isObject,
  type JsonObject,
  lastSegment,
  type PackageEntry,
  type PackageResource,
  type ReadPackage,
} from "./read-package.js";
import type { ImportResult, Skipped } from "./result.js";

/** What `--kind` accepts, and the folder each kind is written to. */
export const WORKSPACE_KINDS = [
  "analytics",
  "hunting",
  "parsers",
  "workbooks",
  "connectors",
  "tables",
  "automation",
] as const;
export type WorkspaceKind = (typeof WORKSPACE_KINDS)[number];

export interface WorkspaceTarget {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
}

export interface WorkspaceImportOptions {
  /** Kinds to import (default: all). */
  kinds?: readonly WorkspaceKind[];
  /** Glob (`*`, `?`) on display names, case-insensitive. */
  name?: string;
  /** Also import items whose metadata names another solution (a Content Hub install, another repository). */
  includeOwned?: boolean;
  /** The solution the folder becomes; default: the one sentinelctl solution the workspace's metadata names. */
  solutionId?: string;
  solutionName?: string;
}

function globRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}

function props(r: Json): JsonObject {
  return isObject(r.properties) ? r.properties : {};
}

function resource(type: string, r: Json, properties: JsonObject = props(r)): PackageResource {
  return {
    type,
    name: String(r.name ?? lastSegment(String(r.id ?? ""))),
    ...(typeof r.kind === "string" ? { kind: r.kind } : {}),
    properties,
    raw: r,
  };
}

interface Live {
  alertRules: Json[];
  savedSearches: Json[];
  workbooks: Json[];
  tables: Json[];
  dataConnectors: Json[];
  definitions: Json[];
  dcrs: Json[];
  dces: Json[];
  automationRules: Json[];
  metadata: Json[];
}

/** The collections an import reads, by the catalogue kind whose type they hold. */
const LISTS: ReadonlyArray<[keyof Live, ResolvedContentKind]> = [
  ["alertRules", "AnalyticsRule"],
  ["metadata", "Metadata"],
  ["dataConnectors", "DataConnector"],
  ["definitions", "DataConnectorDefinition"],
  ["savedSearches", "Parser"], // parsers and hunting queries: one type
  ["tables", "Table"],
  ["workbooks", "Workbook"],
  ["dcrs", "DataCollectionRule"],
  ["dces", "DataCollectionEndpoint"],
  ["automationRules", "AutomationRule"],
];

async function readWorkspace(client: ArmClient, t: WorkspaceTarget): Promise<Live> {
  const live = {} as Live;
  await mapLimit(LISTS, 4, async ([key, kind]) => {
    const { armType: type, apiVersion: version } = kindEntry(kind);
    const path = collectionId(kind, t);
    try {
      live[key] = await client.listCollection(typeInfo(type), path, version, t);
    } catch (e) {
      throw describeError(e, {
        operation: "list",
        item: { id: path, type, contentKind: type.split("/").pop()! },
        apiVersion: version,
        ...t,
        endpoint: client.endpoint,
      });
    }
  });
  return live;
}

/** Metadata by the (lower-cased) id of the resource it describes. */
function metadataByParent(metadata: readonly Json[]): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const m of metadata) {
    const p = props(m);
    if (typeof p.parentId === "string") out.set(p.parentId.toLowerCase(), p);
  }
  return out;
}

function sourceOf(meta: JsonObject | undefined): JsonObject | undefined {
  return isObject(meta?.source) ? meta.source : undefined;
}

/** The sentinelctl solution ids the workspace's metadata names. */
function ownedSolutionIds(metadata: readonly Json[]): string[] {
  const ids = new Set<string>();
  for (const m of metadata) {
    const s = sourceOf(props(m));
    if (s?.kind === "SourceRepository" && s.name === OWNER_SOURCE_NAME && typeof s.sourceId === "string") {
      ids.add(s.sourceId);
    }
  }
  return [...ids].sort();
}

export async function importFromWorkspace(
  client: ArmClient,
  target: WorkspaceTarget,
  options: WorkspaceImportOptions = {},
): Promise<ImportResult> {
  const live = await readWorkspace(client, target);
  const where = `workspace ${target.resourceGroup}/${target.workspace}`;
  const skipped: Skipped[] = [];
  const kinds = new Set<WorkspaceKind>(options.kinds?.length ? options.kinds : WORKSPACE_KINDS);
  const named = options.name ? globRegExp(options.name) : undefined;
  const meta = metadataByParent(live.metadata);
  const owned = ownedSolutionIds(live.metadata);
  if (!options.solutionId && owned.length > 1) {
    throw new InputError(
      diagnostic(
        "IMPORT-WHICH-SOLUTION",
        "error",
        `The workspace holds content of ${owned.length} sentinelctl solutions (${owned.join(", ")}).`,
        { file: where },
        "Name the one to import with --solution-id (add --include-owned to take the others' items too).",
      ),
    );
  }
  const solutionId =
    options.solutionId ??
    owned[0] ??
    `imported.${target.workspace.toLowerCase().replace(/[^a-z0-9_-]/g, "-")}`;

  /** Another solution's item (unless --include-owned), or one --name leaves out. */
  const excluded = (id: string, displayName: string): boolean => {
    if (named && !named.test(displayName)) return true;
    const s = sourceOf(meta.get(id.toLowerCase()));
    if (!s || options.includeOwned) return false;
    const mine = s.kind === "SourceRepository" && s.name === OWNER_SOURCE_NAME && s.sourceId === solutionId;
    if (!mine) {
      skipped.push({
        item: `'${displayName}'`,
        reason: `belongs to ${s.kind === "Solution" ? "the Content Hub solution" : `${String(s.kind)} '${String(s.name)}', solution`} '${String(s.sourceId ?? s.name)}' (pass --include-owned to import it anyway)`,
        file: where,
      });
    }
    return !mine;
  };
  const versionOf = (id: string, fallback: string): string => {
    const v = meta.get(id.toLowerCase())?.version;
    return typeof v === "string" && v ? v : fallback;
  };
  const metadataResource = (id: string): PackageResource[] => {
    const m = meta.get(id.toLowerCase());
    return m ? [{ type: "Microsoft.SecurityInsights/metadata", name: "", properties: m, raw: {} }] : [];
  };
  const entries: PackageEntry[] = [];
  const entry = (
    contentKind: string,
    contentId: string,
    version: string,
    displayName: string,
    resources: PackageResource[],
  ) => entries.push({ contentKind, contentId, version, displayName, mainTemplate: {}, resources });

  if (kinds.has("analytics")) {
    for (const r of live.alertRules) {
      const p = props(r);
      const displayName = String(p.displayName ?? r.name);
      if (r.kind !== "Scheduled" && r.kind !== "NRT") {
        if (!named || named.test(displayName)) {
          skipped.push({
            item: `AnalyticsRule '${displayName}'`,
            reason: `unsupported rule kind '${String(r.kind)}' (the model has Scheduled and NRT)`,
            file: where,
          });
        }
        continue;
      }
      if (excluded(String(r.id), displayName)) continue;
      const { alertRuleTemplateName, templateVersion, enabled, ...rest } = p;
      if (enabled === false) {
        skipped.push({
          item: `AnalyticsRule '${displayName}' field 'enabled'`,
          reason: "the rule is disabled; the repository deploys rules enabled",
          file: where,
        });
      }
      const contentId = String(alertRuleTemplateName ?? r.name);
      const version = versionOf(
        String(r.id),
        typeof templateVersion === "string" ? templateVersion : "1.0.0",
      );
      entry("AnalyticsRule", contentId, version, displayName, [
        resource("Microsoft.SecurityInsights/AlertRuleTemplates", r, rest),
      ]);
    }
  }
  for (const r of live.savedSearches) {
    const p = props(r);
    const displayName = String(p.displayName ?? r.name);
    const isParser = typeof p.functionAlias === "string" && p.functionAlias !== "";
    const isHunting = String(p.category ?? "").toLowerCase() === "hunting queries";
    if (!(isParser ? kinds.has("parsers") : isHunting && kinds.has("hunting"))) {
      if (!isParser && !isHunting && (!named || named.test(displayName))) {
        skipped.push({
          item: `saved search '${displayName}'`,
          reason: "neither a hunting query nor a function (parser)",
          file: where,
        });
      }
      continue;
    }
    if (excluded(String(r.id), displayName)) continue;
    const res = resource("Microsoft.OperationalInsights/workspaces/savedSearches", r);
    if (isParser)
      entry("Parser", `${p.functionAlias}-Parser`, versionOf(String(r.id), "1.0.0"), displayName, [res]);
    else entry("HuntingQuery", String(r.name), versionOf(String(r.id), "1.0.0"), displayName, [res]);
  }
  if (kinds.has("workbooks")) {
    for (const r of live.workbooks) {
      const p = props(r);
      const displayName = String(p.displayName ?? r.name);
      if (excluded(String(r.id), displayName)) continue;
      const m = meta.get(String(r.id).toLowerCase());
      const contentId = typeof m?.contentId === "string" ? m.contentId : String(r.name);
      const { sourceId: _source, category: _category, ...rest } = p;
      entry("Workbook", contentId, versionOf(String(r.id), "1.0.0"), displayName, [
        resource("Microsoft.Insights/workbooks", r, rest),
        ...metadataResource(String(r.id)),
      ]);
    }
  }
  const connections = new Map<string, PackageResource[]>();
  if (kinds.has("connectors")) {
    for (const r of live.dataConnectors) {
      const p = props(r);
      const ui = isObject(p.connectorUiConfig) ? p.connectorUiConfig : {};
      const displayName = String(ui.title ?? r.name);
      if (r.kind !== "GenericUI") {
        if (r.kind !== "Push" && (!named || named.test(displayName))) {
          skipped.push({
            item: `DataConnector '${displayName}'`,
            reason: `unsupported connector kind '${String(r.kind)}'`,
            file: where,
          });
        }
        continue;
      }
      if (excluded(String(r.id), displayName)) continue;
      entry("DataConnector", String(r.name), versionOf(String(r.id), "1.0.0"), displayName, [
        resource("Microsoft.SecurityInsights/dataConnectors", r),
      ]);
    }
    for (const r of live.definitions) {
      const ui = isObject(props(r).connectorUiConfig) ? (props(r).connectorUiConfig as JsonObject) : {};
      const displayName = String(ui.title ?? r.name);
      if (excluded(String(r.id), displayName)) continue;
      entry("DataConnector", String(r.name), versionOf(String(r.id), "1.0.0"), displayName, [
        resource("Microsoft.SecurityInsights/dataConnectorDefinitions", r),
      ]);
      connections.set(`${r.name}Connections`, []);
    }
    // The DCRs and endpoints sentinelctl deployed for a push connector name it in their metadata.
    for (const [list, type] of [
      [live.dces, "Microsoft.Insights/dataCollectionEndpoints"],
      [live.dcrs, "Microsoft.Insights/dataCollectionRules"],
    ] as const) {
      for (const r of list) {
        const contentId = meta.get(String(r.id).toLowerCase())?.contentId;
        const group = typeof contentId === "string" ? connections.get(contentId) : undefined;
        if (group) group.push(resource(type, r));
        else if (!named) {
          skipped.push({
            item: `${type.split("/").pop()} '${r.name}'`,
            reason: "not linked to a connector definition by metadata",
            file: where,
          });
        }
      }
    }
  }
  const tableResources: PackageResource[] = [];
  if (kinds.has("tables")) {
    for (const r of live.tables) {
      const name = String(r.name);
      if (!/_CL$/i.test(name) || (named && !named.test(name))) continue;
      if (excluded(String(r.id), name)) continue;
      const p = { ...props(r) };
      if (p.retentionInDaysAsDefault === true) delete p.retentionInDays;
      if (p.totalRetentionInDaysAsDefault === true) delete p.totalRetentionInDays;
      tableResources.push(resource("Microsoft.OperationalInsights/workspaces/tables", r, p));
    }
  }
  for (const [id, group] of connections) {
    const streamed = new Set(
      group
        .filter((g) => g.type.endsWith("dataCollectionRules"))
        .flatMap((g) => (Array.isArray(g.properties.dataFlows) ? g.properties.dataFlows : []))
        .map((f) =>
          String((f as JsonObject).outputStream ?? "")
            .replace(/^Custom-/, "")
            .toLowerCase(),
        ),
    );
    const tables = tableResources.filter((t) => streamed.has(t.name.toLowerCase()));
    entry("ResourcesDataConnector", id, "", id, [...tables, ...group]);
  }
  if (kinds.has("automation")) {
    for (const r of live.automationRules) {
      const displayName = String(props(r).displayName ?? r.name);
      if (excluded(String(r.id), displayName)) continue;
      entry("AutomationRule", String(r.name), versionOf(String(r.id), "1.0.0"), displayName, [
        resource("Microsoft.SecurityInsights/automationRules", r),
      ]);
    }
  }

  // Tables nothing streams into are written on their own.
  const streamedTables = new Set(
    entries
      .filter((e) => e.contentKind === "ResourcesDataConnector")
      .flatMap((e) => e.resources.map((r) => r.name.toLowerCase())),
  );
  const author = firstMeta(live.metadata, solutionId, "author");
  const support = firstMeta(live.metadata, solutionId, "support");
  const version = firstMeta(live.metadata, solutionId, "version", "DataType");
  const pkg: ReadPackage = {
    solution: {
      contentId: solutionId,
      displayName: options.solutionName ?? solutionId,
      version: typeof version === "string" ? version : "1.0.0",
      descriptionHtml: `<p>Content imported from the Microsoft Sentinel workspace ${target.workspace}.</p>`,
      author: author ?? { name: "Unknown" },
      support: support ?? { tier: "Community", name: "Unknown" },
      categories: { domains: ["Security - Others"] },
      providers: [isObject(author) && typeof author.name === "string" ? author.name : "Unknown"],
      firstPublishDate: "2000-01-01",
    },
    entries,
    active: [],
    skipped,
  };
  skipped.push({
    item: "solution.yaml description, categories, providers and firstPublishDate",
    reason: "a workspace does not hold them: placeholders were written, edit them",
    file: where,
  });
  return importReadPackage(pkg, where, undefined, {
    liveConnections: true,
    extraTables: tableResources.filter((t) => !streamedTables.has(t.name.toLowerCase())),
    automationRefs: { workspace: target },
  });
}

/** A field of the first metadata (of `kind`, if given) the solution owns. */
function firstMeta(metadata: readonly Json[], solutionId: string, field: string, kind?: string): unknown {
  for (const m of metadata) {
    const p = props(m);
    const s = sourceOf(p);
    if (s?.sourceId !== solutionId) continue;
    if (kind && p.kind !== kind) continue;
    if (p[field] !== undefined) return p[field];
  }
  return undefined;
}

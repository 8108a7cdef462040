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
  const kinds = new Set<WorkspaceKind>(options.kinds?.length ? options.kinds : WORKSPACE_KINDS);
  const solutionId = chooseSolutionId(live, target, options, where);
  const c = new Collector(live, where, solutionId, options);
  if (kinds.has("analytics")) collectAlertRules(c);
  collectSavedSearches(c, kinds);
  if (kinds.has("workbooks")) collectWorkbooks(c);
  const connections = kinds.has("connectors") ? collectConnectors(c) : new Map<string, PackageResource[]>();
  const tables = kinds.has("tables") ? collectTables(c) : [];
  const streamed = groupConnectorResources(c, connections, tables);
  if (kinds.has("automation")) collectAutomationRules(c);
  const pkg: ReadPackage = {
    solution: solutionManifest(live, target, solutionId, options),
    entries: c.entries,
    active: [],
    skipped: c.skipped,
  };
  c.skipped.push({
    item: "solution.yaml description, categories, providers and firstPublishDate",
    reason: "a workspace does not hold them: placeholders were written, edit them",
    file: where,
  });
  return importReadPackage(pkg, where, undefined, {
    liveConnections: true,
    // Tables nothing streams into are written on their own.
    extraTables: tables.filter((t) => !streamed.has(t.name.toLowerCase())),
    automationRefs: { workspace: target },
  });
}

/** --solution-id, or the one sentinelctl solution the workspace holds, or a name made from the workspace. */
function chooseSolutionId(
  live: Live,
  target: WorkspaceTarget,
  options: WorkspaceImportOptions,
  where: string,
): string {
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
  return (
    options.solutionId ??
    owned[0] ??
    `imported.${target.workspace.toLowerCase().replace(/[^a-z0-9_-]/g, "-")}`
  );
}

/** The entries of the import as they are read, what was left out and why, and the metadata they carry. */
class Collector {
  readonly entries: PackageEntry[] = [];
  readonly skipped: Skipped[] = [];
  readonly named: RegExp | undefined;
  private readonly meta: Map<string, JsonObject>;

  constructor(
    readonly live: Live,
    readonly where: string,
    private readonly solutionId: string,
    private readonly options: WorkspaceImportOptions,
  ) {
    this.named = options.name ? globRegExp(options.name) : undefined;
    this.meta = metadataByParent(live.metadata);
  }

  /** True when --name keeps the item (or there is no --name). */
  isNamed(displayName: string): boolean {
    return !this.named || this.named.test(displayName);
  }

  skip(item: string, reason: string): void {
    this.skipped.push({ item, reason, file: this.where });
  }

  /** Another solution's item (unless --include-owned), or one --name leaves out. */
  excluded(id: string, displayName: string): boolean {
    if (!this.isNamed(displayName)) return true;
    const s = sourceOf(this.metaOf(id));
    if (!s || this.options.includeOwned) return false;
    const mine =
      s.kind === "SourceRepository" && s.name === OWNER_SOURCE_NAME && s.sourceId === this.solutionId;
    if (!mine) {
      this.skip(
        `'${displayName}'`,
        `belongs to ${s.kind === "Solution" ? "the Content Hub solution" : `${String(s.kind)} '${String(s.name)}', solution`} '${String(s.sourceId ?? s.name)}' (pass --include-owned to import it anyway)`,
      );
    }
    return !mine;
  }

  metaOf(id: string): JsonObject | undefined {
    return this.meta.get(id.toLowerCase());
  }

  versionOf(id: string, fallback = "1.0.0"): string {
    const v = this.metaOf(id)?.version;
    return typeof v === "string" && v ? v : fallback;
  }

  metadataResource(id: string): PackageResource[] {
    const m = this.metaOf(id);
    return m ? [{ type: "Microsoft.SecurityInsights/metadata", name: "", properties: m, raw: {} }] : [];
  }

  add(
    contentKind: string,
    contentId: string,
    version: string,
    displayName: string,
    resources: PackageResource[],
  ) {
    this.entries.push({ contentKind, contentId, version, displayName, mainTemplate: {}, resources });
  }
}

function collectAlertRules(c: Collector): void {
  for (const r of c.live.alertRules) {
    const p = props(r);
    const displayName = String(p.displayName ?? r.name);
    if (r.kind !== "Scheduled" && r.kind !== "NRT") {
      if (c.isNamed(displayName)) {
        c.skip(
          `AnalyticsRule '${displayName}'`,
          `unsupported rule kind '${String(r.kind)}' (the model has Scheduled and NRT)`,
        );
      }
      continue;
    }
    if (c.excluded(String(r.id), displayName)) continue;
    const { alertRuleTemplateName, templateVersion, enabled, ...rest } = p;
    if (enabled === false) {
      c.skip(
        `AnalyticsRule '${displayName}' field 'enabled'`,
        "the rule is disabled; the repository deploys rules enabled",
      );
    }
    const contentId = String(alertRuleTemplateName ?? r.name);
    const version = c.versionOf(
      String(r.id),
      typeof templateVersion === "string" ? templateVersion : "1.0.0",
    );
    c.add("AnalyticsRule", contentId, version, displayName, [
      resource("Microsoft.SecurityInsights/AlertRuleTemplates", r, rest),
    ]);
  }
}

function collectAutomationRules(c: Collector): void {
  for (const r of c.live.automationRules) {
    const displayName = String(props(r).displayName ?? r.name);
    if (c.excluded(String(r.id), displayName)) continue;
    c.add("AutomationRule", String(r.name), c.versionOf(String(r.id)), displayName, [
      resource("Microsoft.SecurityInsights/automationRules", r),
    ]);
  }
}

/** Saved searches are parsers (a function alias) or hunting queries (their category). */
function collectSavedSearches(c: Collector, kinds: ReadonlySet<WorkspaceKind>): void {
  for (const r of c.live.savedSearches) {
    const p = props(r);
    const displayName = String(p.displayName ?? r.name);
    const isParser = typeof p.functionAlias === "string" && p.functionAlias !== "";
    const isHunting = String(p.category ?? "").toLowerCase() === "hunting queries";
    if (!(isParser ? kinds.has("parsers") : isHunting && kinds.has("hunting"))) {
      if (!isParser && !isHunting && c.isNamed(displayName)) {
        c.skip(`saved search '${displayName}'`, "neither a hunting query nor a function (parser)");
      }
      continue;
    }
    if (c.excluded(String(r.id), displayName)) continue;
    const res = resource("Microsoft.OperationalInsights/workspaces/savedSearches", r);
    if (isParser) c.add("Parser", `${p.functionAlias}-Parser`, c.versionOf(String(r.id)), displayName, [res]);
    else c.add("HuntingQuery", String(r.name), c.versionOf(String(r.id)), displayName, [res]);
  }
}

function collectWorkbooks(c: Collector): void {
  for (const r of c.live.workbooks) {
    const p = props(r);
    const displayName = String(p.displayName ?? r.name);
    if (c.excluded(String(r.id), displayName)) continue;
    const m = c.metaOf(String(r.id));
    const contentId = typeof m?.contentId === "string" ? m.contentId : String(r.name);
    const { sourceId: _source, category: _category, ...rest } = p;
    c.add("Workbook", contentId, c.versionOf(String(r.id)), displayName, [
      resource("Microsoft.Insights/workbooks", r, rest),
      ...c.metadataResource(String(r.id)),
    ]);
  }
}

/**
 * UI connectors and connector definitions as entries; returns the DCRs and DCEs of each push
 * connector, keyed by its connections' content id.
 */
function collectConnectors(c: Collector): Map<string, PackageResource[]> {
  const connections = new Map<string, PackageResource[]>();
  for (const r of c.live.dataConnectors) {
    const p = props(r);
    const ui = isObject(p.connectorUiConfig) ? p.connectorUiConfig : {};
    const displayName = String(ui.title ?? r.name);
    if (r.kind !== "GenericUI") {
      if (r.kind !== "Push" && c.isNamed(displayName)) {
        c.skip(`DataConnector '${displayName}'`, `unsupported connector kind '${String(r.kind)}'`);
      }
      continue;
    }
    if (c.excluded(String(r.id), displayName)) continue;
    c.add("DataConnector", String(r.name), c.versionOf(String(r.id)), displayName, [
      resource("Microsoft.SecurityInsights/dataConnectors", r),
    ]);
  }
  for (const r of c.live.definitions) {
    const ui = isObject(props(r).connectorUiConfig) ? (props(r).connectorUiConfig as JsonObject) : {};
    const displayName = String(ui.title ?? r.name);
    if (c.excluded(String(r.id), displayName)) continue;
    c.add("DataConnector", String(r.name), c.versionOf(String(r.id)), displayName, [
      resource("Microsoft.SecurityInsights/dataConnectorDefinitions", r),
    ]);
    connections.set(`${r.name}Connections`, []);
  }
  // The DCRs and endpoints sentinelctl deployed for a push connector name it in their metadata.
  for (const [list, type] of [
    [c.live.dces, "Microsoft.Insights/dataCollectionEndpoints"],
    [c.live.dcrs, "Microsoft.Insights/dataCollectionRules"],
  ] as const) {
    for (const r of list) {
      const contentId = c.metaOf(String(r.id))?.contentId;
      const group = typeof contentId === "string" ? connections.get(contentId) : undefined;
      if (group) group.push(resource(type, r));
      else if (!c.named)
        c.skip(`${type.split("/").pop()} '${r.name}'`, "not linked to a connector definition by metadata");
    }
  }
  return connections;
}

/** Custom (`_CL`) tables, with retention the workspace defaults left out. */
function collectTables(c: Collector): PackageResource[] {
  const tables: PackageResource[] = [];
  for (const r of c.live.tables) {
    const name = String(r.name);
    if (!/_CL$/i.test(name) || !c.isNamed(name)) continue;
    if (c.excluded(String(r.id), name)) continue;
    const p = { ...props(r) };
    if (p.retentionInDaysAsDefault === true) delete p.retentionInDays;
    if (p.totalRetentionInDaysAsDefault === true) delete p.totalRetentionInDays;
    tables.push(resource("Microsoft.OperationalInsights/workspaces/tables", r, p));
  }
  return tables;
}

/**
 * One connections entry per push connector: its DCRs and DCEs and the tables they stream into.
 * Returns the names (lower case) of the tables so placed.
 */
function groupConnectorResources(
  c: Collector,
  connections: ReadonlyMap<string, PackageResource[]>,
  tables: readonly PackageResource[],
): Set<string> {
  const placed = new Set<string>();
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
    const mine = tables.filter((t) => streamed.has(t.name.toLowerCase()));
    for (const t of mine) placed.add(t.name.toLowerCase());
    c.add("ResourcesDataConnector", id, "", id, [...mine, ...group]);
  }
  return placed;
}

/** solution.yaml from the solution's metadata, placeholders where a workspace holds nothing. */
function solutionManifest(
  live: Live,
  target: WorkspaceTarget,
  solutionId: string,
  options: WorkspaceImportOptions,
): ReadPackage["solution"] {
  const author = firstMeta(live.metadata, solutionId, "author");
  const support = firstMeta(live.metadata, solutionId, "support");
  const version = firstMeta(live.metadata, solutionId, "version", "DataType");
  return {
    contentId: solutionId,
    displayName: options.solutionName ?? solutionId,
    version: typeof version === "string" ? version : "1.0.0",
    descriptionHtml: `<p>Content imported from the Microsoft Sentinel workspace ${target.workspace}.</p>`,
    author: author ?? { name: "Unknown" },
    support: support ?? { tier: "Community", name: "Unknown" },
    categories: { domains: ["Security - Others"] },
    providers: [isObject(author) && typeof author.name === "string" ? author.name : "Unknown"],
    firstPublishDate: "2000-01-01",
  };
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

import { readFile } from "node:fs/promises";
import path from "node:path";
import { uuidV5 } from "@sentinelctl/builder";
import { diagnostic, fromIsoDuration, InputError } from "@sentinelctl/content";
import { type AutomationRuleRefs, automationRuleYaml } from "./automation-rule.js";
import { compact, jsonText, StemAllocator, yamlText } from "./files.js";
import {
  IMPORT_SCOPE,
  isObject,
  type JsonObject,
  lastSegment,
  type PackageEntry,
  type PackageResource,
  type ReadPackage,
  readPackage,
  resourceOf,
} from "./read-package.js";
import type { ImportedFile, ImportResult, Skipped } from "./result.js";

/** The builder's conventions, read back (see packages/builder/src/mappings). */
const OPERATORS: Record<string, string> = {
  GreaterThan: "gt",
  LessThan: "lt",
  Equal: "eq",
  NotEqual: "ne",
};
const DEFAULT_SUPPRESSION = "PT1H";
const TABLE_TYPES: Record<string, string> = { boolean: "bool", datetime: "datetime", dateTime: "datetime" };
/** Written by the service or a write directive, never content: left out without a report. */
export const SERVER_MANAGED = new Set([
  "etag",
  "createddateutc",
  "lastupdateddateutc",
  "lastmodifiedutc",
  "systemdata",
  "alertrulescreatedbytemplatecount",
  "createdtimeutc",
  "timemodified",
  "revision",
  "userid",
  "lastmodifiedtimeutc",
  "createdby",
  "lastmodifiedby",
]);
const HIDDEN_WORKSPACE_TAG = "hidden-SentinelWorkspaceId";
const PARSER_NAMESPACE = "6f3c1f7e-2a43-4b0f-9a55-3f1f6f0c2d11";

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function arr<T = unknown>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

/** Collects the fields the model has no place for, one report per field. */
export class Leftovers {
  constructor(
    readonly skipped: Skipped[],
    readonly file: string,
  ) {}

  check(item: string, value: JsonObject, known: readonly string[]): void {
    for (const key of Object.keys(value).sort()) {
      if (!known.includes(key) && !SERVER_MANAGED.has(key.toLowerCase())) {
        this.skipped.push({
          item: `${item} field '${key}'`,
          reason: "the model has no place for it yet",
          file: this.file,
        });
      }
    }
  }
}

const RULE_FIELDS = [
  "description",
  "displayName",
  "enabled",
  "query",
  "queryFrequency",
  "queryPeriod",
  "severity",
  "suppressionDuration",
  "suppressionEnabled",
  "triggerOperator",
  "triggerThreshold",
  "status",
  "requiredDataConnectors",
  "tactics",
  "techniques",
  "subTechniques",
  "entityMappings",
  "customDetails",
  "alertDetailsOverride",
  "eventGroupingSettings",
  "incidentConfiguration",
  "sentinelEntitiesMappings",
];

function incidentConfiguration(ic: unknown): JsonObject | undefined {
  if (!isObject(ic)) return undefined;
  const g = isObject(ic.groupingConfiguration) ? ic.groupingConfiguration : undefined;
  return compact({
    createIncident: ic.createIncident,
    groupingConfiguration: g
      ? compact({ ...g, lookbackDuration: fromIsoDuration(g.lookbackDuration) })
      : undefined,
  });
}

/** An AlertRuleTemplate back to detection YAML (field names of the Azure-Sentinel repository). */
export function analyticRuleYaml(entry: PackageEntry, r: PackageResource, left: Leftovers): JsonObject {
  const p = r.properties;
  left.check(`AnalyticsRule '${entry.displayName}'`, p, RULE_FIELDS);
  const scheduled = r.kind !== "NRT";
  const suppression = str(p.suppressionDuration);
  const custom = isObject(p.customDetails) ? p.customDetails : undefined;
  return compact({
    id: entry.contentId,
    name: str(p.displayName) ?? entry.displayName,
    description: str(p.description) ?? "",
    severity: p.severity,
    status: p.status === "Available" ? undefined : p.status,
    requiredDataConnectors: arr(p.requiredDataConnectors),
    queryFrequency: scheduled ? fromIsoDuration(p.queryFrequency) : undefined,
    queryPeriod: scheduled ? fromIsoDuration(p.queryPeriod) : undefined,
    triggerOperator: scheduled ? (OPERATORS[String(p.triggerOperator)] ?? p.triggerOperator) : undefined,
    triggerThreshold: scheduled ? p.triggerThreshold : undefined,
    tactics: arr(p.tactics),
    // Parents first, then sub-techniques: the builder splits them back into the same two lists.
    relevantTechniques: [...arr<string>(p.techniques), ...arr<string>(p.subTechniques)],
    query: p.query,
    entityMappings: arr(p.entityMappings),
    customDetails: custom && Object.keys(custom).length ? custom : undefined,
    alertDetailsOverride: isObject(p.alertDetailsOverride) ? compact(p.alertDetailsOverride) : undefined,
    incidentConfiguration: incidentConfiguration(p.incidentConfiguration),
    eventGroupingSettings: p.eventGroupingSettings,
    suppressionDuration:
      suppression && suppression !== DEFAULT_SUPPRESSION ? fromIsoDuration(suppression) : undefined,
    suppressionEnabled: p.suppressionEnabled === true ? true : undefined,
    sentinelEntitiesMappings: arr(p.sentinelEntitiesMappings),
    version: entry.version || undefined,
    kind: scheduled ? "Scheduled" : "NRT",
  });
}

function tagValue(tags: unknown, name: string): string | undefined {
  const t = arr<JsonObject>(tags).find((x) => isObject(x) && String(x.name).toLowerCase() === name);
  return str(t?.value);
}

function splitList(v: string | undefined): string[] {
  return (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function huntingQueryYaml(entry: PackageEntry, r: PackageResource, left: Leftovers): JsonObject {
  const p = r.properties;
  const item = `HuntingQuery '${entry.displayName}'`;
  left.check(item, p, ["displayName", "category", "query", "version", "tags"]);
  for (const t of arr<JsonObject>(p.tags)) {
    const name = String(t?.name ?? "").toLowerCase();
    if (!["description", "tactics", "techniques"].includes(name)) {
      left.skipped.push({
        item: `${item} tag '${t?.name}'`,
        reason: "the model has no place for it yet",
        file: left.file,
      });
    }
  }
  return compact({
    id: entry.contentId,
    name: str(p.displayName) ?? entry.displayName,
    description: tagValue(p.tags, "description") ?? "",
    tactics: splitList(tagValue(p.tags, "tactics")),
    relevantTechniques: splitList(tagValue(p.tags, "techniques")),
    query: p.query,
    version: entry.version || undefined,
  });
}

/** `a:string = 'x', b:int = 5` -> FunctionParams (quotes the builder adds are removed). */
export function parseFunctionParameters(text: string | undefined): JsonObject[] {
  if (!text?.trim()) return [];
  const parts: string[] = [];
  let current = "";
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      current += ch;
      if (ch === "\\") current += text[++i] ?? "";
      else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
    } else if (ch === ",") {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts.map((part) => {
    const eq = part.indexOf("=");
    const decl = (eq < 0 ? part : part.slice(0, eq)).trim();
    const [name, type] = decl.split(":").map((s) => s.trim());
    const raw = eq < 0 ? undefined : part.slice(eq + 1).trim();
    let value: string | number | undefined = raw;
    if (raw !== undefined && (type ?? "").toLowerCase() === "string" && /^'.*'$/s.test(raw)) {
      value = raw.slice(1, -1).replace(/\\(['\\])/g, "$1");
    } else if (raw !== undefined && /^-?\d+(\.\d+)?$/.test(raw) && !/^0\d/.test(raw)) {
      value = Number(raw);
    }
    return compact({ Name: name ?? "", Type: type ?? "string", Default: value });
  });
}

export function parserYaml(entry: PackageEntry, r: PackageResource, left: Leftovers): JsonObject {
  const p = r.properties;
  left.check(`Parser '${entry.displayName}'`, p, [
    "displayName",
    "category",
    "functionAlias",
    "query",
    "functionParameters",
    "version",
    "tags",
  ]);
  const alias = str(p.functionAlias) ?? lastSegment(r.name);
  return compact({
    // The content id is `<alias>-Parser`; the YAML id only needs to be stable.
    id: uuidV5(PARSER_NAMESPACE, entry.contentId),
    Function: compact({ Title: str(p.displayName) ?? entry.displayName, Version: entry.version || "1.0.0" }),
    Category: p.category,
    FunctionName: lastSegment(r.name),
    FunctionAlias: alias,
    FunctionParams: parseFunctionParameters(str(p.functionParameters)),
    Description: tagValue(p.tags, "description"),
    FunctionQuery: p.query,
  });
}

function metadataOf(entry: PackageEntry): JsonObject {
  const m = entry.resources.find((r) => r.type.toLowerCase().endsWith("/metadata"));
  return m?.properties ?? {};
}

export function workbookFiles(
  entry: PackageEntry,
  r: PackageResource,
  stem: string,
  left: Leftovers,
  toYaml: (path: string, value: JsonObject) => ImportedFile,
): ImportedFile[] {
  const p = r.properties;
  const item = `Workbook '${entry.displayName}'`;
  left.check(item, p, ["displayName", "serializedData", "version", "sourceId", "category", "description"]);
  let template: unknown;
  try {
    template = JSON.parse(String(p.serializedData ?? ""));
  } catch {
    left.skipped.push({ item, reason: "its serializedData is not JSON", file: left.file });
    return [];
  }
  const meta = metadataOf(entry);
  const criteria = arr<JsonObject>(isObject(meta.dependencies) ? meta.dependencies.criteria : undefined);
  const ofKind = (kind: string) => criteria.filter((c) => c?.kind === kind).map((c) => String(c.contentId));
  const description = isObject(r.raw.metadata) ? str(r.raw.metadata.description) : str(p.description);
  const yaml = compact({
    id: entry.contentId,
    title: str(p.displayName) ?? entry.displayName,
    description: description ?? "",
    version: entry.version,
    dataTypes: ofKind("DataType"),
    dataConnectors: ofKind("DataConnector"),
    previewImages: arr(meta.previewImages),
    previewImagesDark: arr(meta.previewImagesDark),
    template: `${stem}.json`,
  });
  // Both lists are required by the schema, even when empty.
  yaml.dataTypes ??= [];
  yaml.dataConnectors ??= [];
  return [
    toYaml(`workbooks/${stem}.yaml`, yaml),
    { path: `workbooks/${stem}.json`, content: jsonText(template) },
  ];
}

export function playbookFiles(entry: PackageEntry, folder: string): ImportedFile[] {
  const t = entry.mainTemplate;
  const resources = arr<JsonObject>(t.resources)
    .filter(
      (r) =>
        !String(r.type ?? "")
          .toLowerCase()
          .endsWith("/metadata"),
    )
    .map((r) => {
      if (String(r.type ?? "").toLowerCase() !== "microsoft.logic/workflows" || !isObject(r.tags)) return r;
      const { [HIDDEN_WORKSPACE_TAG]: _hidden, ...tags } = r.tags;
      return compact({ ...r, tags });
    });
  const meta = isObject(t.metadata) ? t.metadata : {};
  // The playbook's own metadata (entities, tags, release notes, ...) goes back into its template;
  // title, description and the steps live in playbook.yaml.
  const { title: _t, description: _d, prerequisites: _p, postDeployment: _s, ...own } = meta;
  const azuredeploy = compact({
    $schema: t.$schema,
    contentVersion: "1.0.0.0",
    metadata: Object.keys(own).length ? own : undefined,
    parameters: t.parameters ?? {},
    variables: t.variables ?? {},
    resources,
    outputs: t.outputs,
  });
  const yaml = compact({
    id: entry.contentId,
    title: str(meta.title) ?? entry.displayName,
    description: str(meta.description) ?? "",
    version: entry.version || "1.0",
    template: "azuredeploy.json",
    prerequisites: arr(meta.prerequisites),
    postDeployment: arr(meta.postDeployment),
  });
  return [
    { path: `playbooks/${folder}/playbook.yaml`, content: yamlText(yaml) },
    { path: `playbooks/${folder}/azuredeploy.json`, content: jsonText(azuredeploy) },
  ];
}

const UI_FIELDS = [
  "id",
  "title",
  "publisher",
  "descriptionMarkdown",
  "graphQueries",
  "sampleQueries",
  "dataTypes",
  "connectivityCriterias",
  "connectivityCriteria",
  "availability",
  "permissions",
  "instructionSteps",
  "graphQueriesTableName",
];

/** Instruction steps as the model holds them (empty parameter objects dropped, as the builder adds them). */
function steps(v: unknown): JsonObject[] {
  return arr<JsonObject>(v).map((s) =>
    compact({
      title: s.title,
      description: s.description,
      instructions: arr<JsonObject>(s.instructions).map((i) =>
        compact({ type: i.type, parameters: isObject(i.parameters) ? i.parameters : undefined }),
      ),
      innerSteps: s.innerSteps ? steps(s.innerSteps) : undefined,
    }),
  );
}

/** Which of the model's GenericUI-shaped kinds a connector page describes. */
function genericKind(ui: JsonObject): string {
  const cef = arr<JsonObject>(ui.dataTypes).some((d) => /^CommonSecurityLog\b/i.test(String(d?.name ?? "")));
  if (!cef) return "GenericUI";
  const text = JSON.stringify([ui.title, ui.permissions, ui.instructionSteps]);
  return /\bAMA\b|Azure Monitor Agent/i.test(text) ? "CefAma" : "CefLegacyAgent";
}

function connectorUi(entry: PackageEntry, ui: JsonObject, kind: string, left: Leftovers): JsonObject {
  left.check(`DataConnector '${entry.displayName}'`, ui, UI_FIELDS);
  const title = String(ui.title ?? entry.displayName);
  const deprecated = /^\[deprecated\]\s*/i.test(title);
  const availability = isObject(ui.availability) ? ui.availability : {};
  if (availability.isPreview === true || (availability.status !== undefined && availability.status !== 1)) {
    left.skipped.push({
      item: `DataConnector '${entry.displayName}' field 'availability'`,
      reason: "the builder always writes status 1, not in preview",
      file: left.file,
    });
  }
  return compact({
    kind,
    id: entry.contentId,
    title: deprecated ? title.replace(/^\[deprecated\]\s*/i, "") : title,
    publisher: ui.publisher,
    descriptionMarkdown: ui.descriptionMarkdown,
    version: entry.version || undefined,
    deprecated: deprecated ? true : undefined,
    graphQueries: arr<JsonObject>(ui.graphQueries).map((q) => ({
      metricName: q.metricName,
      legend: q.legend,
      baseQuery: q.baseQuery,
    })),
    sampleQueries: arr(ui.sampleQueries),
    dataTypes: arr(ui.dataTypes),
    connectivityCriterias: arr(ui.connectivityCriterias ?? ui.connectivityCriteria),
    permissions: ui.permissions,
  });
}

/** `Custom-<table>` streams of the DCR, their tables and transformations. */
function pushStreams(dcr: JsonObject, tables: ReadonlyMap<string, string>): JsonObject[] {
  return arr<JsonObject>(dcr.dataFlows).flatMap((flow) =>
    arr<string>(flow.streams).map((stream) => {
      const table = String(flow.outputStream ?? "").replace(/^Custom-/, "");
      const name = tables.get(table.toLowerCase()) ?? table;
      const transform = str(flow.transformKql);
      return compact({
        table: name,
        streamName: stream === `Custom-${name.replace(/_CL$/i, "")}` ? undefined : stream,
        transformKql: transform && transform !== "source" ? transform : undefined,
      });
    }),
  );
}

export function tableYaml(r: PackageResource): JsonObject {
  const p = r.properties;
  const schema = isObject(p.schema) ? p.schema : {};
  return compact({
    name: String(schema.name ?? lastSegment(r.name)),
    description: schema.description,
    plan: p.plan,
    retentionInDays: p.retentionInDays,
    totalRetentionInDays: p.totalRetentionInDays,
    columns: arr<JsonObject>(schema.columns).map((c) =>
      compact({ name: c.name, type: TABLE_TYPES[String(c.type)] ?? c.type, description: c.description }),
    ),
  });
}

/** A CCF push connector: its definition entry plus the matching connections (tables, DCE, DCR, Push instance). */
function ccfConnector(
  def: PackageEntry,
  connections: PackageEntry | undefined,
  left: Leftovers,
  liveConnections: boolean,
): { connector?: JsonObject; tables: JsonObject[] } {
  const res = resourceOf(def, "/dataConnectorDefinitions");
  const ui = isObject(res?.properties.connectorUiConfig) ? res.properties.connectorUiConfig : {};
  const item = `DataConnector '${def.displayName}'`;
  const push = connections?.resources.find((r) => r.kind === "Push");
  const dcr = connections && resourceOf(connections, "/dataCollectionRules");
  if (!connections || (!push && !liveConnections) || !dcr) {
    left.skipped.push({
      item,
      reason: connections
        ? "its connections template has no Push connector or data collection rule (only push connectors are modelled)"
        : "no connections template (ResourcesDataConnector) for it in the package",
      file: left.file,
    });
    return { tables: [] };
  }
  const tables = connections.resources
    .filter((r) => r.type.toLowerCase().endsWith("workspaces/tables"))
    .map(tableYaml);
  const byName = new Map(tables.map((t) => [String(t.name).toLowerCase(), String(t.name)]));
  const dce = resourceOf(connections, "/dataCollectionEndpoints");
  const dcrName = lastSegment(dcr.name).replace(/-[a-z0-9]{13}$/, "");
  // The instance name is an expression evaluated at connect time: its literal part is the name.
  const connection = push && /'\/Microsoft\.SecurityInsights\/',\s*'([^']+)'/.exec(push.name)?.[1];
  if (!connection) {
    left.skipped.push({
      item: `${item} field 'connectionName'`,
      reason: `the Push connection is not ${push ? "named in the package" : "in the workspace (the portal's Deploy button creates it)"}; '${def.contentId}Push' was written: check it`,
      file: left.file,
    });
  }
  const base = connectorUi(def, ui, "CcfPush", left);
  return {
    tables,
    connector: compact({
      ...base,
      streams: pushStreams(dcr.properties, byName),
      dataCollectionRule: { name: dcrName },
      dataCollectionEndpoint: dce ? "create" : "parameter",
      connectionName: connection ?? `${def.contentId}Push`,
      instructionSteps: steps(ui.instructionSteps),
    }),
  };
}

function genericConnector(entry: PackageEntry, left: Leftovers): JsonObject | undefined {
  const r = resourceOf(entry, "/dataConnectors");
  if (!r || !isObject(r.properties.connectorUiConfig) || (r.kind && r.kind !== "GenericUI")) {
    left.skipped.push({
      item: `DataConnector '${entry.displayName}'`,
      reason: `unsupported connector kind '${r?.kind ?? "none"}' (the model has GenericUI, CEF and CCF push)`,
      file: left.file,
    });
    return undefined;
  }
  const ui = r.properties.connectorUiConfig;
  return { ...connectorUi(entry, ui, genericKind(ui), left), instructionSteps: steps(ui.instructionSteps) };
}

const BOILERPLATE = [
  /^\*\*Note:\*\*/,
  /known issues/i,
  /^(\*\*[A-Za-z ]+:\*\* \d+,?\s*)+$/,
  /^\[Learn more about Microsoft Sentinel\]/,
  /^<img /,
];

/** The solution description: the createUiDefinition Markdown without V3's boilerplate paragraphs. */
function solutionDescription(createUi: JsonObject | undefined, html: string | undefined): string {
  const basics = isObject(createUi?.parameters) ? createUi.parameters : undefined;
  const config = isObject(basics?.config) ? basics.config : undefined;
  const md = isObject(config?.basics) ? str(config.basics.description) : undefined;
  const text =
    md ??
    (html ?? "")
      .replace(/<br\s*\/?>/gi, "\n")
      .replace(/<\/?strong>/gi, "**")
      .replace(/<a href="([^"]*)">(.*?)<\/a>/gi, "[$2]($1)")
      .replace(/<\/p>/gi, "\n\n")
      .replace(/<[^>]+>/g, "")
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"');
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p && !BOILERPLATE.some((re) => re.test(p)));
  return `${paragraphs.join("\n\n")}\n`;
}

function solutionYaml(p: JsonObject, createUi: JsonObject | undefined, left: Leftovers): JsonObject {
  const icon = /src="([^"]+)"/.exec(String(p.icon ?? ""))?.[1];
  if (p.icon && !icon?.startsWith("https://")) {
    left.skipped.push({
      item: "Solution logo",
      reason: "only an https logo URL can be imported; add the SVG file and set logo",
      file: left.file,
    });
  }
  const author = isObject(p.author) ? p.author : {};
  const support = isObject(p.support) ? p.support : {};
  const categories = isObject(p.categories) ? p.categories : {};
  const deps = arr<JsonObject>(isObject(p.dependencies) ? p.dependencies.criteria : undefined)
    .filter((c) => c?.kind === "Solution")
    .map((c) => String(c.contentId));
  return compact({
    id: p.contentId,
    name: p.displayName,
    logo: icon?.startsWith("https://") ? icon : undefined,
    version: p.version,
    description: solutionDescription(createUi, str(p.descriptionHtml)),
    author: compact({ name: author.name, email: author.email, link: author.link }),
    support: compact({ tier: support.tier, name: support.name, email: support.email, link: support.link }),
    categories: compact({ domains: arr(categories.domains), verticals: arr(categories.verticals) }),
    providers: arr(p.providers),
    firstPublishDate: p.firstPublishDate,
    lastPublishDate: p.lastPublishDate,
    dependencies: deps,
  });
}

const FOLDERS: Record<string, string> = {
  AnalyticsRule: "analytics",
  HuntingQuery: "hunting",
  Parser: "parsers",
  Workbook: "workbooks",
  Playbook: "playbooks",
  DataConnector: "connectors",
  AutomationRule: "AutomationRules",
};

const AUTOMATION_RULES = "/automationrules";

/** Automation rules a template deploys directly (an exported template; Content Hub packages carry none). */
function automationRuleEntries(active: readonly PackageResource[]): PackageEntry[] {
  return active
    .filter((r) => r.type.toLowerCase().endsWith(AUTOMATION_RULES))
    .map((r) => ({
      contentKind: "AutomationRule",
      contentId: lastSegment(r.name),
      version: "",
      displayName: String(r.properties.displayName ?? lastSegment(r.name)),
      mainTemplate: {},
      resources: [{ ...r, type: "Microsoft.SecurityInsights/automationRules" }],
    }));
}

/** Maps a read package to the files of a solution folder in this repository's layout. */
export function importReadPackage(
  pkg: ReadPackage,
  file: string,
  createUi?: JsonObject,
  options: {
    liveConnections?: boolean;
    extraTables?: readonly PackageResource[];
    /** Where the automation rules' references point (default: the placeholder workspace packages are read for). */
    automationRefs?: AutomationRuleRefs;
  } = {},
): ImportResult {
  const out = new ImportOutput([...pkg.skipped], file);
  if (!pkg.solution) {
    out.skip("Solution manifest", "the package has no contentPackages resource; write solution.yaml by hand");
  } else {
    out.files.push({
      path: "solution.yaml",
      content: yamlText(solutionYaml(pkg.solution, createUi, out.left)),
    });
  }
  const entries = [...pkg.entries, ...automationRuleEntries(pkg.active)].sort(
    (a, b) =>
      a.contentKind.localeCompare(b.contentKind) ||
      (a.contentId < b.contentId ? -1 : a.contentId > b.contentId ? 1 : 0),
  );
  const connections = new Map(
    entries.filter((e) => e.contentKind === "ResourcesDataConnector").map((e) => [e.contentId, e]),
  );
  const usedConnections = new Set<string>();
  for (const entry of entries) {
    if (entry.contentKind === "ResourcesDataConnector") continue;
    const folder = FOLDERS[entry.contentKind];
    if (!folder) out.skip(`${entry.contentKind} '${entry.displayName}'`, "unsupported content kind");
    else
      writeEntry(out, entry, folder, {
        connections,
        usedConnections,
        live: Boolean(options.liveConnections),
        automationRefs: options.automationRefs ?? { workspace: IMPORT_SCOPE },
      });
  }
  for (const id of connections.keys()) {
    if (!usedConnections.has(id)) {
      out.skip(`ResourcesDataConnector '${id}'`, "no connector definition in the package uses it");
    }
  }
  // Tables nothing streams into (workspace import) are declared and written like the others.
  for (const t of options.extraTables ?? []) {
    const yaml = tableYaml(t);
    if (!out.tables.has(String(yaml.name).toLowerCase()))
      out.tables.set(String(yaml.name).toLowerCase(), yaml);
  }
  for (const t of [...out.tables.values()].sort((a, b) => String(a.name).localeCompare(String(b.name)))) {
    out.files.push({ path: `tables/${t.name}.yaml`, content: yamlText(t) });
    out.count("tables");
  }
  reportUndeclaredTables(out);
  reportLooseResources(out, pkg.active);
  out.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: out.files, skipped: out.skipped, counts: out.counts };
}

/** What an import writes and reports, and the tables its items declare and read. */
class ImportOutput {
  readonly files: ImportedFile[] = [];
  readonly counts: Record<string, number> = {};
  readonly left: Leftovers;
  readonly stems = new StemAllocator();
  /** Declared tables, by lower-case name. */
  readonly tables = new Map<string, JsonObject>();
  /** Tables the written items read. */
  readonly reads = new Set<string>();

  constructor(
    readonly skipped: Skipped[],
    readonly file: string,
  ) {
    this.left = new Leftovers(skipped, file);
  }

  skip(item: string, reason: string): void {
    this.skipped.push({ item, reason, file: this.file });
  }

  count(folder: string): void {
    this.counts[folder] = (this.counts[folder] ?? 0) + 1;
  }

  yamlFile(p: string, value: JsonObject): ImportedFile {
    for (const t of tablesRead(value)) this.reads.add(t);
    return { path: p, content: yamlText(value) };
  }
}

/** The files of one content item, by kind. */
function writeEntry(
  out: ImportOutput,
  entry: PackageEntry,
  folder: string,
  ctx: {
    connections: ReadonlyMap<string, PackageEntry>;
    usedConnections: Set<string>;
    live: boolean;
    automationRefs: AutomationRuleRefs;
  },
): void {
  const item = `${entry.contentKind} '${entry.displayName}'`;
  const stem = () =>
    out.stems.take(folder, entry.displayName.replace(/^\[deprecated\]\s*/i, ""), entry.contentId);
  const one = (kindSuffix: string, map: (r: PackageResource) => JsonObject) => {
    const r = resourceOf(entry, kindSuffix);
    if (!r) return out.skip(item, `its template has no ${kindSuffix.slice(1)} resource`);
    out.files.push(out.yamlFile(`${folder}/${stem()}.yaml`, map(r)));
    out.count(folder);
  };
  switch (entry.contentKind) {
    case "AnalyticsRule": {
      const kind = resourceOf(entry, "/AlertRuleTemplates")?.kind;
      if (kind && kind !== "Scheduled" && kind !== "NRT") {
        out.skip(item, `unsupported rule kind '${kind}' (the model has Scheduled and NRT)`);
        return;
      }
      one("/AlertRuleTemplates", (r) => analyticRuleYaml(entry, r, out.left));
      return;
    }
    case "HuntingQuery":
      one("/savedSearches", (r) => huntingQueryYaml(entry, r, out.left));
      return;
    case "Parser":
      one("/savedSearches", (r) => parserYaml(entry, r, out.left));
      return;
    case "Workbook": {
      const r = resourceOf(entry, "Microsoft.Insights/workbooks");
      const written = r ? workbookFiles(entry, r, stem(), out.left, (p, v) => out.yamlFile(p, v)) : [];
      if (!r) out.skip(item, "its template has no workbook resource");
      if (written.length) out.count(folder);
      out.files.push(...written);
      return;
    }
    case "AutomationRule":
      one("/automationRules", (r) => automationRuleYaml(entry, r, out.left, ctx.automationRefs));
      return;
    case "Playbook":
      out.files.push(...playbookFiles(entry, out.stems.take(folder, entry.contentId, entry.contentId)));
      out.count(folder);
      return;
    case "DataConnector": {
      const definition = resourceOf(entry, "/dataConnectorDefinitions");
      let connector: JsonObject | undefined;
      if (definition) {
        const id = `${entry.contentId}Connections`;
        ctx.usedConnections.add(id);
        const read = ccfConnector(entry, ctx.connections.get(id), out.left, ctx.live);
        connector = read.connector;
        for (const t of read.tables) out.tables.set(String(t.name).toLowerCase(), t);
      } else {
        connector = genericConnector(entry, out.left);
      }
      if (connector) {
        out.files.push(out.yamlFile(`${folder}/${stem()}.yaml`, connector));
        out.count(folder);
      }
      return;
    }
  }
}

/** Tables the items read that nothing in the package declares. */
function reportUndeclaredTables(out: ImportOutput): void {
  const undeclared = [...out.reads].filter((n) => !out.tables.has(n.toLowerCase())).sort();
  for (const name of undeclared) {
    out.skip(
      `table '${name}'`,
      `the package carries no schema for it (a classic Data Collector API table, or one another solution creates); declare it in tables/${name}.yaml (classic: true for a classic table)`,
    );
  }
}

/** Top-level template resources no content item took. */
function reportLooseResources(out: ImportOutput, active: readonly PackageResource[]): void {
  for (const r of active) {
    const type = r.type.toLowerCase();
    const copied =
      type.endsWith(AUTOMATION_RULES) ||
      type.endsWith("/savedsearches") ||
      type.endsWith("/dataconnectors") ||
      type.endsWith("/dataconnectordefinitions");
    if (!copied) out.skip(`top-level ${r.type} '${lastSegment(r.name)}'`, "not part of any content item");
  }
}

/** Custom tables (`_CL`) an imported item reads, by its dataTypes and required connectors. */
export function tablesRead(item: JsonObject): string[] {
  const names = [
    ...arr<JsonObject>(item.requiredDataConnectors).flatMap((c) => arr<string>(c?.dataTypes)),
    ...arr<unknown>(item.dataTypes).map((d) => (isObject(d) ? String(d.name ?? "") : String(d))),
  ];
  return names.map((n) => n.split(/[\s(]/)[0] ?? "").filter((n) => /^[A-Za-z_][A-Za-z0-9_]*_CL$/i.test(n));
}

async function readJson(file: string, what: string): Promise<JsonObject> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new InputError(
      diagnostic(
        "IMPORT-UNREADABLE",
        "error",
        `Cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? e}`,
        { file },
        "Give the path of a package's mainTemplate.json.",
      ),
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new InputError(
      diagnostic(
        "IMPORT-NOT-JSON",
        "error",
        `${what} is not JSON: ${(e as Error).message}`,
        { file },
        "Give the path of a package's mainTemplate.json.",
      ),
    );
  }
  if (!isObject(value) || !Array.isArray(value.resources)) {
    throw new InputError(
      diagnostic(
        "IMPORT-NOT-TEMPLATE",
        "error",
        `${what} is not an ARM template (no "resources" array).`,
        { file },
        "Give the path of a package's mainTemplate.json.",
      ),
    );
  }
  return value;
}

/**
 * Imports a Content Hub package (its mainTemplate.json; a createUiDefinition.json beside it gives
 * the solution description as Markdown). Nothing is written here: see `writeImport`.
 */
export async function importFromPackage(mainTemplate: string): Promise<ImportResult> {
  const template = await readJson(mainTemplate, "the package template");
  const uiFile = path.join(path.dirname(mainTemplate), "createUiDefinition.json");
  let createUi: JsonObject | undefined;
  try {
    const parsed = JSON.parse((await readFile(uiFile, "utf8")).replace(/^\uFEFF/, "")) as unknown;
    createUi = isObject(parsed) ? parsed : undefined;
  } catch {
    createUi = undefined;
  }
  return importReadPackage(readPackage(template, mainTemplate), mainTemplate, createUi);
}

import {
  contentIdOf,
  type DeployMode,
  type DeployTarget,
  type Diagnostic,
  type HuntingQueryItem,
  InputError,
  kindEntry,
  kindResourceId,
  liveKindOf,
  OWNER_SOURCE_NAME,
  type ParserItem,
  PHASES,
  type ResolvedContentKind,
  type ResolvedResource,
  type SolutionModel,
  sortDiagnostics,
} from "@sentinelctl/content";
import { createEvaluator, type EvalEnv, OMIT } from "./arm/evaluate.js";
import type { Expr, Json } from "./arm/expr.js";
import { checkedGraph } from "./checked-graph.js";
import { connectionsContentId, itemVersion, type PackageGraph } from "./graph.js";
import { alertRuleProperties } from "./mappings/analytic-rule.js";
import { automationRuleProperties } from "./mappings/automation-rule.js";
import { dcrProperties, pushStreams, tableProperties } from "./mappings/ccf.js";
import { ccfDefinitionUiConfig, connectorTitle, genericUiConfig } from "./mappings/connector.js";
import { huntingQueryProperties, parserProperties } from "./mappings/saved-search.js";
import { serializedData, workbookDependencies } from "./mappings/workbook.js";
import { DCE_PARAMETER, dceName, dcrName, workbookName, workspaceResourceIdRef } from "./names.js";
import { mainTemplateJson } from "./package.js";

export interface ResolveOptions {
  mode: DeployMode;
  /**
   * Resource id of the data collection endpoint for push connectors declared with
   * `dataCollectionEndpoint: parameter` (the package's install-time parameter). Without it the DCR
   * is created as a `Direct` rule (it then has its own logs-ingestion endpoint).
   */
  dataCollectionEndpointId?: string;
}

/** Plain JSON: `undefined` members dropped (the graph leaves optional fields undefined). */
function plain(value: unknown): Json {
  return JSON.parse(JSON.stringify(value ?? null)) as Json;
}

function lastSegment(id: string): string {
  return id.slice(id.lastIndexOf("/") + 1);
}

/** `type` + `name` of a template resource (as ARM reads them) to a full resource id. */
export function templateResourceId(
  target: DeployTarget,
  type: string,
  name: string,
): { id: string; type: string } {
  const [ns, ...types] = type.split("/");
  const names = name.split("/");
  let id = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/${ns}`;
  let extension: string | undefined;
  let j = 0;
  for (const t of types) {
    if (t.toLowerCase() === "providers") {
      extension = names[j++];
      id += `/providers/${extension}`;
    } else {
      id += `/${t}/${names[j++]}`;
    }
  }
  return { id, type: extension ? `${extension}/${types[types.length - 1]}` : type };
}

interface Owner {
  kind: "SourceRepository" | "Solution";
  name: string;
  sourceId: string;
}

class Resolver {
  readonly out: ResolvedResource[] = [];
  readonly wsId: string;
  private readonly evaluator: { evaluate(value: unknown): unknown };

  constructor(
    readonly graph: PackageGraph,
    readonly target: DeployTarget,
    readonly env: EvalEnv,
    readonly owner: Owner,
  ) {
    this.evaluator = createEvaluator(env);
    this.wsId = this.value(workspaceResourceIdRef()) as string;
  }

  value(e: Expr | Json | unknown): unknown {
    return this.evaluator.evaluate(e);
  }

  add(r: Omit<ResolvedResource, "phase"> & { phase?: number }): void {
    this.out.push({
      ...r,
      body: plain(r.body) as Record<string, unknown>,
      phase: r.phase ?? PHASES[r.contentKind],
    });
  }

  /** One metadata per deployed resource, owned by this solution (prune relies on its source). */
  metadata(
    parentId: string,
    kind: string,
    contentId: string,
    version: string,
    displayName: string,
    extra: { dependencies?: Json; previewImages?: string[]; previewImagesDark?: string[] } = {},
  ): void {
    const s = this.graph.solution;
    const name = `${kind}-${lastSegment(parentId)}`;
    const entry = kindEntry("Metadata");
    this.add({
      id: kindResourceId("Metadata", this.target, name),
      type: entry.armType,
      apiVersion: entry.apiVersion,
      contentKind: "Metadata",
      contentId,
      displayName,
      body: {
        properties: {
          parentId,
          kind,
          contentId,
          version,
          source: { ...this.owner },
          author: { name: s.author.name, email: s.author.email, link: s.author.link },
          support: {
            tier: s.support.tier,
            name: s.support.name,
            email: s.support.email,
            link: s.support.link,
          },
          dependencies: extra.dependencies,
          previewImages: extra.previewImages?.length ? extra.previewImages : undefined,
          previewImagesDark: extra.previewImagesDark?.length ? extra.previewImagesDark : undefined,
        },
      },
    });
  }

  /**
   * A resource of `contentKind` named `name` (its id, type and api-version from the kind catalogue),
   * and, with `meta`, the metadata that records it (of the catalogue's metadata kind).
   */
  resource(
    contentKind: ResolvedContentKind,
    r: { name: string; body: unknown; contentId: string; displayName: string },
    meta?: {
      version: string;
      dependencies?: Json;
      previewImages?: string[];
      previewImagesDark?: string[];
    },
  ): void {
    const entry = kindEntry(contentKind);
    const id = kindResourceId(contentKind, this.target, r.name);
    this.add({
      id,
      type: entry.armType,
      apiVersion: entry.apiVersion,
      body: r.body as Record<string, unknown>,
      contentId: r.contentId,
      displayName: r.displayName,
      contentKind,
    });
    if (meta) this.metadata(id, entry.metadataKind!, r.contentId, meta.version, r.displayName, meta);
  }

  // --- content ----------------------------------------------------------------------------

  tablesAndConnectors(withMetadata: boolean, activeOnly: boolean): void {
    const model = this.graph.model;
    const tables = new Map(model.tables.map((t) => [t.data.name.toLowerCase(), t.data]));
    const version = this.graph.solution.version;
    if (!activeOnly) {
      // Every declared DCR-based table, streamed into or not: the repository declares it.
      for (const t of model.tables.map((i) => i.data).filter((t) => !t.classic)) {
        this.resource(
          "Table",
          {
            name: t.name,
            body: { properties: tableProperties(t) },
            contentId: t.name,
            displayName: t.name,
          },
          withMetadata ? { version } : undefined,
        );
      }
    }
    for (const item of model.dataConnectors) {
      const c = item.data;
      const ver = itemVersion(item, version);
      if (c.kind === "CcfPush") {
        if (!activeOnly) {
          const connections = connectionsContentId(c.id);
          let dceId: string | undefined;
          if (c.dataCollectionEndpoint === "create") {
            const name = this.value(dceName(c)) as string;
            dceId = kindResourceId("DataCollectionEndpoint", this.target, name);
            this.resource(
              "DataCollectionEndpoint",
              {
                name,
                body: {
                  location: this.target.location,
                  properties: { networkAcls: { publicNetworkAccess: "Enabled" } },
                },
                contentId: connections,
                displayName: `${connectorTitle(c)} (endpoint)`,
              },
              withMetadata ? { version: ver } : undefined,
            );
          } else {
            const given = this.env.parameters[DCE_PARAMETER];
            dceId = typeof given === "string" ? given : undefined;
          }
          const name = this.value(dcrName(c)) as string;
          this.resource(
            "DataCollectionRule",
            {
              name,
              body: {
                location: this.target.location,
                kind: dceId ? undefined : "Direct",
                properties: dcrProperties(pushStreams(c, tables), {
                  workspaceResourceId: this.wsId,
                  dataCollectionEndpointId: dceId,
                }),
              },
              contentId: connections,
              displayName: `${connectorTitle(c)} (data collection rule)`,
            },
            withMetadata ? { version: ver } : undefined,
          );
        }
        this.resource(
          "DataConnectorDefinition",
          {
            name: c.id,
            body: { kind: "Customizable", properties: { connectorUiConfig: ccfDefinitionUiConfig(c, c.id) } },
            contentId: c.id,
            displayName: connectorTitle(c),
          },
          { version: ver },
        );
        // The Push connector instance needs an Entra application and a role assignment: the portal's
        // Deploy button creates them. ARM alone cannot, so it is not resolved here.
      } else if (c.kind !== "CcfTemplate") {
        this.resource(
          "DataConnector",
          {
            name: c.id,
            body: { kind: "GenericUI", properties: { connectorUiConfig: genericUiConfig(c, c.id, "live") } },
            contentId: c.id,
            displayName: connectorTitle(c),
          },
          { version: ver },
        );
      }
    }
  }

  /** A workspace savedSearch (parser or hunting query), overwritten whatever its etag, with its metadata. */
  savedSearch(
    kind: "Parser" | "HuntingQuery",
    item: ParserItem | HuntingQueryItem,
    r: { name: string; properties: Record<string, Json | undefined>; contentId: string; displayName: string },
  ): void {
    this.resource(
      kind,
      {
        name: r.name,
        body: { etag: "*", properties: r.properties },
        contentId: r.contentId,
        displayName: r.displayName,
      },
      { version: itemVersion(item, this.graph.solution.version) },
    );
  }

  parsers(): void {
    for (const item of this.graph.model.parsers) {
      const p = item.data;
      this.savedSearch("Parser", item, {
        name: p.FunctionName,
        properties: parserProperties(p),
        contentId: contentIdOf(item),
        displayName: p.Function.Title,
      });
    }
  }

  content(): void {
    const model = this.graph.model;
    const version = this.graph.solution.version;
    this.tablesAndConnectors(true, false);
    this.parsers();
    for (const item of model.huntingQueries) {
      const q = item.data;
      this.savedSearch("HuntingQuery", item, {
        name: q.id,
        properties: huntingQueryProperties(q),
        contentId: q.id,
        displayName: q.name,
      });
    }
    for (const item of model.analyticRules) {
      const r = item.data;
      this.resource(
        "AnalyticsRule",
        {
          name: r.id,
          body: { kind: r.kind, properties: alertRuleProperties(r, "live") },
          contentId: r.id,
          displayName: r.name,
        },
        { version: itemVersion(item, version) },
      );
    }
    for (const item of model.workbooks) {
      const wb = item.data;
      const name = this.value(workbookName(wb.id)) as string;
      this.resource(
        "Workbook",
        {
          name,
          body: {
            location: this.target.location,
            kind: "shared",
            properties: {
              displayName: wb.title,
              serializedData: serializedData(item.template!.value),
              version: "1.0",
              sourceId: this.wsId,
              category: "sentinel",
              description: wb.description || undefined,
            },
          },
          contentId: wb.id,
          displayName: wb.title,
        },
        {
          version: wb.version,
          dependencies: workbookDependencies(wb),
          ...(wb.previewImages ? { previewImages: wb.previewImages } : {}),
          ...(wb.previewImagesDark ? { previewImagesDark: wb.previewImagesDark } : {}),
        },
      );
    }
    for (const item of model.automationRules) {
      const rule = item.data;
      this.resource(
        "AutomationRule",
        {
          name: rule.id,
          body: { properties: automationRuleProperties(rule, this.target, model.playbooks) },
          contentId: rule.id,
          displayName: rule.displayName,
        },
        { version },
      );
    }
    // Playbooks (Logic Apps, API connections) are outside the deploy scope: not resolved.
  }

  /** As Content Hub's Install writes it: the contentPackage, the contentTemplates and V3's active copies. */
  package(): void {
    const tpl = mainTemplateJson(this.graph);
    for (const r of tpl.resources as Array<Record<string, unknown>>) {
      const typeName = this.value(r.type) as string;
      const { id, type } = templateResourceId(this.target, typeName, this.value(r.name) as string);
      const contentKind = liveKindOf(type);
      // Active copies are resolved below, in the API's own shapes.
      if (contentKind !== "ContentPackage" && contentKind !== "ContentTemplate") continue;
      const properties = this.value(r.properties) as Record<string, unknown>;
      this.add({
        id,
        type,
        apiVersion: kindEntry(contentKind).apiVersion,
        contentKind,
        contentId: String(properties.contentId),
        displayName: String(properties.displayName),
        body: { properties },
      });
    }
    this.tablesAndConnectors(false, true);
    this.parsers();
  }
}

function sortByPhase(rs: ResolvedResource[]): ResolvedResource[] {
  return rs
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.phase - b.r.phase || a.i - b.i)
    .map((x) => x.r);
}

/** Everything resolveSolution needs; errors in the model are raised as an InputError. */
export function prepareGraph(model: SolutionModel): { graph: PackageGraph; diagnostics: Diagnostic[] } {
  const { graph, diagnostics } = checkedGraph(model);
  if (!graph) throw new InputError(sortDiagnostics(diagnostics).find((d) => d.severity === "error")!);
  return { graph, diagnostics };
}

/** The evaluation environment of a package for one workspace (the install-time parameter values). */
export function installEnvironment(
  graph: PackageGraph,
  target: DeployTarget,
  dataCollectionEndpointId?: string,
): EvalEnv {
  const tpl = mainTemplateJson(graph);
  const params: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(tpl.parameters as Record<string, { defaultValue?: unknown }>)) {
    if (def.defaultValue !== undefined) params[name] = def.defaultValue;
  }
  params.location = target.location;
  params["workspace-location"] = target.location;
  params.workspace = target.workspace;
  params[DCE_PARAMETER] = dataCollectionEndpointId ?? OMIT;
  return {
    scope: {
      subscriptionId: target.subscriptionId,
      resourceGroup: target.resourceGroup,
      location: target.location,
    },
    parameters: params,
    variables: tpl.variables as Record<string, unknown>,
  };
}

/**
 * The solution's resources for one concrete workspace, fully resolved (names, ids, uniqueString
 * and guid values computed as ARM computes them), in apply order.
 *
 * - `content`: the active content: every declared (non-classic) table, the data collection endpoint (when the package creates
 *   one), DCRs, parsers, connector definitions and GenericUI connectors, analytics rules, hunting
 *   queries, workbooks, automation rules (after the analytics rules their conditions name), and
 *   one metadata per resource, owned by sentinelctl
 *   (source SourceRepository / OWNER_SOURCE_NAME / solution id). Not included: the Push connector
 *   instance (needs an Entra application, which ARM cannot create), playbooks (Logic Apps are
 *   outside the deploy scope) and CCF connectors kept as written from an Azure-Sentinel folder
 *   (their resources carry install-time placeholders only their package deployment fills in).
 * - `package`: what Content Hub's Install writes: the contentPackage and contentTemplates, plus the
 *   active copies V3 packages carry (parsers, connector definitions, GenericUI connectors).
 *   Content Hub packages carry no automation rules (BUILD-AUTOMATION-NOT-PACKAGED says so).
 */
export function resolveSolution(
  model: SolutionModel,
  target: DeployTarget,
  options: ResolveOptions = { mode: "content" },
): ResolvedResource[] {
  const { graph } = prepareGraph(model);
  const env = installEnvironment(graph, target, options.dataCollectionEndpointId);
  const solutionId = graph.solution.id;
  const owner: Owner =
    options.mode === "package"
      ? { kind: "Solution", name: graph.solution.name, sourceId: solutionId }
      : { kind: "SourceRepository", name: OWNER_SOURCE_NAME, sourceId: solutionId };
  const r = new Resolver(graph, target, env, owner);
  if (options.mode === "package") r.package();
  else r.content();
  return sortByPhase(r.out);
}

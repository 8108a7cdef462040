import {
  API_VERSIONS,
  type AnalyticRuleItem,
  type AnyContentItem,
  type CcfPushConnector,
  type DataConnectorItem,
  type Diagnostic,
  type HuntingQueryItem,
  type ParserItem,
  type PlaybookItem,
  type Solution,
  type SolutionModel,
  type Table,
  type WorkbookItem,
  contentIdOf,
} from "@sentinelctl/content";
import { type Arg, call, concat, Expr, type Json, parameters, variables } from "./arm/expr.js";
import { alertRuleProperties } from "./mappings/analytic-rule.js";
import { type PushStreamPlan, dcrProperties, pushStreams, tableProperties } from "./mappings/ccf.js";
import { ccfDefinitionUiConfig, connectorTitle, genericUiConfig } from "./mappings/connector.js";
import { playbookMainTemplate } from "./mappings/playbook.js";
import { huntingQueryProperties, parserProperties } from "./mappings/saved-search.js";
import { serializedData, workbookDependencies } from "./mappings/workbook.js";
import { descriptionHtml } from "./description.js";
import {
  contentProductId,
  DCE_PARAMETER,
  dceName,
  dcrName,
  extensionId,
  metadataName,
  sentinelName,
  solutionIdRef,
  templateSpecName,
  WORKSPACE_RESOURCE_ID,
  workbookName,
  workspaceResourceIdRef,
  ws,
  wsLocation,
} from "./names.js";

export const CONTENT_SCHEMA_VERSION = "3.0.0";
const TEMPLATE_SCHEMA = API_VERSIONS.package.deploymentTemplateSchema;
const PKG = API_VERSIONS.package;
/** Top-level metadata and the legacy connectors' metadata use this api-version in V3 packages. */
const ACTIVE_METADATA = PKG.activeMetadata;

export type ArmContentKind =
  | "AnalyticsRule"
  | "HuntingQuery"
  | "Parser"
  | "Workbook"
  | "DataConnector"
  | "ResourcesDataConnector"
  | "Playbook";

export type StepName =
  | "dataconnectors"
  | "parsers"
  | "workbooks"
  | "analytics"
  | "huntingqueries"
  | "playbooks";

export interface GraphItem {
  kind: ArmContentKind;
  code: string;
  contentId: string;
  version: string;
  displayName: string;
  description?: string;
  source: AnyContentItem;
  step: StepName;
}

export interface PackageGraph {
  model: SolutionModel;
  solution: Solution;
  parameters: Record<string, Json>;
  variables: Record<string, Json>;
  resources: Json[];
  items: GraphItem[];
  /** Push connectors whose DCR takes its endpoint from the install-time parameter. */
  needsDceParameter: boolean;
  counts: Array<[label: string, count: number]>;
  /** Tables deployed by connectors (lower-cased name -> table). */
  tables: Map<string, Table>;
}

export const KIND_CODES: Record<ArmContentKind, string> = {
  AnalyticsRule: "ar",
  HuntingQuery: "hq",
  Parser: "pr",
  Workbook: "wb",
  DataConnector: "dc",
  ResourcesDataConnector: "rdc",
  Playbook: "pl",
};

/** The content id of a push connector's connections template (the `rdc` item). */
export function connectionsContentId(connectorId: string): string {
  return `${connectorId}Connections`;
}

/** Item version with V3's defaults. */
export function itemVersion(item: AnyContentItem, solutionVersion: string): string {
  switch (item.kind) {
    case "analyticRule":
    case "huntingQuery":
      return item.data.version ?? "1.0.0";
    case "parser":
      return item.data.Function.Version || "1.0.0";
    case "workbook":
      return item.data.version;
    case "playbook":
      return item.data.version || "1.0";
    case "dataConnector":
      return item.data.version ?? (item.data.kind === "CcfPush" ? solutionVersion : "1.0.0");
    default:
      return solutionVersion;
  }
}

function innerTemplate(version: Json, resources: Json[], extra: Record<string, Json> = {}): Json {
  return {
    $schema: TEMPLATE_SCHEMA,
    contentVersion: version,
    parameters: {},
    variables: {},
    ...extra,
    resources,
  };
}

class GraphBuilder {
  readonly variables: Record<string, Json> = {};
  readonly parameters: Record<string, Json> = {};
  readonly templates: Json[] = [];
  readonly active: Json[] = [];
  readonly items: GraphItem[] = [];
  readonly criteria: Json[] = [];
  needsDceParameter = false;
  readonly tables: Map<string, Table>;

  constructor(
    readonly model: SolutionModel,
    readonly solution: Solution,
    readonly diagnostics: Diagnostic[],
  ) {
    this.tables = new Map(model.tables.map((t) => [t.data.name.toLowerCase(), t.data]));
  }

  get sourceBlock(): Json {
    return { kind: "Solution", name: this.solution.name, sourceId: solutionIdRef() };
  }

  get authorBlock(): Json {
    const a = this.solution.author;
    return { name: a.name, email: a.email ? variables("_email") : undefined, link: a.link };
  }

  get supportBlock(): Json {
    const s = this.solution.support;
    return { name: s.name, email: s.email, tier: s.tier, link: s.link };
  }

  metadata(
    apiVersion: string,
    name: Expr,
    props: {
      parentId: Json;
      contentId: Json;
      kind: string;
      version: Json;
      dependencies?: Json;
      previewImages?: Json;
      previewImagesDark?: Json;
    },
    extra: Record<string, Json> = {},
  ): Json {
    return {
      type: "Microsoft.OperationalInsights/workspaces/providers/metadata",
      apiVersion,
      name,
      ...extra,
      properties: {
        parentId: props.parentId,
        contentId: props.contentId,
        kind: props.kind,
        version: props.version,
        source: this.sourceBlock,
        author: this.authorBlock,
        support: this.supportBlock,
        dependencies: props.dependencies,
        previewImages: props.previewImages,
        previewImagesDark: props.previewImagesDark,
      },
    };
  }

  contentTemplate(t: {
    name: Expr;
    kind: ArmContentKind;
    contentId: Json;
    displayName: Json;
    /** Plain-text name for the template description. */
    label: string;
    productId: Json;
    version: Json;
    mainTemplate: Json;
    includeId?: boolean;
  }): Json {
    return {
      type: "Microsoft.OperationalInsights/workspaces/providers/contentTemplates",
      apiVersion: PKG.contentTemplates,
      name: t.name,
      location: wsLocation(),
      dependsOn: [extensionId("Microsoft.SecurityInsights/contentPackages", solutionIdRef())],
      properties: {
        description: `${t.label} ${kindLabel(t.kind)} with template version ${this.solution.version}`,
        mainTemplate: t.mainTemplate,
        packageKind: "Solution",
        packageVersion: variables("_solutionVersion"),
        packageName: variables("_solutionName"),
        packageId: solutionIdRef(),
        source: this.sourceBlock,
        contentSchemaVersion: CONTENT_SCHEMA_VERSION,
        contentId: t.contentId,
        contentKind: t.kind,
        displayName: t.displayName,
        contentProductId: t.productId,
        id: t.includeId === false ? undefined : t.productId,
        version: t.version,
      },
    };
  }

  addItem(item: GraphItem, criterion: Json | undefined): void {
    this.items.push(item);
    if (criterion) this.criteria.push(criterion);
  }

  // --- kinds -------------------------------------------------------------------------------

  dataConnectors(): void {
    let n = 0;
    let ccfCount = 0;
    const ccfTotal = this.model.dataConnectors.filter((c) => c.data.kind === "CcfPush").length;
    for (const item of this.model.dataConnectors) {
      n++;
      if (item.data.kind === "CcfPush")
        this.ccfConnector(item, item.data, n, ccfTotal > 1 ? String(++ccfCount) : "");
      else this.genericConnector(item, n);
    }
  }

  private genericConnector(item: DataConnectorItem, n: number): void {
    const c = item.data;
    const version = itemVersion(item, this.solution.version);
    const v = (name: string) => variables(`${name}${n}`);
    Object.assign(this.variables, {
      [`uiConfigId${n}`]: c.id,
      [`_uiConfigId${n}`]: v("uiConfigId"),
      [`dataConnectorContentId${n}`]: c.id,
      [`_dataConnectorContentId${n}`]: v("dataConnectorContentId"),
      [`dataConnectorId${n}`]: extensionId(
        "Microsoft.SecurityInsights/dataConnectors",
        v("_dataConnectorContentId"),
      ),
      [`_dataConnectorId${n}`]: v("dataConnectorId"),
      [`dataConnectorTemplateSpecName${n}`]: templateSpecName("dc", v("_dataConnectorContentId")),
      [`dataConnectorVersion${n}`]: version,
      [`_dataConnectorcontentProductId${n}`]: contentProductId(
        "dc",
        "DataConnector",
        v("_dataConnectorContentId"),
        v("dataConnectorVersion"),
      ),
    });
    const connector = (mode: "template"): Json => ({
      type: "Microsoft.OperationalInsights/workspaces/providers/dataConnectors",
      apiVersion: PKG.dataConnectors,
      name: sentinelName(v("_dataConnectorContentId")),
      location: wsLocation(),
      kind: "GenericUI",
      properties: { connectorUiConfig: genericUiConfig(c, v("_uiConfigId"), mode) },
    });
    const meta = (extra: Record<string, Json>) =>
      this.metadata(
        ACTIVE_METADATA,
        metadataName("DataConnector", v("_dataConnectorId")),
        {
          parentId: extensionId("Microsoft.SecurityInsights/dataConnectors", v("_dataConnectorContentId")),
          contentId: v("_dataConnectorContentId"),
          kind: "DataConnector",
          version: v("dataConnectorVersion"),
        },
        extra,
      );
    const title = connectorTitle(c);
    this.templates.push(
      this.contentTemplate({
        name: sentinelName(v("dataConnectorTemplateSpecName")),
        kind: "DataConnector",
        contentId: v("_dataConnectorContentId"),
        displayName: title,
        label: title,
        productId: v("_dataConnectorcontentProductId"),
        version: v("dataConnectorVersion"),
        mainTemplate: innerTemplate(v("dataConnectorVersion"), [connector("template"), meta({})]),
      }),
    );
    // The active copy, so the connector page exists right after install (as V3 does).
    this.active.push(
      meta({ dependsOn: [v("_dataConnectorId")], location: wsLocation() }),
      connector("template"),
    );
    this.addItem(
      {
        kind: "DataConnector",
        code: "dc",
        contentId: c.id,
        version,
        displayName: title,
        description: c.descriptionMarkdown,
        source: item,
        step: "dataconnectors",
      },
      { kind: "DataConnector", contentId: v("_dataConnectorContentId"), version: v("dataConnectorVersion") },
    );
  }

  private ccfConnector(item: DataConnectorItem, c: CcfPushConnector, n: number, suffix: string): void {
    const version = itemVersion(item, this.solution.version);
    const verVar = `dataConnectorCCPVersion${suffix}`;
    const defId = `_dataConnectorContentIdConnectorDefinition${n}`;
    const defName = `dataConnectorTemplateNameConnectorDefinition${n}`;
    const conId = `_dataConnectorContentIdConnections${n}`;
    const conName = `dataConnectorTemplateNameConnections${n}`;
    const connections = connectionsContentId(c.id);
    Object.assign(this.variables, {
      [verVar]: version,
      [defId]: c.id,
      [defName]: templateSpecName("dc", variables(defId)),
      [conId]: connections,
      [conName]: templateSpecName("rdc", variables(conId)),
    });
    const ver = variables(verVar);
    const definitionId = extensionId("Microsoft.SecurityInsights/dataConnectorDefinitions", variables(defId));
    const definition: Json = {
      type: "Microsoft.OperationalInsights/workspaces/providers/dataConnectorDefinitions",
      apiVersion: PKG.dataConnectorDefinitions,
      name: sentinelName(variables(defId)),
      location: wsLocation(),
      kind: "Customizable",
      properties: { connectorUiConfig: ccfDefinitionUiConfig(c, variables(defId)) },
    };
    const defMeta = (extra: Record<string, Json>) =>
      this.metadata(
        PKG.metadata,
        sentinelName(concat("DataConnector-", variables(defId))),
        {
          parentId: definitionId,
          contentId: variables(defId),
          kind: "DataConnector",
          version: ver,
          dependencies: {
            criteria: [{ version: ver, contentId: variables(conId), kind: "ResourcesDataConnector" }],
          },
        },
        extra,
      );
    const title = connectorTitle(c);
    this.templates.push(
      this.contentTemplate({
        name: concat(ws(), "/Microsoft.SecurityInsights/", variables(defName), ver),
        kind: "DataConnector",
        contentId: variables(defId),
        displayName: title,
        label: title,
        productId: contentProductId("dc", "DataConnector", variables(defId), ver),
        version: ver,
        mainTemplate: innerTemplate(ver, [definition, defMeta({})]),
        includeId: false,
      }),
    );
    this.active.push(definition, defMeta({ dependsOn: [definitionId], location: wsLocation() }));
    this.addItem(
      {
        kind: "DataConnector",
        code: "dc",
        contentId: c.id,
        version,
        displayName: title,
        description: c.descriptionMarkdown,
        source: item,
        step: "dataconnectors",
      },
      undefined,
    );

    // The connections template: tables, endpoint, DCR and the Push connector instance.
    const streams = pushStreams(c, this.tables);
    const resources: Json[] = [];
    const tableIds: Json[] = [];
    for (const s of uniqueTables(streams)) {
      resources.push({
        type: "Microsoft.OperationalInsights/workspaces/tables",
        apiVersion: PKG.tables,
        name: concat(ws(), "/", s.name),
        properties: tableProperties(s),
      });
      tableIds.push(call("resourceId", "Microsoft.OperationalInsights/workspaces/tables", ws(), s.name));
    }
    let dceId: Json;
    const dcrDepends = [...tableIds];
    if (c.dataCollectionEndpoint === "create") {
      resources.push({
        type: "Microsoft.Insights/dataCollectionEndpoints",
        apiVersion: PKG.dataCollectionEndpoints,
        name: dceName(c),
        location: wsLocation(),
        properties: { networkAcls: { publicNetworkAccess: "Enabled" } },
      });
      dceId = call("resourceId", "Microsoft.Insights/dataCollectionEndpoints", dceName(c));
      dcrDepends.push(dceId);
    } else {
      this.needsDceParameter = true;
      dceId = parameters(DCE_PARAMETER);
    }
    resources.push({
      type: "Microsoft.Insights/dataCollectionRules",
      apiVersion: PKG.dataCollectionRules,
      name: dcrName(c),
      location: wsLocation(),
      dependsOn: dcrDepends,
      properties: dcrProperties(streams, {
        workspaceResourceId: workspaceResourceIdRef(),
        dataCollectionEndpointId: dceId,
      }),
    });
    // Evaluated when the portal's Deploy button runs this template (hence the escaped literals).
    resources.push({
      type: "Microsoft.OperationalInsights/workspaces/providers/dataConnectors",
      apiVersion: PKG.ccfDataConnectors,
      name: `[concat(parameters('innerWorkspace'),'/Microsoft.SecurityInsights/', '${c.connectionName}', parameters('guidValue'))]`,
      location: wsLocation(),
      kind: "Push",
      properties: {
        connectorDefinitionName: c.id,
        dcrConfig: {
          streamName: streams[0]?.streamName ?? "",
          dataCollectionEndpoint: "[parameters('dcrConfig').dataCollectionEndpoint]",
          dataCollectionRuleImmutableId: "[parameters('dcrConfig').dataCollectionRuleImmutableId]",
        },
        auth: {
          type: "Push",
          AppId: "[parameters('auth').appId]",
          ServicePrincipalId: "[parameters('auth').servicePrincipalId]",
        },
        request: { RetryCount: 1 },
        response: { eventsJsonPaths: ["$"] },
      },
    });
    resources.push(
      this.metadata(PKG.metadata, sentinelName(concat("ResourcesDataConnector-", variables(conId))), {
        parentId: extensionId("Microsoft.SecurityInsights/dataConnectors", variables(conId)),
        contentId: variables(conId),
        kind: "ResourcesDataConnector",
        version: ver,
      }),
    );
    const innerParameters: Json = {
      connectorDefinitionName: { defaultValue: title, type: "string", minLength: 1 },
      workspace: { defaultValue: ws(), type: "string" },
      dcrConfig: {
        defaultValue: {
          dataCollectionEndpoint: "data collection Endpoint",
          dataCollectionRuleImmutableId: "data collection rule immutableId",
        },
        type: "object",
      },
      auth: {
        defaultValue: { appId: "application id", servicePrincipalId: "service principal id" },
        type: "object",
      },
      guidValue: { defaultValue: "[newGuid()]", type: "string" },
      innerWorkspace: { defaultValue: ws(), type: "string" },
    };
    this.templates.push(
      this.contentTemplate({
        name: concat(ws(), "/Microsoft.SecurityInsights/", variables(conName), ver),
        kind: "ResourcesDataConnector",
        contentId: variables(conId),
        displayName: title,
        label: title,
        productId: contentProductId("rdc", "ResourcesDataConnector", variables(conId), ver),
        version: ver,
        mainTemplate: {
          $schema: TEMPLATE_SCHEMA,
          contentVersion: ver,
          parameters: innerParameters,
          variables: {},
          resources,
        },
        includeId: false,
      }),
    );
    this.addItem(
      {
        kind: "ResourcesDataConnector",
        code: "rdc",
        contentId: connections,
        version,
        displayName: title,
        source: item,
        step: "dataconnectors",
      },
      // V3 lists a CCF connector once among the solution's dependencies, as a DataConnector with the Connections id.
      { kind: "DataConnector", contentId: variables(conId), version: ver },
    );
  }

  parsers(): void {
    for (const [i, item] of this.model.parsers.entries()) this.parser(item, i + 1);
  }

  private parser(item: ParserItem, n: number): void {
    const p = item.data;
    const version = itemVersion(item, this.solution.version);
    const contentId = contentIdOf(item);
    const obj = `parserObject${n}`;
    const o = (k: string) => variables(obj).get(`${k}${n}`);
    this.variables[obj] = {
      [`_parserName${n}`]: concat(ws(), "/", p.FunctionName),
      [`_parserId${n}`]: call(
        "resourceId",
        "Microsoft.OperationalInsights/workspaces/savedSearches",
        ws(),
        p.FunctionName,
      ),
      [`parserTemplateSpecName${n}`]: sentinelName(templateSpecName("pr", contentId)),
      [`parserVersion${n}`]: version,
      [`parserContentId${n}`]: contentId,
    };
    this.variables[`_parsercontentProductId${n}`] = contentProductId("pr", "Parser", contentId, version);
    const search = (): Json => ({
      type: "Microsoft.OperationalInsights/workspaces/savedSearches",
      apiVersion: PKG.savedSearches,
      name: o("_parserName"),
      location: wsLocation(),
      properties: parserProperties(p),
    });
    const meta = (extra: Record<string, Json>) =>
      this.metadata(
        PKG.metadata,
        metadataName("Parser", o("_parserId")),
        {
          parentId: o("_parserId"),
          contentId: o("parserContentId"),
          kind: "Parser",
          version: o("parserVersion"),
        },
        extra,
      );
    this.templates.push(
      this.contentTemplate({
        name: o("parserTemplateSpecName"),
        kind: "Parser",
        contentId: o("parserContentId"),
        displayName: p.Function.Title,
        label: p.Function.Title,
        productId: variables(`_parsercontentProductId${n}`),
        version: o("parserVersion"),
        mainTemplate: innerTemplate(o("parserVersion"), [search(), meta({ dependsOn: [o("_parserId")] })]),
      }),
    );
    this.active.push(search(), meta({ dependsOn: [o("_parserId")], location: wsLocation() }));
    this.addItem(
      {
        kind: "Parser",
        code: "pr",
        contentId,
        version,
        displayName: p.Function.Title,
        description: p.Description,
        source: item,
        step: "parsers",
      },
      { kind: "Parser", contentId: o("parserContentId"), version: o("parserVersion") },
    );
  }

  workbooks(): void {
    for (const [i, item] of this.model.workbooks.entries()) this.workbook(item, i + 1);
  }

  private workbook(item: WorkbookItem, n: number): void {
    const wb = item.data;
    const v = (name: string) => variables(`${name}${n}`);
    this.parameters[`workbook${n}-name`] = {
      type: "string",
      defaultValue: wb.title,
      minLength: 1,
      metadata: { description: "Name for the workbook" },
    };
    Object.assign(this.variables, {
      [`workbookVersion${n}`]: wb.version,
      [`workbookContentId${n}`]: wb.id,
      [`workbookId${n}`]: call(
        "resourceId",
        "Microsoft.Insights/workbooks",
        workbookName(v("_workbookContentId")),
      ),
      [`workbookTemplateSpecName${n}`]: templateSpecName("wb", v("_workbookContentId")),
      [`_workbookContentId${n}`]: v("workbookContentId"),
      [`_workbookcontentProductId${n}`]: contentProductId(
        "wb",
        "Workbook",
        v("_workbookContentId"),
        v("workbookVersion"),
      ),
    });
    const resource: Json = {
      type: "Microsoft.Insights/workbooks",
      name: workbookName(v("_workbookContentId")),
      location: wsLocation(),
      kind: "shared",
      apiVersion: PKG.workbooks,
      metadata: { description: wb.description },
      properties: {
        displayName: parameters(`workbook${n}-name`),
        serializedData: serializedData(item.template!.value),
        version: "1.0",
        sourceId: workspaceResourceIdRef(),
        category: "sentinel",
      },
    };
    const meta = this.metadata(PKG.metadata, metadataName("Workbook", v("workbookId")), {
      parentId: v("workbookId"),
      contentId: v("_workbookContentId"),
      kind: "Workbook",
      version: v("workbookVersion"),
      dependencies: workbookDependencies(wb),
      previewImages: wb.previewImages?.length ? [...wb.previewImages] : undefined,
      previewImagesDark: wb.previewImagesDark?.length ? [...wb.previewImagesDark] : undefined,
    });
    this.templates.push(
      this.contentTemplate({
        name: sentinelName(v("workbookTemplateSpecName")),
        kind: "Workbook",
        contentId: v("_workbookContentId"),
        displayName: parameters(`workbook${n}-name`),
        label: wb.title,
        productId: v("_workbookcontentProductId"),
        version: v("workbookVersion"),
        mainTemplate: innerTemplate(v("workbookVersion"), [resource, meta]),
      }),
    );
    this.addItem(
      {
        kind: "Workbook",
        code: "wb",
        contentId: wb.id,
        version: wb.version,
        displayName: wb.title,
        description: wb.description,
        source: item,
        step: "workbooks",
      },
      { kind: "Workbook", contentId: v("_workbookContentId"), version: v("workbookVersion") },
    );
  }

  analyticRules(): void {
    for (const [i, item] of this.model.analyticRules.entries()) this.analyticRule(item, i + 1);
  }

  private analyticRule(item: AnalyticRuleItem, n: number): void {
    const r = item.data;
    const version = itemVersion(item, this.solution.version);
    const obj = `analyticRuleObject${n}`;
    const o = (k: string) => variables(obj).get(`${k}${n}`);
    this.variables[obj] = {
      [`analyticRuleVersion${n}`]: version,
      [`_analyticRulecontentId${n}`]: r.id,
      [`analyticRuleId${n}`]: call("resourceId", "Microsoft.SecurityInsights/AlertRuleTemplates", r.id),
      [`analyticRuleTemplateSpecName${n}`]: sentinelName(templateSpecName("ar", r.id)),
      [`_analyticRulecontentProductId${n}`]: contentProductId("ar", "AnalyticsRule", r.id, version),
    };
    const resource: Json = {
      type: "Microsoft.SecurityInsights/AlertRuleTemplates",
      name: o("_analyticRulecontentId"),
      apiVersion: PKG.alertRuleTemplates,
      kind: r.kind,
      location: wsLocation(),
      properties: alertRuleProperties(r, "template"),
    };
    const meta = this.metadata(PKG.metadata, metadataName("AnalyticsRule", o("analyticRuleId")), {
      parentId: o("analyticRuleId"),
      contentId: o("_analyticRulecontentId"),
      kind: "AnalyticsRule",
      version: o("analyticRuleVersion"),
    });
    this.templates.push(
      this.contentTemplate({
        name: o("analyticRuleTemplateSpecName"),
        kind: "AnalyticsRule",
        contentId: o("_analyticRulecontentId"),
        displayName: r.name,
        label: r.name,
        productId: o("_analyticRulecontentProductId"),
        version: o("analyticRuleVersion"),
        mainTemplate: innerTemplate(o("analyticRuleVersion"), [resource, meta]),
      }),
    );
    this.addItem(
      {
        kind: "AnalyticsRule",
        code: "ar",
        contentId: r.id,
        version,
        displayName: r.name,
        description: r.description,
        source: item,
        step: "analytics",
      },
      { kind: "AnalyticsRule", contentId: o("_analyticRulecontentId"), version: o("analyticRuleVersion") },
    );
  }

  huntingQueries(): void {
    for (const [i, item] of this.model.huntingQueries.entries()) this.huntingQuery(item, i + 1);
  }

  private huntingQuery(item: HuntingQueryItem, n: number): void {
    const q = item.data;
    const version = itemVersion(item, this.solution.version);
    const obj = `huntingQueryObject${n}`;
    const o = (k: string) => variables(obj).get(`${k}${n}`);
    this.variables[obj] = {
      [`huntingQueryVersion${n}`]: version,
      [`_huntingQuerycontentId${n}`]: q.id,
      [`huntingQueryTemplateSpecName${n}`]: sentinelName(templateSpecName("hq", q.id)),
      [`_huntingQuerycontentProductId${n}`]: contentProductId("hq", "HuntingQuery", q.id, version),
    };
    const savedSearchId = call(
      "resourceId",
      "Microsoft.OperationalInsights/savedSearches",
      o("_huntingQuerycontentId"),
    );
    const resource: Json = {
      type: "Microsoft.OperationalInsights/savedSearches",
      apiVersion: PKG.savedSearches,
      name: o("_huntingQuerycontentId"),
      location: wsLocation(),
      properties: huntingQueryProperties(q),
    };
    const meta = this.metadata(PKG.metadata, metadataName("HuntingQuery", savedSearchId), {
      parentId: savedSearchId,
      contentId: o("_huntingQuerycontentId"),
      kind: "HuntingQuery",
      version: o("huntingQueryVersion"),
    });
    this.templates.push(
      this.contentTemplate({
        name: o("huntingQueryTemplateSpecName"),
        kind: "HuntingQuery",
        contentId: o("_huntingQuerycontentId"),
        displayName: q.name,
        label: q.name,
        productId: o("_huntingQuerycontentProductId"),
        version: o("huntingQueryVersion"),
        mainTemplate: innerTemplate(o("huntingQueryVersion"), [resource, meta]),
      }),
    );
    this.addItem(
      {
        kind: "HuntingQuery",
        code: "hq",
        contentId: q.id,
        version,
        displayName: q.name,
        description: q.description,
        source: item,
        step: "huntingqueries",
      },
      { kind: "HuntingQuery", contentId: o("_huntingQuerycontentId"), version: o("huntingQueryVersion") },
    );
  }

  playbooks(): void {
    for (const [i, item] of this.model.playbooks.entries()) this.playbook(item, i + 1);
  }

  private playbook(item: PlaybookItem, n: number): void {
    const pb = item.data;
    const version = itemVersion(item, this.solution.version);
    const v = (name: string) => variables(`${name}${n}`);
    Object.assign(this.variables, {
      [`playbookVersion${n}`]: version,
      [`playbookContentId${n}`]: pb.id,
      [`_playbookContentId${n}`]: v("playbookContentId"),
      [`playbookId${n}`]: call("resourceId", "Microsoft.Logic/workflows", v("playbookContentId")),
      [`playbookTemplateSpecName${n}`]: templateSpecName("pl", v("_playbookContentId")),
      [`_playbookcontentProductId${n}`]: contentProductId(
        "pl",
        "Playbook",
        v("_playbookContentId"),
        v("playbookVersion"),
      ),
    });
    const meta = this.metadata(PKG.metadata, metadataName("Playbook", v("playbookId")), {
      parentId: v("playbookId"),
      contentId: v("_playbookContentId"),
      kind: "Playbook",
      version: v("playbookVersion"),
    });
    const main = playbookMainTemplate(item, v("playbookVersion"), meta, this.diagnostics);
    this.templates.push(
      this.contentTemplate({
        name: sentinelName(v("playbookTemplateSpecName")),
        kind: "Playbook",
        contentId: v("_playbookContentId"),
        displayName: pb.title,
        label: pb.title,
        productId: v("_playbookcontentProductId"),
        version: v("playbookVersion"),
        mainTemplate: main,
      }),
    );
    this.addItem(
      {
        kind: "Playbook",
        code: "pl",
        contentId: pb.id,
        version,
        displayName: pb.title,
        description: pb.description,
        source: item,
        step: "playbooks",
      },
      { kind: "Playbook", contentId: v("_playbookContentId"), version: v("playbookVersion") },
    );
  }
}

function uniqueTables(streams: readonly PushStreamPlan[]): Table[] {
  const seen = new Map<string, Table>();
  for (const s of streams)
    if (!seen.has(s.table.name.toLowerCase())) seen.set(s.table.name.toLowerCase(), s.table);
  return [...seen.values()];
}

export function kindLabel(kind: ArmContentKind): string {
  switch (kind) {
    case "AnalyticsRule":
      return "Analytics Rule";
    case "HuntingQuery":
      return "Hunting Query";
    case "DataConnector":
      return "Data Connector";
    case "ResourcesDataConnector":
      return "Data Connector Connections";
    default:
      return kind;
  }
}

function byFile<T extends { source: { file: string } }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) =>
    a.source.file < b.source.file ? -1 : a.source.file > b.source.file ? 1 : 0,
  );
}

/**
 * The model with its items in a fixed order: by source file, compared by code unit (not by the
 * locale), items of one file in their order there. Item numbers in the package follow it.
 */
export function orderModel(m: SolutionModel): SolutionModel {
  return {
    ...m,
    tables: byFile(m.tables),
    dataConnectors: byFile(m.dataConnectors),
    parsers: byFile(m.parsers),
    analyticRules: byFile(m.analyticRules),
    huntingQueries: byFile(m.huntingQueries),
    workbooks: byFile(m.workbooks),
    playbooks: byFile(m.playbooks),
  };
}

/**
 * Builds the resource graph of one solution: the package's parameters, variables and resources,
 * and the list of content items. Expects a model the builder checks passed (see checks.ts).
 */
export function buildGraph(
  loaded: SolutionModel,
  options: { icon?: string; diagnostics?: Diagnostic[] } = {},
): PackageGraph {
  const diagnostics = options.diagnostics ?? [];
  const model = orderModel(loaded);
  const solution = model.solution!.data;
  const b = new GraphBuilder(model, solution, diagnostics);
  b.parameters.location = {
    type: "string",
    minLength: 1,
    defaultValue: call("resourceGroup").get("location"),
    metadata: {
      description:
        "Not used, but needed to pass arm-ttk test `Location-Should-Not-Be-Hardcoded`.  We instead use the `workspace-location` which is derived from the LA workspace",
    },
  };
  b.parameters["workspace-location"] = {
    type: "string",
    defaultValue: "",
    metadata: {
      description: concat(
        "Region to deploy solution resources -- separate from location selection",
        parameters("location"),
      ),
    },
  };
  b.parameters.workspace = {
    defaultValue: "",
    type: "string",
    metadata: { description: "Workspace name for Log Analytics where Microsoft Sentinel is setup" },
  };
  if (solution.author.email) {
    b.variables.email = solution.author.email;
    b.variables._email = variables("email");
  }
  b.variables._solutionName = solution.name;
  b.variables._solutionVersion = solution.version;
  b.variables.solutionId = solution.id;
  b.variables._solutionId = variables("solutionId");
  b.variables.workspaceResourceId = WORKSPACE_RESOURCE_ID();

  b.dataConnectors();
  b.parsers();
  b.workbooks();
  b.analyticRules();
  b.huntingQueries();
  b.playbooks();

  if (b.needsDceParameter) {
    b.parameters[DCE_PARAMETER] = {
      type: "string",
      minLength: 1,
      metadata: {
        description:
          "Resource ID of the data collection endpoint the push connector's data collection rule uses",
      },
    };
  }
  b.variables._solutioncontentProductId = contentProductId(
    "sl",
    "Solution",
    solutionIdRef(),
    variables("_solutionVersion"),
  );

  const counts: Array<[string, number]> = (
    [
      ["Data Connectors", model.dataConnectors.length],
      ["Parsers", model.parsers.length],
      ["Workbooks", model.workbooks.length],
      ["Analytic Rules", model.analyticRules.length],
      ["Hunting Queries", model.huntingQueries.length],
      ["Playbooks", model.playbooks.length],
    ] as Array<[string, number]>
  ).filter(([, c]) => c > 0);

  const dependencies: Json = solution.dependencies?.length
    ? {
        criteria: [
          ...b.criteria,
          ...solution.dependencies.map((id) => ({ kind: "Solution", contentId: id })),
        ],
      }
    : { operator: "AND", criteria: b.criteria };

  const graph: PackageGraph = {
    model,
    solution,
    parameters: b.parameters,
    variables: b.variables,
    resources: [...b.templates, ...b.active],
    items: b.items,
    needsDceParameter: b.needsDceParameter,
    counts,
    tables: new Map(
      b.model.dataConnectors
        .flatMap((c) => (c.data.kind === "CcfPush" ? pushStreams(c.data, b.tables) : []))
        .map((s) => [s.table.name.toLowerCase(), s.table]),
    ),
  };
  graph.resources.push(contentPackageResource(graph, dependencies, options.icon));
  return graph;
}

function contentPackageResource(g: PackageGraph, dependencies: Json, icon: string | undefined): Json {
  const s = g.solution;
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
      descriptionHtml: descriptionHtml(s, g.counts),
      contentKind: "Solution",
      contentProductId: variables("_solutioncontentProductId"),
      id: variables("_solutioncontentProductId"),
      icon,
      contentId: solutionIdRef(),
      parentId: solutionIdRef(),
      source: { kind: "Solution", name: s.name, sourceId: solutionIdRef() },
      author: {
        name: s.author.name,
        email: s.author.email ? variables("_email") : undefined,
        link: s.author.link,
      },
      support: { name: s.support.name, email: s.support.email, tier: s.support.tier, link: s.support.link },
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

export type { Arg };
export { Expr };

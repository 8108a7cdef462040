import { API_VERSIONS } from "@sentinelctl/content";
import { renderTemplateJson } from "./arm/escape.js";
import { call, Expr, type Json, variables } from "./arm/expr.js";
import { basicsDescription } from "./description.js";
import type { GraphItem, PackageGraph, StepName } from "./graph.js";
import { DCE_PARAMETER } from "./names.js";
import { toJsonText } from "./util/json.js";
import { writeZip } from "./zip.js";

/** The helper variables V3 uses to get past arm-ttk's "no blanks" test. */
const BLANK_VARIABLES: Record<string, Json> = {
  blanks: call("replace", "b", "b", ""),
  TemplateEmptyArray: call("json", "[]"),
  TemplateEmptyObject: call("json", "{}"),
};

function isPlainObject(v: Json | undefined): v is Record<string, Json | undefined> {
  return !!v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Expr);
}

function blankValue(v: Json | undefined, used: Set<string>): Json | undefined {
  if (v === "") return use(used, "blanks");
  if (Array.isArray(v))
    return v.length === 0 ? use(used, "TemplateEmptyArray") : v.map((x) => blankValue(x, used) ?? null);
  if (isPlainObject(v)) {
    if (Object.values(v).every((x) => x === undefined)) return use(used, "TemplateEmptyObject");
    if ("$schema" in v && "resources" in v) return blankTemplate(v, used);
    const out: Record<string, Json | undefined> = {};
    for (const [k, x] of Object.entries(v)) out[k] = x === undefined ? undefined : blankValue(x, used);
    return out;
  }
  return v;
}

function use(used: Set<string>, name: string): Expr {
  used.add(name);
  return variables(name);
}

function blankResource(r: Json, used: Set<string>): Json {
  if (!isPlainObject(r) || r.properties === undefined) return r;
  return { ...r, properties: blankValue(r.properties, used) };
}

function blankTemplate(t: Record<string, Json | undefined>, used: Set<string>): Json {
  const resources = Array.isArray(t.resources) ? t.resources.map((r) => blankResource(r, used)) : t.resources;
  return { ...t, resources };
}

const rendered = new WeakMap<PackageGraph, Record<string, unknown>>();

/** The package's mainTemplate as plain JSON (expressions rendered, literals escaped); computed once per graph. */
export function mainTemplateJson(g: PackageGraph): Record<string, unknown> {
  let t = rendered.get(g);
  if (!t) {
    t = renderMainTemplate(g);
    rendered.set(g, t);
  }
  return t;
}

function renderMainTemplate(g: PackageGraph): Record<string, unknown> {
  const used = new Set<string>();
  const resources = g.resources.map((r) => blankResource(r, used));
  const vars: Record<string, Json> = {};
  for (const [k, v] of Object.entries(g.variables)) {
    if (k === "_solutioncontentProductId") continue;
    vars[k] = v;
  }
  for (const name of Object.keys(BLANK_VARIABLES)) if (used.has(name)) vars[name] = BLANK_VARIABLES[name]!;
  vars._solutioncontentProductId = g.variables._solutioncontentProductId!;
  const a = g.solution.author;
  return renderTemplateJson({
    $schema: API_VERSIONS.package.deploymentTemplateSchema,
    contentVersion: "1.0.0.0",
    metadata: {
      author: a.email ? `${a.name} - ${a.email}` : a.name,
      comments: `Solution template for ${g.solution.name}`,
    },
    parameters: g.parameters,
    variables: vars,
    resources,
  }) as Record<string, unknown>;
}

/** testParameters.json: the mainTemplate's parameters object (for test automation, as V3). */
export function testParametersJson(mainTemplate: Record<string, unknown>): unknown {
  return mainTemplate.parameters;
}

// ---------------------------------------------------------------------------------------------
// createUiDefinition

const STEP_TEXT: Record<StepName, { label: string; text: string; link: { label: string; uri: string } }> = {
  dataconnectors: {
    label: "Data Connectors",
    text: "This Solution installs the data connector(s) listed below. After installing the solution, configure and enable each data connector by following the guidance in the Manage solution view.",
    link: {
      label: "Learn more about connecting data sources",
      uri: "https://learn.microsoft.com/azure/sentinel/connect-data-sources",
    },
  },
  parsers: {
    label: "Parsers",
    text: "This solution installs the parser(s) listed below as workspace functions. They are ready to use in queries right after installation.",
    link: {
      label: "Learn more about parsers",
      uri: "https://learn.microsoft.com/azure/azure-monitor/logs/functions",
    },
  },
  workbooks: {
    label: "Workbooks",
    text: "This solution installs workbook(s) to help you gain insights into the telemetry collected in Microsoft Sentinel. After installing the solution, start using the workbook in Manage solution view.",
    link: {
      label: "Learn more",
      uri: "https://learn.microsoft.com/azure/sentinel/tutorial-monitor-your-data",
    },
  },
  analytics: {
    label: "Analytics",
    text: "This solution installs the following analytic rule templates. After installing the solution, create and enable analytic rules in Manage solution view.",
    link: {
      label: "Learn more",
      uri: "https://learn.microsoft.com/azure/sentinel/tutorial-detect-threats-custom",
    },
  },
  huntingqueries: {
    label: "Hunting Queries",
    text: "This solution installs the following hunting queries. After installing the solution, run these hunting queries to hunt for threats in Manage solution view.",
    link: { label: "Learn more", uri: "https://learn.microsoft.com/azure/sentinel/hunting" },
  },
  playbooks: {
    label: "Playbooks",
    text: "This solution installs the Playbook templates to help implement your Security Orchestration, Automation and Response (SOAR) operations. After installing the solution, these will be deployed under Playbook Templates in the Automation blade in Microsoft Sentinel. They can be configured and managed from the Manage solution view in Content Hub.",
    link: {
      label: "Learn more",
      uri: "https://learn.microsoft.com/azure/sentinel/tutorial-respond-threats-playbook",
    },
  },
};

const STEP_ORDER: StepName[] = [
  "dataconnectors",
  "parsers",
  "workbooks",
  "analytics",
  "huntingqueries",
  "playbooks",
];
const SECTION_PREFIX: Record<StepName, string> = {
  dataconnectors: "dataconnector",
  parsers: "parser",
  workbooks: "workbook",
  analytics: "analytic",
  huntingqueries: "huntingquery",
  playbooks: "playbook",
};

function plainText(s: string | undefined, max = 1500): string {
  const t = (s ?? "").replace(/\r\n?/g, "\n").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function section(step: StepName, n: number, item: GraphItem): Json {
  const name = `${SECTION_PREFIX[step]}${n}`;
  const elements: Json[] = [];
  const text = plainText(item.description) || `${item.displayName} (version ${item.version})`;
  elements.push({ name: `${name}-text`, type: "Microsoft.Common.TextBlock", options: { text } });
  return { name, type: "Microsoft.Common.Section", label: item.displayName, elements };
}

/**
 * The per-item elements of a step, in V3's shapes: a text block per data connector, no element
 * per playbook (the step's own text covers them), a section per other item.
 */
function stepItems(step: StepName, items: readonly GraphItem[]): Json[] {
  if (step === "playbooks") return [];
  if (step === "dataconnectors") {
    return items.map((item, i) => ({
      name: `${step}${i + 1}-text`,
      type: "Microsoft.Common.TextBlock",
      options: {
        text: `This solution installs the ${item.displayName} data connector. After installing the solution, configure and enable it in Manage solution view.`,
      },
    }));
  }
  return items.map((item, i) => section(step, i + 1, item));
}

// createUiDefinition expressions are written here as ARM-style strings on purpose; every other
// string (titles, descriptions) is user text and is escaped like template text (see renderCuid).
const HAS_RESOURCE_GROUP = "[greater(length(resourceGroup().name),0)]";
const LIST_WORKSPACES =
  "[concat(subscription().id,'/providers/Microsoft.OperationalInsights/workspaces?api-version=2020-08-01')]";
const WORKSPACES_IN_RESOURCE_GROUP =
  "[map(filter(basics('getLAWorkspace').value, (filter) => contains(toLower(filter.id), toLower(resourceGroup().name))), (item) => parse(concat('{\"label\":\"', item.name, '\",\"value\":\"', item.name, '\"}')))]";
const WORKSPACE_OUTPUTS: Record<string, Json> = {
  "workspace-location":
    "[first(map(filter(basics('getLAWorkspace').value, (filter) => and(contains(toLower(filter.id), toLower(resourceGroup().name)),equals(filter.name,basics('workspace')))), (item) => item.location))]",
  location: "[location()]",
  workspace: "[basics('workspace')]",
};

export function createUiDefinitionJson(g: PackageGraph, icon: string | undefined): Record<string, unknown> {
  const steps = STEP_ORDER.flatMap((step) => wizardStep(g, step) ?? []);
  const asksForDce = g.needsDceParameter && steps.some((s) => s.name === "dataconnectors");
  const outputs: Record<string, Json> = {
    ...WORKSPACE_OUTPUTS,
    ...(asksForDce ? { [DCE_PARAMETER]: `[steps('dataconnectors').${DCE_PARAMETER}]` } : {}),
  };
  const cuid = {
    $schema: "https://schema.management.azure.com/schemas/0.1.2-preview/CreateUIDefinition.MultiVm.json#",
    handler: "Microsoft.Azure.CreateUIDef",
    version: "0.1.2-preview",
    parameters: {
      config: {
        isWizard: false,
        basics: {
          description: basicsDescription(g.solution, g.counts, icon),
          subscription: {
            resourceProviders: [
              "Microsoft.OperationsManagement/solutions",
              "Microsoft.OperationalInsights/workspaces/providers/alertRules",
              "Microsoft.Insights/workbooks",
              "Microsoft.Logic/workflows",
            ],
          },
          location: {
            metadata: { hidden: "Hiding location, we get it from the log analytics workspace" },
            visible: false,
          },
          resourceGroup: { allowExisting: true },
        },
      },
      basics: workspacePicker(),
      steps: steps.length ? steps : [{}],
      outputs,
    },
  };
  const expressions = new Set([
    ...Object.values(outputs),
    HAS_RESOURCE_GROUP,
    LIST_WORKSPACES,
    WORKSPACES_IN_RESOURCE_GROUP,
  ]);
  return renderCuid(cuid, expressions) as Record<string, unknown>;
}

/** The basics page: a drop-down of the Log Analytics workspaces in the chosen resource group. */
function workspacePicker(): Json[] {
  return [
    {
      name: "getLAWorkspace",
      type: "Microsoft.Solutions.ArmApiControl",
      toolTip: "This filters by workspaces that exist in the Resource Group selected",
      condition: HAS_RESOURCE_GROUP,
      request: { method: "GET", path: LIST_WORKSPACES },
    },
    {
      name: "workspace",
      type: "Microsoft.Common.DropDown",
      label: "Workspace",
      placeholder: "Select a workspace",
      toolTip: "This dropdown will list only workspace that exists in the Resource Group selected",
      constraints: { allowedValues: WORKSPACES_IN_RESOURCE_GROUP, required: true },
      visible: true,
    },
  ];
}

/**
 * The wizard page of one content step, with a section per item (a push connector's connections
 * template is part of its connector); none when the package holds nothing of that step.
 */
function wizardStep(g: PackageGraph, step: StepName): { name: StepName; [k: string]: Json } | undefined {
  const items = g.items.filter((i) => i.step === step && i.kind !== "ResourcesDataConnector");
  if (!items.length) return undefined;
  const s = STEP_TEXT[step];
  const elements: Json[] = [
    { name: `${step}-text`, type: "Microsoft.Common.TextBlock", options: { text: s.text } },
    { name: `${step}-link`, type: "Microsoft.Common.TextBlock", options: { link: s.link } },
    ...stepItems(step, items),
  ];
  if (step === "dataconnectors" && g.needsDceParameter) {
    elements.push({
      name: DCE_PARAMETER,
      type: "Microsoft.Common.TextBox",
      label: "Data collection endpoint resource ID",
      toolTip: "The data collection endpoint the push connector's data collection rule sends data through.",
      constraints: {
        required: true,
        regex:
          "^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Insights/dataCollectionEndpoints/[^/]+$",
        validationMessage: "Enter the full resource ID of a data collection endpoint.",
      },
    });
  }
  return {
    name: step,
    label: s.label,
    subLabel: { preValidation: `Configure the ${s.label.toLowerCase()}`, postValidation: "Done" },
    bladeTitle: s.label,
    elements,
  };
}

/** Escapes user strings in the createUiDefinition; its own expressions pass as they are. */
function renderCuid(value: unknown, expressions: Set<Json>): unknown {
  if (typeof value === "string")
    return expressions.has(value) ? value : (renderTemplateJson(value) as string);
  if (Array.isArray(value)) return value.map((v) => renderCuid(v, expressions));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = renderCuid(v, expressions);
    return out;
  }
  return value;
}

export interface PackageFiles {
  /** Relative paths inside the Package folder, in a fixed order. */
  files: Array<{ path: string; data: Buffer }>;
  mainTemplate: Record<string, unknown>;
  createUiDefinition: Record<string, unknown>;
}

/** mainTemplate.json, createUiDefinition.json, testParameters.json and `<version>.zip`. */
export function renderPackage(g: PackageGraph, icon: string | undefined): PackageFiles {
  const mainTemplate = mainTemplateJson(g);
  const createUiDefinition = createUiDefinitionJson(g, icon);
  const main = Buffer.from(toJsonText(mainTemplate), "utf8");
  const cuid = Buffer.from(toJsonText(createUiDefinition), "utf8");
  const test = Buffer.from(toJsonText(testParametersJson(mainTemplate)), "utf8");
  const zip = writeZip([
    { name: "createUiDefinition.json", data: cuid },
    { name: "mainTemplate.json", data: main },
  ]);
  return {
    mainTemplate,
    createUiDefinition,
    files: [
      { path: `${g.solution.version}.zip`, data: zip },
      { path: "createUiDefinition.json", data: cuid },
      { path: "mainTemplate.json", data: main },
      { path: "testParameters.json", data: test },
    ],
  };
}

import type { Diagnostic, Solution, SolutionModel, Table } from "@sentinelctl/content";
import { call, concat, type Json, parameters, variables } from "./arm/expr.js";
import { addAnalyticRule } from "./graph/analytic-rule-template.js";
import { addCcfConnector } from "./graph/ccf-connector-template.js";
import { addCcfTemplateConnector } from "./graph/ccf-template-connector.js";
import type { GraphItem } from "./graph/content-kinds.js";
import { contentPackageResource } from "./graph/content-package.js";
import { addGenericConnector } from "./graph/generic-connector-template.js";
import { GraphBuilder } from "./graph/graph-builder.js";
import { addHuntingQuery } from "./graph/hunting-query-template.js";
import { addParser } from "./graph/parser-template.js";
import { addPlaybook } from "./graph/playbook-template.js";
import { addWorkbook } from "./graph/workbook-template.js";
import { pushStreams } from "./mappings/ccf.js";
import { contentProductId, DCE_PARAMETER, solutionIdRef, WORKSPACE_RESOURCE_ID } from "./names.js";

export {
  type ArmContentKind,
  connectionsContentId,
  type GraphItem,
  itemVersion,
  KIND_CODES,
  kindLabel,
  type StepName,
} from "./graph/content-kinds.js";
export { CONTENT_SCHEMA_VERSION } from "./graph/graph-builder.js";

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

function byFile<T extends { source: { file: string } }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) =>
    a.source.file < b.source.file ? -1 : a.source.file > b.source.file ? 1 : 0,
  );
}

/**
 * The model with its items in a fixed order: by source file, compared by code unit (not by the
 * locale), items of one file in their order there; or the order of the solution's data file.
 * Item numbers in the package follow it.
 */
export function orderModel(m: SolutionModel): SolutionModel {
  // An Azure-Sentinel data file lists the items: its order is the package's order, as in V3.
  if (m.manifest) return m;
  return {
    ...m,
    tables: byFile(m.tables),
    dataConnectors: byFile(m.dataConnectors),
    parsers: byFile(m.parsers),
    analyticRules: byFile(m.analyticRules),
    huntingQueries: byFile(m.huntingQueries),
    workbooks: byFile(m.workbooks),
    playbooks: byFile(m.playbooks),
    automationRules: byFile(m.automationRules),
  };
}

/** The mainTemplate's own parameters and the solution's variables, before any item's. */
function addSkeleton(b: GraphBuilder, solution: Solution): void {
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
}

/** Every item, kind by kind in V3's order, numbered from 1 within its kind. */
function addItems(b: GraphBuilder, model: SolutionModel): void {
  const ccfTotal = model.dataConnectors.filter((c) => c.data.kind === "CcfPush").length;
  let ccfCount = 0;
  for (const [i, item] of model.dataConnectors.entries()) {
    if (item.data.kind === "CcfPush")
      addCcfConnector(b, item, item.data, i + 1, ccfTotal > 1 ? String(++ccfCount) : "");
    else if (item.data.kind === "CcfTemplate") addCcfTemplateConnector(b, item, i + 1);
    else addGenericConnector(b, item, i + 1);
  }
  for (const [i, item] of model.parsers.entries()) addParser(b, item, i + 1);
  for (const [i, item] of model.workbooks.entries()) addWorkbook(b, item, i + 1);
  for (const [i, item] of model.analyticRules.entries()) addAnalyticRule(b, item, i + 1);
  for (const [i, item] of model.huntingQueries.entries()) addHuntingQuery(b, item, i + 1);
  for (const [i, item] of model.playbooks.entries()) addPlaybook(b, item, i + 1);
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
  addSkeleton(b, solution);
  addItems(b, model);

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

  return {
    model,
    solution,
    parameters: b.parameters,
    variables: b.variables,
    resources: [
      ...b.templates,
      ...b.active,
      contentPackageResource(solution, counts, dependencies, options.icon),
    ],
    items: b.items,
    needsDceParameter: b.needsDceParameter,
    counts,
    tables: new Map(
      model.dataConnectors
        .flatMap((c) => (c.data.kind === "CcfPush" ? pushStreams(c.data, b.tables) : []))
        .map((s) => [s.table.name.toLowerCase(), s.table]),
    ),
  };
}

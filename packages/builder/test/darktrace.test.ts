/**
 * Structural comparison with the official Darktrace packages in Azure/Azure-Sentinel, as recorded
 * in shared/research/darktrace-content.md section 8 (Darktrace 3.2.0 and AI Analyst Darktrace
 * 3.0.1 mainTemplate.json): resource types, api-versions, counts per content item, naming
 * expressions and the shared properties. Our content differs in what it contains (the content
 * team added rules, hunting queries and parsers), so counts are checked with V3's per-item rule,
 * which reproduces the official totals (asserted first). The deliberate differences are listed
 * below; everything else asserted here is what the official packages have.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { buildSolution, createEvaluator, uniqueString } from "@sentinelctl/builder";
import { loadContent, type SolutionModel } from "@sentinelctl/content";
import { type AnyJson, REPO } from "./helpers.js";

type Res = {
  type: string;
  apiVersion: string;
  name: string;
  kind?: string;
  properties: Record<string, AnyJson>;
  dependsOn?: string[];
};

/** The official facts (darktrace-content.md section 8). */
const OFFICIAL = {
  Darktrace: {
    version: "3.2.0",
    items: {
      workbooks: 2,
      analyticRules: 6,
      playbooks: 2,
      legacyConnectors: 1,
      ccfConnectors: 1,
      parsers: 0,
      huntingQueries: 0,
    },
    topLevel: 18,
    contentTemplates: 13,
    criteria: 12,
  },
  AIAnalystDarktrace: {
    version: "3.0.1",
    items: {
      workbooks: 1,
      analyticRules: 0,
      playbooks: 0,
      legacyConnectors: 2,
      ccfConnectors: 0,
      parsers: 0,
      huntingQueries: 0,
    },
    topLevel: 8,
    contentTemplates: 3,
    criteria: 3,
  },
} as const;

/** V3's per-item rule for the top-level resources and templates (section 8 / sentinel-tooling A.5). */
function expectedCounts(i: {
  workbooks: number;
  analyticRules: number;
  playbooks: number;
  legacyConnectors: number;
  ccfConnectors: number;
  parsers: number;
  huntingQueries: number;
}) {
  const contentTemplates =
    i.workbooks +
    i.analyticRules +
    i.playbooks +
    i.legacyConnectors +
    2 * i.ccfConnectors +
    i.parsers +
    i.huntingQueries;
  return {
    contentTemplates,
    // + active copies: legacy connector + its metadata, CCF definition + its metadata, parser + its metadata; + contentPackages
    topLevel: contentTemplates + 2 * i.legacyConnectors + 2 * i.ccfConnectors + 2 * i.parsers + 1,
    criteria: contentTemplates - i.ccfConnectors,
  };
}

/*
 * Deliberate structural differences from the official packages (see packages/builder/README.md):
 * - no resourceGroupName/subscription parameters: the DCR's endpoint is created by the package (or is an install parameter), never assumed to be named after the workspace
 * - workbook resource name is guid(workspaceResourceId, contentId), not the workbookKey (the Workbooks API wants a GUID; the deployer uses the same name)
 * - DCR name is <name>-uniqueString(workspace id) and tables are named <workspace>/<table> (deployable as is)
 * - contentTemplates carry `source` (required by the 2025-12-01 API)
 * - _solutioncontentProductId uses take() like every other product id (substring() fails on ids shorter than 50 characters)
 * - hunting query saved searches are named by their content id, not <Solution>_Hunting_Query_N
 */

const SOLUTIONS = ["Darktrace", "AIAnalystDarktrace"] as const;
const present = SOLUTIONS.filter((s) => existsSync(path.join(REPO, "Solutions", s, "solution.yaml")));
const missing = SOLUTIONS.filter((s) => !present.includes(s));

// Visible, not silent: a missing solution shows up as a skipped test named after it.
for (const s of missing)
  test.skip(`Solutions/${s} is not in the repository yet: structural comparison not run`, () => {});

test("V3's per-item rule reproduces the official totals", () => {
  for (const o of Object.values(OFFICIAL)) {
    expect(expectedCounts(o.items)).toEqual({
      contentTemplates: o.contentTemplates,
      topLevel: o.topLevel,
      criteria: o.criteria,
    });
  }
});

describe.each(present)("%s package versus the official one", (name) => {
  let model: SolutionModel;
  let t: {
    $schema: string;
    contentVersion: string;
    metadata: Record<string, string>;
    parameters: Record<string, unknown>;
    variables: Record<string, unknown>;
    resources: Res[];
  };
  const ev = (v: unknown) =>
    createEvaluator({
      scope: { subscriptionId: "sub", resourceGroup: "rg", location: "westeurope" },
      parameters: {
        workspace: "ws",
        "workspace-location": "westeurope",
        location: "westeurope",
        ...defaults(),
      },
      variables: t.variables,
    }).evaluate(v);
  const defaults = () =>
    Object.fromEntries(
      Object.entries(t.parameters as Record<string, { defaultValue?: unknown }>)
        .filter(
          ([k, d]) =>
            d.defaultValue !== undefined && !["workspace", "workspace-location", "location"].includes(k),
        )
        .map(([k, d]) => [k, d.defaultValue]),
    );

  beforeAll(async () => {
    const load = await loadContent([path.join(REPO, "Solutions", name)], { cwd: REPO });
    model = load.solutions[0]!;
    t = buildSolution(model)!.mainTemplate as typeof t;
  });

  const items = () => ({
    workbooks: model.workbooks.length,
    analyticRules: model.analyticRules.length,
    playbooks: model.playbooks.length,
    legacyConnectors: model.dataConnectors.filter((c) => c.data.kind !== "CcfPush").length,
    ccfConnectors: model.dataConnectors.filter((c) => c.data.kind === "CcfPush").length,
    parsers: model.parsers.length,
    huntingQueries: model.huntingQueries.length,
  });

  test("template skeleton and base parameters", () => {
    expect(t.$schema).toBe("https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#");
    expect(t.contentVersion).toBe("1.0.0.0");
    const a = model.solution!.data.author;
    expect(t.metadata).toEqual({
      author: a.email ? `${a.name} - ${a.email}` : a.name,
      comments: `Solution template for ${model.solution!.data.name}`,
    });
    const params = Object.keys(t.parameters);
    expect(params.slice(0, 3)).toEqual(["location", "workspace-location", "workspace"]);
    expect(params.slice(3)).toEqual(model.workbooks.map((_, i) => `workbook${i + 1}-name`));
    expect(Object.hasOwn(t.variables, "email")).toBe(Boolean(a.email));
    for (const v of [
      "_solutionName",
      "_solutionVersion",
      "solutionId",
      "_solutionId",
      "workspaceResourceId",
      "_solutioncontentProductId",
    ]) {
      expect(Object.hasOwn(t.variables, v)).toBe(true);
    }
  });

  test("top-level resource types, api-versions and counts", () => {
    const count = (type: string, apiVersion: string) =>
      t.resources.filter((r) => r.type.endsWith(type) && r.apiVersion === apiVersion).length;
    const i = items();
    const e = expectedCounts(i);
    expect(t.resources).toHaveLength(e.topLevel);
    expect(count("/providers/contentTemplates", "2023-04-01-preview")).toBe(e.contentTemplates);
    expect(count("/providers/contentPackages", "2023-04-01-preview")).toBe(1);
    expect(count("/providers/dataConnectors", "2021-03-01-preview")).toBe(i.legacyConnectors);
    expect(count("/providers/dataConnectorDefinitions", "2022-09-01-preview")).toBe(i.ccfConnectors);
    expect(count("/providers/metadata", "2023-04-01-preview")).toBe(i.legacyConnectors);
    expect(count("/providers/metadata", "2022-01-01-preview")).toBe(i.ccfConnectors + i.parsers);
    expect(count("workspaces/savedSearches", "2025-07-01")).toBe(i.parsers);
    // V3's allow-list of top-level types.
    for (const r of t.resources) {
      expect(r.type).toMatch(
        /\/providers\/(dataConnectors|metadata|contentTemplates|contentPackages|dataConnectorDefinitions)$|\/savedSearches$/,
      );
    }
  });

  test("nested resources: types and api-versions", () => {
    const nested = t.resources
      .filter((r) => r.type.endsWith("contentTemplates"))
      .flatMap((r) => r.properties.mainTemplate.resources as Res[]);
    const count = (type: string, apiVersion?: string) =>
      nested.filter((r) => r.type === type && (!apiVersion || r.apiVersion === apiVersion)).length;
    const i = items();
    expect(count("Microsoft.Insights/workbooks", "2021-08-01")).toBe(i.workbooks);
    expect(count("Microsoft.SecurityInsights/AlertRuleTemplates", "2023-02-01-preview")).toBe(
      i.analyticRules,
    );
    expect(
      count("Microsoft.OperationalInsights/workspaces/providers/dataConnectors", "2021-03-01-preview"),
    ).toBe(i.legacyConnectors);
    expect(
      count("Microsoft.OperationalInsights/workspaces/providers/dataConnectors", "2023-02-01-preview"),
    ).toBe(i.ccfConnectors);
    expect(
      count(
        "Microsoft.OperationalInsights/workspaces/providers/dataConnectorDefinitions",
        "2022-09-01-preview",
      ),
    ).toBe(i.ccfConnectors);
    expect(count("Microsoft.Insights/dataCollectionRules", "2022-06-01")).toBe(i.ccfConnectors);
    const tables = new Set(
      model.dataConnectors.flatMap((c) =>
        c.data.kind === "CcfPush" ? c.data.streams.map((s) => s.table.toLowerCase()) : [],
      ),
    );
    expect(count("Microsoft.OperationalInsights/workspaces/tables", "2022-10-01")).toBe(tables.size);
    // One metadata per template: the legacy connectors' at 2023-04-01-preview, every other at 2022-01-01-preview.
    expect(count("Microsoft.OperationalInsights/workspaces/providers/metadata", "2023-04-01-preview")).toBe(
      i.legacyConnectors,
    );
    expect(count("Microsoft.OperationalInsights/workspaces/providers/metadata", "2022-01-01-preview")).toBe(
      expectedCounts(i).contentTemplates - i.legacyConnectors,
    );
    for (const wb of nested.filter((r) => r.type === "Microsoft.Insights/workbooks")) {
      expect(wb).toMatchObject({
        kind: "shared",
        properties: { category: "sentinel", version: "1.0", sourceId: "[variables('workspaceResourceId')]" },
      });
    }
    for (const pb of nested.filter((r) => r.type === "Microsoft.Logic/workflows")) {
      // Playbook expressions are escaped so that they run when the playbook is deployed.
      expect(String(pb.name).startsWith("[[")).toBe(true);
    }
  });

  test("naming expressions", () => {
    const solutionId = model.solution!.data.id;
    const pkg = t.resources.find((r) => r.type.endsWith("contentPackages"))!;
    expect(pkg.name).toBe(
      "[concat(parameters('workspace'),'/Microsoft.SecurityInsights/',variables('_solutionId'))]",
    );
    expect(ev(pkg.name)).toBe(`ws/Microsoft.SecurityInsights/${solutionId}`);
    const codes: Record<string, [string, string]> = {
      AnalyticsRule: ["ar", "AnalyticsRule"],
      Workbook: ["wb", "Workbook"],
      Playbook: ["pl", "Playbook"],
      DataConnector: ["dc", "DataConnector"],
      ResourcesDataConnector: ["rdc", "ResourcesDataConnector"],
      Parser: ["pr", "Parser"],
      HuntingQuery: ["hq", "HuntingQuery"],
    };
    for (const r of t.resources.filter((x) => x.type.endsWith("contentTemplates"))) {
      const p = ev(r.properties) as Record<string, AnyJson>;
      const [code] = codes[p.contentKind]!;
      const ccf =
        p.contentKind === "ResourcesDataConnector" || (p.contentKind === "DataConnector" && !("id" in p));
      // <ws>/Microsoft.SecurityInsights/<ws>-<code>-uniquestring(<contentId>) (CCF: the version appended, no separator)
      expect(ev(r.name)).toBe(
        `ws/Microsoft.SecurityInsights/ws-${code}-${uniqueString(p.contentId)}${ccf ? p.version : ""}`,
      );
      // contentProductId = take(_solutionId,50)-<code>-uniqueString(_solutionId-<Kind>-<contentId>-<version>); id = the same (not on CCF templates)
      expect(p.contentProductId).toBe(
        `${solutionId.slice(0, 50)}-${code}-${uniqueString(`${solutionId}-${p.contentKind}-${p.contentId}-${p.version}`)}`,
      );
      if (!ccf) expect(p.id).toBe(p.contentProductId);
      expect(p).toMatchObject({
        packageKind: "Solution",
        packageVersion: model.solution!.data.version,
        packageName: model.solution!.data.name,
        packageId: solutionId,
        contentSchemaVersion: "3.0.0",
      });
      expect(p.description).toMatch(
        new RegExp(` with template version ${model.solution!.data.version.replace(/\./g, "\\.")}$`),
      );
      expect(r.dependsOn).toEqual([
        "[extensionResourceId(resourceId('Microsoft.OperationalInsights/workspaces',parameters('workspace')),'Microsoft.SecurityInsights/contentPackages',variables('_solutionId'))]",
      ]);
      // The inner metadata: <Kind>-<last segment of the parent id> (CCF: the content id), source Solution.
      const meta = (r.properties.mainTemplate.resources as Res[]).filter((x) => x.type.endsWith("/metadata"));
      expect(meta).toHaveLength(1);
      const m = ev(meta[0]) as Res;
      const kindOfMeta = m.properties.kind as string;
      const last = String(m.properties.parentId).split("/").pop();
      expect(m.name).toBe(`ws/Microsoft.SecurityInsights/${kindOfMeta}-${ccf ? p.contentId : last}`);
      expect(m.properties.source).toEqual({
        kind: "Solution",
        name: model.solution!.data.name,
        sourceId: solutionId,
      });
      expect(m.properties.contentId).toBe(p.contentId);
      expect(m.properties.version).toBe(p.version);
    }
  });

  test("contentPackages properties and dependency criteria", () => {
    const pkg = ev(t.resources.find((r) => r.type.endsWith("contentPackages"))!) as Res;
    const s = model.solution!.data;
    const e = expectedCounts(items());
    expect(Object.keys(pkg.properties)).toEqual(
      expect.arrayContaining([
        "version",
        "kind",
        "contentSchemaVersion",
        "displayName",
        "publisherDisplayName",
        "descriptionHtml",
        "contentKind",
        "contentProductId",
        "id",
        "contentId",
        "parentId",
        "source",
        "author",
        "support",
        "dependencies",
        "firstPublishDate",
        "providers",
        "categories",
      ]),
    );
    expect(pkg.properties).toMatchObject({
      version: s.version,
      kind: "Solution",
      contentKind: "Solution",
      contentSchemaVersion: "3.0.0",
      contentId: s.id,
      parentId: s.id,
      publisherDisplayName:
        s.support.tier === "Microsoft" ? `Microsoft Sentinel, ${s.support.name}` : s.support.name,
    });
    expect(pkg.properties.contentProductId).toBe(
      `${s.id.slice(0, 50)}-sl-${uniqueString(`${s.id}-Solution-${s.id}-${s.version}`)}`,
    );
    const deps = pkg.properties.dependencies as {
      operator?: string;
      criteria: Array<{ kind: string; contentId: string }>;
    };
    const solutions = s.dependencies ?? [];
    expect(deps.criteria).toHaveLength(e.criteria + solutions.length);
    // V3 drops the operator when other solutions are listed (AI Analyst: the Common Event Format solution).
    expect(deps.operator).toBe(solutions.length ? undefined : "AND");
    for (const id of solutions) expect(deps.criteria).toContainEqual({ kind: "Solution", contentId: id });
    // A CCF connector is listed once, as a DataConnector with its Connections content id.
    for (const c of model.dataConnectors.filter((x) => x.data.kind === "CcfPush")) {
      expect(deps.criteria).toContainEqual(
        expect.objectContaining({ kind: "DataConnector", contentId: `${c.data.id}Connections` }),
      );
    }
  });
});

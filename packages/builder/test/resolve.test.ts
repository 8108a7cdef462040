import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { armGuid, buildSolution, resolveSolution, uniqueString } from "@sentinelctl/builder";
import {
  loadContent,
  OWNER_SOURCE_NAME,
  type ResolvedResource,
  type SolutionModel,
} from "@sentinelctl/content";
// The emulator's request-body validator over the vendored OpenAPI specs: what the deployer's PUTs must pass.
import { SpecRegistry } from "../../arm-emulator/src/specs.js";
import { type AnyJson, FIXTURES, REPO, scratchCopy, TARGET } from "./helpers.js";

const registry = new SpecRegistry();
const WS_ID = `/subscriptions/${TARGET.subscriptionId}/resourceGroups/${TARGET.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${TARGET.workspace}`;

/** The emulator's resource-type key of a resource id: namespaces and types, lower case. */
function typeKey(id: string): { key: string; segments: string[] } {
  const segments = id.split("/").filter(Boolean);
  const parts: string[] = [];
  for (let i = 4; i < segments.length; i += 2)
    parts.push(segments[i]!.toLowerCase() === "providers" ? segments[i + 1]! : segments[i]!);
  return { key: parts.join("/").toLowerCase(), segments };
}

function specProblems(r: ResolvedResource): string[] {
  const { key, segments } = typeKey(r.id);
  const op = registry.operation(key, r.apiVersion);
  if (!op) return [`no PUT spec for ${key}@${r.apiVersion}`];
  const body = registry.validateBody(op, r.body);
  return [
    ...body.details.map((d) => `${d.path}: ${d.message}`),
    ...registry.validatePathParams(op, segments).map((d) => `${d.path}: ${d.message}`),
  ];
}

const models = new Map<string, Promise<SolutionModel>>();

/** Loads a solution once per test file (resolution never changes the model). */
function load(dir: string): Promise<SolutionModel> {
  if (!models.has(dir))
    models.set(
      dir,
      loadContent([dir], { cwd: path.dirname(dir) }).then((r) => r.solutions[0]!),
    );
  return models.get(dir)!;
}

const SOLUTIONS = [
  path.join(FIXTURES, "AllKinds"),
  path.join(FIXTURES, "PushParameter"),
  ...["Darktrace", "AIAnalystDarktrace"]
    .map((s) => path.join(REPO, "Solutions", s))
    .filter((d) => existsSync(path.join(d, "solution.yaml"))),
];

describe.each(SOLUTIONS.map((s) => [path.basename(s), s]))("resolving %s", (_name, dir) => {
  test.each(["content", "package"] as const)(
    "every %s-mode PUT body matches the official OpenAPI spec",
    async (mode) => {
      const resolved = resolveSolution(await load(dir), TARGET, { mode });
      expect(resolved.length).toBeGreaterThan(0);
      const problems = resolved.flatMap((r) => specProblems(r).map((p) => `${r.id}: ${p}`));
      expect(problems).toEqual([]);
      expect(new Set(resolved.map((r) => r.id.toLowerCase())).size).toBe(resolved.length);
      // Apply order is non-decreasing by phase.
      for (let i = 1; i < resolved.length; i++)
        expect(resolved[i]!.phase).toBeGreaterThanOrEqual(resolved[i - 1]!.phase);
      // No ARM expression is left in active content (stored templates keep the ones meant for later).
      if (mode === "content") expect(/"\[(?!\[)[a-zA-Z]+\(/.test(JSON.stringify(resolved))).toBe(false);
    },
  );

  test("content mode: one owned metadata per resource, pointing at it", async () => {
    const model = await load(dir);
    const resolved = resolveSolution(model, TARGET, { mode: "content" });
    const meta = resolved.filter((r) => r.contentKind === "Metadata");
    const others = resolved.filter((r) => r.contentKind !== "Metadata");
    expect(meta).toHaveLength(others.length);
    const ids = new Set(others.map((r) => r.id));
    for (const m of meta) {
      const p = (m.body as { properties: Record<string, unknown> }).properties;
      expect(ids.has(p.parentId as string)).toBe(true);
      expect(p.source).toEqual({
        kind: "SourceRepository",
        name: OWNER_SOURCE_NAME,
        sourceId: model.solution!.data.id,
      });
      expect(typeof p.version).toBe("string");
    }
    // Never deployed by ARM alone: the Push connector instance and playbooks.
    expect(resolved.some((r) => (r.body as { kind?: string }).kind === "Push")).toBe(false);
    expect(resolved.some((r) => /Microsoft\.(Logic|Web)\//.test(r.type))).toBe(false);
    for (const rule of model.analyticRules) {
      const r = resolved.find(
        (x) => x.id === `${WS_ID}/providers/Microsoft.SecurityInsights/alertRules/${rule.data.id}`,
      )!;
      expect(r.body).toMatchObject({
        kind: rule.data.kind,
        properties: {
          alertRuleTemplateName: rule.data.id,
          templateVersion: rule.data.version ?? "1.0.0",
          enabled: true,
        },
      });
    }
    for (const wb of model.workbooks) {
      expect(
        resolved.some((r) => r.id.endsWith(`/Microsoft.Insights/workbooks/${armGuid(WS_ID, wb.data.id)}`)),
      ).toBe(true);
    }
  });

  test("package mode: template names and product ids as V3's expressions evaluate", async () => {
    const model = await load(dir);
    const solutionId = model.solution!.data.id;
    const resolved = resolveSolution(model, TARGET, { mode: "package" });
    const pkg = resolved.filter((r) => r.contentKind === "ContentPackage");
    expect(pkg).toHaveLength(1);
    expect(pkg[0]!.id.endsWith(`/contentPackages/${solutionId}`)).toBe(true);
    const templates = resolved.filter((r) => r.contentKind === "ContentTemplate");
    expect(templates.length).toBeGreaterThan(0);
    for (const t of templates) {
      const p = (
        t.body as {
          properties: { contentKind: string; contentId: string; version: string; contentProductId: string };
        }
      ).properties;
      const code = t.id.match(/\/contentTemplates\/[^/]+?-([a-z]+)-[a-z2-7]{13}/)![1]!;
      const ccf =
        p.contentKind === "ResourcesDataConnector" ||
        (p.contentKind === "DataConnector" && t.id.endsWith(p.version));
      expect(t.id.split("/").pop()).toBe(
        `${TARGET.workspace}-${code}-${uniqueString(p.contentId)}${ccf ? p.version : ""}`,
      );
      expect(p.contentProductId).toBe(
        `${solutionId.slice(0, 50)}-${code}-${uniqueString(`${solutionId}-${p.contentKind}-${p.contentId}-${p.version}`)}`,
      );
      expect(p).toMatchObject({
        packageId: solutionId,
        packageKind: "Solution",
        contentSchemaVersion: "3.0.0",
        source: { kind: "Solution" },
      });
    }
  });

  test("the package and the workspace agree on names", async () => {
    const model = await load(dir);
    const pkg = JSON.stringify(resolveSolution(model, TARGET, { mode: "package" }));
    for (const r of resolveSolution(model, TARGET, { mode: "content" })) {
      if (
        r.contentKind === "Workbook" ||
        r.contentKind === "DataCollectionRule" ||
        r.contentKind === "DataCollectionEndpoint"
      ) {
        expect(pkg).toContain(`"${r.id.split("/").pop()}"`);
      }
    }
  });
});

describe("data collection endpoint", () => {
  test("a parameter endpoint is used when given; without it the DCR is a Direct rule", async () => {
    const model = await load(path.join(FIXTURES, "PushParameter"));
    const dce =
      "/subscriptions/s/resourceGroups/g/providers/Microsoft.Insights/dataCollectionEndpoints/shared";
    const dcr = (rs: ResolvedResource[]) =>
      rs.find((r) => r.contentKind === "DataCollectionRule")!.body as Record<string, AnyJson>;
    const given = dcr(resolveSolution(model, TARGET, { mode: "content", dataCollectionEndpointId: dce }));
    expect(given.kind).toBeUndefined();
    expect(given.properties.dataCollectionEndpointId).toBe(dce);
    const direct = dcr(resolveSolution(model, TARGET, { mode: "content" }));
    expect(direct.kind).toBe("Direct");
    expect(direct.properties.dataCollectionEndpointId).toBeUndefined();
    expect(direct.properties.dataFlows[0]).toEqual({
      streams: ["Custom-ContosoFlowRecords"],
      destinations: ["clv2ws1"],
      transformKql: "source | where Bytes > 0",
      outputStream: "Custom-ContosoFlows_CL",
    });
  });

  test("a created endpoint is resolved before the rule that uses it", async () => {
    const rs = resolveSolution(await load(path.join(FIXTURES, "AllKinds")), TARGET, { mode: "content" });
    const dce = rs.find((r) => r.contentKind === "DataCollectionEndpoint")!;
    const dcr = rs.find((r) => r.contentKind === "DataCollectionRule")!;
    expect(dce.phase).toBeLessThan(dcr.phase);
    expect((dcr.body as Record<string, AnyJson>).properties.dataCollectionEndpointId).toBe(dce.id);
    expect(dce.id.split("/").pop()!.length).toBeLessThanOrEqual(44);
  });
});

describe("automation rules", () => {
  const RULE = "6b3e1f5a-1c44-4b66-9a8e-0a1b2c3d4e5f";
  const ELSEWHERE = `/subscriptions/s/resourceGroups/g/providers/Microsoft.OperationalInsights/workspaces/w/providers/Microsoft.SecurityInsights/alertRules/${RULE}`;
  const LOGIC_APP = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Logic/workflows/Elsewhere";
  const yaml = `id: 0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0
displayName: Contoso - tag
order: 3
triggeringLogic:
  isEnabled: true
  triggersOn: Alerts
  triggersWhen: Created
  conditions:
    - conditionType: Boolean
      conditionProperties:
        operator: Or
        innerConditions:
          - conditionType: Property
            conditionProperties: { propertyName: AlertAnalyticRuleIds, operator: Contains, propertyValues: [${RULE}, ${ELSEWHERE}] }
          - conditionType: Property
            conditionProperties: { propertyName: IncidentSeverity, operator: Equals, propertyValues: [High] }
actions:
  - { order: 1, actionType: RunPlaybook, actionConfiguration: { logicAppResourceId: Contoso-Notify } }
  - { order: 2, actionType: RunPlaybook, actionConfiguration: { logicAppResourceId: ${LOGIC_APP} } }
`;
  let model: SolutionModel;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const copy = await scratchCopy("AllKinds");
    cleanup = copy.cleanup;
    await mkdir(path.join(copy.dir, "AutomationRules"));
    await writeFile(path.join(copy.dir, "AutomationRules/Tag.yaml"), yaml);
    model = (await loadContent([copy.dir])).solutions[0]!;
  });
  afterAll(() => cleanup());

  test("content mode: ids and references resolved for the workspace, after the rules, with metadata, as the spec wants", () => {
    const rs = resolveSolution(model, TARGET, { mode: "content" });
    const rule = rs.find((r) => r.contentKind === "AutomationRule")!;
    expect(rule.id).toBe(
      `${WS_ID}/providers/Microsoft.SecurityInsights/automationRules/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0`,
    );
    expect(specProblems(rule)).toEqual([]);
    const body = rule.body as AnyJson;
    expect(body.properties.displayName).toBe("Contoso - tag");
    expect(body.properties.id).toBeUndefined();
    // A bare rule id becomes the rule's id in this workspace; a full id is kept as written.
    expect(
      body.properties.triggeringLogic.conditions[0].conditionProperties.innerConditions[0].conditionProperties
        .propertyValues,
    ).toEqual([`${WS_ID}/providers/Microsoft.SecurityInsights/alertRules/${RULE}`, ELSEWHERE]);
    // A playbook of the solution: the Logic App its template names, in the target resource group.
    expect(body.properties.actions.map((a: AnyJson) => a.actionConfiguration.logicAppResourceId)).toEqual([
      `/subscriptions/${TARGET.subscriptionId}/resourceGroups/${TARGET.resourceGroup}/providers/Microsoft.Logic/workflows/Contoso-Notify`,
      LOGIC_APP,
    ]);
    const analytics = rs.filter((r) => r.contentKind === "AnalyticsRule");
    expect(Math.max(...analytics.map((r) => r.phase))).toBeLessThan(rule.phase);
    const meta = rs.find(
      (r) => r.contentKind === "Metadata" && (r.body as AnyJson).properties.parentId === rule.id,
    )!;
    expect((meta.body as AnyJson).properties).toMatchObject({
      kind: "AutomationRule",
      contentId: "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
      source: { kind: "SourceRepository", name: OWNER_SOURCE_NAME },
    });
    // Resolving twice gives the same ids and bodies.
    expect(resolveSolution(model, TARGET, { mode: "content" })).toEqual(rs);
  });

  test("the package leaves automation rules out, and says so with an info", () => {
    const diagnostics: Parameters<typeof buildSolution>[1] = [];
    const built = buildSolution(model, diagnostics)!;
    expect(JSON.stringify(built.mainTemplate)).not.toMatch(/automationRules|Contoso - tag/);
    expect(diagnostics.filter((d) => d.code === "BUILD-AUTOMATION-NOT-PACKAGED")).toEqual([
      expect.objectContaining({
        severity: "info",
        file: expect.stringMatching(/AutomationRules[\\/]Tag\.yaml$/),
      }),
    ]);
    expect(
      resolveSolution(model, TARGET, { mode: "package" }).some((r) => r.contentKind === "AutomationRule"),
    ).toBe(false);
  });
});

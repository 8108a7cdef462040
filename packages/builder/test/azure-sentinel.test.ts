/**
 * Builds the fixture solutions kept in the Azure-Sentinel repository's own layout
 * (test/fixtures/azure-sentinel: Data/Solution_*.json, SolutionMetadata.json, a workbook at the
 * repository root described by Workbooks/WorkbooksMetadata.json, playbooks with their metadata in
 * azuredeploy.json, a CCF connector, connector JSON without `kind`) and compares each package with
 * what Microsoft's V3 packager writes for them (expected-v3.json), resource by resource.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSolutions, createEvaluator, type SolutionBuild } from "@sentinelctl/builder";
import { type AnyJson, FIXTURES } from "./helpers.js";

const ROOT = path.join(FIXTURES, "azure-sentinel");
const EXPECTED = JSON.parse(readFileSync(path.join(ROOT, "expected-v3.json"), "utf8")) as Record<
  string,
  AnyJson
>;
const NAMES = Object.keys(EXPECTED).filter((k) => !k.startsWith("_"));

let builds: Map<string, SolutionBuild>;
let diagnostics: Array<{ code: string; severity: string; file?: string }>;

beforeAll(async () => {
  const result = await buildSolutions([], { cwd: ROOT });
  builds = new Map(result.solutions.map((s) => [s.folderName, s]));
  diagnostics = result.diagnostics;
});

test("every solution of the checkout builds unchanged, with no error", () => {
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect([...builds.keys()].sort()).toEqual([...NAMES].sort());
});

test("what cannot be packaged is said, not dropped", () => {
  const said = diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}`);
  expect(said).toContain(
    "info LOAD-NOT-LISTED Solutions/ContosoSyslog/Analytic Rules/ContosoSyslogDraft.yaml",
  );
  expect(said).toContain("warning LOAD-NOT-PACKAGED Solutions/ContosoAudit/Data/Solution_ContosoAudit.json");
});

describe.each(NAMES)("%s against V3", (name) => {
  const expected = EXPECTED[name];
  let t: AnyJson;
  let cuid: AnyJson;
  let ev: (v: unknown) => unknown;
  beforeAll(() => {
    const s = builds.get(name)!;
    t = s.mainTemplate;
    cuid = s.createUiDefinition;
    const defaults = Object.fromEntries(
      Object.entries(t.parameters as Record<string, { defaultValue?: unknown }>)
        .filter(
          ([k, d]) =>
            d.defaultValue !== undefined && !["workspace", "workspace-location", "location"].includes(k),
        )
        .map(([k, d]) => [k, d.defaultValue]),
    );
    const evaluator = createEvaluator({
      scope: { subscriptionId: "sub", resourceGroup: "rg", location: "westeurope" },
      parameters: {
        workspace: "ws",
        "workspace-location": "westeurope",
        location: "westeurope",
        ...defaults,
      },
      variables: t.variables,
    });
    ev = (v) => evaluator.evaluate(v);
  });

  const templates = () => (t.resources as AnyJson[]).filter((r) => r.type.endsWith("/contentTemplates"));

  test("solution id, version and one dependency per item", () => {
    const pkg = (t.resources as AnyJson[]).find((r) => r.type.endsWith("/contentPackages"));
    expect(ev(t.variables.solutionId)).toBe(expected.solutionId);
    expect(pkg.properties.version).toBe(expected.version);
    expect(pkg.properties.dependencies.criteria).toHaveLength(expected.contentTemplates.length);
  });

  test("contentTemplates in the data file's order, resource by resource", () => {
    const actual = templates();
    expect(actual.map((r: AnyJson) => ev(r.properties.contentId))).toEqual(
      expected.contentTemplates.map((e: AnyJson) => e.contentId),
    );
    expected.contentTemplates.forEach((e: AnyJson, i: number) => {
      const p = actual[i].properties;
      expect({
        contentKind: p.contentKind,
        version: ev(p.version),
        displayName: ev(p.displayName),
      }).toEqual({ contentKind: e.contentKind, version: e.version, displayName: e.displayName });
      const inner = p.mainTemplate.resources as AnyJson[];
      expect(inner.map((r) => r.type)).toEqual(e.resources.map((r: AnyJson) => r.type));
      e.resources.forEach((want: AnyJson, j: number) => {
        expect(inner[j]).toMatchObject(want);
      });
      if (e.templateMetadata) expect(p.mainTemplate.metadata).toMatchObject(e.templateMetadata);
      if (e.contentKind === "Playbook") {
        expect(p.mainTemplate.metadata.author).toBeUndefined();
        expect(p.mainTemplate.metadata.support).toBeUndefined();
      }
    });
  });

  test("resources active right after install", () => {
    const active = (t.resources as AnyJson[]).filter(
      (r) => !r.type.endsWith("/contentTemplates") && !r.type.endsWith("/contentPackages"),
    );
    expect(active.map((r) => r.type)).toEqual(expected.active.map((r: AnyJson) => r.type));
    expected.active.forEach((want: AnyJson, i: number) => {
      expect(active[i]).toMatchObject(want);
    });
  });

  test("createUiDefinition steps and their elements", () => {
    const steps = cuid.parameters.steps as AnyJson[];
    expect(steps.map((s) => ({ name: s.name, elements: s.elements.map((x: AnyJson) => x.type) }))).toEqual(
      expected.steps,
    );
  });

  test("documented differences are real (README, deliberate differences)", () => {
    for (const d of expected.differences as AnyJson[]) {
      const all = JSON.stringify(t);
      if (d.absent.contentKind)
        expect(templates().some((r: AnyJson) => r.properties.contentKind === d.absent.contentKind)).toBe(
          false,
        );
      if (d.absent.type)
        expect(
          (t.resources as AnyJson[]).some((r) => r.type === d.absent.type) ||
            all.includes(`"${d.absent.type}"`),
        ).toBe(false);
    }
  });
});

test("a connector the data file lists in StaticDataConnectorIds is packaged as a StaticUI page", async () => {
  const { cp, mkdtemp, readFile, rm, writeFile } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const root = await mkdtemp(path.join(tmpdir(), "sentinelctl-static-"));
  try {
    await cp(ROOT, root, { recursive: true });
    const dataFile = path.join(root, "Solutions/ContosoSyslog/Data/Solution_ContosoSyslog.json");
    const data = JSON.parse(await readFile(dataFile, "utf8"));
    await writeFile(
      dataFile,
      JSON.stringify({ ...data, StaticDataConnectorIds: ["ContosoSyslog"] }, null, 2),
    );
    const result = await buildSolutions(["Solutions/ContosoSyslog"], { cwd: root });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const t = result.solutions[0]!.mainTemplate as AnyJson;
    const pages = (t.resources as AnyJson[]).filter((r) => r.type.endsWith("/providers/dataConnectors"));
    expect(pages.map((r) => r.kind)).toEqual(["StaticUI"]);
    const ui = pages[0].properties.connectorUiConfig;
    expect(Object.keys(ui)).toEqual(
      expect.arrayContaining([
        "id",
        "title",
        "publisher",
        "descriptionMarkdown",
        "dataTypes",
        "connectivityCriterias",
      ]),
    );
    expect(ui.permissions).toBeUndefined();
    expect(ui.instructionSteps).toBeUndefined();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

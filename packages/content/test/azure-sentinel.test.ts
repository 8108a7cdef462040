/**
 * Loading content kept the way the Azure-Sentinel repository keeps it. The checkout is the
 * builder's fixture (packages/builder/test/fixtures/azure-sentinel), written for these tests
 * from the repository's documented layout.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type LoadResult, loadContent, type SolutionModel } from "../src/index.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHECKOUT = path.resolve(HERE, "../../builder/test/fixtures/azure-sentinel");

let load: LoadResult;
const solution = (name: string): SolutionModel => load.solutions.find((s) => s.folderName === name)!;

beforeAll(async () => {
  load = await loadContent([], { cwd: CHECKOUT });
});

test("Data/Solution_*.json with SolutionMetadata.json is the manifest", () => {
  expect(load.solutions.map((s) => s.folderName)).toEqual([
    "ContosoAudit",
    "ContosoResponse",
    "ContosoSyslog",
  ]);
  const s = solution("ContosoSyslog");
  expect(s.manifest?.file).toBe("Solutions/ContosoSyslog/Data/Solution_ContosoSyslog.json");
  expect(s.solution?.data).toMatchObject({
    id: "contoso.contoso-syslog-solution",
    name: "ContosoSyslog",
    version: "3.0.0",
    author: { name: "Contoso", email: "security@contoso.example" },
    logo: "https://raw.githubusercontent.com/contoso/brand/main/contoso.svg",
    support: { tier: "Partner", name: "Contoso" },
    categories: { domains: ["Security - Network"] },
    providers: ["Contoso"],
    firstPublishDate: "2025-02-03",
  });
  expect(load.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
});

test("the data file's list and order decide what is loaded", () => {
  const s = solution("ContosoSyslog");
  // Listed Denied before Admin: not file-name order. The unlisted draft is reported, not loaded.
  expect(s.analyticRules.map((r) => r.data.name)).toEqual([
    "Contoso - burst of denied connections from one source",
    "Contoso - administrator login to the firewall",
  ]);
  expect(load.diagnostics).toContainEqual(
    expect.objectContaining({
      code: "LOAD-NOT-LISTED",
      severity: "info",
      file: "Solutions/ContosoSyslog/Analytic Rules/ContosoSyslogDraft.yaml",
    }),
  );
});

test("a workbook at the repository root, described by Workbooks/WorkbooksMetadata.json", () => {
  const [wb] = solution("ContosoSyslog").workbooks;
  expect(wb?.data).toMatchObject({
    id: "ContosoSyslogOverviewWorkbook",
    title: "Contoso Firewall Overview",
    version: "1.0.0",
    dataTypes: ["Syslog"],
    dataConnectors: ["ContosoSyslog"],
  });
  expect(wb?.source.file).toBe("Workbooks/WorkbooksMetadata.json");
  expect(wb?.template?.source.file).toBe("Workbooks/ContosoSyslogOverview.json");
  expect((wb!.template!.value as { items: unknown[] }).items).toHaveLength(2);
});

test("connector JSON without kind is recognised by its shape, with its documented fields", () => {
  const [c] = solution("ContosoSyslog").dataConnectors;
  expect(c?.data.kind).toBe("GenericUI");
  expect(c?.data).toMatchObject({
    additionalRequirementBanner: expect.any(String),
    availability: { isPreview: true },
  });
  expect(load.diagnostics.filter((d) => d.file?.includes("Connector_Syslog"))).toEqual([]);
});

test("a CCF connector definition brings its poller, DCR and table files", () => {
  const [c] = solution("ContosoAudit").dataConnectors;
  expect(c?.data.kind).toBe("CcfTemplate");
  expect(c?.data.id).toBe("ContosoAuditCcf");
  const resources = (c!.data as unknown as { resources: Array<{ type: string; kind?: string }> }).resources;
  expect(resources.map((r) => r.kind ?? r.type)).toEqual([
    "Microsoft.Insights/dataCollectionRules",
    "RestApiPoller",
    "Microsoft.OperationalInsights/workspaces/tables",
  ]);
  // Positions point into the definition's connectorUiConfig.
  expect(c?.source.range([...c.path, "title"]).start.line).toBe(10);
});

test("playbooks carry their metadata in azuredeploy.json", () => {
  const pbs = solution("ContosoResponse").playbooks;
  expect(pbs.map((p) => p.data.id)).toEqual(["Contoso-BlockIP", "Contoso-Isolate-incident-trigger"]);
  expect(pbs[0]?.data).toMatchObject({
    title: "Contoso - block an IP address",
    version: "1.0",
    prerequisites: ["A Contoso firewall API key stored in the playbook's connection."],
    postDeployment: ["Grant the playbook's managed identity the Microsoft Sentinel Responder role."],
  });
  expect(pbs[0]?.template?.value).toHaveProperty("resources");
});

test("hunting queries may carry severity; data-file lists sentinelctl cannot package are warned about", () => {
  expect(solution("ContosoSyslog").huntingQueries[0]?.data.severity).toBe("Low");
  expect(load.diagnostics).toContainEqual(
    expect.objectContaining({
      code: "LOAD-NOT-PACKAGED",
      severity: "warning",
      file: "Solutions/ContosoAudit/Data/Solution_ContosoAudit.json",
    }),
  );
});

test("the repository-root Workbooks folder validated on its own: every workbook, its metadata from WorkbooksMetadata.json", async () => {
  const r = await loadContent(["Workbooks"], { cwd: CHECKOUT });
  expect(r.diagnostics).toEqual([]);
  expect(r.solutions.flatMap((s) => s.workbooks.map((w) => w.data.id))).toEqual([
    "ContosoSyslogOverviewWorkbook",
  ]);
});

describe("in a scratch copy", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "sentinelctl-as-"));
    await cp(CHECKOUT, root, { recursive: true });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  test("an unknown field is reported at the field and the item is still loaded", async () => {
    const file = path.join(root, "Solutions/ContosoSyslog/Hunting Queries/ContosoSyslogRareSources.yaml");
    await writeFile(file, `${(await import("node:fs")).readFileSync(file, "utf8")}reviewedBy: soc-team\n`);
    const r = await loadContent(["Solutions/ContosoSyslog"], { cwd: root });
    const d = r.diagnostics.find((x) => x.code === "SCHEMA-UNKNOWN-FIELD");
    expect(d).toMatchObject({
      severity: "warning",
      file: "Solutions/ContosoSyslog/Hunting Queries/ContosoSyslogRareSources.yaml",
    });
    expect(d?.range?.start.column).toBe(1);
    expect(r.solutions[0]?.huntingQueries).toHaveLength(1);
  });

  test("an item failing its schema is kept out of the package but kept for query analysis", async () => {
    const file = path.join(root, "Solutions/ContosoSyslog/Analytic Rules/ContosoSyslogAdminLogin.yaml");
    const text = (await import("node:fs"))
      .readFileSync(file, "utf8")
      .replace("severity: Low", "severity: Critical");
    await writeFile(file, text);
    const r = await loadContent(["Solutions/ContosoSyslog"], { cwd: root });
    const s = r.solutions[0]!;
    expect(s.analyticRules.map((x) => x.data.id)).not.toContain("8a4b2c6d-1e3f-4a5b-9c8d-7e6f5a4b3c2d");
    expect(s.rejected?.map((x) => (x.data as { id: string }).id)).toEqual([
      "8a4b2c6d-1e3f-4a5b-9c8d-7e6f5a4b3c2d",
    ]);
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({ code: "SCHEMA-INVALID-VALUE", severity: "error" }),
    );
  });

  test("a listed CCF poller file is said to travel with its definition, not loaded twice", async () => {
    const dataFile = path.join(root, "Solutions/ContosoAudit/Data/Solution_ContosoAudit.json");
    const data = JSON.parse((await import("node:fs")).readFileSync(dataFile, "utf8"));
    data["Data Connectors"].push("Data Connectors/ContosoAudit_ccp/ContosoAudit_PollerConfig.json");
    await writeFile(dataFile, JSON.stringify(data, null, 2));
    const r = await loadContent(["Solutions/ContosoAudit"], { cwd: root });
    expect(r.solutions[0]?.dataConnectors.map((c) => c.data.id)).toEqual(["ContosoAuditCcf"]);
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "LOAD-CCF-PART",
        severity: "info",
        file: "Solutions/ContosoAudit/Data Connectors/ContosoAudit_ccp/ContosoAudit_PollerConfig.json",
      }),
    );
  });

  test("a listed file that does not exist is an error at its entry", async () => {
    await rm(path.join(root, "Solutions/ContosoSyslog/Parsers/ContosoSyslogEvent.yaml"));
    const r = await loadContent(["Solutions/ContosoSyslog"], { cwd: root });
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "LOAD-MISSING-FILE",
        severity: "error",
        file: "Solutions/ContosoSyslog/Data/Solution_ContosoSyslog.json",
      }),
    );
  });

  test("in a solution.yaml layout, a playbook or workbook JSON without a YAML side-file is loaded, never dropped", async () => {
    const dir = path.join(root, "Solutions/Mine");
    await mkdir(path.join(dir, "playbooks/Block"), { recursive: true });
    await mkdir(path.join(dir, "workbooks"), { recursive: true });
    await writeFile(
      path.join(dir, "solution.yaml"),
      "id: contoso.mine\nname: Mine\nversion: 1.0.0\ndescription: Mine.\nauthor: { name: Contoso }\nsupport: { tier: Community, name: Contoso, link: 'https://contoso.example' }\ncategories: { domains: [Security - Others] }\nproviders: [Contoso]\nfirstPublishDate: '2025-01-01'\n",
    );
    await cp(
      path.join(root, "Solutions/ContosoResponse/Playbooks/Contoso-BlockIP/azuredeploy.json"),
      path.join(dir, "playbooks/Block/azuredeploy.json"),
    );
    await cp(
      path.join(root, "Workbooks/ContosoSyslogOverview.json"),
      path.join(dir, "workbooks/ContosoSyslogOverview.json"),
    );
    const r = await loadContent(["Solutions/Mine"], { cwd: root });
    const s = r.solutions[0]!;
    expect(s.playbooks.map((p) => p.data.id)).toEqual(["Block"]);
    // The checkout's WorkbooksMetadata.json describes the workbook (matched by file name).
    expect(s.workbooks.map((w) => w.data.id)).toEqual(["ContosoSyslogOverviewWorkbook"]);
  });

  test("a workbook nobody describes is loaded under its file name, with a warning", async () => {
    await rm(path.join(root, "Workbooks/WorkbooksMetadata.json"));
    const r = await loadContent(["Solutions/ContosoSyslog"], { cwd: root });
    expect(r.solutions[0]?.workbooks.map((w) => w.data.id)).toEqual(["ContosoSyslogOverview"]);
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({ code: "LOAD-WORKBOOK-METADATA", severity: "warning" }),
    );
  });

  test("validating one file loads its solution's tables, parsers and connectors as context", async () => {
    const r = await loadContent(["Solutions/ContosoSyslog/Analytic Rules/ContosoSyslogDeniedBurst.yaml"], {
      cwd: root,
    });
    const s = r.solutions[0]!;
    expect(s.solution).toBeUndefined();
    expect(s.analyticRules).toHaveLength(1);
    expect(s.context?.parsers.map((p) => p.data.FunctionAlias)).toEqual(["ContosoSyslogEvent"]);
    expect(s.context?.dataConnectors.map((c) => c.data.id)).toEqual(["ContosoSyslog"]);
    expect(r.diagnostics).toEqual([]);
  });
});

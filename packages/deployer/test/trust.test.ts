/**
 * The places where a deploy can do harm, end to end: the real CLI command over a repository on
 * disk, the real loader, validator and builder, the deployer's SDK clients and a real
 * credential class against the emulator.
 *
 * - prune never deletes what the repository declares; data-bearing resources need
 *   --allow-data-loss (`! kept` rows; --fail-on-kept); every prune row names the right kind;
 * - plan and deploy validate first (--no-validate is the escape hatch, shown in the summary);
 * - a declared table without a push connector is planned and deployed;
 * - a failed table write skips the DCR that streams into it and the connector that uses the DCR.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { EmulatorHandle } from "@sentinelctl/arm-emulator";
import { type DeployCommandOptions, runDeployCommand } from "../../cli/src/commands/deploy.js";
import type { Output } from "../../cli/src/ui.js";
import { CONTOSO_FILES, type ContosoRepo, contosoRepo } from "./contoso.js";
import { startTestEmulator, writes } from "./helpers.js";

/** These runs load, validate (Kusto) and build real content: a few seconds each. */
const SLOW = 60_000;

function capture(): { output: Output; stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    output: {
      progress: () => {},
      done: () => {},
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      color: false,
    },
    stdout: () => out.join("\n"),
    stderr: () => err.join("\n"),
  };
}

async function cli(
  emu: EmulatorHandle,
  repo: ContosoRepo,
  kind: "plan" | "deploy",
  extra: Partial<DeployCommandOptions> = {},
) {
  const c = capture();
  const caFile = path.join(repo.root, "ca.pem");
  writeFileSync(caFile, emu.caCertPem);
  const code = await runDeployCommand(
    kind,
    [],
    { mode: "content", concurrency: "8", endpoint: emu.url, ca: caFile, ...extra },
    {
      output: c.output,
      cwd: repo.root,
      env: {},
      deployer: {
        retry: { maxRetries: 3, retryDelayInMs: 1, maxRetryDelayInMs: 2, maxRetryAfterMs: 2 },
        lroPollIntervalMs: 2,
      },
    },
  );
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

const kinds = (emu: EmulatorHandle) =>
  emu
    .state()
    .resources.map((r) => r.kind)
    .filter((k) => k !== "resourceGroups" && k !== "workspaces")
    .sort();

describe("prune", () => {
  let emu: EmulatorHandle;
  let repo: ContosoRepo;
  beforeAll(async () => {
    emu = await startTestEmulator();
    repo = contosoRepo();
  });
  afterAll(async () => {
    await emu.close();
    repo.dispose();
  });

  test(
    "the connector and a hunting query removed: the declared table stays, the DCR and DCE are kept, the hunting query is deleted as a HuntingQuery",
    async () => {
      const first = await cli(emu, repo, "deploy");
      expect(first.stderr).toBe(
        "note: no target given; using the emulator's seeded workspace sentinel-rg/sentinel-ws.",
      );
      expect(first.code).toBe(0);
      expect(kinds(emu)).toEqual(
        expect.arrayContaining(["tables", "dataCollectionRules", "dataCollectionEndpoints", "savedSearches"]),
      );

      // the rule and the hunting query named the connector: they go with it
      repo.remove("connectors/ContosoPush.yaml");
      repo.remove("hunting/WidgetSpikes.yaml");
      repo.remove("analytics/WidgetBurst.yaml");
      const plan = await cli(emu, repo, "plan", { prune: true });
      expect(plan.code).toBe(0);
      const rows = plan.stdout.split("\n");
      // the table is still declared: never a delete, not even a kept row
      expect(rows.filter((r) => r.includes("ContosoWidget_CL") && /^\s+[-!]/.test(r))).toEqual([]);
      expect(plan.stdout).toMatch(
        /^ {2}! kept {6}DataCollectionRule {7}contoso-dcr-\w+ {2}\(would delete data; pass --allow-data-loss\)$/m,
      );
      expect(plan.stdout).toMatch(
        /^ {2}! kept {6}DataCollectionEndpoint {3}contoso-dcr-\w+-dce {2}\(would delete data; pass --allow-data-loss\)$/m,
      );
      expect(plan.stdout).toMatch(
        /^ {2}- delete {4}DataConnectorDefinition {2}Contoso Widgets {2}\(owned by/m,
      );
      expect(plan.stdout).toMatch(
        /^ {2}- delete {4}HuntingQuery {13}Contoso - widget spikes {2}\(owned by contoso\.widgets, gone from the repository\)$/m,
      );
      expect(plan.stdout).not.toMatch(/Parser\s+Contoso - widget spikes/);
      expect(plan.stdout).toContain(", 2 kept (");

      const failOnKept = await cli(emu, repo, "plan", { prune: true, failOnKept: true, json: true });
      expect(failOnKept.code).toBe(1);
      expect(JSON.parse(failOnKept.stdout)).toMatchObject({ kind: "plan", ok: false, kept: 2 });

      emu.resetRequests();
      const pruned = await cli(emu, repo, "deploy", { prune: true });
      expect(pruned.code).toBe(0);
      const deleted = writes(emu).filter((r) => r.method === "DELETE");
      expect(deleted.map((r) => r.kind).sort()).toEqual([
        "alertRules",
        "dataConnectorDefinitions",
        "metadata",
        "metadata",
        "metadata",
        "savedSearches",
      ]);
      expect(kinds(emu)).toEqual(
        expect.arrayContaining(["tables", "dataCollectionRules", "dataCollectionEndpoints"]),
      );

      // with --allow-data-loss the DCR and DCE go (resource, then its ownership record); the table stays
      emu.resetRequests();
      const lossy = await cli(emu, repo, "deploy", { prune: true, allowDataLoss: true });
      expect(lossy.code).toBe(0);
      expect(
        writes(emu)
          .filter((r) => r.method === "DELETE")
          .map((r) => r.kind)
          .sort(),
      ).toEqual(["dataCollectionEndpoints", "dataCollectionRules", "metadata", "metadata"]);
      expect(kinds(emu)).toContain("tables");
      expect(kinds(emu)).not.toContain("dataCollectionRules");
    },
    SLOW,
  );
});

describe("validation first", () => {
  let emu: EmulatorHandle;
  let repo: ContosoRepo;
  beforeAll(async () => {
    emu = await startTestEmulator();
    repo = contosoRepo();
  });
  afterAll(async () => {
    await emu.close();
    repo.dispose();
  });

  test(
    "a query with an unknown column stops plan and deploy before any request; --no-validate deploys and says so",
    async () => {
      repo.write(
        "analytics/WidgetBurst.yaml",
        CONTOSO_FILES["analytics/WidgetBurst.yaml"]!.replace("by SourceIP", "by SourceIPP"),
      );
      emu.resetRequests();
      for (const kind of ["plan", "deploy"] as const) {
        const r = await cli(emu, repo, kind);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/analytics[/\\]WidgetBurst\.yaml:\d+:\d+/);
        expect(r.stderr).toContain("SourceIPP");
        expect(r.stderr).toContain(`error: ${kind} stopped: the content has`);
        expect(r.stdout).toBe("");
      }
      expect(emu.requests()).toEqual([]);

      const skipped = await cli(emu, repo, "deploy", { validate: false });
      expect(skipped.code).toBe(0);
      expect(skipped.stdout).toContain("validation: skipped (--no-validate)");
      const json = await cli(emu, repo, "plan", { validate: false, json: true });
      expect(JSON.parse(json.stdout)).toMatchObject({ kind: "plan", validation: "skipped" });
    },
    SLOW,
  );
});

describe("a table without a push connector", () => {
  let emu: EmulatorHandle;
  let repo: ContosoRepo;
  beforeAll(async () => {
    emu = await startTestEmulator();
    repo = contosoRepo();
    for (const f of [
      "connectors/ContosoPush.yaml",
      "hunting/WidgetSpikes.yaml",
      "analytics/WidgetBurst.yaml",
    ])
      repo.remove(f);
  });
  afterAll(async () => {
    await emu.close();
    repo.dispose();
  });

  test(
    "is planned and deployed",
    async () => {
      const plan = await cli(emu, repo, "plan");
      // the validator's warning, at the table file; it does not stop the plan
      expect(plan.stderr).toMatch(
        /^Solutions[/\\]Contoso[/\\]tables[/\\]ContosoWidget_CL\.yaml:1:7 +warning +TABLE-NO-WRITER +Table ContosoWidget_CL has no writer/m,
      );
      expect(plan.code).toBe(0);
      expect(plan.stdout).toMatch(/^ {2}\+ create {4}Table {20}ContosoWidget_CL$/m);
      const deployed = await cli(emu, repo, "deploy");
      expect(deployed.code).toBe(0);
      expect(kinds(emu)).toContain("tables");
      expect(kinds(emu)).not.toContain("dataCollectionRules");
    },
    SLOW,
  );
});

describe("dependencies", () => {
  let emu: EmulatorHandle;
  let repo: ContosoRepo;
  beforeAll(async () => {
    emu = await startTestEmulator({ denyWrites: ["Microsoft.OperationalInsights/workspaces/tables"] });
    repo = contosoRepo();
  });
  afterAll(async () => {
    await emu.close();
    repo.dispose();
  });

  test(
    "a failed table write skips the DCR that streams into it and the connector that uses the DCR",
    async () => {
      const r = await cli(emu, repo, "deploy", { validate: false });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(
        /- skipped create DataCollectionRule 'Contoso Widgets \(data collection rule\)': dependency failed: Table 'ContosoWidget_CL' failed/,
      );
      expect(r.stdout).toMatch(
        /- skipped create DataConnectorDefinition 'Contoso Widgets': dependency failed: Table 'ContosoWidget_CL' failed/,
      );
      expect(r.stdout).toMatch(/- skipped create Metadata 'Contoso Widgets \(data collection rule\)'/);
      const written = writes(emu).filter((w) => w.status < 300);
      expect(written.map((w) => w.kind)).not.toContain("dataCollectionRules");
      expect(written.map((w) => w.kind)).not.toContain("dataConnectorDefinitions");
      // the endpoint needs nothing that failed, and the rule and hunting query are applied
      expect(kinds(emu)).toEqual(
        expect.arrayContaining(["dataCollectionEndpoints", "alertRules", "savedSearches"]),
      );
    },
    SLOW,
  );
});

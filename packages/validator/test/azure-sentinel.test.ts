/**
 * Validation inside an Azure-Sentinel checkout (the builder's fixture in the repository's layout):
 * the checkout's own CustomTables and CustomFunctions are schema sources, ASIM parsers and
 * watchlists are known, one file is validated against its solution, and a rule that fails its
 * schema still has its query analysed.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { emptyConfig, runValidation } from "../src/index.js";
import { sharedService } from "./helpers.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHECKOUT = path.resolve(HERE, "../../builder/test/fixtures/azure-sentinel");

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "sentinelctl-asv-"));
  await cp(CHECKOUT, root, { recursive: true });
});
afterEach(() => rm(root, { recursive: true, force: true }));

const run = (paths: string[] = []) =>
  runValidation(paths, { cwd: root, config: emptyConfig(root), cache: false, service: sharedService() });
const errors = (r: Awaited<ReturnType<typeof run>>) => r.diagnostics.filter((d) => d.severity === "error");

test("the checkout validates with no error, and says where a schema is open", async () => {
  const r = await run();
  expect(errors(r)).toEqual([]);
  expect(r.diagnostics).toContainEqual(
    expect.objectContaining({
      code: "KQL-OPAQUE-FUNCTION",
      severity: "info",
      file: "Solutions/ContosoSyslog/Analytic Rules/ContosoSyslogDeniedBurst.yaml",
    }),
  );
}, 60_000);

test("the checkout's CustomTables and CustomFunctions are what the queries resolve against", async () => {
  await rm(path.join(root, ".script/tests/KqlvalidationsTests/CustomTables/ContosoAudit_CL.json"));
  await rm(path.join(root, ".script/tests/KqlvalidationsTests/CustomFunctions/ContosoAuditEvents.json"));
  const r = await run(["Solutions/ContosoAudit"]);
  const codes = errors(r).map((d) => `${d.code} ${d.file}`);
  expect(codes).toContain("KQL-KS204 Solutions/ContosoAudit/Analytic Rules/ContosoAuditRoleGranted.yaml");
  expect(codes.some((c) => c.startsWith("KQL-") && c.includes("ContosoAuditFailedOperations"))).toBe(true);
}, 60_000);

test("ASIM parsers return their schema's columns: a misspelt ASIM field is an error", async () => {
  const file = path.join(root, "Solutions/ContosoSyslog/Hunting Queries/ContosoSyslogRareSources.yaml");
  await writeFile(file, (await readFile(file, "utf8")).replace("by SrcIpAddr)", "by SrcIpAdr)"));
  const r = await run(["Solutions/ContosoSyslog"]);
  // The misspelt column, and the join condition that now names a column the summarize dropped.
  expect(errors(r).map((d) => `${d.code} ${/'([^']+)'/.exec(d.message)?.[1]}`)).toEqual([
    "KQL-KS142 SrcIpAdr",
    "KQL-KS142 SrcIpAddr",
  ]);
}, 60_000);

test("validating one rule file resolves its solution's parser and connector", async () => {
  const r = await run(["Solutions/ContosoSyslog/Analytic Rules/ContosoSyslogDeniedBurst.yaml"]);
  expect(errors(r)).toEqual([]);
  expect(r.diagnostics.map((d) => d.file)).not.toContain(
    "Solutions/ContosoSyslog/Parsers/ContosoSyslogEvent.yaml",
  );
}, 60_000);

test("a rule that fails its schema still has its query analysed", async () => {
  const file = path.join(root, "Solutions/ContosoSyslog/Analytic Rules/ContosoSyslogAdminLogin.yaml");
  const text = (await readFile(file, "utf8"))
    .replace("severity: Low", "severity: Critical")
    .replace("project TimeGenerated, UserName", "project TimeGenerated, UserNam");
  await writeFile(file, text);
  const r = await run(["Solutions/ContosoSyslog"]);
  const codes = errors(r).map((d) => d.code);
  expect(codes).toContain("SCHEMA-INVALID-VALUE");
  expect(codes).toContain("KQL-KS142");
}, 60_000);

test("azureSentinelRepo: a checkout kept elsewhere is a schema source, and a wrong path is a usage error", async () => {
  const { mkdir } = await import("node:fs/promises");
  const { loadConfig } = await import("../src/index.js");
  const elsewhere = await mkdtemp(path.join(tmpdir(), "sentinelctl-elsewhere-"));
  try {
    await mkdir(path.join(elsewhere, "hunting"));
    await writeFile(path.join(elsewhere, "hunting/h.kql"), "ContosoAudit_CL\n| where Succeeded\n| take 10\n");
    const bare = await runValidation(["hunting"], {
      cwd: elsewhere,
      config: emptyConfig(elsewhere),
      cache: false,
      service: sharedService(),
    });
    expect(bare.diagnostics.map((d) => d.code)).toContain("KQL-KS204");
    await writeFile(
      path.join(elsewhere, "sentinelctl.config.yaml"),
      `azureSentinelRepo: ${JSON.stringify(root)}\n`,
    );
    const config = loadConfig({ cwd: elsewhere });
    const r = await runValidation(["hunting"], {
      cwd: elsewhere,
      config,
      cache: false,
      service: sharedService(),
    });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    await writeFile(path.join(elsewhere, "sentinelctl.config.yaml"), "azureSentinelRepo: ./nowhere\n");
    expect(() => loadConfig({ cwd: elsewhere })).toThrow(/KqlvalidationsTests/);
  } finally {
    await rm(elsewhere, { recursive: true, force: true });
  }
}, 60_000);

test("a CCF graph query's {{graphQueriesTableName}} is filled in, and findings after it point at the written text", async () => {
  const file = path.join(
    root,
    "Solutions/ContosoAudit/Data Connectors/ContosoAudit_ccp/ContosoAudit_connectorDefinition.json",
  );
  await writeFile(
    file,
    (await readFile(file, "utf8")).replace(
      '"{{graphQueriesTableName}}"',
      '"{{graphQueriesTableName}} | where Nope == 1"',
    ),
  );
  const r = await run(["Solutions/ContosoAudit"]);
  const [d] = errors(r);
  expect(errors(r)).toHaveLength(1);
  expect(d).toMatchObject({ code: "KQL-KS142" });
  const line = (await readFile(file, "utf8")).split("\n")[d!.range!.start.line - 1]!;
  expect(line.slice(d!.range!.start.column - 1)).toMatch(/^Nope == 1/);
}, 60_000);

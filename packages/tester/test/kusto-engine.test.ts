import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type KustoEngineOptions, kustoEngine, localEngine, runSuite } from "../src/index.js";
import { startTestEmulator, type TestEmulator } from "./emulator.js";
import { run } from "./run-cli.js";

// The Kusto query endpoint of the local ARM emulator, through azure-kusto-data, with a token from
// the deploy command's credential chain; the database is the emulator's workspace.
let emulator: TestEmulator;
let options: KustoEngineOptions;

beforeAll(async () => {
  emulator = await startTestEmulator();
  const scope = `${emulator.emu.url}/.default`;
  options = {
    cluster: emulator.emu.url,
    database: emulator.database,
    token: async () => (await emulator.credential.getToken(scope))!.token,
    ca: emulator.emu.caCertPem,
  };
}, 60_000);
afterAll(() => emulator.emu.close());

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "Acme");

test("the test files run on a Kusto cluster with the same outcome as offline, inputs inside the query", async () => {
  const root = await mkdtemp(path.join(tmpdir(), "sentinelctl-kusto-"));
  try {
    await cp(fixture, path.join(root, "Solutions", "Acme"), { recursive: true });
    emulator.emu.resetRequests();
    const remote = await runSuite([], { cwd: root, engine: kustoEngine(options) });
    const offline = await runSuite([], { cwd: root, engine: localEngine() });
    expect(remote.totals).toEqual({ files: 5, cases: 7, passed: 7, failed: 0, errors: 0 });
    const outcomes = (r: typeof remote) => r.files.map((f) => f.cases.map((c) => c.outcome));
    expect(outcomes(remote)).toEqual(outcomes(offline));
    // One v2 query per case, each accepted (token, database) and answered; the workspace holds no
    // AcmeEvents_CL, so the cases' tables travelled inside the queries.
    const queries = emulator.emu.requests().filter((r) => r.area === "kusto" && r.method === "POST");
    expect(queries.length).toBe(7);
    expect(queries.every((r) => r.path === "/v2/rest/query" && r.status === 200)).toBe(true);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}, 60_000);

test("a query the cluster rejects is a case error carrying the cluster's message", async () => {
  const engine = kustoEngine(options);
  await expect(
    Promise.resolve().then(() =>
      engine.evaluate("NoSuchTable | take 1", { tables: {}, functions: {}, now: "2026-11-20T00:00:00Z" }),
    ),
  ).rejects.toThrow(/the cluster rejected the query: .*NoSuchTable/);
}, 60_000);

test("sentinelctl test --engine kusto: the cluster and database are required, and https off this machine", async () => {
  const missing = await run(fixture, "--engine", "kusto", "--cluster", options.cluster);
  expect(missing.code).toBe(2);
  expect(missing.err).toContain("--engine kusto needs --cluster and --database.");
  const plain = await run(
    fixture,
    "--engine",
    "kusto",
    "--cluster",
    "http://kusto.example.net",
    "--database",
    "Tests",
  );
  expect(plain.code).toBe(2);
  expect(plain.err).toContain("--cluster must use https");
}, 60_000);

test("sentinelctl test --engine kusto: the emulator's cluster by --cluster and --ca, with its identity", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "sentinelctl-kusto-cli-"));
  try {
    await writeFile(path.join(dir, "ca.pem"), options.ca!);
    const args = ["--engine", "kusto", "--cluster", options.cluster, "--database", options.database];
    const ok = await run(fixture, ...args, "--ca", path.join(dir, "ca.pem"));
    expect([ok.code, ok.err]).toEqual([0, ""]);
    expect(ok.out).toContain("Tests: 7 passed, 0 failed, 0 errors (7 cases in 5 files)");
    const missingCa = await run(fixture, ...args, "--ca", path.join(dir, "absent.pem"));
    expect(missingCa.code).toBe(2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);

import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadContent } from "@sentinelctl/content";
import {
  backtest,
  localEngine,
  runSuite,
  type WorkspaceEngineOptions,
  workspaceEngine,
  workspaceWindowQuery,
} from "../src/index.js";
import { startTestEmulator, type TestEmulator } from "./emulator.js";
import { run, runCommand } from "./run-cli.js";

// The Log Analytics query API of the local ARM emulator, reached with the real client and a
// credential from the deploy command's chain; the workspace's history arrives through the
// emulator's Logs Ingestion API. A `set query_now` statement in front of a query carries the clock.
/** What the workspace holds: events of two days, scored high at known hours. */
const history = {
  columns: [
    { name: "TimeGenerated", type: "datetime" },
    { name: "DeviceName", type: "string" },
    { name: "Score", type: "int" },
  ],
  rows: [
    { TimeGenerated: "2026-11-20T03:10:00Z", DeviceName: "ws-1", Score: 95 },
    { TimeGenerated: "2026-11-20T03:20:00Z", DeviceName: "ws-2", Score: 99 },
    { TimeGenerated: "2026-11-20T09:30:00Z", DeviceName: "ws-3", Score: 10 },
    { TimeGenerated: "2026-11-21T14:05:00Z", DeviceName: "ws-1", Score: 81 },
  ],
};
let emulator: TestEmulator;
let options: WorkspaceEngineOptions;

beforeAll(async () => {
  emulator = await startTestEmulator();
  await emulator.ingest("AcmeEvents_CL", history.columns, history.rows);
  options = {
    workspaceId: emulator.workspaceId,
    credential: emulator.credential,
    endpoint: emulator.emu.url,
    ca: emulator.emu.caCertPem,
  };
}, 60_000);
afterAll(() => emulator.emu.close());

/** The queries the workspace received, in order. */
const queries = () => emulator.emu.requests().filter((r) => r.area === "logs-query");

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "Acme");

test("the test files run on a workspace with the same outcome as offline, through the real client", async () => {
  const root = await mkdtemp(path.join(tmpdir(), "sentinelctl-workspace-"));
  try {
    await cp(fixture, path.join(root, "Solutions", "Acme"), { recursive: true });
    emulator.emu.resetRequests();
    const remote = await runSuite([], { cwd: root, engine: workspaceEngine(options) });
    const offline = await runSuite([], { cwd: root, engine: localEngine() });
    expect(remote.totals).toEqual({ files: 5, cases: 7, passed: 7, failed: 0, errors: 0 });
    const outcomes = (r: typeof remote) => r.files.map((f) => f.cases.map((c) => c.outcome));
    expect(outcomes(remote)).toEqual(outcomes(offline));
    // One query per case, each on the workspace by its id, all answered.
    expect(queries().length).toBe(7);
    expect(
      queries().every((r) => r.path === `/workspaces/${options.workspaceId}/query` && r.status === 200),
    ).toBe(true);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}, 60_000);

test("a query the workspace rejects is a case error carrying the service's message", async () => {
  const engine = workspaceEngine(options);
  await expect(
    Promise.resolve().then(() =>
      engine.evaluate("NoSuchTable | take 1", { tables: {}, functions: {}, now: "2026-11-20T00:00:00Z" }),
    ),
  ).rejects.toThrow(/the workspace rejected the query: .*NoSuchTable/);
}, 60_000);

test("sentinelctl test --engine workspace: the emulator by --endpoint and --ca, and what it needs", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "sentinelctl-workspace-cli-"));
  try {
    await writeFile(path.join(dir, "ca.pem"), options.ca!);
    const args = ["--engine", "workspace", "--workspace-id", options.workspaceId];
    const ok = await run(fixture, ...args, "--endpoint", options.endpoint!, "--ca", path.join(dir, "ca.pem"));
    expect([ok.code, ok.err]).toEqual([0, ""]);
    expect(ok.out).toContain("Tests: 7 passed, 0 failed, 0 errors (7 cases in 5 files)");
    const plain = await run(fixture, ...args, "--endpoint", "http://logs.example.net");
    expect(plain.code).toBe(2);
    expect(plain.err).toContain("--endpoint must use https");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const r = await run(fixture, "--engine", "workspace");
  expect(r.code).toBe(2);
  expect(r.err).toContain("--engine workspace needs --workspace-id.");
}, 60_000);

test("backtest replays a scheduled rule run by run over the workspace's history, alerts per day", async () => {
  const content = await loadContent([path.dirname(fixture)], { cwd: path.dirname(fixture) });
  const rule = content.solutions[0]!.analyticRules.find((r) => r.data.name === "High score")!.data;
  const result = await backtest(rule, {
    days: 2,
    end: new Date("2026-11-22T00:00:00Z"),
    query: workspaceWindowQuery(options),
  });
  // Hourly runs in (end - 2 days, end], each over the hour before it: the 04:00 run on the 20th sees
  // both high scores (one alert each), the 15:00 run on the 21st sees one; the low score never alerts.
  expect(result.days).toEqual([
    { day: "2026-11-20", runs: 23, firedRuns: 1, alerts: 2, rows: 2 },
    { day: "2026-11-21", runs: 24, firedRuns: 1, alerts: 1, rows: 1 },
    { day: "2026-11-22", runs: 1, firedRuns: 0, alerts: 0, rows: 0 },
  ]);
  expect(result.totals).toEqual({ runs: 48, firedRuns: 1 + 1, alerts: 3 });
}, 60_000);

test("sentinelctl backtest: only scheduled rules, and it needs the workspace", async () => {
  const nrt = await runCommand(path.dirname(fixture), "backtest", "Any event", "--workspace-id", "w");
  expect(nrt.code).toBe(2);
  expect(nrt.err).toContain("'Any event' is an NRT rule");
  const missing = await runCommand(path.dirname(fixture), "backtest", "High score");
  expect(missing.code).toBe(2);
  expect(missing.err).toContain("backtest needs --workspace-id.");
}, 60_000);

import { cp, mkdtemp, rm } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadContent } from "@sentinelctl/content";
import { evaluate, KqlQueryError } from "@sentinelctl/kql";
import { generate } from "selfsigned";
import { backtest, localEngine, runSuite, workspaceEngine, workspaceWindowQuery } from "../src/index.js";
import { run, runCommand } from "./run-cli.js";

// A stand-in for the Log Analytics query API on the loopback (TLS: bearer tokens are only sent over
// it), answered by the offline engine over the query text alone. A `set query_now` statement in
// front of the query carries the case's clock; the stand-in reads it as the service would.
/** What the stand-in workspace holds: events of two days, scored high at known hours. */
const history = {
  AcmeEvents_CL: {
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
  },
};
let server: Server;
let endpoint: string;
let ca: string;
const seen: Array<{ workspace: string; auth: string | undefined; query: string }> = [];

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const m = /^\/workspaces\/([^/]+)\/query$/.exec(req.url ?? "");
  if (req.method !== "POST" || !m) return reply(res, 404, { error: { code: "NotFound", message: req.url } });
  let text = "";
  for await (const chunk of req) text += String(chunk);
  const { query, timespan } = JSON.parse(text) as { query: string; timespan?: string };
  seen.push({ workspace: decodeURIComponent(m[1]!), auth: req.headers.authorization, query });
  const now = /^set query_now = datetime\(([^)]+)\);\n/.exec(query)?.[1];
  // The workspace's own tables, scoped to the request's time range as the service scopes them.
  const [from, to] = (timespan ?? "").split("/").map((t) => Date.parse(t));
  const inRange = (row: Record<string, unknown>) => {
    const t = Date.parse(String(row.TimeGenerated));
    return from === undefined || Number.isNaN(from) || (from <= t && t <= to!);
  };
  const tables = Object.fromEntries(
    Object.entries(history).map(([name, t]) => [name, { columns: t.columns, rows: t.rows.filter(inRange) }]),
  );
  try {
    const result = evaluate(query.replace(/^set query_now[^\n]*\n/, ""), { tables, ...(now ? { now } : {}) });
    reply(res, 200, {
      tables: [
        {
          name: "PrimaryResult",
          columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
          rows: result.rows,
        },
      ],
    });
  } catch (e) {
    const message = e instanceof KqlQueryError ? e.message : String(e);
    reply(res, 400, { error: { code: "BadArgumentError", message } });
  }
}

beforeAll(async () => {
  const cert = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  ca = cert.cert;
  server = createServer({ key: cert.private, cert: cert.cert }, (req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const credential = {
  getToken: async () => ({ token: "test-token", expiresOnTimestamp: Date.now() + 3_600_000 }),
};
const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "Acme");

test("the test files run on a workspace with the same outcome as offline, through the real client", async () => {
  const root = await mkdtemp(path.join(tmpdir(), "sentinelctl-workspace-"));
  try {
    await cp(fixture, path.join(root, "Solutions", "Acme"), { recursive: true });
    const workspaceId = "00000000-0000-0000-0000-00000000abcd";
    const remote = await runSuite([], {
      cwd: root,
      engine: workspaceEngine({ workspaceId, credential, endpoint, ca }),
    });
    const offline = await runSuite([], { cwd: root, engine: localEngine() });
    expect(remote.totals).toEqual({ files: 5, cases: 7, passed: 7, failed: 0, errors: 0 });
    const outcomes = (r: typeof remote) => r.files.map((f) => f.cases.map((c) => c.outcome));
    expect(outcomes(remote)).toEqual(outcomes(offline));
    expect(seen.every((s) => s.workspace === workspaceId && s.auth === "Bearer test-token")).toBe(true);
    expect(seen[0]!.query).toMatch(/^set query_now = datetime\(2026-11-20T09:00:00Z\);\nlet \[/);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}, 60_000);

test("a query the workspace rejects is a case error carrying the service's message", async () => {
  const engine = workspaceEngine({ workspaceId: "w", credential, endpoint, ca });
  await expect(
    Promise.resolve().then(() =>
      engine.evaluate("NoSuchTable | take 1", { tables: {}, functions: {}, now: "2026-11-20T00:00:00Z" }),
    ),
  ).rejects.toThrow(/the workspace rejected the query: .*NoSuchTable/);
}, 60_000);

test("sentinelctl test --engine workspace needs the workspace id", async () => {
  const r = await run(fixture, "--engine", "workspace");
  expect(r.code).toBe(2);
  expect(r.err).toContain("--engine workspace needs --workspace-id.");
});

test("backtest replays a scheduled rule run by run over the workspace's history, alerts per day", async () => {
  const content = await loadContent([path.dirname(fixture)], { cwd: path.dirname(fixture) });
  const rule = content.solutions[0]!.analyticRules.find((r) => r.data.name === "High score")!.data;
  const result = await backtest(rule, {
    days: 2,
    end: new Date("2026-11-22T00:00:00Z"),
    query: workspaceWindowQuery({ workspaceId: "w", credential, endpoint, ca }),
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

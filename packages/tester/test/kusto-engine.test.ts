import { cp, mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { evaluate, KqlQueryError } from "@sentinelctl/kql";
import { kustoEngine, localEngine, runSuite } from "../src/index.js";
import { run } from "./run-cli.js";

// A stand-in Kusto cluster on the loopback: the v2 query endpoint of the REST API, answered by the
// offline engine over nothing but the query text it receives (no tables, no functions).
let server: Server;
let cluster: string;
const seen: Array<{ db: string; csl: string; now: string | undefined; auth: string | undefined }> = [];

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "POST" || req.url !== "/v2/rest/query") return reply(res, 404, {});
  let text = "";
  for await (const chunk of req) text += String(chunk);
  const body = JSON.parse(text) as {
    db: string;
    csl: string;
    properties?: { Options?: { query_now?: string } };
  };
  const now = body.properties?.Options?.query_now;
  seen.push({ db: body.db, csl: body.csl, now, auth: req.headers.authorization });
  try {
    const result = evaluate(body.csl, now ? { now } : {});
    reply(res, 200, [
      { FrameType: "DataSetHeader", IsProgressive: false, Version: "v2.0" },
      {
        FrameType: "DataTable",
        TableId: 0,
        TableKind: "PrimaryResult",
        TableName: "PrimaryResult",
        Columns: result.columns.map((c) => ({ ColumnName: c.name, ColumnType: c.type })),
        Rows: result.rows,
      },
      { FrameType: "DataSetCompletion", HasErrors: false, Cancelled: false },
    ]);
  } catch (e) {
    const message = e instanceof KqlQueryError ? e.message : String(e);
    reply(res, 400, {
      error: { code: "General_BadRequest", message: "Request is invalid", "@message": message },
    });
  }
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cluster = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "Acme");

test("the test files run on a Kusto cluster with the same outcome as offline, inputs inside the query", async () => {
  const root = await mkdtemp(path.join(tmpdir(), "sentinelctl-kusto-"));
  try {
    await cp(fixture, path.join(root, "Solutions", "Acme"), { recursive: true });
    const engine = kustoEngine({ cluster, database: "Tests", token: async () => "test-token" });
    const remote = await runSuite([], { cwd: root, engine });
    const offline = await runSuite([], { cwd: root, engine: localEngine() });
    expect(remote.totals).toEqual({ files: 5, cases: 7, passed: 7, failed: 0, errors: 0 });
    const outcomes = (r: typeof remote) => r.files.map((f) => f.cases.map((c) => c.outcome));
    expect(outcomes(remote)).toEqual(outcomes(offline));
    // Each query carried its database, the case's clock and the token; tables travelled as datatables.
    expect(seen.every((s) => s.db === "Tests" && s.auth === "Bearer test-token")).toBe(true);
    expect(seen.map((s) => s.now)).toContain("2026-11-20T09:00:00Z");
    expect(seen.find((s) => s.csl.includes("AcmeEvents_CL\n| where TimeGenerated > ago(1h)"))?.csl).toMatch(
      /^let \['AcmeEvents_CL'\] = datatable\(/,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}, 60_000);

test("a query the cluster rejects is a case error carrying the cluster's message", async () => {
  const engine = kustoEngine({ cluster, database: "Tests", token: async () => "test-token" });
  await expect(
    Promise.resolve().then(() =>
      engine.evaluate("NoSuchTable | take 1", { tables: {}, functions: {}, now: "2026-11-20T00:00:00Z" }),
    ),
  ).rejects.toThrow(/the cluster rejected the query: .*NoSuchTable/);
}, 60_000);

test("sentinelctl test --engine kusto: a cluster on this machine needs no token", async () => {
  const root = await mkdtemp(path.join(tmpdir(), "sentinelctl-kusto-cli-"));
  try {
    await cp(fixture, path.join(root, "Solutions", "Acme"), { recursive: true });
    seen.length = 0;
    const r = await run(root, "--engine", "kusto", "--cluster", cluster, "--database", "Tests");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Tests: 7 passed, 0 failed, 0 errors (7 cases in 5 files)");
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.db === "Tests")).toBe(true);
    const missing = await run(root, "--engine", "kusto", "--cluster", cluster);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("--engine kusto needs --cluster and --database.");
    const plain = await run(
      root,
      "--engine",
      "kusto",
      "--cluster",
      "http://kusto.example.net",
      "--database",
      "Tests",
    );
    expect(plain.code).toBe(2);
    expect(plain.err).toContain("--cluster must use https");
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}, 60_000);

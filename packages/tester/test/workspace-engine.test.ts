import { cp, mkdtemp, rm } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { evaluate, KqlQueryError } from "@sentinelctl/kql";
import { generate } from "selfsigned";
import { localEngine, runSuite, workspaceEngine } from "../src/index.js";
import { run } from "./run-cli.js";

// A stand-in for the Log Analytics query API on the loopback (TLS: bearer tokens are only sent over
// it), answered by the offline engine over the query text alone. A `set query_now` statement in
// front of the query carries the case's clock; the stand-in reads it as the service would.
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
  const { query } = JSON.parse(text) as { query: string };
  seen.push({ workspace: decodeURIComponent(m[1]!), auth: req.headers.authorization, query });
  const now = /^set query_now = datetime\(([^)]+)\);\n/.exec(query)?.[1];
  try {
    const result = evaluate(query.replace(/^set query_now[^\n]*\n/, ""), now ? { now } : {});
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

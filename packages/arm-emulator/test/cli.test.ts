import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command, CommanderError } from "commander";
import { registerEmulatorCommand } from "../../cli/src/commands/emulator.js";
import { DEFAULT_CLIENT_SECRET, type EmulatorHandle } from "../src/index.js";
import { call, scheduledRule, WS_ID } from "./helpers.js";

function program(deps: Parameters<typeof registerEmulatorCommand>[1]) {
  const p = new Command("sentinelctl").exitOverride();
  p.configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerEmulatorCommand(p, deps);
  return p;
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "emu-cli-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

test("emulator start prints endpoint and ca, serves requests, and stops on the signal with state saved", async () => {
  const out: string[] = [];
  const stop = new AbortController();
  let handle: EmulatorHandle | undefined;
  const state = path.join(tmp, "state.json");
  let resolveStarted = (): void => {};
  const started = new Promise<void>((resolve) => {
    resolveStarted = resolve;
  });
  const p = program({
    stdout: (t) => out.push(t),
    stderr: () => {},
    stopSignal: stop.signal,
    onStarted: (h) => {
      handle = h;
      resolveStarted();
    },
  });
  const running = p.parseAsync(["node", "sentinelctl", "emulator", "start", "--state", state]);
  await started;
  const lines = out.join("").trim().split("\n");
  expect(lines[0]).toMatch(/^endpoint: https:\/\/127\.0\.0\.1:\d+$/);
  expect(lines[1]).toMatch(/^ca: .*ca\.pem$/);
  const caPath = lines[1]!.slice("ca: ".length);
  expect(readFileSync(caPath, "utf8")).toContain("BEGIN CERTIFICATE");
  const res = await call(handle!, "GET", "/__emulator/info");
  expect(res.status).toBe(200);
  stop.abort();
  await running;
  expect(existsSync(state)).toBe(true);
  expect(JSON.parse(readFileSync(state, "utf8")).resources.length).toBeGreaterThan(0);
});

test("--json prints one JSON object", async () => {
  const out: string[] = [];
  const stop = new AbortController();
  const p = program({
    stdout: (t) => out.push(t),
    stderr: () => {},
    stopSignal: stop.signal,
    onStarted: () => stop.abort(),
  });
  await p.parseAsync([
    "node",
    "sentinelctl",
    "emulator",
    "start",
    "--json",
    "--latency-ms",
    "0",
    "--fault-rate",
    "0",
  ]);
  const lines = out.join("").trim().split("\n");
  expect(lines).toHaveLength(1);
  const info = JSON.parse(lines[0]!) as Record<string, string>;
  expect(info).toMatchObject({
    endpoint: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
    ca: expect.stringMatching(/ca\.pem$/),
  });
  expect(info.tenantId).toBeDefined();
  expect(info.clientId).toBeDefined();
});

test("--deny-writes and --deny-reads set the permission model", async () => {
  const stop = new AbortController();
  let denied: unknown;
  const p = program({
    stdout: () => {},
    stderr: () => {},
    stopSignal: stop.signal,
    onStarted: (h) => {
      void call(h, "GET", "/__emulator/permissions").then((r) => {
        denied = r.body;
        stop.abort();
      });
    },
  });
  await p.parseAsync([
    "node",
    "sentinelctl",
    "emulator",
    "start",
    "--deny-writes",
    "microsoft.operationalinsights/workspaces/tables, Microsoft.SecurityInsights/alertRules",
    "--deny-reads",
    "Microsoft.Insights/workbooks",
  ]);
  expect(denied).toEqual({
    denyWrites: ["Microsoft.OperationalInsights/workspaces/tables", "Microsoft.SecurityInsights/alertRules"],
    denyReads: ["Microsoft.Insights/workbooks"],
  });
});

test.each([
  [["--port", "70000"], /--port/],
  [["--port", "abc"], /--port/],
  [["--fault-rate", "1.5"], /--fault-rate/],
  [["--fault-rate", "x"], /--fault-rate/],
  [["--latency-ms", "-1"], /--latency-ms/],
  [["--fault-kinds", "429,418"], /--fault-kinds/],
  [["--deny-writes", "Microsoft.SecurityInsights/alertRule"], /--deny-writes must list resource types/],
  [["--deny-reads", ","], /--deny-reads/],
])("bad option %j exits with code 2", async (args, message) => {
  const p = program({ stdout: () => {}, stderr: () => {} });
  const err = await p
    .parseAsync(["node", "sentinelctl", "emulator", "start", ...args])
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CommanderError);
  expect((err as CommanderError).exitCode).toBe(2);
  expect((err as CommanderError).message).toMatch(message);
});

test("as a process: --json first line, then SIGTERM closes cleanly with the state saved", async () => {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../..");
  const state = path.join(tmp, "proc-state.json");
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "packages/arm-emulator/test/fixtures/cli-main.ts",
      "emulator",
      "start",
      "--port",
      "0",
      "--state",
      state,
      "--json",
    ],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (b: Buffer) => {
    stderr += b.toString();
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    let buf = "";
    child.stdout.on("data", (b: Buffer) => {
      buf += b.toString();
      if (buf.includes("\n")) resolve(buf.slice(0, buf.indexOf("\n")));
    });
    child.once("exit", (code) => reject(new Error(`exited early (${code}): ${stderr}`)));
  });
  const info = JSON.parse(firstLine) as { endpoint: string; ca: string; tenantId: string; clientId: string };
  const ca = readFileSync(info.ca, "utf8");
  // a handle-like object for the raw call helper (same CA, same URL)
  const emu = { url: info.endpoint, caCertPem: ca } as EmulatorHandle;
  const tokenRes = await call(emu, "POST", `/${info.tenantId}/oauth2/v2.0/token`, {
    body: `grant_type=client_credentials&client_id=${info.clientId}&client_secret=${encodeURIComponent(DEFAULT_CLIENT_SECRET)}&scope=${encodeURIComponent("https://management.azure.com/.default")}`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  const token = (tokenRes.body as { access_token: string }).access_token;
  const put = await call(
    emu,
    "PUT",
    `${WS_ID}/providers/Microsoft.SecurityInsights/alertRules/p1?api-version=2025-12-01`,
    {
      token,
      body: scheduledRule(),
    },
  );
  expect(put.status).toBe(201);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
  expect(stderr).toContain("ARM emulator stopped; state saved");
  const saved = JSON.parse(readFileSync(state, "utf8")) as { resources: Array<{ id: string }> };
  expect(saved.resources.map((r) => r.id)).toContain(
    `${WS_ID}/providers/Microsoft.SecurityInsights/alertRules/p1`,
  );
});

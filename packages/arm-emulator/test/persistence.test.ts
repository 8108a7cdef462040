import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmulator } from "../src/index.js";
import { call, scheduledRule, WS_ID } from "./helpers.js";

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "emu-state-"));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const url = `${WS_ID}/providers/Microsoft.SecurityInsights/alertRules/kept?api-version=2025-12-01`;

test("resources survive a restart with the same state file (atomic writes, no temp files left)", async () => {
  const stateFile = path.join(tmp, "state.json");
  const first = await startEmulator({ stateFile });
  const created = await call(first, "PUT", url, { token: first.issueToken(), body: scheduledRule() });
  expect(created.status).toBe(201);
  await first.close();
  expect(readdirSync(tmp)).toEqual(["state.json"]);
  const onDisk = JSON.parse(readFileSync(stateFile, "utf8"));
  expect(onDisk).toMatchObject({ format: "sentinelctl-arm-emulator-state", version: 1 });

  const second = await startEmulator({ stateFile });
  try {
    // a token from the first run is still accepted (stable signing key)
    const got = await call(second, "GET", url, { token: first.issueToken() });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);
    const updated = await call(second, "PUT", url, { token: second.issueToken(), body: scheduledRule() });
    expect(updated.status).toBe(200);
    expect((updated.body as { etag: string }).etag).not.toBe((created.body as { etag: string }).etag);
  } finally {
    await second.close();
  }
});

test("a deleted default workspace stays deleted across a restart", async () => {
  const stateFile = path.join(tmp, "state.json");
  const first = await startEmulator({ stateFile });
  expect(
    (await call(first, "DELETE", `${WS_ID}?api-version=2025-07-01`, { token: first.issueToken() })).status,
  ).toBe(200);
  await first.close();
  const second = await startEmulator({ stateFile });
  try {
    expect(
      (await call(second, "GET", `${WS_ID}?api-version=2025-07-01`, { token: second.issueToken() })).status,
    ).toBe(404);
  } finally {
    await second.close();
  }
});

test("without a state file the state is in memory only; explicit seed workspaces are honoured", async () => {
  const ws = {
    subscriptionId: "11111111-2222-3333-4444-555555555555",
    resourceGroup: "soc-rg",
    name: "soc-ws",
    location: "northeurope",
  };
  const emu = await startEmulator({ workspaces: [ws] });
  try {
    const id = `/subscriptions/${ws.subscriptionId}/resourceGroups/soc-rg/providers/Microsoft.OperationalInsights/workspaces/soc-ws`;
    const res = await call(emu, "GET", `${id}?api-version=2025-07-01`, { token: emu.issueToken() });
    expect((res.body as { location: string }).location).toBe("northeurope");
    expect(
      (await call(emu, "GET", `${WS_ID}?api-version=2025-07-01`, { token: emu.issueToken() })).status,
    ).toBe(404);
  } finally {
    await emu.close();
  }
});

test("a certDir is reused across restarts (clients keep trusting the same CA); a temp one is removed", async () => {
  const certDir = path.join(tmp, "certs");
  const a = await startEmulator({ certDir });
  await a.close();
  const b = await startEmulator({ certDir });
  await b.close();
  expect(b.caCertPem).toBe(a.caCertPem);
  expect(b.caCertPath).toBe(path.join(certDir, "ca.pem"));
  const c = await startEmulator();
  const dir = path.dirname(c.caCertPath);
  await c.close();
  expect(() => readdirSync(dir)).toThrow();
});

test("writes reach the state file shortly after the change, before close()", async () => {
  const stateFile = path.join(tmp, "live.json");
  const emu = await startEmulator({ stateFile });
  try {
    await call(emu, "PUT", url, { token: emu.issueToken(), body: scheduledRule() });
    await new Promise((r) => setTimeout(r, 80));
    const onDisk = JSON.parse(readFileSync(stateFile, "utf8")) as { resources: Array<{ kind: string }> };
    expect(onDisk.resources.some((r) => r.kind === "alertRules")).toBe(true);
  } finally {
    await emu.close();
  }
});

test("a table left 'Updating' by a stopped emulator is 'Succeeded' after a restart", async () => {
  const stateFile = path.join(tmp, "lro.json");
  const tableUrl = `${WS_ID}/tables/Interrupted_CL?api-version=2025-07-01`;
  const body = {
    properties: {
      schema: { name: "Interrupted_CL", columns: [{ name: "TimeGenerated", type: "dateTime" }] },
    },
  };
  const first = await startEmulator({ stateFile, lroPolls: 100 });
  expect((await call(first, "PUT", tableUrl, { token: first.issueToken(), body })).status).toBe(202);
  const state = (e: typeof first) =>
    (e.state().resources.find((r) => r.kind === "tables")?.body.properties as { provisioningState?: string })
      ?.provisioningState;
  expect(state(first)).toBe("Updating");
  await first.close();
  const second = await startEmulator({ stateFile });
  try {
    expect(state(second)).toBe("Succeeded");
  } finally {
    await second.close();
  }
});

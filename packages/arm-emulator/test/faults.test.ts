import { OperationalInsightsManagementClient } from "@azure/arm-operationalinsights";
import { ARM_SCOPE, type EmulatorHandle, startEmulator } from "../src/index.js";
import { call, clientOptions, credentialFor, RG, SUB, scheduledRule, WS, WS_ID } from "./helpers.js";

let emu: EmulatorHandle;
let token: string;
beforeAll(async () => {
  emu = await startEmulator({ seed: 7 });
  token = emu.issueToken();
});
afterEach(() => emu.setFaults({ rate: 0, kinds: ["429", "500", "503", "reset"], latencyMs: 0 }));
afterAll(() => emu.close());

const ruleUrl = `${WS_ID}/providers/Microsoft.SecurityInsights/alertRules/faulty?api-version=2025-12-01`;

test.each([
  ["429", 429, "TooManyRequests", "0"],
  ["500", 500, "InternalServerError", undefined],
  ["503", 503, "ServiceUnavailable", "0"],
] as const)(
  "rate 1.0 with %s: every ARM request fails that way and nothing changes",
  async (kind, status, code, retryAfter) => {
    const before = emu.state();
    emu.setFaults({ rate: 1, kinds: [kind] });
    for (const method of ["PUT", "GET", "DELETE"]) {
      const res = await call(emu, method, ruleUrl, {
        token,
        body: method === "PUT" ? scheduledRule() : undefined,
      });
      expect(res.status).toBe(status);
      expect((res.body as { error: { code: string } }).error.code).toBe(code);
      expect(res.headers["retry-after"]).toBe(retryAfter);
    }
    expect(emu.state()).toEqual(before);
    expect(
      emu
        .requests()
        .slice(-3)
        .map((r) => [r.status, r.fault]),
    ).toEqual([
      [status, kind],
      [status, kind],
      [status, kind],
    ]);
  },
);

test("rate 1.0 with reset drops the connection before any state change", async () => {
  const before = emu.state();
  emu.setFaults({ rate: 1, kinds: ["reset"] });
  await expect(call(emu, "PUT", ruleUrl, { token, body: scheduledRule() })).rejects.toMatchObject({
    code: expect.stringMatching(/ECONNRESET|EPIPE/),
  });
  expect(emu.state()).toEqual(before);
  expect(emu.requests().at(-1)).toMatchObject({ method: "PUT", status: 0, fault: "reset" });
});

test("faults do not hit the token endpoint: a real credential still gets its token at rate 1.0", async () => {
  emu.setFaults({ rate: 1 });
  const t = await credentialFor(emu).getToken(ARM_SCOPE);
  expect(t.token).toBeTruthy();
});

test("a retrying SDK client converges under a 50 % fault rate, and the state is exactly the intended one", async () => {
  emu.resetRequests();
  emu.setFaults({ rate: 0.5 });
  const la = new OperationalInsightsManagementClient(credentialFor(emu), SUB, {
    ...clientOptions(emu),
    retryOptions: { maxRetries: 20, retryDelayInMs: 1, maxRetryDelayInMs: 5 },
  });
  for (let i = 0; i < 8; i++) {
    await la.savedSearches.createOrUpdate(RG, WS, `fn${i}`, {
      category: "c",
      displayName: `fn${i}`,
      query: "T",
    });
  }
  const table = await la.tables.createOrUpdate(
    RG,
    WS,
    "Flaky_CL",
    { schema: { name: "Flaky_CL", columns: [{ name: "TimeGenerated", type: "dateTime" }] } },
    { updateIntervalInMs: 1 },
  );
  expect(table.provisioningState).toBe("Succeeded");
  const faults = emu.requests().filter((r) => r.fault);
  expect(new Set(faults.map((f) => f.fault)).size).toBeGreaterThanOrEqual(3);
  const saved = emu.state().resources.filter((r) => r.kind === "savedSearches");
  expect(saved.map((r) => r.body.name)).toEqual(["fn0", "fn1", "fn2", "fn3", "fn4", "fn5", "fn6", "fn7"]);
});

test("the same seed gives the same fault sequence", async () => {
  const sequence = async () => {
    const e = await startEmulator({ seed: 42, faultRate: 0.5, faultKinds: ["429", "500", "503"] });
    try {
      const t = e.issueToken();
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push((await call(e, "GET", `${WS_ID}?api-version=2025-07-01`, { token: t })).status);
      return statuses;
    } finally {
      await e.close();
    }
  };
  const a = await sequence();
  expect(a).toEqual(await sequence());
  expect(new Set(a).size).toBeGreaterThan(1);
});

test("latencyMs delays responses; admin endpoints set faults and are never faulted", async () => {
  const set = await call(emu, "POST", "/__emulator/faults", {
    body: { latencyMs: 60, rate: 1, kinds: ["500"] },
  });
  expect(set.status).toBe(200);
  expect(set.body).toEqual({ rate: 1, kinds: ["500"], latencyMs: 60 });
  const started = Date.now();
  const res = await call(emu, "GET", `${WS_ID}?api-version=2025-07-01`, { token });
  expect(res.status).toBe(500);
  expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  const state = await call(emu, "GET", "/__emulator/state");
  expect(state.status).toBe(200);
  expect((state.body as { resources: unknown[] }).resources.length).toBeGreaterThan(0);
  const bad = await call(emu, "POST", "/__emulator/faults", { body: { rate: 2 } });
  expect(bad.status).toBe(400);
  const reset = await call(emu, "POST", "/__emulator/reset-requests");
  expect(reset.status).toBe(204);
  expect(emu.requests()).toEqual([]);
});

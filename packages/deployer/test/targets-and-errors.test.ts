/**
 * Several workspaces in one run (one failing target neither stops nor corrupts the others) and
 * the errors a user can meet, against the emulator.
 */
import { createServer } from "node:net";
import type { EmulatorHandle } from "@sentinelctl/arm-emulator";
import { deployTargets, planTargets, type TargetSpec } from "../src/index.js";
import { fixtureSolution, SUB } from "./fixtures.js";
import { fastOptions, normalizedState, startTestEmulator, TARGET } from "./helpers.js";

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startTestEmulator({
    workspaces: [
      { subscriptionId: SUB, resourceGroup: "sentinel-rg", name: "sentinel-ws", location: "westeurope" },
      { subscriptionId: SUB, resourceGroup: "customer-b", name: "customer-b-ws", location: "northeurope" },
    ],
  });
});
afterAll(async () => {
  await emu.close();
});

const targets: TargetSpec[] = [
  { name: "customer-a", subscriptionId: SUB, resourceGroup: "sentinel-rg", workspace: "sentinel-ws" },
  { name: "typo-workspace", subscriptionId: SUB, resourceGroup: "sentinel-rg", workspace: "sentinel-wx" },
  { name: "typo-rg", subscriptionId: SUB, resourceGroup: "no-such-rg", workspace: "sentinel-ws" },
  { name: "customer-b", subscriptionId: SUB, resourceGroup: "customer-b", workspace: "customer-b-ws" },
];

test("one failing workspace does not stop or corrupt the others", async () => {
  const result = await deployTargets(targets, (t) => [fixtureSolution(t, { rules: 3 })], fastOptions(emu));
  const byName = Object.fromEntries(result.targets.map((o) => [o.target.name, o]));
  expect(byName["customer-a"]!.status).toBe("ok");
  expect(byName["customer-b"]!.status).toBe("ok");
  expect(byName["customer-a"]!.counts.created).toBe(byName["customer-b"]!.counts.created);
  expect(byName["customer-b"]!.location).toBe("northeurope");
  expect(byName["typo-workspace"]!.error?.message).toMatch(
    /^Workspace 'sentinel-wx' not found in resource group 'sentinel-rg'/,
  );
  expect(byName["typo-workspace"]!.error?.category).toBe("input");
  expect(byName["typo-rg"]!.error?.message).toMatch(/^Resource group 'no-such-rg' not found/);
  expect(result.exitCode).toBe(2);
  expect(result.totals.targetsFailed).toBe(2);
  // the two good workspaces hold the same content, each in its own scope
  const ids = normalizedState(emu).map((r) => r.id);
  expect(
    ids.filter((id) =>
      id.includes("/workspaces/customer-b-ws/providers/microsoft.securityinsights/alertrules/"),
    ),
  ).toHaveLength(3);
  expect(
    ids.filter((id) =>
      id.includes("/workspaces/sentinel-ws/providers/microsoft.securityinsights/alertrules/"),
    ),
  ).toHaveLength(3);
  expect(ids.some((id) => id.includes("sentinel-wx") || id.includes("no-such-rg"))).toBe(false);
});

test("an api-version the region lacks is named with the type and the region", async () => {
  const result = await deployTargets(
    [TARGET],
    (t) => {
      const s = fixtureSolution(t, {
        rules: 1,
        firstRule: 50,
        withTable: false,
        withParser: false,
        withWorkbook: false,
      });
      for (const r of s.resources) if (r.contentKind === "AnalyticsRule") r.apiVersion = "2019-01-01-preview";
      return [s];
    },
    fastOptions(emu),
  );
  expect(result.targets[0]!.error?.message).toBeUndefined();
  const failure = result.targets[0]!.failures[0]!;
  expect(failure.category).toBe("api-version");
  expect(failure.message).toMatch(
    /Microsoft\.SecurityInsights\/alertRules with api-version 2019-01-01-preview is not available in region 'westeurope'/,
  );
  expect(failure.hint).toMatch(/api-versions\.ts/);
  expect(result.exitCode).toBe(1);
});

test("an expired token is a credential error (exit 2) that names the cause", async () => {
  const shortLived = await startTestEmulator({ tokenLifetimeSec: 1 });
  try {
    const token = shortLived.issueToken();
    await new Promise((r) => setTimeout(r, 1100));
    const result = await planTargets([TARGET], (t) => [fixtureSolution(t)], {
      ...fastOptions(shortLived),
      credential: { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) },
    });
    expect(result.exitCode).toBe(2);
    expect(result.targets[0]!.error?.message).toMatch(
      /rejected the access token \(ExpiredAuthenticationToken/,
    );
    expect(result.targets[0]!.error?.message).not.toContain(token);
  } finally {
    await shortLived.close();
  }
});

test("an unreachable endpoint is a plain message, fast", async () => {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const started = Date.now();
  const result = await planTargets([TARGET], (t) => [fixtureSolution(t)], {
    ...fastOptions(emu),
    endpoint: `https://127.0.0.1:${port}`,
  });
  expect(result.exitCode).toBe(2);
  expect(result.targets[0]!.error?.message).toMatch(
    new RegExp(`Cannot reach https://127\\.0\\.0\\.1:${port}: connection refused`),
  );
  expect(Date.now() - started).toBeLessThan(5000);
});

test("a wrong client secret names the Entra error and never prints the secret", async () => {
  const secret = "wrong-secret-value-1234567";
  const result = await planTargets([TARGET], (t) => [fixtureSolution(t)], {
    ...fastOptions(emu),
    credential: "secret",
    env: { AZURE_TENANT_ID: emu.tenantId, AZURE_CLIENT_ID: emu.clientId, AZURE_CLIENT_SECRET: secret },
  });
  expect(result.exitCode).toBe(2);
  const e = result.targets[0]!.error!;
  expect(e.category).toBe("credential");
  expect(e.message).toMatch(/Authentication failed \(AADSTS7000215\)/);
  expect(`${e.message}${e.hint}`).not.toContain(secret);
});

test("no credential found says which were tried", async () => {
  const result = await planTargets([TARGET], (t) => [fixtureSolution(t)], {
    ...fastOptions(emu),
    credential: "env",
    env: {},
  });
  expect(result.exitCode).toBe(2);
  expect(result.targets[0]!.error?.message).toMatch(
    /^No Azure credential found\. Tried: environment variables \(AZURE_TENANT_ID/,
  );
  expect(result.targets[0]!.error?.hint).toMatch(/az login/);
});

describe("workload identity (CI without secrets)", () => {
  const jwt = (expSec: number) =>
    [
      Buffer.from(JSON.stringify({ alg: "RS256", typ: "JWT" })).toString("base64url"),
      Buffer.from(
        JSON.stringify({
          iss: "https://token.actions.githubusercontent.com",
          sub: "repo:o/r:ref:refs/heads/main",
          aud: "api://AzureADTokenExchange",
          exp: expSec,
        }),
      ).toString("base64url"),
      "c2ln",
    ].join(".");

  test("a federated token file through WorkloadIdentityCredential", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "sentinelctl-fed-")), "token");
    writeFileSync(file, jwt(Math.floor(Date.now() / 1000) + 600));
    const env = {
      AZURE_TENANT_ID: emu.tenantId,
      AZURE_CLIENT_ID: emu.clientId,
      AZURE_FEDERATED_TOKEN_FILE: file,
    };
    const ok = await planTargets([TARGET], (t) => [fixtureSolution(t)], {
      ...fastOptions(emu),
      credential: "workload",
      env,
    });
    expect(ok.targets[0]!.error?.message).toBeUndefined();
    expect(ok.exitCode).toBe(0);

    writeFileSync(file, jwt(Math.floor(Date.now() / 1000) - 600));
    const expired = await planTargets([TARGET], (t) => [fixtureSolution(t)], {
      ...fastOptions(emu),
      credential: "workload",
      env,
    });
    expect(expired.exitCode).toBe(2);
    expect(expired.targets[0]!.error?.message).toMatch(/AADSTS700024/);
    expect(expired.targets[0]!.error?.hint).toMatch(/expired/);
  });

  test("GitHub Actions OIDC (ACTIONS_ID_TOKEN_REQUEST_URL) through ClientAssertionCredential", async () => {
    const { createServer } = await import("node:http");
    const seen: Array<{ url: string; auth: string | undefined }> = [];
    const server = createServer((req, res) => {
      seen.push({ url: req.url ?? "", auth: req.headers.authorization });
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ value: jwt(Math.floor(Date.now() / 1000) + 600) }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const result = await planTargets([TARGET], (t) => [fixtureSolution(t)], {
        ...fastOptions(emu),
        credential: "workload",
        env: {
          AZURE_TENANT_ID: emu.tenantId,
          AZURE_CLIENT_ID: emu.clientId,
          ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/idtoken?api-version=2.0`,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: "gh-request-token-value",
        },
      });
      expect(result.targets[0]!.error?.message).toBeUndefined();
      expect(result.exitCode).toBe(0);
      expect(seen[0]!.url).toContain("audience=api%3A%2F%2FAzureADTokenExchange");
      expect(seen[0]!.auth).toBe("bearer gh-request-token-value");
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  test("without any workload identity configuration: a plain message", async () => {
    const result = await planTargets([TARGET], (t) => [fixtureSolution(t)], {
      ...fastOptions(emu),
      credential: "workload",
      env: {},
    });
    expect(result.exitCode).toBe(2);
    expect(result.targets[0]!.error?.message).toMatch(
      /--credential workload needs AZURE_TENANT_ID and AZURE_CLIENT_ID/,
    );
  });
});

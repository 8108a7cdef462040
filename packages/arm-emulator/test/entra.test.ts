import { ClientAssertionCredential } from "@azure/identity";
import { ARM_SCOPE, type EmulatorHandle, startEmulator } from "../src/index.js";
import { call, credentialFor, WS_ID } from "./helpers.js";

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

const fakeJwt = (claims: Record<string, unknown>) =>
  [{ alg: "RS256", typ: "JWT" }, claims, "sig"]
    .map((p) => Buffer.from(typeof p === "string" ? p : JSON.stringify(p)).toString("base64url"))
    .join(".");

test("real ClientSecretCredential gets a token and ARM accepts it", async () => {
  const token = await credentialFor(emu).getToken(ARM_SCOPE);
  expect(token.token.split(".")).toHaveLength(3);
  expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3_000_000);
  const res = await call(emu, "GET", `${WS_ID}?api-version=2025-07-01`, { token: token.token });
  expect(res.status).toBe(200);
  expect((res.body as { name: string }).name).toBe("sentinel-ws");
  const paths = emu.requests().map((r) => `${r.method} ${r.path}`);
  expect(paths).toContain(`POST /${emu.tenantId}/oauth2/v2.0/token`);
});

test("a wrong client secret is rejected with invalid_client", async () => {
  await expect(credentialFor(emu, "not-the-secret").getToken(ARM_SCOPE)).rejects.toThrow(
    /invalid_client|AADSTS7000215/,
  );
  const last = emu
    .requests()
    .filter((r) => r.area === "entra")
    .at(-1);
  expect(last?.status).toBe(401);
});

test("ClientAssertionCredential (the GitHub OIDC path) gets a token", async () => {
  const cred = new ClientAssertionCredential(
    emu.tenantId,
    emu.clientId,
    async () =>
      fakeJwt({
        iss: "https://token.actions.githubusercontent.com",
        aud: "api://AzureADTokenExchange",
        exp: Math.floor(Date.now() / 1000) + 600,
      }),
    {
      authorityHost: emu.url,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: emu.caCertPem },
    },
  );
  const token = await cred.getToken(ARM_SCOPE);
  const res = await call(emu, "GET", `${WS_ID}?api-version=2025-07-01`, { token: token.token });
  expect(res.status).toBe(200);
});

test("ARM without a bearer token is 401 with WWW-Authenticate", async () => {
  const res = await call(emu, "GET", `${WS_ID}?api-version=2025-07-01`);
  expect(res.status).toBe(401);
  expect(res.headers["www-authenticate"]).toMatch(/^Bearer authorization_uri=/);
  expect(res.body).toEqual({ error: { code: "AuthenticationFailed", message: expect.any(String) } });
});

test("tokens for the wrong audience, forged or expired tokens are 401", async () => {
  const wrongAud = emu.issueToken(`${emu.url}/.default`);
  const r1 = await call(emu, "GET", `${WS_ID}?api-version=2025-07-01`, { token: wrongAud });
  expect(r1.status).toBe(401);
  expect((r1.body as { error: { code: string } }).error.code).toBe("InvalidAuthenticationTokenAudience");
  const forged = `${emu.issueToken().split(".").slice(0, 2).join(".")}.AAAA`;
  const r2 = await call(emu, "GET", `${WS_ID}?api-version=2025-07-01`, { token: forged });
  expect((r2.body as { error: { code: string } }).error.code).toBe("InvalidAuthenticationToken");
  const short = await startEmulator({ tokenLifetimeSec: -10, workspaces: [] });
  try {
    const r3 = await call(short, "GET", `${WS_ID}?api-version=2025-07-01`, { token: short.issueToken() });
    expect((r3.body as { error: { code: string } }).error.code).toBe("ExpiredAuthenticationToken");
  } finally {
    await short.close();
  }
});

test("openid-configuration and instance discovery answer like Entra", async () => {
  const cfg = await call(emu, "GET", `/${emu.tenantId}/v2.0/.well-known/openid-configuration`);
  expect(cfg.status).toBe(200);
  expect((cfg.body as { token_endpoint: string }).token_endpoint).toBe(
    `${emu.url}/${emu.tenantId}/oauth2/v2.0/token`,
  );
  const disc = await call(
    emu,
    "GET",
    `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${emu.url}/${emu.tenantId}/oauth2/v2.0/authorize`)}`,
  );
  expect(disc.status).toBe(200);
  const wrongTenant = await call(
    emu,
    "GET",
    "/11111111-1111-1111-1111-111111111111/v2.0/.well-known/openid-configuration",
  );
  expect(wrongTenant.status).toBe(400);
});

/** The permission model: denied writes and reads answer ARM's 403 `AuthorizationFailed`. */
import { OperationalInsightsManagementClient } from "@azure/arm-operationalinsights";
import { DEFAULT_CLIENT_ID, type EmulatorHandle, startEmulator } from "../src/index.js";
import { objectIdFor } from "../src/tokens.js";
import { call, clientOptions, credentialFor, RG, RG_ID, SUB, scheduledRule, WS, WS_ID } from "./helpers.js";

const TABLES = "Microsoft.OperationalInsights/workspaces/tables";
const RULES = "Microsoft.SecurityInsights/alertRules";
const OID = objectIdFor(DEFAULT_CLIENT_ID);

/** ARM's message, word for word. */
const denial = (action: string, scope: string) =>
  `The client '${DEFAULT_CLIENT_ID}' with object id '${OID}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;

const tableUrl = (name: string) => `${WS_ID}/tables/${name}?api-version=2025-07-01`;
const ruleUrl = (name: string) =>
  `${WS_ID}/providers/Microsoft.SecurityInsights/alertRules/${name}?api-version=2025-12-01`;
const tableBody = (name: string) => ({
  properties: { schema: { name, columns: [{ name: "TimeGenerated", type: "dateTime" }] } },
});

let emu: EmulatorHandle;
let token: string;
beforeAll(async () => {
  // the type's casing does not matter
  emu = await startEmulator({ denyWrites: [TABLES.toLowerCase()] });
  token = emu.issueToken();
});
afterEach(() => emu.setPermissions({ denyWrites: [TABLES], denyReads: [] }));
afterAll(() => emu.close());

test("a denied write answers 403 AuthorizationFailed in ARM's words, and changes nothing", async () => {
  const before = emu.state();
  const res = await call(emu, "PUT", tableUrl("Denied_CL"), { token, body: tableBody("Denied_CL") });
  expect(res.status).toBe(403);
  expect(res.body).toEqual({
    error: { code: "AuthorizationFailed", message: denial(`${TABLES}/write`, `${WS_ID}/tables/Denied_CL`) },
  });
  expect(emu.state()).toEqual(before);
  expect(emu.requests().at(-1)).toMatchObject({ method: "PUT", status: 403, kind: "tables", isWrite: true });
});

test("only the denied type and verb: table reads and other types' writes still work", async () => {
  expect((await call(emu, "GET", `${WS_ID}/tables?api-version=2025-07-01`, { token })).status).toBe(200);
  expect((await call(emu, "PUT", ruleUrl("allowed"), { token, body: scheduledRule() })).status).toBe(201);
});

test("authorization comes before the parent lookups, as in ARM", async () => {
  const res = await call(
    emu,
    "PUT",
    `${RG_ID}-gone/providers/Microsoft.OperationalInsights/workspaces/${WS}/tables/X_CL?api-version=2025-07-01`,
    { token, body: tableBody("X_CL") },
  );
  expect(res.status).toBe(403);
});

test("the real SDK surfaces it as a RestError with status 403 and the code", async () => {
  const la = new OperationalInsightsManagementClient(credentialFor(emu), SUB, clientOptions(emu));
  await expect(
    la.tables.createOrUpdate(RG, WS, "Sdk_CL", tableBody("Sdk_CL").properties),
  ).rejects.toMatchObject({
    statusCode: 403,
    code: "AuthorizationFailed",
  });
});

test("POST /__emulator/permissions denies reads and deletes at run time; GET shows the canonical types", async () => {
  const set = await call(emu, "POST", "/__emulator/permissions", {
    body: { denyWrites: [RULES.toUpperCase()], denyReads: [RULES] },
  });
  expect(set.status).toBe(200);
  expect(set.body).toEqual({ denyWrites: [RULES], denyReads: [RULES] });
  expect((await call(emu, "GET", "/__emulator/permissions")).body).toEqual({
    denyWrites: [RULES],
    denyReads: [RULES],
  });

  const collection = `${WS_ID}/providers/Microsoft.SecurityInsights/alertRules`;
  const list = await call(emu, "GET", `${collection}?api-version=2025-12-01`, { token });
  expect(list.status).toBe(403);
  expect((list.body as { error: { message: string } }).error.message).toBe(
    denial(`${RULES}/read`, collection),
  );
  const del = await call(emu, "DELETE", ruleUrl("allowed"), { token });
  expect(del.status).toBe(403);
  expect((del.body as { error: { message: string } }).error.message).toBe(
    denial(`${RULES}/delete`, `${collection}/allowed`),
  );
  // tables were granted again by the lists given (denyWrites replaced)
  expect(
    (await call(emu, "PUT", tableUrl("Granted_CL"), { token, body: tableBody("Granted_CL") })).status,
  ).toBe(202);
});

test("resource groups can be denied too", async () => {
  emu.setPermissions({ denyWrites: ["Microsoft.Resources/resourceGroups"] });
  const res = await call(emu, "PUT", `${RG_ID}-2?api-version=2021-04-01`, {
    token,
    body: { location: "westeurope" },
  });
  expect(res.status).toBe(403);
  expect((res.body as { error: { message: string } }).error.message).toBe(
    denial("Microsoft.Resources/resourceGroups/write", `${RG_ID}-2`),
  );
});

test("unknown types are refused: 400 from the admin endpoint, an error from the option and the handle", async () => {
  const bad = await call(emu, "POST", "/__emulator/permissions", {
    body: { denyWrites: ["Microsoft.SecurityInsights/alertRule"] },
  });
  expect(bad.status).toBe(400);
  expect(bad.body).toMatchObject({
    error: {
      code: "InvalidPermissionSettings",
      message: expect.stringContaining("known: Microsoft.Resources/resourceGroups"),
    },
  });
  expect((await call(emu, "POST", "/__emulator/permissions", { body: { denyReads: "x" } })).status).toBe(400);
  expect(() => emu.setPermissions({ denyReads: ["nope"] })).toThrow(
    /invalid permission settings: denyReads: unknown resource types nope/,
  );
  await expect(startEmulator({ denyWrites: ["nope"] })).rejects.toThrow(/invalid permission options/);
  // nothing changed by the refused settings
  expect((await call(emu, "GET", "/__emulator/permissions")).body).toEqual({
    denyWrites: [TABLES],
    denyReads: [],
  });
});

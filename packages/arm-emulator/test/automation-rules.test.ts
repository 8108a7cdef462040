/** Automation rules: PUT/GET/LIST/DELETE with etags, server-added fields, bodies checked against the spec. */
import { type EmulatorHandle, startEmulator } from "../src/index.js";
import { call, WS_ID } from "./helpers.js";

let emu: EmulatorHandle;
let token: string;
beforeAll(async () => {
  emu = await startEmulator({ now: () => new Date("2026-01-02T03:04:05.000Z") });
  token = emu.issueToken();
});
afterAll(() => emu.close());

const API = "api-version=2025-12-01";
const ruleUrl = (name: string) =>
  `${WS_ID}/providers/Microsoft.SecurityInsights/automationRules/${name}?${API}`;
const errorOf = (b: unknown) => (b as { error: { code: string; message: string } }).error;

function automationRule(overrides: Record<string, unknown> = {}) {
  return {
    properties: {
      displayName: "Tag Darktrace incidents",
      order: 1,
      triggeringLogic: {
        isEnabled: true,
        triggersOn: "Incidents",
        triggersWhen: "Created",
        conditions: [
          {
            conditionType: "Property",
            conditionProperties: {
              propertyName: "IncidentProviderName",
              operator: "Equals",
              propertyValues: ["Azure Sentinel"],
            },
          },
        ],
      },
      actions: [
        {
          order: 1,
          actionType: "ModifyProperties",
          actionConfiguration: { labels: [{ labelName: "darktrace" }] },
        },
      ],
      ...overrides,
    },
  };
}

test("PUT creates then updates; server fields are added; GET, LIST and DELETE follow", async () => {
  const created = await call(emu, "PUT", ruleUrl("a1"), { token, body: automationRule() });
  expect(created.status).toBe(201);
  const body = created.body as { etag: string; type: string; properties: Record<string, unknown> };
  expect(body.type).toBe("Microsoft.SecurityInsights/automationRules");
  expect(body.properties).toMatchObject({
    createdTimeUtc: "2026-01-02T03:04:05.000Z",
    lastModifiedTimeUtc: "2026-01-02T03:04:05.000Z",
    createdBy: { objectId: expect.any(String) },
    lastModifiedBy: { objectId: expect.any(String) },
  });
  const updated = await call(emu, "PUT", ruleUrl("a1"), {
    token,
    body: automationRule({ order: 2 }),
    headers: { "if-match": body.etag },
  });
  expect(updated.status).toBe(200);
  expect((updated.body as { etag: string }).etag).not.toBe(body.etag);
  const stale = await call(emu, "PUT", ruleUrl("a1"), {
    token,
    body: automationRule(),
    headers: { "if-match": body.etag },
  });
  expect(stale.status).toBe(412);
  const listed = await call(
    emu,
    "GET",
    `${WS_ID}/providers/Microsoft.SecurityInsights/automationRules?${API}`,
    { token },
  );
  expect((listed.body as { value: Array<{ name: string; properties: { order: number } }> }).value).toEqual([
    expect.objectContaining({ name: "a1", properties: expect.objectContaining({ order: 2 }) }),
  ]);
  expect((await call(emu, "DELETE", ruleUrl("a1"), { token })).status).toBe(200);
  expect((await call(emu, "GET", ruleUrl("a1"), { token })).status).toBe(404);
});

test.each([
  ["an order outside 1..1000", automationRule({ order: 0 }), "order"],
  [
    "a trigger without triggersWhen",
    {
      properties: {
        ...automationRule().properties,
        triggeringLogic: { isEnabled: true, triggersOn: "Incidents" },
      },
    },
    "triggersWhen",
  ],
  [
    "a RunPlaybook action without its Logic App",
    automationRule({ actions: [{ order: 1, actionType: "RunPlaybook", actionConfiguration: {} }] }),
    "logicAppResourceId",
  ],
])("a body with %s is rejected by the spec check", async (_what, body, field) => {
  const res = await call(emu, "PUT", ruleUrl("bad"), { token, body });
  expect(res.status).toBe(400);
  expect(errorOf(res.body).message).toContain(field);
});

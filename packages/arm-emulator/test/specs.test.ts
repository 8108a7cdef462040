/** The Swagger -> ajv conversion, exercised directly on the vendored specs. */
import { sharedSpecRegistry } from "../src/index.js";
import { scheduledRule } from "./helpers.js";

const specs = sharedSpecRegistry();
const SI = "microsoft.operationalinsights/workspaces/microsoft.securityinsights";
const validate = (typeKey: string, apiVersion: string, body: unknown) => {
  const op = specs.operation(typeKey, apiVersion);
  if (!op) throw new Error(`no spec for ${typeKey} ${apiVersion}`);
  return specs.validateBody(op, body);
};

test("coverage: api-versions with a spec per resource type", () => {
  expect(specs.coverage()).toMatchObject({
    [`${SI}/alertrules`]: ["2025-07-01-preview", "2025-12-01"],
    [`${SI}/metadata`]: ["2025-12-01"],
    [`${SI}/dataconnectors`]: ["2025-07-01-preview", "2025-12-01"],
    [`${SI}/dataconnectordefinitions`]: ["2025-07-01-preview", "2025-12-01"],
    [`${SI}/contentpackages`]: ["2025-12-01"],
    [`${SI}/contenttemplates`]: ["2025-12-01"],
    [`${SI}/watchlists`]: ["2025-07-01-preview", "2025-12-01"],
    "microsoft.operationalinsights/workspaces/savedsearches": ["2025-07-01"],
    "microsoft.operationalinsights/workspaces/tables": ["2025-07-01"],
    "microsoft.insights/workbooks": ["2023-06-01"],
    "microsoft.insights/datacollectionrules": ["2024-03-11"],
    "microsoft.insights/datacollectionendpoints": ["2024-03-11"],
  });
});

test("every PUT body schema compiles and every $ref resolves (with the documented alias)", () => {
  for (const [typeKey, versions] of Object.entries(specs.coverage())) {
    for (const v of versions) validate(typeKey, v, {});
  }
  expect([...specs.unresolvedRefs]).toEqual([]);
});

test("discriminator dispatch: Scheduled checked in full, NRT only in the preview spec", () => {
  expect(validate(`${SI}/alertrules`, "2025-12-01", scheduledRule()).ok).toBe(true);
  const nrt = { kind: "NRT", properties: { ...scheduledRule().properties } };
  const stable = validate(`${SI}/alertrules`, "2025-12-01", nrt);
  expect(stable.details[0]).toMatchObject({
    path: "kind",
    message: expect.stringContaining("Fusion, MicrosoftSecurityIncidentCreation, Scheduled"),
  });
  expect(validate(`${SI}/alertrules`, "2025-07-01-preview", nrt).ok).toBe(true);
});

test("the preview spec's missing common/AlertTypes.json resolves to the stable enums", () => {
  const res = validate(`${SI}/alertrules`, "2025-07-01-preview", scheduledRule({ tactics: ["Bogus"] }));
  expect(res.details).toEqual([
    { path: "properties.tactics[0]", message: expect.stringContaining('"InitialAccess"') },
  ]);
});

test("enums compare case-insensitively; optional properties accept null; read-only ones anything", () => {
  const res = validate(
    `${SI}/alertrules`,
    "2025-12-01",
    scheduledRule({
      severity: "high",
      triggerOperator: "greaterthan",
      alertRuleTemplateName: null,
      lastModifiedUtc: 42,
    }),
  );
  expect(res).toMatchObject({ ok: true });
});

test("nested polymorphism: RestApiPoller auth is dispatched on auth.type", () => {
  const body = {
    kind: "RestApiPoller",
    properties: {
      connectorDefinitionName: "Darktrace",
      auth: { type: "Basic", userName: "u" },
      request: { apiEndpoint: "https://example.invalid/api", httpMethod: "GET" },
    },
  };
  const res = validate(`${SI}/dataconnectors`, "2025-12-01", body);
  expect(res.details).toEqual([{ path: "properties.auth.password", message: "is required" }]);
});

test("Push connectors validate against the emulator-authored schema on both api-versions", () => {
  const push = {
    kind: "Push",
    properties: {
      connectorDefinitionName: "DarktracePush",
      dcrConfig: {
        streamName: "Custom-Darktrace",
        dataCollectionEndpoint: "https://dce",
        dataCollectionRuleImmutableId: "dcr-1",
      },
      auth: { type: "Push" },
    },
  };
  for (const v of ["2025-12-01", "2025-07-01-preview"]) {
    expect(validate(`${SI}/dataconnectors`, v, push).ok).toBe(true);
    const bad = validate(`${SI}/dataconnectors`, v, {
      ...push,
      properties: { ...push.properties, dcrConfig: { streamName: "Darktrace" } },
    });
    expect(bad.details.map((d) => d.path)).toEqual([
      "properties.dcrConfig.dataCollectionEndpoint",
      "properties.dcrConfig.dataCollectionRuleImmutableId",
      "properties.dcrConfig.streamName",
    ]);
  }
});

test("tables: -1 retention (workspace default) is accepted; other out-of-range values are not", () => {
  const key = "microsoft.operationalinsights/workspaces/tables";
  expect(
    validate(key, "2025-07-01", { properties: { retentionInDays: -1, totalRetentionInDays: -1 } }).ok,
  ).toBe(true);
  expect(validate(key, "2025-07-01", { properties: { retentionInDays: 2 } }).ok).toBe(false);
  expect(
    validate(key, "2025-07-01", {
      properties: { schema: { columns: [{ name: "TimeGenerated", type: "datetime" }] } },
    }).ok,
  ).toBe(true);
  expect(
    validate(key, "2025-07-01", { properties: { schema: { columns: [{ name: "X", type: "varchar" }] } } }).ok,
  ).toBe(false);
});

test("open (modelAsString) enums are not enforced unless the service enforces them: DCR custom streams", () => {
  const res = validate("microsoft.insights/datacollectionrules", "2024-03-11", {
    location: "westeurope",
    properties: { dataFlows: [{ streams: ["Custom-Darktrace"], destinations: ["ws"] }] },
  });
  expect(res.ok).toBe(true);
});

test("content templates require the documented properties", () => {
  const res = validate(`${SI}/contenttemplates`, "2025-12-01", { properties: { contentId: "x" } });
  expect(res.details.map((d) => d.path)).toEqual(
    expect.arrayContaining([
      "properties.version",
      "properties.displayName",
      "properties.contentKind",
      "properties.source",
      "properties.packageId",
    ]),
  );
});

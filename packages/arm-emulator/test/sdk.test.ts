/** The real Azure SDK clients against the emulator: what the deployer will do. */
import { OperationalInsightsManagementClient } from "@azure/arm-operationalinsights";
import { type ScheduledAlertRule, SecurityInsights } from "@azure/arm-securityinsight";
import { getClient } from "@azure-rest/core-client";
import { ARM_SCOPE, type EmulatorHandle, startEmulator } from "../src/index.js";
import { clientOptions, credentialFor, RG, SUB, scheduledRule, WS, WS_ID } from "./helpers.js";

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

function laClient() {
  return new OperationalInsightsManagementClient(credentialFor(emu), SUB, clientOptions(emu));
}

/** The classic SDK: its default scope is `${endpoint}/.default`, so set ARM's; pin the api-version. */
function siClient(apiVersion: string) {
  return new SecurityInsights(credentialFor(emu), SUB, {
    ...clientOptions(emu),
    credentialScopes: [ARM_SCOPE],
    apiVersion,
  });
}

test("savedSearches.createOrUpdate (modular SDK) creates then updates a function", async () => {
  const la = laClient();
  const created = await la.savedSearches.createOrUpdate(RG, WS, "DarktraceParser", {
    category: "Darktrace",
    displayName: "Darktrace parser",
    query: "darktrace_model_alerts_CL | project TimeGenerated",
    functionAlias: "Darktrace",
  });
  expect(created.id).toBe(`${WS_ID}/savedSearches/DarktraceParser`);
  expect(created.etag).toMatch(/^"[0-9a-f-]{36}"$/);
  expect(created.version).toBe(2); // server-added default
  const updated = await la.savedSearches.createOrUpdate(RG, WS, "darktraceparser", {
    category: "Darktrace",
    displayName: "Darktrace parser v2",
    query: "darktrace_model_alerts_CL",
  });
  expect(updated.etag).not.toBe(created.etag);
  expect(updated.name).toBe("DarktraceParser"); // first casing wins, ids are case-insensitive
  const writes = emu.requests().filter((r) => r.kind === "savedSearches" && r.isWrite);
  expect(writes.map((w) => [w.status, w.apiVersion])).toEqual([
    [200, "2025-07-01"], // SavedSearches.json declares only 200 for PUT, and the SDK enforces it
    [200, "2025-07-01"],
  ]);
});

test("tables.createOrUpdate is a long-running operation the SDK poller completes", async () => {
  emu.resetRequests();
  const poller = laClient().tables.createOrUpdate(
    RG,
    WS,
    "Darktrace_CL",
    {
      retentionInDays: 90,
      schema: {
        name: "Darktrace_CL",
        columns: [
          { name: "TimeGenerated", type: "dateTime" },
          { name: "Model", type: "string" },
        ],
      },
    },
    { updateIntervalInMs: 5 },
  );
  const table = await poller;
  expect(table.provisioningState).toBe("Succeeded");
  expect(table.retentionInDays).toBe(90);
  expect(table.totalRetentionInDays).toBe(90);
  expect(table.plan).toBe("Analytics");
  expect(table.schema?.tableType).toBe("CustomLog");
  const seq = emu
    .requests()
    .filter((r) => r.area === "arm")
    .map((r) => `${r.method} ${r.status} ${r.path.split("/").at(-2)}`);
  expect(seq).toEqual([
    "PUT 202 tables",
    "GET 200 operationStatuses",
    "GET 200 operationStatuses",
    "GET 200 tables",
  ]);
});

test("a custom table without TimeGenerated is rejected", async () => {
  const poller = laClient().tables.createOrUpdate(RG, WS, "Broken_CL", {
    schema: { name: "Broken_CL", columns: [{ name: "Model", type: "string" }] },
  });
  await expect(poller).rejects.toMatchObject({ statusCode: 400, code: "InvalidParameter" });
});

test("alertRules.createOrUpdate with an api-version override (classic SDK)", async () => {
  const { properties, ...rest } = scheduledRule();
  // the classic SDK's models are flattened: properties sit next to `kind`
  const rule = (await siClient("2025-12-01").alertRules.createOrUpdate(RG, WS, "rule-1", {
    ...rest,
    ...properties,
  } as ScheduledAlertRule)) as ScheduledAlertRule;
  expect(rule.kind).toBe("Scheduled");
  expect(rule.etag).toBeDefined();
  // server-added fields a deployer must normalise away
  expect(rule.lastModifiedUtc).toBeInstanceOf(Date);
  expect(rule.eventGroupingSettings).toEqual({ aggregationKind: "SingleAlert" });
  const rec = emu
    .requests()
    .filter((r) => r.kind === "alertRules")
    .at(-1);
  expect(rec).toMatchObject({ method: "PUT", apiVersion: "2025-12-01", status: 201, isWrite: true });
});

test("an invalid rule body is rejected with 400 naming the spec and the property", async () => {
  const attempt = siClient("2025-12-01").alertRules.createOrUpdate(RG, WS, "rule-bad", {
    kind: "Scheduled",
    displayName: "bad",
    enabled: true,
    query: "T",
    severity: "Critical",
    queryPeriod: "PT1H",
    triggerOperator: "GreaterThan",
    triggerThreshold: 0,
    suppressionEnabled: false,
    // suppressionDuration missing
  } as ScheduledAlertRule);
  const err = await attempt.then(
    () => undefined,
    (e: unknown) => e as { statusCode?: number; code?: string; message: string },
  );
  expect(err?.statusCode).toBe(400);
  expect(err?.code).toBe("InvalidRequestContent");
  expect(err?.message).toContain(
    "securityinsights/resource-manager/Microsoft.SecurityInsights/stable/2025-12-01/AlertRules.json",
  );
  expect(err?.message).toContain("properties.severity: must be one of");
  expect(err?.message).toContain("properties.suppressionDuration: is required");
});

test("the SDK's default api-version (2022-09-01-preview) has no spec: 400 listing the versions", async () => {
  await expect(
    siClient("2022-09-01-preview").alertRules.createOrUpdate(RG, WS, "rule-2", {
      kind: "Fusion",
      alertRuleTemplateName: "x",
      enabled: true,
    }),
  ).rejects.toMatchObject({
    statusCode: 400,
    code: "NoRegisteredProviderFound",
    message: expect.stringContaining("2025-07-01-preview, 2025-12-01"),
  });
});

test("NRT needs the preview api-version (the stable spec has no NRT schema)", async () => {
  const body = { kind: "NRT", properties: { ...scheduledRule().properties } } as Record<string, unknown>;
  delete (body.properties as Record<string, unknown>).queryFrequency;
  delete (body.properties as Record<string, unknown>).queryPeriod;
  delete (body.properties as Record<string, unknown>).triggerOperator;
  delete (body.properties as Record<string, unknown>).triggerThreshold;
  const rest = getClient(emu.url, credentialFor(emu), {
    credentials: { scopes: [ARM_SCOPE] },
    tlsOptions: { ca: emu.caCertPem },
    retryOptions: { maxRetries: 2, retryDelayInMs: 5 },
  });
  const path = `${WS_ID}/providers/Microsoft.SecurityInsights/alertRules/{id}`;
  const stable = await rest
    .path(path, "nrt-1")
    .put({ queryParameters: { "api-version": "2025-12-01" }, body });
  expect(stable.status).toBe("400");
  expect(JSON.stringify(stable.body)).toContain('kind \\"NRT\\" has no schema in this api-version');
  const preview = await rest
    .path(path, "nrt-1")
    .put({ queryParameters: { "api-version": "2025-07-01-preview" }, body });
  expect(preview.status).toBe("201");
});

test("the SDK pager follows nextLink over more than 100 items", async () => {
  const rest = getClient(emu.url, credentialFor(emu), {
    credentials: { scopes: [ARM_SCOPE] },
    tlsOptions: { ca: emu.caCertPem },
  });
  const put = (i: number) =>
    rest
      .path(
        `${WS_ID}/providers/Microsoft.SecurityInsights/metadata/{name}`,
        `m-${String(i).padStart(3, "0")}`,
      )
      .put({
        queryParameters: { "api-version": "2025-12-01" },
        body: {
          properties: {
            parentId: `${WS_ID}/providers/Microsoft.SecurityInsights/alertRules/r${i}`,
            kind: "AnalyticsRule",
          },
        },
      });
  for (let i = 0; i < 230; i += 10) {
    const batch = await Promise.all(Array.from({ length: 10 }, (_, j) => put(i + j)));
    expect(batch.every((r) => r.status === "201")).toBe(true);
  }
  emu.resetRequests();
  const names: string[] = [];
  for await (const m of siClient("2025-12-01").metadata.list(RG, WS)) names.push(m.name!);
  expect(names).toHaveLength(230);
  expect(new Set(names).size).toBe(230);
  const pages = emu.requests().filter((r) => r.kind === "metadata" && r.method === "GET");
  expect(pages).toHaveLength(3);
});

/** ARM surface semantics, checked with raw HTTPS calls for exact statuses, headers and bodies. */
import { gzipSync } from "node:zlib";
import { type EmulatorHandle, startEmulator } from "../src/index.js";
import { call, RG_ID, scheduledRule, WS_ID } from "./helpers.js";

let emu: EmulatorHandle;
let token: string;
beforeAll(async () => {
  emu = await startEmulator({ now: () => new Date("2026-01-02T03:04:05.000Z") });
  token = emu.issueToken();
});
afterAll(() => emu.close());

const rule = (name: string) => `${WS_ID}/providers/Microsoft.SecurityInsights/alertRules/${name}`;
const errorCode = (b: unknown) => (b as { error: { code: string } }).error.code;
/** Reads a dotted path out of a JSON body. */
const at = (b: unknown, p: string): unknown =>
  p.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], b);

test("api-version is required", async () => {
  const res = await call(emu, "GET", WS_ID, { token });
  expect(res.status).toBe(400);
  expect(errorCode(res.body)).toBe("MissingApiVersionParameter");
});

test("PUT creates (201) then updates (200) with a new etag, id/name/type and systemData", async () => {
  const url = `${rule("r1")}?api-version=2025-12-01`;
  const created = await call(emu, "PUT", url, { token, body: scheduledRule() });
  expect(created.status).toBe(201);
  const body = created.body as Record<string, unknown>;
  expect(body).toMatchObject({
    id: rule("r1"),
    name: "r1",
    type: "Microsoft.SecurityInsights/alertRules",
    kind: "Scheduled",
    systemData: {
      createdAt: "2026-01-02T03:04:05.000Z",
      createdByType: "Application",
      lastModifiedAt: "2026-01-02T03:04:05.000Z",
    },
  });
  expect(at(body, "properties.lastModifiedUtc")).toBe("2026-01-02T03:04:05.000Z");
  expect(created.headers.etag).toBe(body.etag);
  const updated = await call(emu, "PUT", url, { token, body: scheduledRule({ severity: "Low" }) });
  expect(updated.status).toBe(200);
  expect(at(updated.body, "etag")).not.toBe(body.etag);
  expect(at(updated.body, "properties.severity")).toBe("Low");
});

test("ids are case-insensitive and `//` is collapsed", async () => {
  const weird = `/${WS_ID.toUpperCase().replace("/SUBSCRIPTIONS", "/subscriptions")}//providers/microsoft.securityinsights/ALERTRULES/R1?api-version=2025-12-01`;
  const res = await call(emu, "GET", weird.replace(/^\//, "//"), { token });
  expect(res.status).toBe(200);
  expect((res.body as { id: string }).id).toBe(rule("r1"));
});

test("If-Match: matching etag updates, stale etag is 412, If-None-Match: * on an existing resource is 412", async () => {
  const url = `${rule("r1")}?api-version=2025-12-01`;
  const current = (await call(emu, "GET", url, { token })).body as { etag: string };
  const stale = await call(emu, "PUT", url, {
    token,
    body: scheduledRule(),
    headers: { "if-match": '"00000000-0000-0000-0000-000000000000"' },
  });
  expect(stale.status).toBe(412);
  expect(errorCode(stale.body)).toBe("PreconditionFailed");
  const ok = await call(emu, "PUT", url, {
    token,
    body: scheduledRule(),
    headers: { "if-match": current.etag },
  });
  expect(ok.status).toBe(200);
  const none = await call(emu, "PUT", url, {
    token,
    body: scheduledRule(),
    headers: { "if-none-match": "*" },
  });
  expect(none.status).toBe(412);
  // a stale etag in the body (read-modify-write race) is a conflict
  const bodyEtag = await call(emu, "PUT", url, { token, body: { ...scheduledRule(), etag: current.etag } });
  expect(bodyEtag.status).toBe(409);
});

test("read-only properties in the request are ignored, not rejected", async () => {
  const url = `${rule("r2")}?api-version=2025-12-01`;
  const body = {
    ...scheduledRule({ lastModifiedUtc: "1999-01-01T00:00:00Z" }),
    id: "/x",
    name: "other",
    type: "t",
    systemData: { a: 1 },
  };
  const res = await call(emu, "PUT", url, { token, body });
  expect(res.status).toBe(201);
  expect(at(res.body, "name")).toBe("r2");
  expect(at(res.body, "properties.lastModifiedUtc")).toBe("2026-01-02T03:04:05.000Z");
});

test("an invalid body is 400 InvalidRequestContent with details and the spec in the message", async () => {
  const res = await call(emu, "PUT", `${rule("bad")}?api-version=2025-12-01`, {
    token,
    body: scheduledRule({ queryFrequency: "1h", triggerOperator: "Bigger", tactics: ["NotATactic"] }),
  });
  expect(res.status).toBe(400);
  const e = (
    res.body as {
      error: { code: string; message: string; details: Array<{ path: string; message: string }> };
    }
  ).error;
  expect(e.code).toBe("InvalidRequestContent");
  expect(e.message).toContain(
    "specification/securityinsights/resource-manager/Microsoft.SecurityInsights/stable/2025-12-01/AlertRules.json#/definitions/AlertRule",
  );
  expect(e.details.map((d) => d.path).sort()).toEqual([
    "properties.queryFrequency",
    "properties.tactics[0]",
    "properties.triggerOperator",
  ]);
  const missing = await call(emu, "GET", `${rule("bad")}?api-version=2025-12-01`, { token });
  expect(missing.status).toBe(404);
});

test("malformed JSON and non-object bodies are 400", async () => {
  for (const body of ["{not json", "[1,2]", ""]) {
    const res = await call(emu, "PUT", `${rule("bad")}?api-version=2025-12-01`, {
      token,
      body,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe("InvalidRequestContent");
  }
});

test("path parameters are checked against the spec (dataConnectorDefinitions name pattern)", async () => {
  const res = await call(
    emu,
    "PUT",
    `${WS_ID}/providers/Microsoft.SecurityInsights/dataConnectorDefinitions/bad.name?api-version=2025-12-01`,
    {
      token,
      body: { kind: "Customizable", properties: {} },
    },
  );
  expect(res.status).toBe(400);
  expect(errorCode(res.body)).toBe("InvalidResourceName");
});

test("missing workspace or resource group: 404 on every child call", async () => {
  const noWs = WS_ID.replace("sentinel-ws", "nope-ws");
  const noRg = WS_ID.replace("sentinel-rg", "nope-rg");
  for (const [method, suffix] of [
    ["GET", "/providers/Microsoft.SecurityInsights/alertRules?api-version=2025-12-01"],
    ["GET", "/providers/Microsoft.SecurityInsights/alertRules/r1?api-version=2025-12-01"],
    ["DELETE", "/providers/Microsoft.SecurityInsights/alertRules/r1?api-version=2025-12-01"],
    ["PUT", "/savedSearches/s1?api-version=2025-07-01"],
    ["GET", "/tables?api-version=2025-07-01"],
  ] as const) {
    const ws = await call(emu, method, `${noWs}${suffix}`, {
      token,
      body: method === "PUT" ? {} : undefined,
    });
    expect([ws.status, errorCode(ws.body)]).toEqual([404, "ResourceNotFound"]);
    const rg = await call(emu, method, `${noRg}${suffix}`, {
      token,
      body: method === "PUT" ? {} : undefined,
    });
    expect([rg.status, errorCode(rg.body)]).toEqual([404, "ResourceGroupNotFound"]);
  }
  const wb = await call(
    emu,
    "GET",
    `${RG_ID.replace("sentinel-rg", "nope-rg")}/providers/Microsoft.Insights/workbooks?api-version=2023-06-01`,
    { token },
  );
  expect(errorCode(wb.body)).toBe("ResourceGroupNotFound");
});

test("DELETE is 200 when the resource existed, 204 when absent", async () => {
  const url = `${rule("r2")}?api-version=2025-12-01`;
  expect((await call(emu, "DELETE", url, { token })).status).toBe(200);
  expect((await call(emu, "DELETE", url, { token })).status).toBe(204);
  expect((await call(emu, "GET", url, { token })).status).toBe(404);
});

test("workspaces: PUT creates one in an existing resource group; children go with it on DELETE", async () => {
  const ws2 = `${RG_ID}/providers/Microsoft.OperationalInsights/workspaces/second-ws`;
  const created = await call(emu, "PUT", `${ws2}?api-version=2025-07-01`, {
    token,
    body: { location: "West Europe" },
  });
  expect(created.status).toBe(201);
  expect(at(created.body, "location")).toBe("westeurope");
  expect(at(created.body, "properties.customerId")).toMatch(/^[0-9a-f-]{36}$/);
  const noLocation = await call(emu, "PUT", `${ws2}x?api-version=2025-07-01`, { token, body: {} });
  expect(errorCode(noLocation.body)).toBe("LocationRequired");
  await call(emu, "PUT", `${ws2}/providers/Microsoft.SecurityInsights/alertRules/a?api-version=2025-12-01`, {
    token,
    body: scheduledRule(),
  });
  expect((await call(emu, "DELETE", `${ws2}?api-version=2025-07-01`, { token })).status).toBe(200);
  expect(emu.state().resources.some((r) => r.key.startsWith(ws2.toLowerCase()))).toBe(false);
  const inMissingRg = await call(
    emu,
    "PUT",
    `${ws2.replace("sentinel-rg", "other-rg")}?api-version=2025-07-01`,
    { token, body: { location: "westeurope" } },
  );
  expect(errorCode(inMissingRg.body)).toBe("ResourceGroupNotFound");
});

test("unsupported resource types are 404 InvalidResourceType", async () => {
  const res = await call(
    emu,
    "GET",
    `${WS_ID}/providers/Microsoft.SecurityInsights/bookmarks?api-version=2025-12-01`,
    { token },
  );
  expect([res.status, errorCode(res.body)]).toEqual([404, "InvalidResourceType"]);
});

test("workbooks: serializedData only with canFetchContent=true; list filters by category", async () => {
  const wb = `${RG_ID}/providers/Microsoft.Insights/workbooks/7d5e6f1a-1111-4222-8333-444455556666`;
  const put = await call(emu, "PUT", `${wb}?api-version=2023-06-01`, {
    token,
    body: {
      location: "westeurope",
      kind: "shared",
      properties: {
        displayName: "Darktrace",
        category: "sentinel",
        serializedData: '{"version":"Notebook/1.0","items":[]}',
      },
    },
  });
  expect(put.status).toBe(201);
  expect(at(put.body, "properties.serializedData")).toBeDefined();
  const get = await call(emu, "GET", `${wb}?api-version=2023-06-01`, { token });
  expect(at(get.body, "properties.serializedData")).toBeUndefined();
  const full = await call(emu, "GET", `${wb}?api-version=2023-06-01&canFetchContent=true`, { token });
  expect(at(full.body, "properties.serializedData")).toContain("Notebook/1.0");
  const listed = await call(
    emu,
    "GET",
    `${RG_ID}/providers/Microsoft.Insights/workbooks?api-version=2023-06-01&category=sentinel`,
    { token },
  );
  expect((listed.body as { value: unknown[] }).value).toHaveLength(1);
  const other = await call(
    emu,
    "GET",
    `${RG_ID}/providers/Microsoft.Insights/workbooks?api-version=2023-06-01&category=workbook`,
    { token },
  );
  expect((other.body as { value: unknown[] }).value).toHaveLength(0);
});

test("DCR gets a deterministic immutableId, DCE a logs ingestion endpoint", async () => {
  const dce = `${RG_ID}/providers/Microsoft.Insights/dataCollectionEndpoints/darktrace-dce`;
  const dceRes = await call(emu, "PUT", `${dce}?api-version=2024-03-11`, {
    token,
    body: { location: "westeurope", properties: {} },
  });
  expect(dceRes.status).toBe(201);
  expect(at(dceRes.body, "properties.logsIngestion.endpoint")).toBe(emu.url);
  const dcr = `${RG_ID}/providers/Microsoft.Insights/dataCollectionRules/darktrace-dcr`;
  const body = {
    location: "westeurope",
    properties: {
      dataCollectionEndpointId: dce,
      streamDeclarations: { "Custom-Darktrace": { columns: [{ name: "TimeGenerated", type: "datetime" }] } },
      destinations: { logAnalytics: [{ workspaceResourceId: WS_ID, name: "ws" }] },
      dataFlows: [
        {
          streams: ["Custom-Darktrace"],
          destinations: ["ws"],
          outputStream: "Custom-Darktrace_CL",
          transformKql: "source",
        },
      ],
    },
  };
  const first = await call(emu, "PUT", `${dcr}?api-version=2024-03-11`, { token, body });
  const id1 = at(first.body, "properties.immutableId") as string;
  expect(id1).toMatch(/^dcr-[0-9a-f]{32}$/);
  const second = await call(emu, "PUT", `${dcr}?api-version=2024-03-11`, { token, body });
  expect(at(second.body, "properties.immutableId")).toBe(id1);
  const badStream = await call(emu, "PUT", `${dcr}?api-version=2024-03-11`, {
    token,
    body: { location: "westeurope", properties: { ...body.properties, dataFlows: "not-an-array" } },
  });
  expect(badStream.status).toBe(400);
});

test("LIST pages above the page size and nextLink keeps the api-version", async () => {
  const small = await startEmulator({ pageSize: 2 });
  try {
    const t = small.issueToken();
    for (const n of ["a", "b", "c", "d", "e"]) {
      const r = await call(small, "PUT", `${WS_ID}/savedSearches/${n}?api-version=2025-07-01`, {
        token: t,
        body: { properties: { category: "c", displayName: n, query: "T" } },
      });
      expect(r.status).toBe(200);
    }
    const names: string[] = [];
    let next: string | undefined = `${WS_ID}/savedSearches?api-version=2025-07-01`;
    let pages = 0;
    while (next) {
      const res = await call(small, "GET", next.replace(small.url, ""), { token: t });
      const page = res.body as { value: Array<{ name: string }>; nextLink?: string };
      names.push(...page.value.map((v) => v.name));
      if (page.nextLink) expect(page.nextLink).toContain("api-version=2025-07-01");
      next = page.nextLink;
      pages++;
    }
    expect(pages).toBe(3);
    expect(names).toEqual(["a", "b", "c", "d", "e"]);
  } finally {
    await small.close();
  }
});

test("Push data connectors are checked against the emulator's documented schema", async () => {
  const url = `${WS_ID}/providers/Microsoft.SecurityInsights/dataConnectors/DarktracePush?api-version=2025-12-01`;
  const ok = await call(emu, "PUT", url, {
    token,
    body: {
      kind: "Push",
      properties: {
        connectorDefinitionName: "DarktracePush",
        dcrConfig: {
          streamName: "Custom-Darktrace",
          dataCollectionEndpoint: "https://x",
          dataCollectionRuleImmutableId: "dcr-1",
        },
        auth: { type: "Push", AppId: "a", ServicePrincipalId: "b" },
        request: { RetryCount: 1 },
        response: { eventsJsonPaths: ["$"] },
      },
    },
  });
  expect(ok.status).toBe(201);
  const bad = await call(emu, "PUT", url, {
    token,
    body: { kind: "Push", properties: { connectorDefinitionName: "x", auth: { type: "Push" } } },
  });
  expect(bad.status).toBe(400);
  expect((bad.body as { error: { message: string } }).error.message).toContain(
    "properties.dcrConfig: is required",
  );
});

test("the request log records method, path, api-version, status and isWrite", async () => {
  emu.resetRequests();
  await call(emu, "GET", `${rule("r1")}?api-version=2025-12-01`, { token });
  await call(emu, "DELETE", `${rule("zzz")}?api-version=2025-12-01`, { token });
  expect(emu.requests()).toEqual([
    {
      method: "GET",
      path: rule("r1"),
      apiVersion: "2025-12-01",
      status: 200,
      isWrite: false,
      area: "arm",
      kind: "alertRules",
    },
    {
      method: "DELETE",
      path: rule("zzz"),
      apiVersion: "2025-12-01",
      status: 204,
      isWrite: true,
      area: "arm",
      kind: "alertRules",
    },
  ]);
  const admin = await call(emu, "GET", "/__emulator/requests");
  expect(admin.body).toEqual(emu.requests());
});

test("Logs Ingestion: rows posted to a DCR stream (gzip, monitor-audience token) are kept in memory", async () => {
  const dcr = `${RG_ID}/providers/Microsoft.Insights/dataCollectionRules/ingest-dcr`;
  const created = await call(emu, "PUT", `${dcr}?api-version=2024-03-11`, {
    token,
    body: {
      location: "westeurope",
      properties: {
        streamDeclarations: {
          "Custom-Darktrace": { columns: [{ name: "TimeGenerated", type: "datetime" }] },
        },
        destinations: { logAnalytics: [{ workspaceResourceId: WS_ID, name: "ws" }] },
        dataFlows: [
          { streams: ["Custom-Darktrace"], destinations: ["ws"], outputStream: "Custom-Darktrace_CL" },
        ],
      },
    },
  });
  const immutableId = at(created.body, "properties.immutableId") as string;
  const path = `/dataCollectionRules/${immutableId}/streams/Custom-Darktrace?api-version=2023-01-01`;
  const rows = [{ TimeGenerated: "2026-01-01T00:00:00Z", Model: "Unusual Activity" }];
  const gz = gzipSync(JSON.stringify(rows));
  const armAudience = await call(emu, "POST", path, {
    token,
    body: gz,
    headers: { "content-encoding": "gzip" },
  });
  expect(armAudience.status).toBe(401);
  const monitorToken = emu.issueToken("https://monitor.azure.com/.default");
  const plain = await call(emu, "POST", path, { token: monitorToken, body: rows });
  expect(plain.status).toBe(204);
  const zipped = await call(emu, "POST", path, {
    token: monitorToken,
    body: gz,
    headers: { "content-encoding": "gzip" },
  });
  expect([zipped.status, zipped.text]).toEqual([204, ""]);
  const unknown = await call(emu, "POST", path.replace("Custom-Darktrace", "Custom-Other"), {
    token: monitorToken,
    body: rows,
  });
  expect(unknown.status).toBe(400);
  const batch = { dcrImmutableId: immutableId, stream: "Custom-Darktrace", rows };
  expect(emu.ingested()).toEqual([batch, batch]);
});

test("HEAD checks existence (resourceGroups.checkExistence)", async () => {
  expect((await call(emu, "HEAD", `${RG_ID}?api-version=2021-04-01`, { token })).status).toBe(204);
  expect((await call(emu, "HEAD", `${RG_ID}x?api-version=2021-04-01`, { token })).status).toBe(404);
  expect((await call(emu, "HEAD", `${WS_ID}?api-version=2025-07-01`, { token })).status).toBe(200);
});

/** Logs Ingestion through a DCR's transformation, then the Log Analytics and Kusto query endpoints over the rows. */
import { type EmulatorHandle, startEmulator } from "../src/index.js";
import { call, RG_ID, WS_ID } from "./helpers.js";

let emu: EmulatorHandle;
let arm: string;
let monitor: string;
let logs: string;
let customerId: string;
let ingest: string;
beforeAll(async () => {
  emu = await startEmulator({ now: () => new Date("2026-01-02T03:04:05.000Z") });
  arm = emu.issueToken();
  monitor = emu.issueToken("https://monitor.azure.com/.default");
  logs = emu.issueToken("https://api.loganalytics.io/.default");
  const ws = await call(emu, "GET", `${WS_ID}?api-version=2025-07-01`, { token: arm });
  customerId = (ws.body as { properties: { customerId: string } }).properties.customerId;
  const table = await call(emu, "PUT", `${WS_ID}/tables/Probe_CL?api-version=2025-07-01`, {
    token: arm,
    body: {
      properties: {
        schema: {
          name: "Probe_CL",
          columns: [
            { name: "TimeGenerated", type: "datetime" },
            { name: "Device", type: "string" },
            { name: "Score", type: "int" },
          ],
        },
      },
    },
  });
  expect([200, 201, 202]).toContain(table.status);
  const dcr = await call(
    emu,
    "PUT",
    `${RG_ID}/providers/Microsoft.Insights/dataCollectionRules/probe-dcr?api-version=2024-03-11`,
    {
      token: arm,
      body: {
        location: "westeurope",
        properties: {
          streamDeclarations: {
            "Custom-Probe": {
              columns: [
                { name: "ts", type: "datetime" },
                { name: "device", type: "string" },
                { name: "score", type: "string" },
              ],
            },
          },
          destinations: { logAnalytics: [{ workspaceResourceId: WS_ID, name: "ws" }] },
          dataFlows: [
            {
              streams: ["Custom-Probe"],
              destinations: ["ws"],
              transformKql:
                "source | where device != 'ignored' | project TimeGenerated = ts, Device = device, Score = toint(score)",
              outputStream: "Custom-Probe_CL",
            },
          ],
        },
      },
    },
  );
  expect(dcr.status).toBe(201);
  const immutableId = (dcr.body as { properties: { immutableId: string } }).properties.immutableId;
  ingest = `/dataCollectionRules/${immutableId}/streams/Custom-Probe?api-version=2023-01-01`;
});
afterAll(() => emu.close());

const records = [
  { ts: "2026-01-01T10:00:00Z", device: "ws-1", score: "90" },
  { ts: "2026-01-01T11:00:00Z", device: "ignored", score: "99" },
  { ts: "2026-01-01T12:00:00Z", device: "ws-2", score: "12" },
];

test("ingested records go through the transformation into the table, then both query endpoints see them", async () => {
  const empty = await call(emu, "POST", `/v1/workspaces/${customerId}/query`, {
    token: logs,
    body: { query: "Probe_CL | count" },
  });
  expect(empty.body).toEqual({
    tables: [{ name: "PrimaryResult", columns: [{ name: "Count", type: "long" }], rows: [[0]] }],
  });
  const sent = await call(emu, "POST", ingest, { token: monitor, body: records });
  expect([sent.status, sent.text]).toEqual([204, ""]);

  const q = await call(emu, "POST", `/v1/workspaces/${customerId}/query`, {
    token: logs,
    body: { query: "Probe_CL | where Score > 50 | project Device, Score" },
  });
  expect(q.status).toBe(200);
  expect(q.body).toEqual({
    tables: [
      {
        name: "PrimaryResult",
        columns: [
          { name: "Device", type: "string" },
          { name: "Score", type: "int" },
        ],
        rows: [["ws-1", 90]],
      },
    ],
  });
  // The timespan scopes the table; `set query_now` sets the clock.
  const ranged = await call(emu, "POST", `/workspaces/${customerId}/query`, {
    token: logs,
    body: {
      query:
        "set query_now = datetime(2026-01-01T12:30:00Z);\nProbe_CL | where TimeGenerated > ago(1d) | project Device",
      timespan: "2026-01-01T11:30:00Z/2026-01-01T13:00:00Z",
    },
  });
  expect((ranged.body as { tables: Array<{ rows: unknown[] }> }).tables[0]!.rows).toEqual([["ws-2"]]);

  const kusto = await call(emu, "POST", "/v2/rest/query", {
    token: emu.issueToken(`${emu.url}/.default`),
    body: { db: "sentinel-ws", csl: "Probe_CL | summarize n = count()" },
  });
  expect(kusto.status).toBe(200);
  const frames = kusto.body as Array<{ FrameType: string; Rows?: unknown[][] }>;
  expect(frames.map((f) => f.FrameType)).toEqual(["DataSetHeader", "DataTable", "DataSetCompletion"]);
  expect(frames[1]!.Rows).toEqual([[2]]);
});

test("query errors: a bad query, an unknown workspace, a token for another audience", async () => {
  const bad = await call(emu, "POST", `/v1/workspaces/${customerId}/query`, {
    token: logs,
    body: { query: "NoSuchTable | take 1" },
  });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toMatch(/BadArgumentError.*NoSuchTable/);
  const unknown = await call(emu, "POST", "/v1/workspaces/00000000-0000-0000-0000-00000000dead/query", {
    token: logs,
    body: { query: "print 1" },
  });
  expect(unknown.status).toBe(404);
  const wrongAudience = await call(emu, "POST", `/v1/workspaces/${customerId}/query`, {
    token: monitor,
    body: { query: "print 1" },
  });
  expect(wrongAudience.status).toBe(401);
});

test("a batch the transformation rejects, or that is not records, leaves nothing behind", async () => {
  const before = emu.ingested().length;
  const notRecords = await call(emu, "POST", ingest, { token: monitor, body: [1, 2] });
  expect(notRecords.status).toBe(400);
  const badType = await call(emu, "POST", ingest, {
    token: monitor,
    body: [{ ts: "not a date", device: "ws-9", score: "1" }],
  });
  expect(badType.status).toBe(400);
  expect(badType.text).toContain('column ts: \\"not a date\\" is not a datetime');
  expect(emu.ingested().length).toBe(before);
  const q = await call(emu, "POST", `/v1/workspaces/${customerId}/query`, {
    token: logs,
    body: { query: "Probe_CL | where Device == 'ws-9' | count" },
  });
  expect((q.body as { tables: Array<{ rows: unknown[] }> }).tables[0]!.rows).toEqual([[0]]);
});

/**
 * The local ARM emulator as the remote engines' back end: its workspace holds what tests send
 * through its Logs Ingestion API, and the credential comes from the deploy command's chain
 * (a client secret against the emulator's Entra endpoints), as a user would run it.
 */
import { request } from "node:https";
import { type EmulatorHandle, startEmulator } from "@sentinelctl/arm-emulator";
import {
  DEFAULT_RESOURCE_GROUP,
  DEFAULT_SUBSCRIPTION_ID,
  DEFAULT_WORKSPACE,
} from "@sentinelctl/arm-emulator/constants";
import { createCredential, resolveCloud } from "@sentinelctl/deployer";

const RG_ID = `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}/resourceGroups/${DEFAULT_RESOURCE_GROUP}`;
const WORKSPACE_ID = `${RG_ID}/providers/Microsoft.OperationalInsights/workspaces/${DEFAULT_WORKSPACE}`;

export interface TestEmulator {
  emu: EmulatorHandle;
  /** The seed workspace's customerId (the query API's workspace id). */
  workspaceId: string;
  /** Its name (the Kusto endpoint's database). */
  database: string;
  credential: ReturnType<typeof createCredential>["credential"];
  /** Sends rows to `table` through a DCR (stream `Custom-{table}`, transformation `source`). */
  ingest(
    table: string,
    columns: Array<{ name: string; type: string }>,
    rows: Array<Record<string, unknown>>,
  ): Promise<void>;
}

function call(emu: EmulatorHandle, method: string, path: string, token: string, body: unknown) {
  return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const data = body === undefined ? "" : JSON.stringify(body);
    const req = request(
      `${emu.url}${path}`,
      {
        method,
        ca: emu.caCertPem,
        agent: false,
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(data)),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => {
          text += String(c);
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }),
        );
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

export async function startTestEmulator(): Promise<TestEmulator> {
  const emu = await startEmulator();
  const { credential } = createCredential({
    kind: "secret",
    cloud: resolveCloud({ endpoint: emu.url, authorityHost: emu.url }),
    env: {
      AZURE_TENANT_ID: emu.tenantId,
      AZURE_CLIENT_ID: emu.clientId,
      AZURE_CLIENT_SECRET: emu.clientSecret,
    },
    ca: emu.caCertPem,
  });
  const arm = (await credential.getToken("https://management.azure.com/.default"))!.token;
  const ws = await call(emu, "GET", `${WORKSPACE_ID}?api-version=2025-07-01`, arm, undefined);
  const workspaceId = (ws.body as { properties: { customerId: string } }).properties.customerId;
  return {
    emu,
    workspaceId,
    database: DEFAULT_WORKSPACE,
    credential,
    async ingest(table, columns, rows) {
      const stream = `Custom-${table}`;
      const dcr = await call(
        emu,
        "PUT",
        `${RG_ID}/providers/Microsoft.Insights/dataCollectionRules/${table}-dcr?api-version=2024-03-11`,
        arm,
        {
          location: "westeurope",
          properties: {
            streamDeclarations: { [stream]: { columns } },
            destinations: { logAnalytics: [{ workspaceResourceId: WORKSPACE_ID, name: "ws" }] },
            dataFlows: [
              {
                streams: [stream],
                destinations: ["ws"],
                transformKql: "source",
                outputStream: `Custom-${table}`,
              },
            ],
          },
        },
      );
      const immutableId = (dcr.body as { properties: { immutableId: string } }).properties.immutableId;
      const monitor = (await credential.getToken("https://monitor.azure.com/.default"))!.token;
      const sent = await call(
        emu,
        "POST",
        `/dataCollectionRules/${immutableId}/streams/${stream}?api-version=2023-01-01`,
        monitor,
        rows,
      );
      if (sent.status !== 204)
        throw new Error(`ingestion failed: ${sent.status} ${JSON.stringify(sent.body)}`);
    },
  };
}

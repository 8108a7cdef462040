import { request } from "node:https";
import { ClientSecretCredential } from "@azure/identity";
import type { EmulatorHandle } from "../src/index.js";
import {
  ARM_SCOPE,
  DEFAULT_RESOURCE_GROUP,
  DEFAULT_SUBSCRIPTION_ID,
  DEFAULT_WORKSPACE,
} from "../src/index.js";

export { DEFAULT_RESOURCE_GROUP as RG, DEFAULT_SUBSCRIPTION_ID as SUB, DEFAULT_WORKSPACE as WS };
export const WS_ID = `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}/resourceGroups/${DEFAULT_RESOURCE_GROUP}/providers/Microsoft.OperationalInsights/workspaces/${DEFAULT_WORKSPACE}`;
export const RG_ID = `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}/resourceGroups/${DEFAULT_RESOURCE_GROUP}`;

/** Real credential class against the emulator's Entra endpoints. */
export function credentialFor(emu: EmulatorHandle, secret = emu.clientSecret): ClientSecretCredential {
  return new ClientSecretCredential(emu.tenantId, emu.clientId, secret, {
    authorityHost: emu.url,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: emu.caCertPem },
  });
}

/** Client options every Azure SDK client needs against the emulator (fast retries, small LRO polls). */
export function clientOptions(emu: EmulatorHandle) {
  return {
    endpoint: emu.url,
    tlsOptions: { ca: emu.caCertPem },
    retryOptions: { maxRetries: 6, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text: string;
}

/** Minimal HTTPS call (no SDK) with the emulator CA, for exact status/header checks. */
export function call(
  emu: EmulatorHandle,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const data =
      opts.body === undefined
        ? undefined
        : typeof opts.body === "string" || ArrayBuffer.isView(opts.body)
          ? (opts.body as string | Uint8Array)
          : JSON.stringify(opts.body);
    const req = request(
      `${emu.url}${path}`,
      {
        method,
        ca: emu.caCertPem,
        agent: false,
        headers: {
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(data !== undefined
            ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(data)) }
            : {}),
          ...opts.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = text;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
        });
      },
    );
    req.on("error", reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

export async function armToken(emu: EmulatorHandle): Promise<string> {
  const t = await credentialFor(emu).getToken(ARM_SCOPE);
  return t.token;
}

export function scheduledRule(overrides: Record<string, unknown> = {}) {
  return {
    kind: "Scheduled",
    properties: {
      displayName: "Darktrace model breach",
      enabled: true,
      severity: "High",
      query: "darktrace_model_alerts_CL | take 1",
      queryFrequency: "PT1H",
      queryPeriod: "PT1H",
      triggerOperator: "GreaterThan",
      triggerThreshold: 0,
      suppressionEnabled: false,
      suppressionDuration: "PT5H",
      tactics: ["InitialAccess"],
      ...overrides,
    },
  };
}

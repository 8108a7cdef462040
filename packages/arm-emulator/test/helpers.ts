import { request } from "node:https";
import { Worker } from "node:worker_threads";
import { ClientSecretCredential } from "@azure/identity";
import type { EmulatorHandle } from "../src/index.js";
import {
  ARM_SCOPE,
  DEFAULT_RESOURCE_GROUP,
  DEFAULT_SUBSCRIPTION_ID,
  DEFAULT_WORKSPACE,
} from "../src/index.js";

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

export type ClassicResult<T = unknown> =
  | { ok: true; value: T }
  | { ok: false; error: { statusCode: number | undefined; code: string | undefined; message: string } };

export interface ClassicCall {
  apiVersion: string;
  group: string;
  method: string;
  args: unknown[];
  list?: boolean;
}

export interface ClassicSdk {
  call<T = unknown>(c: ClassicCall): Promise<ClassicResult<T>>;
  close(): Promise<void>;
}

/**
 * Runs `@azure/arm-securityinsight` (the classic, CommonJS SDK) in a worker thread: Jest's ESM
 * loader cannot load its dependency chain (see fixtures/classic-sdk-worker.mjs).
 */
export async function classicSecurityInsights(emu: EmulatorHandle): Promise<ClassicSdk> {
  const worker = new Worker(new URL("./fixtures/classic-sdk-worker.mjs", import.meta.url), {
    workerData: {
      url: emu.url,
      ca: emu.caCertPem,
      tenantId: emu.tenantId,
      clientId: emu.clientId,
      clientSecret: emu.clientSecret,
      subscriptionId: DEFAULT_SUBSCRIPTION_ID,
    },
  });
  const pending = new Map<number, (r: ClassicResult<never>) => void>();
  let nextId = 0;
  await new Promise<void>((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", () => resolve());
  });
  worker.on("message", (m: { id: number } & ClassicResult<never>) => {
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  return {
    call: <T>(c: ClassicCall) =>
      new Promise<ClassicResult<T>>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve as (r: ClassicResult<never>) => void);
        worker.postMessage({ id, ...c });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}

import { type EmulatorHandle, type EmulatorOptions, startEmulator } from "@sentinelctl/arm-emulator";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_TENANT_ID,
} from "@sentinelctl/arm-emulator/constants";
import { compareText } from "@sentinelctl/content";
import { emulatorCredentialFor } from "../../cli/src/emulator-credential.js";
import { ArmClient, type DeployerOptions, type TargetSpec } from "../src/index.js";
import { RG, SUB, WS } from "./fixtures.js";

/** The emulator's published development identity, as the CLI loads it for a loopback endpoint. */
export const EMULATOR_IDENTITY = {
  tenantId: DEFAULT_TENANT_ID,
  clientId: DEFAULT_CLIENT_ID,
  clientSecret: DEFAULT_CLIENT_SECRET,
};

export const TARGET: TargetSpec = { name: "seed", subscriptionId: SUB, resourceGroup: RG, workspace: WS };

/** A fixed clock, so that two emulators' timestamps agree. */
export const FIXED_NOW = () => new Date("2026-01-15T10:00:00.000Z");

export function startTestEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  return startEmulator({ now: FIXED_NOW, ...options });
}

/**
 * Deployer options against the emulator: its CA, fast retries and LRO polls, and the emulator's
 * identity through a real ClientSecretCredential, as the CLI passes it.
 */
export function fastOptions(emu: EmulatorHandle, extra: Partial<DeployerOptions> = {}): DeployerOptions {
  return {
    endpoint: emu.url,
    ca: emu.caCertPem,
    credential: emulatorCredentialFor(EMULATOR_IDENTITY, emu.url, { ca: emu.caCertPem }),
    retry: { maxRetries: 12, retryDelayInMs: 1, maxRetryDelayInMs: 4, maxRetryAfterMs: 5 },
    lroPollIntervalMs: 2,
    env: {},
    ...extra,
  };
}

/** A bare ArmClient on the emulator's seed subscription, with tokens from the emulator itself. */
export function armClientFor(emu: EmulatorHandle): ArmClient {
  return new ArmClient({
    endpoint: emu.url,
    ca: emu.caCertPem,
    credential: {
      getToken: async () => ({ token: emu.issueToken(), expiresOnTimestamp: Date.now() + 3_600_000 }),
    },
    scope: "https://management.azure.com/.default",
    subscriptionId: SUB,
  });
}

export function armRequests(emu: EmulatorHandle) {
  return emu.requests().filter((r) => r.area === "arm");
}

export function writes(emu: EmulatorHandle) {
  return armRequests(emu).filter((r) => r.isWrite);
}

const VOLATILE = new Set([
  "etag",
  "systemData",
  "lastModifiedUtc",
  "createdTimeUtc",
  "lastPlanModifiedDate",
  "timeModified",
  "revision",
  "createdDate",
  "modifiedDate",
]);

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      if (VOLATILE.has(k)) continue;
      out[k] = strip((value as Record<string, unknown>)[k]);
    }
    return out;
  }
  return value;
}

/** The emulator's resources without volatile fields (etags, timestamps), sorted by id. */
export function normalizedState(emu: EmulatorHandle): Array<{ id: string; body: unknown }> {
  return emu
    .state()
    .resources.map((r) => ({ id: r.key, body: strip(r.body) }))
    .sort((a, b) => compareText(a.id, b.id));
}

/** The public shapes of the emulator: its options, its handle and what it records. */
import type { FaultKind, FaultSettings } from "./faults.js";
import type { PermissionSettings } from "./permissions.js";
import type { StateSnapshot } from "./store.js";

export interface SeedWorkspace {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location?: string;
}

export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Only 127.0.0.1 is supported: the emulator never listens on other interfaces. */
  host?: "127.0.0.1";
  /** JSON state file; resources survive a restart. In-memory only when absent. */
  stateFile?: string;
  /** Probability (0..1) that an ARM request fails with an injected fault. Default 0. */
  faultRate?: number;
  /** Faults to draw from. Default: all of 429, 500, 503, reset. */
  faultKinds?: FaultKind[];
  /** Delay added to every non-admin response, in ms. Default 0. */
  latencyMs?: number;
  /** Seed of the fault PRNG (same seed + same request sequence = same faults). Default 1. */
  seed?: number;
  /**
   * Workspaces (and their resource groups) that exist from the start. Default: one workspace,
   * DEFAULT_SUBSCRIPTION_ID / DEFAULT_RESOURCE_GROUP / DEFAULT_WORKSPACE in DEFAULT_LOCATION.
   * With a state file that already exists, the default seed is not re-applied (a deleted seed
   * workspace stays deleted); explicitly given workspaces are re-created if missing.
   */
  workspaces?: SeedWorkspace[];
  /** Where the CA and server certificate PEM files go (reused when valid). Default: a temp dir removed on close. */
  certDir?: string;
  /** Identity accepted by the token endpoint. Defaults: DEFAULT_TENANT_ID / DEFAULT_CLIENT_ID / DEFAULT_CLIENT_SECRET. */
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Accept any non-empty bearer token on the ARM surface (for static test credentials). Default false. */
  acceptAnyToken?: boolean;
  /** Lifetime of issued access tokens, in seconds. Default 3599. */
  tokenLifetimeSec?: number;
  /** LIST page size; collections above it are paged with `nextLink`. Default 100. */
  pageSize?: number;
  /** Number of `InProgress` answers of an async operation before `Succeeded`. Default 1. */
  lroPolls?: number;
  /** Clock for timestamps in resources (systemData, lastModifiedUtc, ...). Default: real time. */
  now?: () => Date;
  /** Validate PUT bodies against the vendored specs. Default true. */
  validateBodies?: boolean;
  /**
   * Resource types (ARM spelling, case-insensitive, e.g. `Microsoft.OperationalInsights/workspaces/tables`)
   * whose writes (PUT, DELETE) answer 403 `AuthorizationFailed`, as ARM does without a role. Default none.
   */
  denyWrites?: string[];
  /** Resource types whose reads (GET, LIST) answer 403 `AuthorizationFailed`. Default none. */
  denyReads?: string[];
}

export interface RecordedRequest {
  method: string;
  /** Path with `//` collapsed, without the query string. */
  path: string;
  apiVersion: string | undefined;
  /** HTTP status sent; 0 when the connection was dropped by a `reset` fault. */
  status: number;
  /** PUT/PATCH/POST/DELETE on the ARM surface. */
  isWrite: boolean;
  area: "arm" | "entra" | "ingestion" | "logs-query" | "kusto";
  /** Emulator resource kind (`alertRules`, `tables`, ...) when the path names one. */
  kind?: string;
  /** The injected fault, if any. */
  fault?: FaultKind;
}

export interface IngestedBatch {
  dcrImmutableId: string;
  stream: string;
  rows: unknown[];
}

export interface EmulatorHandle {
  /** `https://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  port: number;
  caCertPath: string;
  caCertPem: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Requests seen so far (ARM and Entra; admin requests are not recorded). */
  requests(): RecordedRequest[];
  resetRequests(): void;
  setFaults(f: FaultSettings): void;
  /** Replaces the given deny lists (`{denyWrites: []}` grants writes again). Throws on unknown types. */
  setPermissions(p: PermissionSettings): void;
  /** Snapshot of the stored resources (same shape as the state file). */
  state(): StateSnapshot;
  /** Rows received by the Logs Ingestion endpoint (in memory only), in arrival order. */
  ingested(): IngestedBatch[];
  /** A valid access token for `scope` (default ARM), for static test credentials. */
  issueToken(scope?: string): string;
  close(): Promise<void>;
}

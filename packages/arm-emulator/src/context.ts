/**
 * What the request handlers share: identity, stores, settings and the running server's URL.
 * One context per emulator; `startEmulator` builds it and every module takes it as first argument.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FaultInjector } from "./faults.js";
import type { Responder } from "./http.js";
import type { LogRows } from "./logs.js";
import type { Operations } from "./lro.js";
import type { IngestedBatch, RecordedRequest, SeedWorkspace } from "./options.js";
import type { Permissions } from "./permissions.js";
import type { SpecRegistry } from "./specs.js";
import type { Store } from "./store.js";

/** The one identity the Entra endpoints accept, and how its tokens are made and checked. */
export interface Identity {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Object id of the client's service principal (tokens, server-added fields). */
  principalId: string;
  /** HS256 signing key of issued tokens. */
  key: Buffer;
  tokenLifetimeSec: number;
  acceptAnyToken: boolean;
}

export interface EmulatorContext {
  /** `https://127.0.0.1:PORT`, set once the server listens. */
  baseUrl: string;
  readonly identity: Identity;
  readonly store: Store;
  readonly specs: SpecRegistry;
  readonly http: Responder;
  readonly faults: FaultInjector;
  readonly permissions: Permissions;
  readonly operations: Operations;
  readonly pageSize: number;
  readonly validateBodies: boolean;
  readonly caCertPath: string;
  /** The seed workspaces of this start (the first one's subscription is reported by `/info`). */
  readonly seeds: readonly SeedWorkspace[];
  /** Request log (admin requests excluded); replaced, not cleared, on reset. */
  requests: RecordedRequest[];
  /** Rows received by the Logs Ingestion endpoint, in arrival order. */
  readonly ingested: IngestedBatch[];
  /** Rows that reached workspace tables through the DCRs' transformations (queried by query-api.ts). */
  readonly logRows: LogRows;
  /** Timestamp for resources (systemData, lastModifiedUtc, ...), from the `now` option. */
  nowIso(): string;
}

/** Answers one request of a surface (Entra, Logs Ingestion) and returns the status sent, for the log. */
export type SurfaceHandler = (
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  segs: string[],
  query: URLSearchParams,
) => Promise<number>;

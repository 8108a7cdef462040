/**
 * `startEmulator`: builds the emulator's context, starts the HTTPS server on 127.0.0.1 and returns
 * the handle. See README.md for the contract; the surfaces live in their own modules (dispatch.ts
 * routes to entra.ts, arm.ts, ingestion.ts and admin.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { mintToken } from "./auth.js";
import { type EmulatorCertificates, ensureCertificates } from "./certs.js";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_PAGE_SIZE,
  DEFAULT_TENANT_ID,
} from "./constants.js";
import type { EmulatorContext, Identity } from "./context.js";
import { dispatch } from "./dispatch.js";
import { FaultInjector } from "./faults.js";
import { armError, Responder } from "./http.js";
import { Operations } from "./lro.js";
import type { EmulatorHandle, EmulatorOptions } from "./options.js";
import { Permissions } from "./permissions.js";
import { sharedSpecRegistry } from "./specs.js";
import { openState } from "./state.js";
import { objectIdFor, tokenKey } from "./tokens.js";

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  if (options.host !== undefined && options.host !== "127.0.0.1") {
    throw new Error("the ARM emulator only listens on 127.0.0.1");
  }
  // Invalid fault or permission options throw here, before a certificate folder is created.
  const controls = {
    faults: new FaultInjector({
      rate: options.faultRate,
      kinds: options.faultKinds,
      latencyMs: options.latencyMs,
      seed: options.seed,
    }),
    permissions: new Permissions({ denyWrites: options.denyWrites, denyReads: options.denyReads }),
  };
  const identity = identityFrom(options);
  const ownCertDir = options.certDir === undefined;
  const certDir = options.certDir ?? mkdtempSync(path.join(os.tmpdir(), "arm-emulator-"));
  const certs = await ensureCertificates(certDir);
  const ctx = createContext(options, identity, controls, certs.caCertPath);
  const server = await listen(ctx, certs, options.port ?? 0);
  let closed: Promise<void> | undefined;
  const { faults, permissions, store } = ctx;

  return {
    url: ctx.baseUrl,
    port: server.port,
    caCertPath: certs.caCertPath,
    caCertPem: certs.caCertPem,
    tenantId: identity.tenantId,
    clientId: identity.clientId,
    clientSecret: identity.clientSecret,
    requests: () => ctx.requests.map((r) => ({ ...r })),
    resetRequests: () => {
      ctx.requests = [];
    },
    setFaults: (f) => {
      const problem = faults.set(f);
      if (problem) throw new Error(`invalid fault settings: ${problem}`);
    },
    setPermissions: (p) => {
      const problem = permissions.set(p);
      if (problem) throw new Error(`invalid permission settings: ${problem}`);
    },
    state: () => store.snapshot(),
    ingested: () => structuredClone(ctx.ingested),
    issueToken: (scope = "https://management.azure.com/.default") =>
      mintToken(identity, scope.replace(/\/\.default$/, "")),
    close: () => {
      closed ??= server.close().then(() => {
        store.flush();
        if (ownCertDir) rmSync(certDir, { recursive: true, force: true });
      });
      return closed;
    },
  };
}

/** The tenant and app the emulator's Entra surface knows, and how its tokens are made. */
function identityFrom(options: EmulatorOptions): Identity {
  const tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  return {
    tenantId,
    clientId,
    clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
    principalId: objectIdFor(clientId),
    key: tokenKey(tenantId, clientId),
    tokenLifetimeSec: options.tokenLifetimeSec ?? 3599,
    acceptAnyToken: options.acceptAnyToken === true,
  };
}

/** Everything the surfaces share: state, faults, permissions, spec checks; `baseUrl` is set once listening. */
function createContext(
  options: EmulatorOptions,
  identity: Identity,
  { faults, permissions }: Pick<EmulatorContext, "faults" | "permissions">,
  caCertPath: string,
): EmulatorContext {
  const clock = options.now ?? (() => new Date());
  const nowIso = (): string => clock().toISOString();
  const { store, seeds } = openState(options, identity, nowIso);
  const ctx: EmulatorContext = {
    baseUrl: "",
    identity,
    store,
    specs: sharedSpecRegistry(),
    http: new Responder(() => ctx.baseUrl),
    faults,
    permissions,
    operations: new Operations(store, Math.max(0, options.lroPolls ?? 1)),
    pageSize: Math.max(1, options.pageSize ?? DEFAULT_PAGE_SIZE),
    validateBodies: options.validateBodies ?? true,
    caCertPath,
    seeds,
    requests: [],
    ingested: [],
    logRows: new Map(),
    nowIso,
  };
  return ctx;
}

/**
 * The HTTPS server on 127.0.0.1, listening; sets `ctx.baseUrl`. `close` drops open connections
 * (keep-alive sockets would otherwise hold it open).
 */
async function listen(
  ctx: EmulatorContext,
  certs: EmulatorCertificates,
  port: number,
): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  };
  const server = https.createServer({ key: certs.serverKeyPem, cert: certs.serverCertPem }, (req, res) => {
    dispatch(ctx, req, res).catch((e: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        ctx.http.error(
          res,
          armError(500, "InternalServerError", `ARM emulator bug: ${(e as Error).message}`),
        );
      }
    });
  });
  server.on("connection", track);
  server.on("secureConnection", track);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  ctx.baseUrl = `https://127.0.0.1:${bound}`;
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

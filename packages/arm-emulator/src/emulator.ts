/**
 * The HTTPS server: Entra token endpoints, the ARM surface, fault injection and admin endpoints.
 * See README.md for the contract; comments here only explain choices that are not obvious.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { ensureCertificates } from "./certs.js";
import {
  ARM_AUDIENCES,
  DEFAULT_CLIENT_ID,
  MONITOR_AUDIENCE,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_LOCATION,
  DEFAULT_PAGE_SIZE,
  DEFAULT_RESOURCE_GROUP,
  DEFAULT_SUBSCRIPTION_ID,
  DEFAULT_TENANT_ID,
  DEFAULT_WORKSPACE,
} from "./constants.js";
import { type KindDef, WORKSPACES, guidOf, kindByTypeKey } from "./resources.js";
import { type SpecRegistry, sharedSpecRegistry } from "./specs.js";
import { type StateSnapshot, Store, type StoredResource } from "./store.js";
import { decodeJwtPayload, issueToken, objectIdFor, tokenKey, verifyToken } from "./tokens.js";

export type FaultKind = "429" | "500" | "503" | "reset";
export const ALL_FAULT_KINDS: readonly FaultKind[] = ["429", "500", "503", "reset"];

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
  area: "arm" | "entra" | "ingestion";
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

export interface FaultSettings {
  rate?: number;
  kinds?: FaultKind[];
  latencyMs?: number;
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
  /** Snapshot of the stored resources (same shape as the state file). */
  state(): StateSnapshot;
  /** Rows received by the Logs Ingestion endpoint (in memory only), in arrival order. */
  ingested(): IngestedBatch[];
  /** A valid access token for `scope` (default ARM), for static test credentials. */
  issueToken(scope?: string): string;
  close(): Promise<void>;
}

interface ArmError {
  status: number;
  code: string;
  message: string;
  details?: Array<{ path: string; message: string }>;
  headers?: Record<string, string>;
}

const err = (status: number, code: string, message: string, extra: Partial<ArmError> = {}): ArmError => ({
  status,
  code,
  message,
  ...extra,
});

/** Small, fast, seedable PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const API_VERSION_RE = /^\d{4}-\d{2}-\d{2}(-(preview|beta|alpha|privatepreview))?$/i;
const MAX_BODY = 8 * 1024 * 1024;

function validateFaults(f: FaultSettings): string | undefined {
  if (f.rate !== undefined && !(typeof f.rate === "number" && f.rate >= 0 && f.rate <= 1)) {
    return "rate must be a number between 0 and 1";
  }
  if (f.kinds !== undefined) {
    if (!Array.isArray(f.kinds) || f.kinds.length === 0) return "kinds must be a non-empty array";
    const bad = f.kinds.filter((k) => !ALL_FAULT_KINDS.includes(k));
    if (bad.length) return `unknown fault kinds: ${bad.join(", ")} (allowed: ${ALL_FAULT_KINDS.join(", ")})`;
  }
  if (f.latencyMs !== undefined && !(Number.isInteger(f.latencyMs) && f.latencyMs >= 0)) {
    return "latencyMs must be a non-negative integer";
  }
  return undefined;
}

function decodeSeg(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  if (options.host !== undefined && options.host !== "127.0.0.1") {
    throw new Error("the ARM emulator only listens on 127.0.0.1");
  }
  const faultError = validateFaults({
    rate: options.faultRate,
    kinds: options.faultKinds,
    latencyMs: options.latencyMs,
  });
  if (faultError) throw new Error(`invalid fault options: ${faultError}`);

  const tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
  const key = tokenKey(tenantId, clientId);
  const tokenLifetimeSec = options.tokenLifetimeSec ?? 3599;
  const pageSize = Math.max(1, options.pageSize ?? DEFAULT_PAGE_SIZE);
  const lroPolls = Math.max(0, options.lroPolls ?? 1);
  const clock = options.now ?? (() => new Date());
  const validateBodies = options.validateBodies ?? true;
  const specs: SpecRegistry = sharedSpecRegistry();

  let faultRate = options.faultRate ?? 0;
  let faultKinds: FaultKind[] = [...(options.faultKinds ?? ALL_FAULT_KINDS)];
  let latencyMs = options.latencyMs ?? 0;
  const random = prng(options.seed ?? 1);

  const ownCertDir = options.certDir === undefined;
  const certDir = options.certDir ?? mkdtempSync(path.join(os.tmpdir(), "arm-emulator-"));
  const certs = await ensureCertificates(certDir);

  // ------------------------------------------------------------------ state
  const store = new Store(options.stateFile);
  const existed = store.load();
  // an async operation lost in a restart must not leave a table "Updating" forever
  for (const r of store.snapshot().resources) {
    const p = r.body.properties as Record<string, unknown> | undefined;
    if (p?.provisioningState === "Updating") {
      p.provisioningState = "Succeeded";
      store.put(r);
    }
  }
  const seeds =
    options.workspaces ??
    (existed
      ? []
      : [
          {
            subscriptionId: DEFAULT_SUBSCRIPTION_ID,
            resourceGroup: DEFAULT_RESOURCE_GROUP,
            name: DEFAULT_WORKSPACE,
            location: DEFAULT_LOCATION,
          },
        ]);

  const principalId = objectIdFor(clientId);
  const nowIso = (): string => clock().toISOString();
  const newEtag = (k: string): string => `"${guidOf(`etag|${k}|${store.nextSeq()}`)}"`;
  const systemData = (prev: unknown, now: string, by: string): Record<string, unknown> => {
    const p = (typeof prev === "object" && prev !== null ? prev : {}) as Record<string, unknown>;
    return {
      createdBy: p.createdBy ?? by,
      createdByType: p.createdByType ?? "Application",
      createdAt: p.createdAt ?? now,
      lastModifiedBy: by,
      lastModifiedByType: "Application",
      lastModifiedAt: now,
    };
  };

  const rgId = (sub: string, rg: string): string => `/subscriptions/${sub}/resourceGroups/${rg}`;
  function ensureResourceGroup(sub: string, rg: string, location: string): StoredResource {
    const id = rgId(sub, rg);
    const existing = store.get(id);
    if (existing) return existing;
    const res: StoredResource = {
      key: id.toLowerCase(),
      id,
      kind: "resourceGroups",
      parentKey: `/subscriptions/${sub}`.toLowerCase(),
      body: {
        id,
        name: rg,
        type: "Microsoft.Resources/resourceGroups",
        location,
        properties: { provisioningState: "Succeeded" },
      },
    };
    store.put(res);
    return res;
  }
  for (const ws of seeds) {
    const location = ws.location ?? DEFAULT_LOCATION;
    const rg = ensureResourceGroup(ws.subscriptionId, ws.resourceGroup, location);
    const id = `${rg.id}/${WORKSPACES.childPath}/${ws.name}`;
    if (store.get(id)) continue;
    const now = nowIso();
    const body: Record<string, unknown> = {
      id,
      name: ws.name,
      type: WORKSPACES.armType,
      location,
      etag: newEtag(id.toLowerCase()),
      properties: {},
    };
    WORKSPACES.decorate?.(body, {
      now,
      existing: undefined,
      key: id.toLowerCase(),
      name: ws.name,
      tenantId,
      principalId,
    });
    body.systemData = systemData(undefined, now, clientId);
    store.put({ key: id.toLowerCase(), id, kind: WORKSPACES.name, parentKey: rg.key, body });
  }

  // ------------------------------------------------------------------ requests log, ops
  let recorded: RecordedRequest[] = [];
  const ingestedBatches: IngestedBatch[] = [];
  const operations = new Map<
    string,
    { remaining: number; resourceKey: string; startTime: string; status: string }
  >();
  let opCounter = 0;
  let requestCounter = 0;
  let baseUrl = "";

  // ------------------------------------------------------------------ helpers
  function send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    requestCounter++;
    const rid = guidOf(`request|${requestCounter}|${baseUrl}`);
    const h: Record<string, string> = {
      "x-ms-request-id": rid,
      "x-ms-correlation-request-id": rid,
      ...headers,
    };
    if (body === undefined) {
      res.writeHead(status, { ...h, "content-length": "0" });
      res.end();
      return;
    }
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": String(Buffer.byteLength(text)),
      ...h,
    });
    res.end(text);
  }

  function sendError(res: ServerResponse, e: ArmError): number {
    const error: Record<string, unknown> = { code: e.code, message: e.message };
    if (e.details?.length) {
      error.details = e.details.map((d) => ({
        code: "ValidationError",
        target: d.path,
        path: d.path,
        message: d.message,
      }));
    }
    send(res, e.status, { error }, e.headers ?? {});
    return e.status;
  }

  function readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size <= MAX_BODY) chunks.push(c);
      });
      req.on("end", () => resolve(Buffer.concat(chunks)));
      req.on("error", reject);
    });
  }

  function drawFault(): FaultKind | undefined {
    if (faultRate <= 0 || faultKinds.length === 0) return undefined;
    if (random() >= faultRate) return undefined;
    return faultKinds[Math.min(faultKinds.length - 1, Math.floor(random() * faultKinds.length))];
  }

  // ------------------------------------------------------------------ Entra
  function entraError(
    res: ServerResponse,
    status: number,
    error: string,
    code: number,
    description: string,
  ): number {
    const now = new Date()
      .toISOString()
      .replace("T", " ")
      .replace(/\.\d+Z$/, "Z");
    send(res, status, {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${guidOf(`trace|${requestCounter}`)} Timestamp: ${now}`,
      error_codes: [code],
      timestamp: now,
    });
    return status;
  }

  function openIdConfig(tenant: string): Record<string, unknown> {
    const base = `${baseUrl}/${tenant}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      jwks_uri: `${baseUrl}/${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${baseUrl}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid"],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: "EU",
      cloud_instance_name: "microsoftonline.com",
      cloud_graph_host_name: "graph.windows.net",
      msgraph_host: "graph.microsoft.com",
      rbac_url: "https://pas.windows.net",
    };
  }

  async function handleEntra(
    req: IncomingMessage,
    res: ServerResponse,
    segs: string[],
    query: URLSearchParams,
  ): Promise<number> {
    const lower = segs.map((s) => s.toLowerCase());
    const tenant = segs[0] ?? "";
    const tenantOk =
      tenant.toLowerCase() === tenantId.toLowerCase() ||
      ["organizations", "common"].includes(tenant.toLowerCase());
    if (req.method === "GET" && lower.at(-1) === "openid-configuration") {
      if (!tenantOk) return entraError(res, 400, "invalid_tenant", 90002, `Tenant '${tenant}' not found.`);
      send(res, 200, openIdConfig(tenant));
      return 200;
    }
    if (req.method === "GET" && lower.join("/").endsWith("discovery/instance")) {
      const host = new URL(baseUrl).host;
      const endpoint = query.get("authorization_endpoint") ?? `${baseUrl}/${tenantId}/oauth2/v2.0/authorize`;
      const t = /^https?:\/\/[^/]+\/([^/]+)\//.exec(endpoint)?.[1] ?? tenantId;
      send(res, 200, {
        tenant_discovery_endpoint: `${baseUrl}/${t}/v2.0/.well-known/openid-configuration`,
        "api-version": "1.1",
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      });
      return 200;
    }
    if (req.method === "GET" && lower.at(-1) === "keys") {
      send(res, 200, { keys: [] });
      return 200;
    }
    if (req.method === "POST" && lower[1] === "oauth2" && lower.at(-1) === "token") {
      const form = new URLSearchParams((await readBody(req)).toString("utf8"));
      if (!tenantOk || ["organizations", "common"].includes(tenant.toLowerCase())) {
        return entraError(
          res,
          400,
          "invalid_request",
          90002,
          `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`,
        );
      }
      const grant = form.get("grant_type");
      if (grant !== "client_credentials") {
        return entraError(
          res,
          400,
          "unsupported_grant_type",
          70003,
          `The app requested an unsupported grant type '${grant ?? ""}'.`,
        );
      }
      const cid = form.get("client_id") ?? "";
      if (cid.toLowerCase() !== clientId.toLowerCase()) {
        return entraError(
          res,
          400,
          "unauthorized_client",
          700016,
          `Application with identifier '${cid}' was not found in the directory '${tenant}'.`,
        );
      }
      const secret = form.get("client_secret");
      const assertion = form.get("client_assertion");
      if (secret !== null) {
        if (secret !== clientSecret) {
          return entraError(
            res,
            401,
            "invalid_client",
            7000215,
            "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
          );
        }
      } else if (assertion !== null) {
        const payload = decodeJwtPayload(assertion);
        const exp = typeof payload?.exp === "number" ? payload.exp : undefined;
        if (
          !payload ||
          form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        ) {
          return entraError(res, 401, "invalid_client", 50027, "JWT token is invalid or malformed.");
        }
        if (exp !== undefined && exp * 1000 < Date.now()) {
          return entraError(
            res,
            401,
            "invalid_client",
            700024,
            "Client assertion is not within its valid time range.",
          );
        }
      } else {
        return entraError(
          res,
          401,
          "invalid_client",
          7000218,
          "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        );
      }
      const scope = (form.get("scope") ?? "").split(/\s+/).find((s) => s.endsWith("/.default"));
      if (!scope) {
        return entraError(
          res,
          400,
          "invalid_scope",
          1002012,
          "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.",
        );
      }
      const audience = scope.slice(0, -"/.default".length);
      const { token } = issueToken({
        tenantId,
        clientId,
        audience,
        lifetimeSec: tokenLifetimeSec,
        nowMs: Date.now(),
        key,
      });
      send(res, 200, {
        token_type: "Bearer",
        expires_in: tokenLifetimeSec,
        ext_expires_in: tokenLifetimeSec,
        access_token: token,
      });
      return 200;
    }
    return entraError(
      res,
      404,
      "invalid_request",
      900561,
      "The endpoint only accepts the requests the ARM emulator implements.",
    );
  }

  // ------------------------------------------------------------------ ARM
  function authenticate(
    req: IncomingMessage,
    audiences: string[] = ARM_AUDIENCES,
  ): ArmError | { principal: string } {
    const challenge = {
      "www-authenticate": `Bearer authorization_uri="${baseUrl}/${tenantId}", error="invalid_token", error_description="The authentication failed."`,
    };
    const h = req.headers.authorization;
    if (!h) {
      return err(
        401,
        "AuthenticationFailed",
        "Authentication failed. The 'Authorization' header is missing.",
        { headers: challenge },
      );
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    if (!m) {
      return err(
        401,
        "AuthenticationFailed",
        "Authentication failed. The 'Authorization' header is provided in an invalid format.",
        { headers: challenge },
      );
    }
    if (options.acceptAnyToken) {
      const claims = decodeJwtPayload(m[1]!);
      return { principal: typeof claims?.appid === "string" ? claims.appid : "static-token" };
    }
    const check = verifyToken(m[1]!, key, audiences, Date.now());
    if (!check.ok) return err(401, check.code, check.message, { headers: challenge });
    return { principal: check.claims.appid };
  }

  interface Parsed {
    kind: KindDef;
    sub: string;
    rg: string;
    /** Names along the chain: [resource] or [workspace, resource]; one fewer for a collection. */
    names: string[];
    collection: boolean;
  }

  /** Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/...` into a kind and names. */
  function parseResourcePath(segs: string[]): Parsed | ArmError {
    const sub = decodeSeg(segs[1]!);
    const rg = decodeSeg(segs[3]!);
    const chain: string[] = [];
    const names: string[] = [];
    let i = 4;
    let types = 0;
    while (i < segs.length) {
      if (segs[i]!.toLowerCase() === "providers") {
        if (segs[i + 2] === undefined) {
          return err(
            404,
            "InvalidResourceType",
            `The resource path '/${segs.join("/")}' is not supported by the ARM emulator.`,
          );
        }
        chain.push(segs[i + 1]!.toLowerCase(), segs[i + 2]!.toLowerCase());
        i += 3;
      } else {
        if (i === 4) break; // first element after the resource group must be "providers"
        chain.push(segs[i]!.toLowerCase());
        i += 1;
      }
      types++;
      if (i < segs.length) {
        names.push(decodeSeg(segs[i]!));
        i++;
      }
    }
    const typeKey = chain.join("/");
    const kind = kindByTypeKey(typeKey);
    if (!kind || i !== segs.length || names.length < types - 1) {
      return err(
        404,
        "InvalidResourceType",
        `The resource type '${typeKey || "(none)"}' is not supported by the ARM emulator (path '/${segs.join("/")}').`,
      );
    }
    return { kind, sub, rg, names, collection: names.length === types - 1 };
  }

  function etagMatches(header: string, etag: unknown): boolean {
    const norm = (s: string): string =>
      s
        .trim()
        .replace(/^W\//, "")
        .replace(/^"(.*)"$/, "$1");
    return header
      .split(",")
      .map((s) => s.trim())
      .some((h) => h === "*" || (typeof etag === "string" && norm(h) === norm(etag)));
  }

  function view(
    kind: KindDef | undefined,
    body: Record<string, unknown>,
    method: string,
    query: URLSearchParams,
    list: boolean,
  ): Record<string, unknown> {
    return kind?.view ? kind.view(body, { baseUrl, query, list, method }) : body;
  }

  async function handleArm(
    req: IncomingMessage,
    res: ServerResponse,
    segs: string[],
    query: URLSearchParams,
    rec: RecordedRequest,
  ): Promise<number> {
    const method = req.method ?? "GET";
    const auth = authenticate(req);
    if ("status" in auth) return sendError(res, auth);
    const apiVersion = query.get("api-version");
    if (!apiVersion) {
      return sendError(
        res,
        err(
          400,
          "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.",
        ),
      );
    }
    if (!API_VERSION_RE.test(apiVersion)) {
      return sendError(
        res,
        err(
          400,
          "InvalidApiVersionParameter",
          `The api-version '${apiVersion}' is invalid. The supported versions are in the format 'yyyy-mm-dd' or 'yyyy-mm-dd-preview'.`,
        ),
      );
    }
    const lower = segs.map((s) => s.toLowerCase());
    const sub = decodeSeg(segs[1] ?? "");

    // GET /subscriptions/{s}
    if (segs.length === 2) {
      if (method !== "GET")
        return sendError(res, err(405, "MethodNotAllowed", `${method} is not supported on a subscription.`));
      send(res, 200, {
        id: `/subscriptions/${sub}`,
        subscriptionId: sub,
        tenantId,
        displayName: "ARM emulator subscription",
        state: "Enabled",
      });
      return 200;
    }
    // async operation status: /subscriptions/{s}/providers/{ns}/locations/{loc}/operationStatuses/{id}
    if (
      lower[2] === "providers" &&
      lower[4] === "locations" &&
      lower[6] === "operationstatuses" &&
      segs.length === 8
    ) {
      const op = operations.get(decodeSeg(segs[7]!).toLowerCase());
      if (!op) return sendError(res, err(404, "OperationNotFound", `Operation '${segs[7]}' was not found.`));
      const body: Record<string, unknown> = {
        id: `/${segs.join("/")}`,
        name: decodeSeg(segs[7]!),
        startTime: op.startTime,
      };
      if (op.remaining > 0) {
        op.remaining--;
        body.status = "InProgress";
      } else {
        if (op.status !== "Succeeded") {
          op.status = "Succeeded";
          const r = store.get(op.resourceKey);
          const p = r?.body.properties as Record<string, unknown> | undefined;
          if (r && p?.provisioningState === "Updating") {
            p.provisioningState = "Succeeded";
            store.put(r);
          }
        }
        body.status = "Succeeded";
        body.endTime = nowIso();
      }
      send(res, 200, body);
      return 200;
    }
    if (lower[2] !== "resourcegroups") {
      return sendError(
        res,
        err(
          404,
          "InvalidResourceType",
          `The path '/${segs.join("/")}' is not supported by the ARM emulator.`,
        ),
      );
    }

    // resource groups
    if (segs.length === 3) {
      if (method !== "GET")
        return sendError(res, err(405, "MethodNotAllowed", `${method} is not supported here.`));
      return list(
        res,
        "resourceGroups",
        undefined,
        `/subscriptions/${sub}`.toLowerCase(),
        `/subscriptions/${sub}/resourcegroups`,
        apiVersion,
        query,
      );
    }
    const rgName = decodeSeg(segs[3]!);
    const rgKey = rgId(sub, rgName).toLowerCase();
    const rgRes = store.get(rgKey);
    if (segs.length === 4) {
      rec.kind = "resourceGroups";
      return handleResourceGroup(req, res, sub, rgName, rgRes);
    }
    const parsed = parseResourcePath(segs);
    if ("status" in parsed) return sendError(res, parsed);
    const { kind } = parsed;
    rec.kind = kind.name;
    if (!rgRes) {
      return sendError(
        res,
        err(404, "ResourceGroupNotFound", `Resource group '${rgName}' could not be found.`),
      );
    }
    let parent: StoredResource = rgRes;
    if (kind.scope === "workspace") {
      const wsName = parsed.names[0]!;
      const ws = store.get(`${rgRes.id}/${WORKSPACES.childPath}/${wsName}`);
      if (!ws) {
        return sendError(
          res,
          err(
            404,
            "ResourceNotFound",
            `The Resource 'Microsoft.OperationalInsights/workspaces/${wsName}' under resource group '${rgName}' was not found.`,
          ),
        );
      }
      parent = ws;
    }
    const collectionPath = `${parent.id}/${kind.childPath}`;
    if (parsed.collection) {
      if (method !== "GET")
        return sendError(res, err(405, "MethodNotAllowed", `${method} is not supported on a collection.`));
      return list(res, kind.name, kind, parent.key, collectionPath, apiVersion, query);
    }
    const name = parsed.names.at(-1)!;
    const id = `${collectionPath}/${name}`;
    const key = id.toLowerCase();
    const existing = store.get(key);
    switch (method) {
      case "HEAD":
      case "GET": {
        if (!existing) {
          return sendError(
            res,
            err(
              404,
              "ResourceNotFound",
              `The Resource '${kind.armType}/${name}' under resource group '${rgName}' was not found.`,
            ),
          );
        }
        send(res, 200, view(kind, existing.body, method, query, false), etagHeader(existing.body));
        return 200;
      }
      case "DELETE": {
        const ifMatch = req.headers["if-match"];
        if (typeof ifMatch === "string" && (!existing || !etagMatches(ifMatch, existing.body.etag))) {
          return sendError(
            res,
            err(
              412,
              "PreconditionFailed",
              "The If-Match condition does not match the resource's current etag.",
            ),
          );
        }
        if (!existing) {
          send(res, 204, undefined);
          return 204;
        }
        store.delete(key);
        send(res, 200, undefined);
        return 200;
      }
      case "PUT":
        return put(req, res, { kind, parent, name, id, key, existing, apiVersion, segs, query, rgName });
      default:
        return sendError(
          res,
          err(405, "MethodNotAllowed", `The emulator does not support ${method} on ${kind.armType}.`),
        );
    }
  }

  function etagHeader(body: Record<string, unknown>): Record<string, string> {
    return typeof body.etag === "string" ? { etag: body.etag } : {};
  }

  function list(
    res: ServerResponse,
    kindName: string,
    kind: KindDef | undefined,
    parentKey: string,
    collectionPath: string,
    apiVersion: string,
    query: URLSearchParams,
  ): number {
    let items = store.list(kindName, parentKey).map((r) => r.body);
    const category = query.get("category");
    if (kindName === "workbooks" && category) {
      items = items.filter(
        (b) =>
          String((b.properties as Record<string, unknown>)?.category ?? "").toLowerCase() ===
          category.toLowerCase(),
      );
    }
    const skip = Number.parseInt(query.get("$skipToken") ?? "0", 10);
    const start = Number.isFinite(skip) && skip > 0 ? skip : 0;
    const page = items.slice(start, start + pageSize).map((b) => view(kind, b, "GET", query, true));
    const body: Record<string, unknown> = { value: page };
    if (start + pageSize < items.length) {
      const q = new URLSearchParams(query);
      q.set("api-version", apiVersion);
      q.set("$skipToken", String(start + pageSize));
      body.nextLink = `${baseUrl}${collectionPath}?${q.toString()}`;
    }
    send(res, 200, body);
    return 200;
  }

  async function handleResourceGroup(
    req: IncomingMessage,
    res: ServerResponse,
    sub: string,
    name: string,
    existing: StoredResource | undefined,
  ): Promise<number> {
    switch (req.method) {
      case "HEAD": // resourceGroups.checkExistence
        send(res, existing ? 204 : 404, undefined);
        return existing ? 204 : 404;
      case "GET":
        if (!existing)
          return sendError(
            res,
            err(404, "ResourceGroupNotFound", `Resource group '${name}' could not be found.`),
          );
        send(res, 200, existing.body);
        return 200;
      case "DELETE":
        if (!existing) {
          send(res, 204, undefined);
          return 204;
        }
        store.delete(existing.key);
        send(res, 200, undefined);
        return 200;
      case "PUT": {
        const json = parseJsonObject(await readBody(req));
        if ("error" in json) return sendError(res, json.error);
        const parsed = json.value;
        const location = typeof parsed.location === "string" ? normLocation(parsed.location) : undefined;
        if (!location)
          return sendError(
            res,
            err(400, "LocationRequired", "The location property is required for this definition."),
          );
        const id = existing?.id ?? rgId(sub, name);
        const body: Record<string, unknown> = {
          id,
          name: existing?.body.name ?? name,
          type: "Microsoft.Resources/resourceGroups",
          location,
          ...(parsed.tags !== undefined ? { tags: parsed.tags } : {}),
          properties: { provisioningState: "Succeeded" },
        };
        store.put({
          key: id.toLowerCase(),
          id,
          kind: "resourceGroups",
          parentKey: `/subscriptions/${sub}`.toLowerCase(),
          body,
        });
        send(res, existing ? 200 : 201, body);
        return existing ? 200 : 201;
      }
      default:
        return sendError(
          res,
          err(405, "MethodNotAllowed", `The emulator does not support ${req.method} on resource groups.`),
        );
    }
  }

  function parseJsonObject(buf: Buffer): { value: Record<string, unknown> } | { error: ArmError } {
    const text = buf.toString("utf8");
    const bad = (why: string) => ({
      error: err(
        400,
        "InvalidRequestContent",
        `The request content was invalid and could not be deserialized: ${why}`,
      ),
    });
    if (!text.trim()) return bad("the body is empty.");
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      return bad((e as Error).message);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      return bad("expected a JSON object.");
    return { value: parsed as Record<string, unknown> };
  }

  function normLocation(l: string): string {
    return l.replace(/\s+/g, "").toLowerCase();
  }

  async function put(
    req: IncomingMessage,
    res: ServerResponse,
    c: {
      kind: KindDef;
      parent: StoredResource;
      name: string;
      id: string;
      key: string;
      existing: StoredResource | undefined;
      apiVersion: string;
      segs: string[];
      query: URLSearchParams;
      rgName: string;
    },
  ): Promise<number> {
    const { kind, name, key, existing, apiVersion } = c;
    const id = existing?.id ?? c.id;
    const location = String(c.parent.body.location ?? DEFAULT_LOCATION);
    // 1. api-version must have a spec (for types the emulator validates)
    const versions = specs.apiVersions(kind.typeKey);
    const op = specs.operation(kind.typeKey, apiVersion);
    if (versions.length > 0 && !op) {
      return sendError(
        res,
        err(
          400,
          "NoRegisteredProviderFound",
          `No registered resource provider found for location '${location}' and API version '${apiVersion}' for type '${kind.armType.split("/").slice(1).join("/")}'. The supported api-versions are '${versions.join(", ")}'.`,
        ),
      );
    }
    // 2. body
    const json = parseJsonObject(await readBody(req));
    if ("error" in json) return sendError(res, json.error);
    const input = json.value;
    // 3. spec validation (path parameters, then body)
    if (op && validateBodies) {
      const pathErrors = specs.validatePathParams(op, c.segs);
      if (pathErrors.length) {
        return sendError(
          res,
          err(
            400,
            "InvalidResourceName",
            `The resource name or path is invalid (${op.file}, api-version ${apiVersion}): ${pathErrors.map((d) => `${d.path}: ${d.message}`).join("; ")}`,
            {
              details: pathErrors,
            },
          ),
        );
      }
      const result = specs.validateBody(op, input);
      if (!result.ok) {
        const summary = result.details.map((d) => `${d.path}: ${d.message}`).join("; ");
        return sendError(
          res,
          err(
            400,
            "InvalidRequestContent",
            `The request content does not match ${result.schemaRef} (api-version ${apiVersion}): ${summary}`,
            {
              details: result.details,
            },
          ),
        );
      }
    }
    // 4. tracked resources need a location
    let newLocation: string | undefined;
    if (kind.tracked) {
      if (typeof input.location !== "string" || !input.location.trim()) {
        return sendError(
          res,
          err(400, "LocationRequired", "The location property is required for this definition."),
        );
      }
      newLocation = normLocation(input.location);
      if (existing && typeof existing.body.location === "string" && existing.body.location !== newLocation) {
        return sendError(
          res,
          err(
            400,
            "InvalidResourceLocation",
            `The resource '${name}' already exists in location '${existing.body.location}'. A resource with the same name cannot be created in location '${newLocation}'.`,
          ),
        );
      }
    }
    // 5. resource-type rules beyond the spec
    const semantic = kind.check?.(input, name);
    if (semantic) return sendError(res, err(400, semantic.code, semantic.message));
    // 6. preconditions
    const ifMatch = req.headers["if-match"];
    if (typeof ifMatch === "string" && (!existing || !etagMatches(ifMatch, existing.body.etag))) {
      return sendError(
        res,
        err(412, "PreconditionFailed", "The If-Match condition does not match the resource's current etag."),
      );
    }
    const ifNoneMatch = req.headers["if-none-match"];
    if (ifNoneMatch === "*" && existing) {
      return sendError(
        res,
        err(412, "PreconditionFailed", `The resource '${name}' already exists (If-None-Match: *).`),
      );
    }
    if (
      existing &&
      typeof input.etag === "string" &&
      input.etag !== "*" &&
      !etagMatches(input.etag, existing.body.etag)
    ) {
      return sendError(
        res,
        err(
          409,
          "Conflict",
          `The etag in the request body (${input.etag}) does not match the current etag of '${name}' (${String(existing.body.etag)}): the resource was changed since it was read.`,
        ),
      );
    }
    // 7. store
    const now = nowIso();
    // what the server sets itself; a client's values for these are ignored, as ARM does
    const rest = structuredClone(input);
    for (const k of ["id", "name", "type", "etag", "systemData", "location"]) delete rest[k];
    const body: Record<string, unknown> = {
      id,
      name: existing?.body.name ?? name,
      type: kind.armType,
      etag: newEtag(key),
      ...(newLocation ? { location: newLocation } : {}),
      ...rest,
    };
    kind.decorate?.(body, { now, existing: existing?.body, key, name, tenantId, principalId });
    body.systemData = systemData(existing?.body.systemData, now, clientId);
    const lro = kind.lro === true;
    if (lro) (body.properties as Record<string, unknown>).provisioningState = "Updating";
    store.put({ key, id, kind: kind.name, parentKey: c.parent.key, body });
    if (lro) {
      opCounter++;
      const opId = guidOf(`op|${key}|${store.seq}|${opCounter}`);
      operations.set(opId, { remaining: lroPolls, resourceKey: key, startTime: now, status: "InProgress" });
      const provider = kind.armType.split("/")[0];
      const sub = id.split("/")[2];
      const opUrl = `${baseUrl}/subscriptions/${sub}/providers/${provider}/locations/${location}/operationStatuses/${opId}?api-version=${apiVersion}`;
      send(res, 202, undefined, { "azure-asyncoperation": opUrl, etag: String(body.etag) });
      return 202;
    }
    // a spec that declares no 201 (SavedSearches) answers 200 on create too; the SDKs reject a 201 there
    const status = existing || (op && !op.responseStatuses.includes("201")) ? 200 : 201;
    send(res, status, view(kind, body, "PUT", c.query, false), etagHeader(body));
    return status;
  }

  // ------------------------------------------------------------------ Logs Ingestion data plane
  /** POST /dataCollectionRules/{immutableId}/streams/{stream}?api-version=2023-01-01 (gzip or plain JSON array). */
  async function handleIngestion(
    req: IncomingMessage,
    res: ServerResponse,
    segs: string[],
    query: URLSearchParams,
  ): Promise<number> {
    const auth = authenticate(req, [MONITOR_AUDIENCE]);
    if ("status" in auth) return sendError(res, auth);
    if (!query.get("api-version")) {
      return sendError(
        res,
        err(
          400,
          "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.",
        ),
      );
    }
    if (req.method !== "POST" || segs.length !== 4 || segs[2]!.toLowerCase() !== "streams") {
      return sendError(
        res,
        err(404, "NotFound", `The path '/${segs.join("/")}' is not a Logs Ingestion endpoint.`),
      );
    }
    const immutableId = decodeSeg(segs[1]!);
    const stream = decodeSeg(segs[3]!);
    const dcr = [...store.all()].find(
      (r) =>
        r.kind === "dataCollectionRules" &&
        (r.body.properties as Record<string, unknown>)?.immutableId === immutableId,
    );
    if (!dcr)
      return sendError(
        res,
        err(404, "NotFound", `Data collection rule with immutable Id '${immutableId}' not found.`),
      );
    const p = dcr.body.properties as Record<string, unknown>;
    const declared = Object.keys((p.streamDeclarations ?? {}) as Record<string, unknown>);
    const flows = Array.isArray(p.dataFlows) ? (p.dataFlows as Array<{ streams?: unknown }>) : [];
    const known = new Set([
      ...declared,
      ...flows.flatMap((f) => (Array.isArray(f.streams) ? f.streams.map(String) : [])),
    ]);
    if (!known.has(stream)) {
      return sendError(
        res,
        err(
          400,
          "InvalidStream",
          `Stream '${stream}' is not declared in data collection rule '${immutableId}' (declared: ${[...known].join(", ") || "none"}).`,
        ),
      );
    }
    let raw = await readBody(req);
    if (String(req.headers["content-encoding"] ?? "").toLowerCase() === "gzip") {
      try {
        raw = gunzipSync(raw);
      } catch {
        return sendError(res, err(400, "InvalidContentEncoding", "The gzip body could not be decompressed."));
      }
    }
    let rows: unknown;
    try {
      rows = JSON.parse(raw.toString("utf8"));
    } catch {
      rows = undefined;
    }
    if (!Array.isArray(rows))
      return sendError(res, err(400, "InvalidPayload", "The request body must be a JSON array of records."));
    ingestedBatches.push({ dcrImmutableId: immutableId, stream, rows });
    send(res, 204, undefined);
    return 204;
  }

  // ------------------------------------------------------------------ admin
  async function handleAdmin(req: IncomingMessage, res: ServerResponse, segs: string[]): Promise<void> {
    const action = segs[1] ?? "";
    if (req.method === "GET" && action === "requests") return send(res, 200, recorded);
    if (req.method === "POST" && action === "reset-requests") {
      recorded = [];
      return send(res, 204, undefined);
    }
    if (req.method === "GET" && action === "state") return send(res, 200, store.snapshot());
    if (req.method === "GET" && action === "ingested") return send(res, 200, ingestedBatches);
    if (req.method === "GET" && action === "faults")
      return send(res, 200, { rate: faultRate, kinds: faultKinds, latencyMs });
    if (req.method === "POST" && action === "faults") {
      const json = parseJsonObject(await readBody(req));
      if ("error" in json) return void sendError(res, json.error);
      const problem = setFaults(json.value as FaultSettings);
      if (problem) return void sendError(res, err(400, "InvalidFaultSettings", problem));
      return send(res, 200, { rate: faultRate, kinds: faultKinds, latencyMs });
    }
    if (req.method === "GET" && action === "info") {
      return send(res, 200, {
        url: baseUrl,
        caCertPath: certs.caCertPath,
        tenantId,
        clientId,
        subscriptionId: seeds[0]?.subscriptionId ?? DEFAULT_SUBSCRIPTION_ID,
        specs: specs.coverage(),
      });
    }
    sendError(res, err(404, "NotFound", `Unknown admin endpoint ${req.method} /${segs.join("/")}.`));
  }

  function setFaults(f: FaultSettings): string | undefined {
    const problem = validateFaults(f);
    if (problem) return problem;
    if (f.rate !== undefined) faultRate = f.rate;
    if (f.kinds !== undefined) faultKinds = [...f.kinds];
    if (f.latencyMs !== undefined) latencyMs = f.latencyMs;
    return undefined;
  }

  // ------------------------------------------------------------------ dispatcher
  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? "/";
    const q = raw.indexOf("?");
    // never resolve req.url against a base URL: `//subscriptions/...` would become a host
    const segs = (q >= 0 ? raw.slice(0, q) : raw).split("/").filter(Boolean);
    const query = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : "");
    const pathNorm = `/${segs.join("/")}`;
    if (segs[0] === "__emulator") return handleAdmin(req, res, segs);

    const method = req.method ?? "GET";
    const first = segs[0]?.toLowerCase();
    const area: RecordedRequest["area"] =
      first === "subscriptions" ? "arm" : first === "datacollectionrules" ? "ingestion" : "entra";
    const rec: RecordedRequest = {
      method,
      path: pathNorm,
      apiVersion: query.get("api-version") ?? undefined,
      status: 0,
      isWrite: area !== "entra" && method !== "GET" && method !== "HEAD",
      area,
    };
    recorded.push(rec);
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (area === "entra") {
      rec.status = await handleEntra(req, res, segs, query);
      return;
    }
    // faults come first: a failed request never changes state, so retrying clients converge
    const fault = drawFault();
    if (fault) {
      rec.fault = fault;
      if (fault === "reset") {
        rec.status = 0;
        req.socket.destroy();
        return;
      }
      const note = "(fault injected by the ARM emulator)";
      if (fault === "429") {
        rec.status = sendError(
          res,
          err(429, "TooManyRequests", `The request is being throttled. ${note}`, {
            headers: { "retry-after": "0" },
          }),
        );
      } else if (fault === "503") {
        rec.status = sendError(
          res,
          err(503, "ServiceUnavailable", `The service is temporarily unavailable. ${note}`, {
            headers: { "retry-after": "0" },
          }),
        );
      } else {
        rec.status = sendError(
          res,
          err(500, "InternalServerError", `An internal server error occurred. ${note}`),
        );
      }
      return;
    }
    rec.status =
      area === "ingestion"
        ? await handleIngestion(req, res, segs, query)
        : await handleArm(req, res, segs, query, rec);
  }

  // ------------------------------------------------------------------ server
  const sockets = new Set<Socket>();
  const server = https.createServer({ key: certs.serverKeyPem, cert: certs.serverCertPem }, (req, res) => {
    dispatch(req, res).catch((e: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        sendError(res, err(500, "InternalServerError", `ARM emulator bug: ${(e as Error).message}`));
      }
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("secureConnection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `https://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;

  return {
    url: baseUrl,
    port,
    caCertPath: certs.caCertPath,
    caCertPem: certs.caCertPem,
    tenantId,
    clientId,
    clientSecret,
    requests: () => recorded.map((r) => ({ ...r })),
    resetRequests: () => {
      recorded = [];
    },
    setFaults: (f) => {
      const problem = setFaults(f);
      if (problem) throw new Error(`invalid fault settings: ${problem}`);
    },
    state: () => store.snapshot(),
    ingested: () => structuredClone(ingestedBatches),
    issueToken: (scope = "https://management.azure.com/.default") =>
      issueToken({
        tenantId,
        clientId,
        audience: scope.replace(/\/\.default$/, ""),
        lifetimeSec: tokenLifetimeSec,
        nowMs: Date.now(),
        key,
      }).token,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }).then(() => {
        store.flush();
        if (ownCertDir) rmSync(certDir, { recursive: true, force: true });
      });
      return closed;
    },
  };
}

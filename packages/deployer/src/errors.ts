/**
 * Errors a user can meet, in plain words. `describeError` turns whatever an SDK, the pipeline or
 * Node threw into a `DeployError` that names the item, the cause and what to do about it; every
 * message is passed through `redact`.
 */
import { redact } from "./redact.js";

export type FailureCategory =
  /** Bad input: targets file, unknown solution, workspace / resource group not found. Exit 2. */
  | "input"
  /** No credential, authentication failed, token rejected. Exit 2. */
  | "credential"
  /** 403: the identity lacks a role. */
  | "permission"
  /** The api-version (or resource type) is not available where the workspace lives. */
  | "api-version"
  /** 400 from the service: the body was rejected. */
  | "bad-request"
  /** 409/412: somebody else changed the resource concurrently. */
  | "conflict"
  /** Retries exhausted on 429 / 5xx. */
  | "service"
  /** Endpoint unreachable, TLS not trusted. */
  | "network"
  /** The user interrupted the run. */
  | "cancelled"
  | "internal";

export interface ItemRef {
  id: string;
  type: string;
  displayName?: string;
  contentKind?: string;
}

export class DeployError extends Error {
  readonly category: FailureCategory;
  readonly hint?: string;
  readonly status?: number;
  readonly code?: string;
  /** JSON path of the offending field, when the service names it. */
  readonly field?: string;
  /** For a 403: the action ARM refused, where, and the role that grants it. */
  readonly permission?: MissingPermission;
  constructor(
    category: FailureCategory,
    message: string,
    extra: {
      hint?: string;
      status?: number;
      code?: string;
      field?: string;
      cause?: unknown;
      permission?: MissingPermission;
    } = {},
  ) {
    super(redact(message));
    this.name = "DeployError";
    this.category = category;
    if (extra.hint !== undefined) this.hint = redact(extra.hint);
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.code !== undefined) this.code = extra.code;
    if (extra.field !== undefined) this.field = extra.field;
    if (extra.permission !== undefined) this.permission = extra.permission;
  }

  /**
   * Input, credential and connectivity problems exit 2 when they stop a target before anything
   * was written; failures of items during a deploy exit 1.
   */
  get exitCode(): 1 | 2 {
    return this.category === "input" || this.category === "credential" || this.category === "network" ? 2 : 1;
  }
}

export interface MissingPermission {
  /** e.g. Microsoft.OperationalInsights/workspaces/tables/write */
  action: string;
  /** The resource (or collection) the action was refused on. */
  scope: string;
  role: string;
}

export interface ErrorContext {
  item?: ItemRef;
  /** What was being done: "list", "read", "create", "update", "delete". */
  operation?: string;
  endpoint?: string;
  subscriptionId?: string;
  resourceGroup?: string;
  workspace?: string;
  location?: string;
  apiVersion?: string;
  /** Credential sources tried, for credential failures. */
  credentialTried?: string[];
}

interface ArmErrorBody {
  code?: string;
  message?: string;
  target?: string;
  details?: ArmErrorBody[];
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "DNS lookup failed",
  ETIMEDOUT: "connection timed out",
  ESOCKETTIMEDOUT: "socket timed out",
  ECONNRESET: "connection reset",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  EPIPE: "connection closed",
};

const TLS_CODES = new Set([
  "CERT_SIGNATURE_FAILURE",
  "CERT_UNTRUSTED",
  "CERT_NOT_YET_VALID",
  "UNABLE_TO_GET_ISSUER_CERT",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

const ONBOARDING = /not (been )?onboarded|onboard(ing)? (to|state)|Microsoft Sentinel is not enabled/i;
const ONBOARDING_HINT =
  "Microsoft Sentinel is not enabled on this workspace: add it in the portal (or PUT onboardingStates/default) first.";

/** Role needed to write a resource type. */
export function roleFor(type: string): string {
  const t = type.toLowerCase();
  if (t.endsWith("workspaces/tables")) {
    return "Log Analytics Contributor (or a custom role with Microsoft.OperationalInsights/workspaces/tables/write)";
  }
  if (t.includes("datacollectionrules") || t.includes("datacollectionendpoints"))
    return "Monitoring Contributor";
  return "Microsoft Sentinel Contributor";
}

function itemName(item: ItemRef | undefined): string {
  if (!item) return "";
  const kind = item.contentKind ?? item.type.split("/").pop() ?? item.type;
  return item.displayName ? `${kind} '${item.displayName}'` : `${kind} ${item.id}`;
}

function armErrorOf(error: unknown): ArmErrorBody | undefined {
  const e = error as { details?: unknown; response?: { bodyAsText?: string; parsedBody?: unknown } };
  const candidates: unknown[] = [e.details, e.response?.parsedBody];
  if (e.response?.bodyAsText) {
    try {
      candidates.push(JSON.parse(e.response.bodyAsText));
    } catch {
      /* not JSON */
    }
  }
  for (const c of candidates) {
    if (c && typeof c === "object") {
      const obj = c as { error?: ArmErrorBody; code?: string; message?: string };
      if (obj.error && typeof obj.error === "object") return obj.error;
      if (typeof obj.code === "string" || typeof obj.message === "string") return obj as ArmErrorBody;
    }
  }
  return undefined;
}

function flattenDetails(body: ArmErrorBody): string[] {
  const out: string[] = [];
  for (const d of body.details ?? []) {
    const where = d.target ? ` (at ${d.target})` : "";
    if (d.message) out.push(`${d.code ? `${d.code}: ` : ""}${d.message}${where}`);
    out.push(...flattenDetails(d));
  }
  return out;
}

/** Finds the field a 400 is about: `target`, a detail's target, or a path quoted in the message. */
function fieldOf(body: ArmErrorBody): string | undefined {
  if (body.target) return body.target;
  for (const d of body.details ?? []) {
    const f = fieldOf(d);
    if (f) return f;
  }
  const m = /\b((?:properties|kind|location|etag|tags)(?:[.[][A-Za-z0-9_\]'".[-]*)?)/.exec(
    body.message ?? "",
  );
  return m?.[1]?.replace(/[.'"]+$/, "");
}

function systemCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (NETWORK_CODES[code] || TLS_CODES.has(code))) return code;
    e = (e as { cause?: unknown }).cause;
  }
  const text = error instanceof Error ? error.message : String(error);
  for (const code of [...Object.keys(NETWORK_CODES), ...TLS_CODES]) if (text.includes(code)) return code;
  if (/self[- ]signed certificate|unable to verify the first certificate/i.test(text))
    return "SELF_SIGNED_CERT_IN_CHAIN";
  if (/socket hang up/i.test(text)) return "ECONNRESET";
  return undefined;
}

function networkError(code: string, ctx: ErrorContext): DeployError {
  const where = ctx.endpoint ? ` ${ctx.endpoint}` : " the ARM endpoint";
  if (TLS_CODES.has(code)) {
    return new DeployError("network", `The TLS certificate of${where} is not trusted (${code}).`, {
      code,
      hint:
        code === "CERT_SIGNATURE_FAILURE"
          ? "The certificate was not signed by the CA you trust: --ca names another CA (another emulator's?). Pass the CA file this endpoint printed when it started."
          : "For the local emulator pass its CA with --ca FILE (printed when it starts).",
    });
  }
  return new DeployError("network", `Cannot reach${where}: ${NETWORK_CODES[code] ?? code}.`, {
    code,
    hint: ctx.endpoint
      ? "Check --endpoint (is the emulator running?) and your network or proxy settings."
      : "Check your network or proxy settings (HTTPS_PROXY).",
  });
}

function isCredentialError(error: unknown): boolean {
  const name = (error as { name?: string })?.name ?? "";
  return /CredentialUnavailableError|AuthenticationError|AggregateAuthenticationError|AuthenticationRequiredError/.test(
    name,
  );
}

export function describeCredentialError(error: unknown, ctx: ErrorContext): DeployError {
  const name = (error as { name?: string })?.name ?? "";
  const raw = error instanceof Error ? error.message : String(error);
  const sys = systemCode(error);
  if (sys && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|CERT|SIGNED/.test(sys)) {
    const net = networkError(sys, ctx);
    return new DeployError("credential", `Authentication failed: ${net.message}`, {
      hint: net.hint,
      code: sys,
    });
  }
  const tried = ctx.credentialTried ?? [];
  if (name === "CredentialUnavailableError" || name === "AggregateAuthenticationError") {
    const reasons =
      name === "AggregateAuthenticationError"
        ? ((error as { errors?: unknown[] }).errors ?? []).map((e) =>
            firstLine(e instanceof Error ? e.message : String(e)),
          )
        : [firstLine(raw)];
    return new DeployError(
      "credential",
      `No Azure credential found. Tried: ${tried.join("; ") || "the configured credential"}.` +
        (reasons.length ? `\n  ${reasons.map((r) => `- ${r}`).join("\n  ")}` : ""),
      {
        hint: "Run `az login` (then --credential cli), set AZURE_TENANT_ID/AZURE_CLIENT_ID with a federated token (--credential workload), or in GitHub Actions use azure/login with OIDC.",
      },
    );
  }
  const aadCode = /\b(AADSTS\d+)\b/.exec(raw)?.[1];
  const expired = /expired|AADSTS700024|AADSTS7000222|AADSTS70008/i.test(raw);
  return new DeployError(
    "credential",
    `Authentication failed${aadCode ? ` (${aadCode})` : ""}: ${firstLine(raw)}`,
    {
      hint: expired
        ? "The credential has expired: renew the client secret / federated credential, or run `az login` again."
        : "Check the tenant, client id and secret or federated credential; with the Azure CLI run `az login` again.",
    },
  );
}

function firstLine(text: string): string {
  const line = text.split("\n").find((l) => l.trim()) ?? text;
  return line.length > 400 ? `${line.slice(0, 400)}...` : line.trim();
}

/** Converts anything thrown by a request into a DeployError with a plain message. */
/** What a failed ARM call said, read once for every kind of failure below. */
interface ServiceFailure {
  status?: number;
  code?: string;
  body?: ArmErrorBody;
  /** The service's message (or the error's). */
  message: string;
  /** The service's words for a message: `Code: first line` and the detail lines. */
  said: string;
  /** The item's name, or "". */
  what: string;
  /** The operation and the item: `create analytics rule 'X'`. */
  about: string;
}

function readFailure(error: unknown, ctx: ErrorContext): ServiceFailure {
  const body = armErrorOf(error);
  const code = body?.code;
  const message = body?.message ?? (error instanceof Error ? error.message : String(error));
  const details = body ? flattenDetails(body) : [];
  const what = itemName(ctx.item);
  const op = ctx.operation ?? "request";
  const status = (error as { statusCode?: number }).statusCode;
  return {
    ...(status ? { status } : {}),
    ...(code ? { code } : {}),
    ...(body ? { body } : {}),
    message,
    said: `${code ? `${code}: ` : ""}${firstLine(message)}${details.length ? `\n  ${details.map((d) => `- ${firstLine(d)}`).join("\n  ")}` : ""}`,
    what,
    about: what ? `${op} ${what}` : op,
  };
}

/** The status and code of a failure, for the DeployError's fields. */
function statusAndCode(f: ServiceFailure): { status?: number; code?: string } {
  return { ...(f.status ? { status: f.status } : {}), ...(f.code ? { code: f.code } : {}) };
}

const API_VERSION_CODES =
  /^(NoRegisteredProviderFound|InvalidApiVersionParameter|InvalidResourceType|UnsupportedApiVersion|ApiVersionNotSupported|InvalidResourceNamespace|LocationNotAvailableForResourceType|MissingSubscriptionRegistration)$/i;

/** 401 and 403: the token or the identity's roles. */
function accessDenied(f: ServiceFailure, ctx: ErrorContext): DeployError {
  if (f.status === 401) {
    return new DeployError("credential", `The service rejected the access token (${f.said}).`, {
      ...statusAndCode(f),
      hint: "The token may have expired or be for another tenant: run `az login` again or check AZURE_TENANT_ID.",
    });
  }
  const role = ctx.item ? roleFor(ctx.item.type) : "Microsoft Sentinel Contributor";
  const scope = ctx.resourceGroup ? ` on resource group '${ctx.resourceGroup}'` : "";
  const refused = /perform action '([^']+)' over scope '([^']+)'/.exec(f.message);
  return new DeployError("permission", `Permission denied: ${f.about} (${f.said}).`, {
    ...statusAndCode(f),
    ...(refused ? { permission: { action: refused[1]!, scope: refused[2]!, role } } : {}),
    hint: `Grant the deploying identity the ${role} role${scope}.${
      ctx.operation === "list" || ctx.operation === "read"
        ? " Planning needs at least Microsoft Sentinel Reader."
        : ""
    }`,
  });
}

/** The resource type or its api-version is not offered where the workspace lives. */
function unavailableApiVersion(f: ServiceFailure, ctx: ErrorContext): DeployError {
  const av = ctx.apiVersion ? ` api-version ${ctx.apiVersion}` : " this api-version";
  const region = ctx.location ? ` in region '${ctx.location}'` : "";
  return new DeployError(
    "api-version",
    `${f.about}: ${ctx.item?.type ?? "the resource type"} with${av} is not available${region} (${f.said}).`,
    {
      ...statusAndCode(f),
      hint: "The pinned api-versions live in packages/content/src/api-versions.ts (API_VERSIONS.live). Use a version the service lists as supported for this region, or register the resource provider.",
    },
  );
}

/** 404: a target named wrong (resource group, subscription, workspace) or a missing item. */
function notFound(f: ServiceFailure, ctx: ErrorContext): DeployError {
  if (f.code === "ResourceGroupNotFound") {
    return new DeployError("input", `Resource group '${ctx.resourceGroup ?? "?"}' not found (${f.said}).`, {
      ...statusAndCode(f),
      hint: "Check --resource-group (or `resourceGroup` in the targets file) and --subscription.",
    });
  }
  if (f.code === "SubscriptionNotFound" || f.code === "InvalidSubscriptionId") {
    return new DeployError("input", `Subscription '${ctx.subscriptionId ?? "?"}' not found (${f.said}).`, {
      ...statusAndCode(f),
      hint: "Check --subscription and that the identity has access to it.",
    });
  }
  if (
    f.code === "WorkspaceNotFound" ||
    (ctx.operation === "read workspace" && (!ctx.item || /workspaces$/i.test(ctx.item.type)))
  ) {
    return new DeployError(
      "input",
      `Workspace '${ctx.workspace ?? "?"}' not found in resource group '${ctx.resourceGroup ?? "?"}' (${f.said}).`,
      { ...statusAndCode(f), hint: "Check --workspace / --resource-group (names are case-insensitive)." },
    );
  }
  return new DeployError("bad-request", `Not found: ${f.about} (${f.said}).`, {
    ...statusAndCode(f),
    ...(ONBOARDING.test(f.message) ? { hint: ONBOARDING_HINT } : {}),
  });
}

/** 400 and 422: the body was refused, at a field when the service names one. */
function rejectedBody(f: ServiceFailure, ctx: ErrorContext): DeployError {
  const field = f.body ? fieldOf(f.body) : undefined;
  const id = ctx.item ? `\n  resource: ${ctx.item.id}` : "";
  return new DeployError(
    "bad-request",
    `The service rejected ${f.what || "the request"}${field ? ` at field '${field}'` : ""}: ${f.said}${id}`,
    {
      ...statusAndCode(f),
      ...(field ? { field } : {}),
      hint: ONBOARDING.test(f.message)
        ? ONBOARDING_HINT
        : "Fix the item's source file; `sentinelctl validate` catches most of these before deploy.",
    },
  );
}

/** 429 and 5xx once the retries are spent, and any other status. */
function serviceFailure(f: ServiceFailure & { status: number }): DeployError {
  if (f.status !== 429 && f.status < 500) {
    return new DeployError(
      "service",
      `${f.about} failed with HTTP ${f.status} (${f.said}).`,
      statusAndCode(f),
    );
  }
  return new DeployError(
    "service",
    `The service kept failing for ${f.about} after retries (HTTP ${f.status}: ${f.said}).`,
    {
      ...statusAndCode(f),
      hint:
        f.status === 429
          ? "Azure throttles per principal and region; retry later or lower --concurrency."
          : "The error is on the service's side; run again later (applied items are not redone). If it persists, check the Azure status page for the region.",
    },
  );
}

export function describeError(error: unknown, ctx: ErrorContext = {}): DeployError {
  if (error instanceof DeployError) return error;
  if (isCredentialError(error)) return describeCredentialError(error, ctx);
  const f = readFailure(error, ctx);
  const sys = systemCode(error);
  if (!f.status && sys) return networkError(sys, ctx);
  const { status } = f;
  if (status === 401 || status === 403) return accessDenied(f, ctx);
  if (f.code && API_VERSION_CODES.test(f.code)) return unavailableApiVersion(f, ctx);
  if (status === 404) return notFound(f, ctx);
  if (status === 400 || status === 422) return rejectedBody(f, ctx);
  if (status === 409 || status === 412) {
    return new DeployError("conflict", `Conflict: ${f.about} was changed concurrently (${f.said}).`, {
      ...statusAndCode(f),
      hint: "Run plan again and retry the deploy.",
    });
  }
  if (status) return serviceFailure({ ...f, status });
  return new DeployError("internal", `${f.about} failed: ${firstLine(f.message)}`);
}

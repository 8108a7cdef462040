/**
 * Entra ID on the emulator's server: OpenID configuration, instance discovery and the v2.0 token
 * endpoint for `client_credentials` (client secret or client assertion).
 */
import type { ServerResponse } from "node:http";
import { mintToken } from "./auth.js";
import type { EmulatorContext, SurfaceHandler } from "./context.js";
import { readBody } from "./http.js";
import { guidOf } from "./resources.js";
import { decodeJwtPayload } from "./tokens.js";

/** An Entra ID error answer: HTTP status, OAuth error, AADSTS code and its description. */
interface EntraFailure {
  status: number;
  error: string;
  code: number;
  description: string;
}

const failure = (status: number, error: string, code: number, description: string): EntraFailure => ({
  status,
  error,
  code,
  description,
});

function entraError(ctx: EmulatorContext, res: ServerResponse, f: EntraFailure): number {
  const now = new Date()
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
  ctx.http.send(res, f.status, {
    error: f.error,
    error_description: `AADSTS${f.code}: ${f.description} Trace ID: ${guidOf(`trace|${ctx.http.count}`)} Timestamp: ${now}`,
    error_codes: [f.code],
    timestamp: now,
  });
  return f.status;
}

function openIdConfig(baseUrl: string, tenant: string): Record<string, unknown> {
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

const GENERIC_TENANTS = ["organizations", "common"];

export const handleEntra: SurfaceHandler = async (ctx, req, res, segs, query) => {
  const lower = segs.map((s) => s.toLowerCase());
  const tenant = segs[0] ?? "";
  if (req.method === "GET" && lower.at(-1) === "openid-configuration") {
    if (!knownTenant(ctx, tenant))
      return entraError(ctx, res, failure(400, "invalid_tenant", 90002, `Tenant '${tenant}' not found.`));
    ctx.http.send(res, 200, openIdConfig(ctx.baseUrl, tenant));
    return 200;
  }
  if (req.method === "GET" && lower.join("/").endsWith("discovery/instance")) {
    ctx.http.send(res, 200, instanceDiscovery(ctx, query));
    return 200;
  }
  if (req.method === "GET" && lower.at(-1) === "keys") {
    ctx.http.send(res, 200, { keys: [] });
    return 200;
  }
  if (req.method === "POST" && lower[1] === "oauth2" && lower.at(-1) === "token") {
    const form = new URLSearchParams((await readBody(req)).toString("utf8"));
    const audience = tokenAudience(ctx, tenant, form);
    if (typeof audience !== "string") return entraError(ctx, res, audience);
    ctx.http.send(res, 200, tokenAnswer(ctx, audience));
    return 200;
  }
  return entraError(
    ctx,
    res,
    failure(
      404,
      "invalid_request",
      900561,
      "The endpoint only accepts the requests the ARM emulator implements.",
    ),
  );
};

/** The emulator's own tenant, or a multi-tenant alias (OpenID configuration only; the token endpoint refuses those). */
function knownTenant({ identity }: EmulatorContext, tenant: string): boolean {
  const lower = tenant.toLowerCase();
  return lower === identity.tenantId.toLowerCase() || GENERIC_TENANTS.includes(lower);
}

function instanceDiscovery(
  { baseUrl, identity }: EmulatorContext,
  query: URLSearchParams,
): Record<string, unknown> {
  const host = new URL(baseUrl).host;
  const endpoint =
    query.get("authorization_endpoint") ?? `${baseUrl}/${identity.tenantId}/oauth2/v2.0/authorize`;
  const t = /^https?:\/\/[^/]+\/([^/]+)\//.exec(endpoint)?.[1] ?? identity.tenantId;
  return {
    tenant_discovery_endpoint: `${baseUrl}/${t}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}

/**
 * The audience a valid `client_credentials` request asks a token for (its `.default` scope's
 * resource), or the first reason Entra would refuse the request.
 */
function tokenAudience(ctx: EmulatorContext, tenant: string, form: URLSearchParams): string | EntraFailure {
  if (!knownTenant(ctx, tenant) || GENERIC_TENANTS.includes(tenant.toLowerCase())) {
    return failure(
      400,
      "invalid_request",
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`,
    );
  }
  const grant = form.get("grant_type");
  if (grant !== "client_credentials") {
    return failure(
      400,
      "unsupported_grant_type",
      70003,
      `The app requested an unsupported grant type '${grant ?? ""}'.`,
    );
  }
  const cid = form.get("client_id") ?? "";
  if (cid.toLowerCase() !== ctx.identity.clientId.toLowerCase()) {
    return failure(
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${cid}' was not found in the directory '${tenant}'.`,
    );
  }
  const refused = refuseClientProof(ctx, form);
  if (refused) return refused;
  const scope = (form.get("scope") ?? "").split(/\s+/).find((s) => s.endsWith("/.default"));
  if (!scope) {
    return failure(
      400,
      "invalid_scope",
      1002012,
      "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.",
    );
  }
  return scope.slice(0, -"/.default".length);
}

/** The client's proof of identity: its secret, or a signed assertion that has not expired. */
function refuseClientProof({ identity }: EmulatorContext, form: URLSearchParams): EntraFailure | undefined {
  const secret = form.get("client_secret");
  const assertion = form.get("client_assertion");
  if (secret !== null) {
    if (secret === identity.clientSecret) return undefined;
    return failure(
      401,
      "invalid_client",
      7000215,
      "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
    );
  }
  if (assertion === null) {
    return failure(
      401,
      "invalid_client",
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  const payload = decodeJwtPayload(assertion);
  const exp = typeof payload?.exp === "number" ? payload.exp : undefined;
  if (
    !payload ||
    form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
  ) {
    return failure(401, "invalid_client", 50027, "JWT token is invalid or malformed.");
  }
  if (exp !== undefined && exp * 1000 < Date.now()) {
    return failure(401, "invalid_client", 700024, "Client assertion is not within its valid time range.");
  }
  return undefined;
}

function tokenAnswer(ctx: EmulatorContext, audience: string): Record<string, unknown> {
  const { tokenLifetimeSec } = ctx.identity;
  return {
    token_type: "Bearer",
    expires_in: tokenLifetimeSec,
    ext_expires_in: tokenLifetimeSec,
    access_token: mintToken(ctx.identity, audience),
  };
}

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

function entraError(
  ctx: EmulatorContext,
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
  ctx.http.send(res, status, {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${guidOf(`trace|${ctx.http.count}`)} Timestamp: ${now}`,
    error_codes: [code],
    timestamp: now,
  });
  return status;
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

export const handleEntra: SurfaceHandler = async (ctx, req, res, segs, query) => {
  const { baseUrl } = ctx;
  const { tenantId, clientId, clientSecret, tokenLifetimeSec } = ctx.identity;
  const lower = segs.map((s) => s.toLowerCase());
  const tenant = segs[0] ?? "";
  const tenantOk =
    tenant.toLowerCase() === tenantId.toLowerCase() ||
    ["organizations", "common"].includes(tenant.toLowerCase());
  if (req.method === "GET" && lower.at(-1) === "openid-configuration") {
    if (!tenantOk) return entraError(ctx, res, 400, "invalid_tenant", 90002, `Tenant '${tenant}' not found.`);
    ctx.http.send(res, 200, openIdConfig(ctx.baseUrl, tenant));
    return 200;
  }
  if (req.method === "GET" && lower.join("/").endsWith("discovery/instance")) {
    const host = new URL(baseUrl).host;
    const endpoint = query.get("authorization_endpoint") ?? `${baseUrl}/${tenantId}/oauth2/v2.0/authorize`;
    const t = /^https?:\/\/[^/]+\/([^/]+)\//.exec(endpoint)?.[1] ?? tenantId;
    ctx.http.send(res, 200, {
      tenant_discovery_endpoint: `${baseUrl}/${t}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
    return 200;
  }
  if (req.method === "GET" && lower.at(-1) === "keys") {
    ctx.http.send(res, 200, { keys: [] });
    return 200;
  }
  if (req.method === "POST" && lower[1] === "oauth2" && lower.at(-1) === "token") {
    const form = new URLSearchParams((await readBody(req)).toString("utf8"));
    if (!tenantOk || ["organizations", "common"].includes(tenant.toLowerCase())) {
      return entraError(
        ctx,
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
        ctx,
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
        ctx,
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
          ctx,
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
        return entraError(ctx, res, 401, "invalid_client", 50027, "JWT token is invalid or malformed.");
      }
      if (exp !== undefined && exp * 1000 < Date.now()) {
        return entraError(
          ctx,
          res,
          401,
          "invalid_client",
          700024,
          "Client assertion is not within its valid time range.",
        );
      }
    } else {
      return entraError(
        ctx,
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
        ctx,
        res,
        400,
        "invalid_scope",
        1002012,
        "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.",
      );
    }
    const audience = scope.slice(0, -"/.default".length);
    const token = mintToken(ctx.identity, audience);
    ctx.http.send(res, 200, {
      token_type: "Bearer",
      expires_in: tokenLifetimeSec,
      ext_expires_in: tokenLifetimeSec,
      access_token: token,
    });
    return 200;
  }
  return entraError(
    ctx,
    res,
    404,
    "invalid_request",
    900561,
    "The endpoint only accepts the requests the ARM emulator implements.",
  );
};

/** Bearer tokens: minting (token endpoint, `emu.issueToken`) and checking on ARM and Logs Ingestion. */
import type { IncomingMessage } from "node:http";
import { ARM_AUDIENCES } from "./constants.js";
import type { EmulatorContext, Identity } from "./context.js";
import { type ArmError, armError } from "./http.js";
import type { Caller } from "./permissions.js";
import { decodeJwtPayload, issueToken, objectIdFor, verifyToken } from "./tokens.js";

/** A token of the emulator's identity for `audience` (a scope without `/.default`). */
export function mintToken(identity: Identity, audience: string): string {
  return issueToken({
    tenantId: identity.tenantId,
    clientId: identity.clientId,
    audience,
    lifetimeSec: identity.tokenLifetimeSec,
    nowMs: Date.now(),
    key: identity.key,
  }).token;
}

/**
 * Checks the `Authorization` header and returns the caller; the 401 answers carry ARM's
 * `WWW-Authenticate` challenge.
 */
export function authenticate(
  ctx: EmulatorContext,
  req: IncomingMessage,
  audiences: string[] = ARM_AUDIENCES,
): ArmError | Caller {
  const { identity } = ctx;
  const challenge = {
    "www-authenticate": `Bearer authorization_uri="${ctx.baseUrl}/${identity.tenantId}", error="invalid_token", error_description="The authentication failed."`,
  };
  const h = req.headers.authorization;
  if (!h) {
    return armError(
      401,
      "AuthenticationFailed",
      "Authentication failed. The 'Authorization' header is missing.",
      { headers: challenge },
    );
  }
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  if (!m) {
    return armError(
      401,
      "AuthenticationFailed",
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      { headers: challenge },
    );
  }
  if (identity.acceptAnyToken) {
    const claims = decodeJwtPayload(m[1]!);
    const clientId = typeof claims?.appid === "string" ? claims.appid : "static-token";
    return { clientId, objectId: typeof claims?.oid === "string" ? claims.oid : objectIdFor(clientId) };
  }
  const check = verifyToken(m[1]!, identity.key, audiences, Date.now());
  if (!check.ok) return armError(401, check.code, check.message, { headers: challenge });
  return { clientId: check.claims.appid, objectId: check.claims.oid };
}

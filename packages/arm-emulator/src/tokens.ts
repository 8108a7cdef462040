/**
 * Access tokens issued by the emulator's Entra endpoints: HS256 JWTs with the usual Entra v1
 * access-token claims (aud, iss, tid, appid, oid, iat, nbf, exp). The signing key is derived from
 * the tenant and client ids, so tokens stay valid across an emulator restart (a client keeps its
 * cached token), and the ARM surface can check signature, expiry and audience statelessly.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export interface TokenClaims {
  aud: string;
  iss: string;
  tid: string;
  appid: string;
  azp: string;
  oid: string;
  sub: string;
  idtyp: "app";
  ver: "1.0";
  iat: number;
  nbf: number;
  exp: number;
  [k: string]: unknown;
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString("base64url");

export function tokenKey(tenantId: string, clientId: string): Buffer {
  return createHash("sha256").update(`sentinelctl-arm-emulator|${tenantId}|${clientId}`).digest();
}

/** A stable fake object id for a client id. */
export function objectIdFor(clientId: string): string {
  const h = createHash("sha256").update(`oid|${clientId}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function signToken(claims: TokenClaims, key: Buffer): string {
  const head = b64url(JSON.stringify({ alg: "HS256", typ: "JWT", kid: "arm-emulator" }));
  const body = b64url(JSON.stringify(claims));
  const sig = createHmac("sha256", key).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${sig}`;
}

export function issueToken(opts: {
  tenantId: string;
  clientId: string;
  audience: string;
  lifetimeSec: number;
  nowMs: number;
  key: Buffer;
}): { token: string; claims: TokenClaims } {
  const now = Math.floor(opts.nowMs / 1000);
  const oid = objectIdFor(opts.clientId);
  const claims: TokenClaims = {
    aud: opts.audience,
    iss: `https://sts.windows.net/${opts.tenantId}/`,
    tid: opts.tenantId,
    appid: opts.clientId,
    azp: opts.clientId,
    oid,
    sub: oid,
    idtyp: "app",
    ver: "1.0",
    iat: now,
    nbf: now - 300,
    exp: now + opts.lifetimeSec,
  };
  return { token: signToken(claims, opts.key), claims };
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | {
      ok: false;
      code:
        | "InvalidAuthenticationToken"
        | "ExpiredAuthenticationToken"
        | "InvalidAuthenticationTokenAudience";
      message: string;
    };

const normAud = (a: string): string => a.replace(/\/+$/, "").toLowerCase();

export function verifyToken(token: string, key: Buffer, audiences: string[], nowMs: number): TokenCheck {
  const parts = token.split(".");
  if (parts.length !== 3) {
    return {
      ok: false,
      code: "InvalidAuthenticationToken",
      message: "The access token is invalid: not a JWT.",
    };
  }
  const [head, body, sig] = parts as [string, string, string];
  const expected = createHmac("sha256", key).update(`${head}.${body}`).digest();
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      code: "InvalidAuthenticationToken",
      message: "The access token is invalid: it was not issued by this emulator's token endpoint.",
    };
  }
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as TokenClaims;
  } catch {
    return { ok: false, code: "InvalidAuthenticationToken", message: "The access token is invalid." };
  }
  const now = Math.floor(nowMs / 1000);
  if (typeof claims.exp !== "number" || claims.exp <= now) {
    return {
      ok: false,
      code: "ExpiredAuthenticationToken",
      message: "The access token expiry UTC time is earlier than current UTC time.",
    };
  }
  if (!audiences.map(normAud).includes(normAud(String(claims.aud)))) {
    return {
      ok: false,
      code: "InvalidAuthenticationTokenAudience",
      message: `The access token has been obtained for wrong audience or resource '${claims.aud}'. It should exactly match with one of the allowed audiences '${audiences.join("', '")}'. (Ask for scope https://management.azure.com/.default.)`,
    };
  }
  return { ok: true, claims };
}

/** Decodes a JWT payload without checking its signature (for client assertions). */
export function decodeJwtPayload(jwt: string): Record<string, unknown> | undefined {
  const parts = jwt.split(".");
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as unknown;
    return typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

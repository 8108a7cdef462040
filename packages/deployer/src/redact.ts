/**
 * Secret hygiene: every message the deployer prints or returns goes through `redact`.
 *
 * Tokens (JWTs, `Bearer ...`), `client_secret=` / `client_assertion=` form fields, SAS-like
 * `sig=` parameters, and any value registered with `registerSecret` (client secrets read from the
 * environment, the emulator's dev secret) are replaced before text leaves the process.
 */

const registered = new Set<string>();

/** Remembers a secret value so that `redact` scrubs it wherever it appears. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) registered.add(value);
}

const PATTERNS: Array<[RegExp, string]> = [
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, "<redacted-token>"],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, "$1 <redacted>"],
  [
    /\b(client_secret|client_assertion|access_token|refresh_token|password|sig)=([^&\s"']+)/gi,
    "$1=<redacted>",
  ],
  [
    /("(?:client_secret|clientSecret|access_token|accessToken|refresh_token|password|apiKey|ApiKey)"\s*:\s*")([^"]+)(")/g,
    "$1<redacted>$3",
  ],
];

export function redact(text: string): string {
  let out = text;
  for (const secret of registered) out = out.split(secret).join("<redacted>");
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

/** Keys whose values are write-only secrets: masked in plans, never compared against live state. */
export const SENSITIVE_KEY =
  /(secret|password|apikey|api_key|token|privatekey|private_key|connectionstring|sharedkey|clientsecret)$/i;

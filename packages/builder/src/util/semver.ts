import semver, { type SemVer } from "semver";

/**
 * A content or solution version as a semver value. Content often writes short forms ("1.0",
 * "v2"), which count as MAJOR.MINOR.PATCH with the missing parts 0; anything else, such as the
 * four-part "3.0.1.2", is not a version and gives undefined (never silently truncated).
 */
export function parseVersion(text: string): SemVer | undefined {
  const trimmed = text.trim().replace(/^v/i, "");
  const short = /^(\d+)(?:\.(\d+))?(?=$|[-+])/.exec(trimmed);
  const padded =
    short && !/^\d+\.\d+\.\d+/.test(trimmed)
      ? `${short[1]}.${short[2] ?? 0}.0${trimmed.slice(short[0].length)}`
      : trimmed;
  return semver.parse(padded) ?? undefined;
}

/**
 * Negative when a < b, 0 when equal, positive when a > b, by semver precedence (pre-release
 * identifiers compare numerically, so alpha.10 follows alpha.2; build metadata is ignored). Text
 * that is not a version sorts before every version, and such texts compare among themselves as
 * text, so sorting stays total and deterministic.
 */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (x && y) return semver.compare(x, y);
  if (x || y) return x ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** MAJOR.MINOR.PATCH versions (a missing part counts as 0; "1.0" is 1.0.0), compared numerically. */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release tag after '-', compared as text; a release sorts after its pre-releases. */
  pre?: string;
}

export function parseVersion(text: string): SemVer | undefined {
  const m =
    /^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.\d+)?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?\s*$/.exec(text);
  if (!m) return undefined;
  const v: SemVer = { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0) };
  if (m[4]) v.pre = m[4];
  return v;
}

/** Negative when a < b, 0 when equal, positive when a > b; unparseable versions sort first. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return (x ? 1 : 0) - (y ? 1 : 0);
  if (x.major !== y.major) return x.major - y.major;
  if (x.minor !== y.minor) return x.minor - y.minor;
  if (x.patch !== y.patch) return x.patch - y.patch;
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

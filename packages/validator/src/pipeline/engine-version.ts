import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Imports node built-ins only: the cached-run fast path loads this module without the content model.

export const CACHE_DIR = ".sentinelctl-cache";

export function hashOf(...parts: unknown[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(typeof p === "string" ? p : JSON.stringify(p)).update("\0");
  return h.digest("hex");
}

let engineVersion: string | undefined;

/**
 * Hash of the code and data that decide validation results: the validator's code and data, the
 * content package's code (schemas decide loader findings), the kql package's code (the Kusto wrapper
 * lives there) and the Kusto package version. Code is `src` in this repository and `dist` in the
 * built and installed packages (sibling folders in both layouts); whichever exists is hashed.
 */
export function getEngineVersion(): string {
  if (engineVersion) return engineVersion;
  const h = createHash("sha256");
  const here = path.dirname(fileURLToPath(import.meta.url));
  const validatorRoot = path.resolve(here, "../..");
  const kqlRoot = path.resolve(validatorRoot, "../kql");
  const codeRoots = [validatorRoot, path.resolve(validatorRoot, "../content"), kqlRoot];
  const roots = [
    ...codeRoots.flatMap((root) => [path.join(root, "src"), path.join(root, "dist")]),
    path.join(validatorRoot, "data"),
  ];
  for (const root of roots) {
    for (const file of listFiles(root)) {
      h.update(path.relative(validatorRoot, file)).update("\0");
      try {
        const st = statSync(file);
        // size + mtime is enough to notice edits without reading every byte on each run
        h.update(`${st.size}:${st.mtimeMs}`).update("\0");
      } catch {
        /* vanished while listing */
      }
    }
  }
  try {
    const kustoManifest = createRequire(path.join(kqlRoot, "package.json")).resolve(
      "@kusto/language-service-next/package.json",
    );
    const kusto = JSON.parse(readFileSync(kustoManifest, "utf8")) as { version: string };
    h.update(`kusto@${kusto.version}`);
  } catch {
    h.update("kusto@?");
  }
  engineVersion = h.digest("hex").slice(0, 32);
  return engineVersion;
}

/** Every file below `dir` (not following folder links), sorted by path; `skip` names folders left out. */
export function listFiles(dir: string, skip: ReadonlySet<string> = new Set()): string[] {
  let out: string[] = [];
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!skip.has(e.name)) out = out.concat(listFiles(full, skip));
    } else out.push(full);
  }
  return out;
}

import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compareText } from "@sentinelctl/content";

export const CACHE_DIR = ".sentinelctl-cache";
const CACHE_FILE = "validate-v1.json";
const MAX_ENTRIES = 20_000;
const MAX_RUNS = 4;

interface CacheFile {
  engine: string;
  entries: Record<string, unknown>;
  runs: Record<string, unknown>;
}

/** Whether a cache file exists in `dir` (without reading it). */
export function hasCacheFile(dir: string | undefined): boolean {
  return dir !== undefined && existsSync(path.join(dir, CACHE_FILE));
}

/**
 * A content-addressed cache of analysis results in `.sentinelctl-cache/`. Keys are hashes of
 * everything a result depends on (query text, schema key, options); the file is bound to the
 * engine version (the validator's and the content model's source and data), so any change of the
 * tool drops it. Reads and writes never throw: a broken cache is a cold cache.
 */
export class AnalysisCache {
  private entries = new Map<string, unknown>();
  private runs = new Map<string, unknown>();
  private used = new Set<string>();
  private dirty = false;
  hits = 0;
  misses = 0;

  constructor(
    readonly dir: string | undefined,
    readonly engine: string,
  ) {
    if (!dir) return;
    try {
      const file = JSON.parse(readFileSync(path.join(dir, CACHE_FILE), "utf8")) as CacheFile;
      if (file.engine === engine) {
        this.entries = new Map(Object.entries(file.entries ?? {}));
        this.runs = new Map(Object.entries(file.runs ?? {}));
      }
    } catch {
      // missing or unreadable: start empty
    }
  }

  get<T>(key: string): T | undefined {
    const v = this.entries.get(key) as T | undefined;
    if (v === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.used.add(key);
    return v;
  }

  set(key: string, value: unknown): void {
    if (!this.dir) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    this.used.add(key);
    this.dirty = true;
  }

  getRun<T>(key: string): T | undefined {
    return this.runs.get(key) as T | undefined;
  }

  setRun(key: string, value: unknown): void {
    if (!this.dir) return;
    this.runs.delete(key);
    this.runs.set(key, value);
    while (this.runs.size > MAX_RUNS) this.runs.delete(this.runs.keys().next().value as string);
    this.dirty = true;
  }

  /** Writes the cache (entries used in this run first, then the most recent others, up to a cap). */
  save(): void {
    if (!this.dir || !this.dirty) return;
    try {
      const entries: Record<string, unknown> = {};
      let n = 0;
      for (const k of this.used) {
        if (n++ >= MAX_ENTRIES) break;
        entries[k] = this.entries.get(k);
      }
      for (const [k, v] of [...this.entries].reverse()) {
        if (n >= MAX_ENTRIES) break;
        if (k in entries) continue;
        entries[k] = v;
        n++;
      }
      mkdirSync(this.dir, { recursive: true });
      const file: CacheFile = { engine: this.engine, entries, runs: Object.fromEntries(this.runs) };
      const tmp = path.join(this.dir, `${CACHE_FILE}.${process.pid}.tmp`);
      writeFileSync(tmp, JSON.stringify(file));
      renameSync(tmp, path.join(this.dir, CACHE_FILE));
      this.dirty = false;
    } catch {
      // a read-only checkout still validates; it just does not cache
    }
  }
}

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

function listFiles(dir: string): string[] {
  let out: string[] = [];
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => compareText(a.name, b.name))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out = out.concat(listFiles(full));
    else out.push(full);
  }
  return out;
}

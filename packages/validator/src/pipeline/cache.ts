import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

export { CACHE_DIR, getEngineVersion, hashOf } from "./engine-version.js";

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

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Diagnostic } from "@sentinelctl/content";
import { findConfigFile } from "./config-file.js";
import { CACHE_DIR, getEngineVersion, hashOf, listFiles } from "./engine-version.js";

// The whole-run fast path: when nothing a run read has changed, its findings are answered from the
// cache without loading content, the schema or Kusto. This module imports node built-ins only (type
// imports aside), so a cache hit costs little more than starting node.

const RUNS_FILE = "validate-runs-v1.json";
const MAX_RUNS = 4;
/** Folders never part of a fingerprint: dependencies, version control, and the cache itself. */
const UNWATCHED_DIRS = new Set(["node_modules", ".git", CACHE_DIR]);

/** What decides which run is asked for (the same request always reads the same inputs). */
export interface RunRequest {
  cwd: string;
  paths: readonly string[];
  /** `--config` as given; otherwise the file found from cwd is part of the request. */
  configFile?: string | undefined;
  only?: readonly string[] | undefined;
  bestPractices?: boolean | undefined;
  /** Cache folder (default `<cwd>/.sentinelctl-cache`). */
  cacheDir?: string | undefined;
}

/**
 * Everything a run read: folders (every file below them, recursively) and single paths (a file's
 * content, or that it is missing: probes such as a configuration file that could appear).
 */
export interface RunInputs {
  folders: string[];
  paths: string[];
}

export interface CachedStats {
  solutions: number;
  items: number;
  files: number;
  queries: number;
  errors: number;
  warnings: number;
  infos: number;
}

interface RunEntry {
  inputs: RunInputs;
  fingerprint: string;
  diagnostics: Diagnostic[];
  stats: CachedStats;
}

interface RunsFile {
  engine: string;
  runs: Record<string, RunEntry>;
}

function cacheDirOf(request: RunRequest): string {
  return request.cacheDir ?? path.join(request.cwd, CACHE_DIR);
}

function keyOf(request: RunRequest, engine: string): string {
  const cwd = path.resolve(request.cwd);
  const configFile = request.configFile
    ? path.resolve(cwd, request.configFile)
    : (findConfigFile(cwd) ?? null);
  return hashOf(
    engine,
    cwd,
    request.paths.map((p) => path.resolve(cwd, p)),
    configFile,
    request.only ?? null,
    request.bestPractices !== false,
  );
}

function readRuns(request: RunRequest, engine: string): RunsFile {
  try {
    const file = JSON.parse(readFileSync(path.join(cacheDirOf(request), RUNS_FILE), "utf8")) as RunsFile;
    if (file.engine === engine && file.runs && typeof file.runs === "object") return file;
  } catch {
    // missing or unreadable: no cached runs
  }
  return { engine, runs: {} };
}

/** The findings of an earlier identical run whose inputs are unchanged, or undefined. Never throws. */
export function readCachedRun(
  request: RunRequest,
): { diagnostics: Diagnostic[]; stats: CachedStats } | undefined {
  try {
    const engine = getEngineVersion();
    const entry = readRuns(request, engine).runs[keyOf(request, engine)];
    if (!entry) return undefined;
    const now = fingerprintOf(entry.inputs);
    return now.hash === entry.fingerprint
      ? { diagnostics: entry.diagnostics, stats: entry.stats }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Records a run's findings with the fingerprint of its inputs. A run during which an input changed
 * (modified after `startedAt`, a Date.now()) is not recorded: what it read may not be what the fingerprint sees.
 */
export function saveCachedRun(
  request: RunRequest,
  inputs: RunInputs,
  startedAt: number,
  result: { diagnostics: Diagnostic[]; stats: CachedStats },
): void {
  try {
    const engine = getEngineVersion();
    const { hash, newestChange } = fingerprintOf(inputs);
    // startedAt is Date.now(), whole milliseconds: a file written before the run, in the same
    // millisecond, has a time below startedAt + 1.
    if (newestChange >= startedAt + 1) return;
    const file = readRuns(request, engine);
    const key = keyOf(request, engine);
    delete file.runs[key];
    file.runs[key] = { inputs, fingerprint: hash, diagnostics: result.diagnostics, stats: result.stats };
    const keys = Object.keys(file.runs);
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_RUNS))) delete file.runs[old];
    const dir = cacheDirOf(request);
    mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, `${RUNS_FILE}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(file));
    renameSync(tmp, path.join(dir, RUNS_FILE));
  } catch {
    // a read-only checkout still validates; it just does not cache
  }
}

/** Hash of the names and contents of every input, and the latest modification time among them. */
export function fingerprintOf(inputs: RunInputs): { hash: string; newestChange: number } {
  const h = createHash("sha256");
  let newestChange = 0;
  const addFile = (file: string, shown: string) => {
    h.update(shown).update("\0");
    try {
      const st = statSync(file);
      newestChange = Math.max(newestChange, st.mtimeMs, st.ctimeMs);
      if (st.isDirectory()) h.update("dir");
      else h.update(createHash("sha256").update(readFileSync(file)).digest());
    } catch {
      h.update("missing");
    }
    h.update("\0");
  };
  for (const folder of inputs.folders) {
    h.update(`folder ${folder}\0${exists(folder) ? "present" : "missing"}\0`);
    for (const file of listFiles(folder, UNWATCHED_DIRS)) addFile(file, path.relative(folder, file));
  }
  for (const file of inputs.paths) addFile(file, `path ${file}`);
  return { hash: h.digest("hex"), newestChange };
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

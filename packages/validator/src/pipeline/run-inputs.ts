import { statSync } from "node:fs";
import path from "node:path";
import type { LoadResult } from "@sentinelctl/content";
import type { RunInputs } from "./cached-run.js";
import type { ValidatorConfig } from "./config.js";
import { findAzureSentinelRepo, KQL_TESTS_DIR } from "./repository.js";

/**
 * What a run read, for the cached-run fast path: the folders it was pointed at (and the folders
 * around its solutions, where sibling connectors are read), the configuration, the files `.ts`
 * content imported, and the places where a file appearing would change the result. Undefined when
 * the run's reads cannot be told exactly; such a run is never answered from the fast path.
 */
export function inputsOfRun(
  paths: readonly string[],
  cwd: string,
  load: LoadResult,
  config: ValidatorConfig,
): RunInputs | undefined {
  if (load.modules === undefined) return undefined;
  const solutionDirs = load.solutions.map((s) => path.resolve(cwd, s.dir));
  // An Azure-Sentinel checkout's CI schemas are hundreds of files: too many to watch on every run.
  if (config.azureSentinelRepo || findAzureSentinelRepo([cwd, ...solutionDirs])) return undefined;
  // Loose files inside a solution: the loader read the whole enclosing solution as their context.
  if (load.solutions.some((s) => s.context)) return undefined;
  const targets = paths.length
    ? paths.map((p) => path.resolve(cwd, p))
    : [isFolder(path.join(cwd, "Solutions")) ? path.join(cwd, "Solutions") : cwd];
  if (!targets.every(isFolder)) return undefined;
  const folders = [...targets];
  const watched = (file: string) => folders.some((dir) => isInside(file, dir));
  for (const s of load.solutions) {
    const parent = path.dirname(path.resolve(cwd, s.dir));
    if (s.solution && !watched(parent)) folders.push(parent);
  }
  if (!load.files.every((f) => watched(path.resolve(cwd, f.file)))) return undefined;
  const probes = [cwd, ...solutionDirs].flatMap((start) =>
    ancestors(start).flatMap((dir) => [
      path.join(dir, KQL_TESTS_DIR, "CustomTables"),
      path.join(dir, "Workbooks", "WorkbooksMetadata.json"),
    ]),
  );
  // Packages that .ts content imports are not watched file by file; a lockfile changes with them.
  const lockfiles = load.modules.length
    ? ancestors(cwd).flatMap((dir) => LOCKFILES.map((name) => path.join(dir, name)))
    : [];
  const files = [
    ...(config.file ? [config.file] : []),
    ...(config.declarationsFile ? [config.declarationsFile] : []),
    ...load.modules.filter((m) => !watched(m)),
    ...probes,
    ...lockfiles,
  ];
  return { folders, paths: [...new Set(files)] };
}

const LOCKFILES = ["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock"];

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function ancestors(start: string): string[] {
  const out: string[] = [];
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    out.push(dir);
    if (dir === path.dirname(dir)) return out;
  }
}

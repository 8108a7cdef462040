import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../ui.js";

export interface NewFile {
  /** Path relative to the base directory, with forward slashes. */
  path: string;
  content: string;
}

/**
 * Writes files under `base`, none of which may exist yet: all are checked before the first is
 * written, and if a write fails the files already written by this call are removed again.
 */
export function writeNewFiles(base: string, files: readonly NewFile[]): void {
  const taken = files.filter((f) => existsSync(path.join(base, f.path)));
  if (taken.length > 0) {
    throw new UsageError(
      `${taken.map((f) => f.path).join(", ")} already exist${taken.length === 1 ? "s" : ""}; nothing was written.`,
      "Choose another name (existing files are never overwritten).",
    );
  }
  const written: string[] = [];
  try {
    for (const f of files) {
      const target = path.join(base, f.path);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, f.content, { flag: "wx" });
      written.push(target);
    }
  } catch (e) {
    for (const w of written) rmSync(w, { force: true });
    throw new UsageError(
      `cannot write the new files: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; nothing was left behind.`,
    );
  }
}

/**
 * Creates the directory `target` holding `files` (or adds them to an existing folder, which the
 * caller has checked is empty or may be written into): everything is written into a sibling
 * temporary directory first and moved into place at the end, so an error leaves nothing half-written.
 */
export function writeTree(target: string, files: readonly NewFile[]): void {
  const parent = path.dirname(target);
  const staging = path.join(parent, `.${path.basename(target)}.sentinelctl-init-${process.pid}`);
  try {
    mkdirSync(parent, { recursive: true });
    removeQuietly(staging);
    for (const f of files) {
      const file = path.join(staging, f.path);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, f.content);
    }
    if (existsSync(target)) moveInto(staging, target, files);
    else renameSync(staging, target);
  } catch (e) {
    throw new UsageError(
      `cannot write ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; nothing was written.`,
    );
  } finally {
    removeQuietly(staging);
  }
}

/** Into an existing folder: the new files replace same-named ones (--force), other files stay. */
function moveInto(staging: string, target: string, files: readonly NewFile[]): void {
  for (const f of files) {
    const to = path.join(target, f.path);
    mkdirSync(path.dirname(to), { recursive: true });
    renameSync(path.join(staging, f.path), to);
  }
}

/** Cleaning up must not hide the error being reported (the staging folder may not even be creatable). */
function removeQuietly(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {}
}

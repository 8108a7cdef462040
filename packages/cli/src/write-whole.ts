import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "./ui.js";

/**
 * Writes a file whole or not at all (a temporary file renamed into place), creating its folder.
 * A failure is the user's to fix (a path in a missing or read-only place): a UsageError naming
 * the option that gave the path, when there is one.
 */
export function writeWhole(file: string, text: string, option?: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${option ? `${option} ${file}` : file}: cannot write it (${code ?? (e as Error).message}).`,
      code === "EACCES" || code === "EPERM" || code === "EROFS"
        ? "The folder is not writable: choose another path."
        : "Give a file path in a writable folder.",
    );
  }
}

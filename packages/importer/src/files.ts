import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import type { ImportedFile } from "./result.js";

/** YAML as the repository writes it: block literals for multi-line text, no line folding. */
export function yamlText(value: unknown): string {
  return stringify(value, { lineWidth: 0, blockQuote: "literal", aliasDuplicateObjects: false });
}

export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Drops undefined members, empty arrays and empty objects (shallow), keeping insertion order. */
export function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0) continue;
    out[k] = v;
  }
  return out as Partial<T>;
}

/** `Darktrace Model Alert (Legacy)` -> `DarktraceModelAlertLegacy`: stable and portable. */
export function fileStem(displayName: string, fallback: string): string {
  const words = displayName
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.replace(/[^A-Za-z0-9]/g, ""))
    .filter(Boolean);
  const stem = words
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("")
    .slice(0, 80);
  return stem || fallback.replace(/[^A-Za-z0-9_.-]/g, "") || "item";
}

/**
 * Hands out file stems per folder: two items with one display name get the second one's content id
 * appended (items are named in content-id order, so the result does not depend on input order).
 */
export class StemAllocator {
  private readonly used = new Map<string, Set<string>>();

  take(folder: string, displayName: string, contentId: string): string {
    const taken = this.used.get(folder) ?? new Set<string>();
    this.used.set(folder, taken);
    let stem = fileStem(displayName, contentId);
    if (taken.has(stem.toLowerCase()))
      stem = `${stem}-${contentId.replace(/[^A-Za-z0-9]/g, "").slice(0, 12)}`;
    let n = 2;
    const base = stem;
    while (taken.has(stem.toLowerCase())) stem = `${base}-${n++}`;
    taken.add(stem.toLowerCase());
    return stem;
  }
}

/** Files that already exist under `dir` (what a write without --force would overwrite). */
export function existingFiles(dir: string, files: readonly ImportedFile[]): string[] {
  return files.map((f) => f.path).filter((p) => existsSync(path.join(dir, p)));
}

/**
 * Writes every file: each to a temporary name first, then renamed into place, so a failure leaves
 * no half-written file. The caller has checked `existingFiles` (overwriting needs --force).
 */
export async function writeFiles(dir: string, files: readonly ImportedFile[]): Promise<string[]> {
  const tag = randomBytes(4).toString("hex");
  const staged: Array<{ tmp: string; target: string }> = [];
  try {
    for (const f of files) {
      const target = path.join(dir, ...f.path.split("/"));
      await mkdir(path.dirname(target), { recursive: true });
      const tmp = `${target}.${tag}.tmp`;
      await writeFile(tmp, f.content, "utf8");
      staged.push({ tmp, target });
    }
  } catch (e) {
    await Promise.all(staged.map((s) => rm(s.tmp, { force: true })));
    throw e;
  }
  for (const s of staged) await rename(s.tmp, s.target);
  return staged.map((s) => s.target);
}

import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { type Diagnostic, diagnostic } from "./diagnostics.js";
import { type ParsedSource, parseJsonSource, parseYamlSource } from "./source.js";

/** What every loading step shares: where paths are shown from, the findings, the files read. */
export interface LoaderContext {
  cwd: string;
  diagnostics: Diagnostic[];
  files: Map<string, string>;
}

export function display(ctx: LoaderContext, file: string): string {
  const rel = path.relative(ctx.cwd, file);
  return rel && !rel.startsWith("..") ? rel.split(path.sep).join("/") : file;
}

/** Reads a file as UTF-8 text; reports unreadable, empty and non-UTF-8 files. */
export async function readText(
  ctx: LoaderContext,
  file: string,
): Promise<{ text: string; shown: string } | undefined> {
  const shown = display(ctx, file);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    ctx.diagnostics.push(
      diagnostic(
        "LOAD-UNREADABLE",
        "error",
        code === "ENOENT"
          ? `File not found: ${shown}`
          : `Cannot read ${shown} (${code ?? (e as Error).message})`,
        { file: shown },
        code === "ENOENT" ? "Check the path; it is relative to the current directory." : undefined,
      ),
    );
    return undefined;
  }
  ctx.files.set(shown, createHash("sha256").update(bytes).digest("hex"));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, bad).toString("utf8");
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    ctx.diagnostics.push(
      diagnostic(
        "LOAD-ENCODING",
        "error",
        `${shown} is not valid UTF-8 (byte 0x${bytes[bad]?.toString(16).padStart(2, "0")} at offset ${bad}).`,
        { file: shown, range: { start: { line, column }, end: { line, column: column + 1 } } },
        "Save the file as UTF-8.",
      ),
    );
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim().length === 0) {
    ctx.diagnostics.push(
      diagnostic(
        "LOAD-EMPTY",
        "error",
        `${shown} is empty.`,
        {
          file: shown,
          range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
        },
        "Add the content, or delete the file.",
      ),
    );
    return undefined;
  }
  return { text, shown };
}

/** Offset of the first byte that makes `bytes` invalid UTF-8 (only called when it is invalid). */
function firstInvalidUtf8(bytes: Buffer): number {
  // A prefix that decodes in streaming mode (a trailing partial sequence is allowed) stays valid
  // when shortened, so the longest such prefix is found by binary search.
  const decodes = (n: number) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (decodes(mid)) lo = mid;
    else hi = mid - 1;
  }
  // The prefix may end inside a multi-byte sequence that the next byte (or the end) breaks:
  // the error starts at that sequence's lead byte.
  let lead = lo - 1;
  while (lead > 0 && (bytes[lead]! & 0xc0) === 0x80) lead--;
  const b = bytes[lead] ?? 0;
  const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return lead >= 0 && lead + length > lo ? lead : lo;
}

/** Reads and parses a YAML or JSON file; by default its top level must be a mapping. */
export async function parseFile(
  ctx: LoaderContext,
  file: string,
  options: { allowArray?: boolean } = {},
): Promise<ParsedSource | undefined> {
  const read = await readText(ctx, file);
  if (!read) return undefined;
  const parsed = file.toLowerCase().endsWith(".json")
    ? parseJsonSource(read.shown, read.text)
    : parseYamlSource(read.shown, read.text);
  for (const e of parsed.errors) {
    ctx.diagnostics.push(
      diagnostic(
        file.toLowerCase().endsWith(".json") ? "LOAD-JSON-SYNTAX" : "LOAD-YAML-SYNTAX",
        "error",
        e.message,
        { file: read.shown, range: e.range },
        file.toLowerCase().endsWith(".json")
          ? undefined
          : "Check indentation and quoting around this position.",
      ),
    );
  }
  if (parsed.errors.length) return undefined;
  if (
    !parsed.value ||
    typeof parsed.value !== "object" ||
    (Array.isArray(parsed.value) && !options.allowArray)
  ) {
    ctx.diagnostics.push(
      diagnostic("LOAD-NOT-OBJECT", "error", `${read.shown} must hold a mapping of fields.`, {
        file: read.shown,
        range: parsed.source.firstLine,
      }),
    );
    return undefined;
  }
  return parsed;
}

/** What is at `p`: a file, a folder, or nothing. */
export async function pathKind(p: string): Promise<"file" | "dir" | undefined> {
  try {
    return (await stat(p)).isDirectory() ? "dir" : "file";
  } catch {
    return undefined;
  }
}

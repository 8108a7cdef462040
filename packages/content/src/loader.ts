import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { definedKind } from "./define.js";
import { compareText, type Diagnostic, diagnostic } from "./diagnostics.js";
import type { AnyContentItem, Attachment, LoadResult, SolutionModel } from "./model.js";
import { contentIdOf } from "./model.js";
import { checkSchema } from "./schema-check.js";
import type { ContentKind } from "./schemas/index.js";
import { type ParsedSource, parseJsonSource, parseYamlSource, SourceDocument } from "./source.js";

export const SOLUTION_FILE = "solution.yaml";

/** Folder names (lower case, no spaces) that hold each kind; Azure-Sentinel's names work too. */
const KIND_FOLDERS: Record<string, ContentKind> = {
  tables: "table",
  customtables: "table",
  connectors: "dataConnector",
  dataconnectors: "dataConnector",
  parsers: "parser",
  analytics: "analyticRule",
  analyticrules: "analyticRule",
  detections: "analyticRule",
  hunting: "huntingQuery",
  huntingqueries: "huntingQuery",
  workbooks: "workbook",
  playbooks: "playbook",
};

/** In these folders JSON files are templates an item points to, not items themselves. */
const ATTACHMENT_KINDS = new Set<ContentKind>(["workbook", "playbook"]);
const SKIPPED_DIRS = new Set(["node_modules", "package", "dist", ".git", "test", "tests", "__tests__"]);

export function kindOfFolder(name: string): ContentKind | undefined {
  return KIND_FOLDERS[name.toLowerCase().replace(/[\s_-]/g, "")];
}

interface LoaderContext {
  cwd: string;
  diagnostics: Diagnostic[];
  files: Map<string, string>;
}

function display(ctx: LoaderContext, file: string): string {
  const rel = path.relative(ctx.cwd, file);
  return rel && !rel.startsWith("..") ? rel.split(path.sep).join("/") : file;
}

function emptyModel(dir: string): SolutionModel {
  return {
    dir,
    folderName: path.basename(dir),
    tables: [],
    dataConnectors: [],
    parsers: [],
    analyticRules: [],
    huntingQueries: [],
    workbooks: [],
    playbooks: [],
  };
}

/** Reads a file as UTF-8 text; reports unreadable, empty and non-UTF-8 files. */
async function readText(ctx: LoaderContext, file: string): Promise<{ text: string; shown: string } | undefined> {
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
        code === "ENOENT" ? `File not found: ${shown}` : `Cannot read ${shown} (${code ?? (e as Error).message})`,
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
      diagnostic("LOAD-EMPTY", "error", `${shown} is empty.`, {
        file: shown,
        range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
      }, "Add the content, or delete the file."),
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

async function parseFile(ctx: LoaderContext, file: string): Promise<ParsedSource | undefined> {
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
        file.toLowerCase().endsWith(".json") ? undefined : "Check indentation and quoting around this position.",
      ),
    );
  }
  if (parsed.errors.length) return undefined;
  if (!parsed.value || typeof parsed.value !== "object" || Array.isArray(parsed.value)) {
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

async function loadAttachment(
  ctx: LoaderContext,
  item: AnyContentItem,
  solutionDir: string,
): Promise<Attachment | undefined> {
  const ref = (item.data as { template?: unknown }).template;
  if (typeof ref !== "string") {
    return ref && typeof ref === "object"
      ? { value: ref as Record<string, unknown>, source: item.source }
      : undefined;
  }
  const where = { file: item.source.file, range: item.source.range([...item.path, "template"]) };
  const target = path.resolve(path.dirname(path.resolve(ctx.cwd, item.source.file)), ref);
  const inside = path.relative(solutionDir, target);
  if (inside.startsWith("..") || path.isAbsolute(inside)) {
    ctx.diagnostics.push(
      diagnostic("LOAD-PATH-ESCAPE", "error", `template '${ref}' points outside the solution folder.`, where,
        "Keep every referenced file inside the solution folder."),
    );
    return undefined;
  }
  if ((await pathKind(target)) !== "file") {
    ctx.diagnostics.push(
      diagnostic("LOAD-MISSING-FILE", "error", `template '${ref}' does not exist.`, where,
        `Expected a file at ${display(ctx, target)}.`),
    );
    return undefined;
  }
  const parsed = await parseFile(ctx, target);
  return parsed ? { value: parsed.value as Record<string, unknown>, source: parsed.source } : undefined;
}

/** The kind named by the nearest content folder between `root` (inclusive) and the file. */
function kindFromAncestors(root: string, file: string): ContentKind | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const kind = kindOfFolder(path.basename(dir));
    if (kind) return kind;
    if (dir === root || dir === path.dirname(dir) || !dir.startsWith(root)) return undefined;
  }
}

/** Guesses the kind of a loose file that sits outside a known folder. */
function sniffKind(value: Record<string, unknown>): ContentKind | undefined {
  if ("FunctionQuery" in value) return "parser";
  if ("query" in value && (value.kind === "Scheduled" || value.kind === "NRT" || "triggerOperator" in value)) {
    return "analyticRule";
  }
  if ("query" in value) return "huntingQuery";
  if ("columns" in value && "name" in value) return "table";
  if ("connectivityCriterias" in value) return "dataConnector";
  return undefined;
}

async function loadTsModule(ctx: LoaderContext, file: string, expected?: ContentKind): Promise<AnyContentItem[]> {
  const read = await readText(ctx, file);
  if (!read) return [];
  let mod: Record<string, unknown>;
  try {
    mod = await importTs(file);
  } catch (e) {
    const err = e as Error;
    const frame = new RegExp(`${escapeRe(path.basename(file))}:(\\d+):(\\d+)`).exec(err.stack ?? "");
    const line = frame ? Number(frame[1]) : 1;
    const column = frame ? Number(frame[2]) : 1;
    ctx.diagnostics.push(
      diagnostic(
        "LOAD-TS-THROW",
        "error",
        `${read.shown} threw while loading: ${err.message ?? String(e)}`,
        { file: read.shown, range: { start: { line, column }, end: { line, column } } },
        "A content module must evaluate without side effects or errors.",
      ),
    );
    return [];
  }
  const items: AnyContentItem[] = [];
  const seenPerKind = new Map<ContentKind, number>();
  for (const [name, value] of Object.entries(mod)) {
    const kind = definedKind(value);
    if (!kind) continue;
    const source = new SourceDocument(read.shown, read.text);
    const fn = `define${kind[0]!.toUpperCase()}${kind.slice(1)}(`;
    const nth = seenPerKind.get(kind) ?? 0;
    seenPerKind.set(kind, nth + 1);
    let at = -1;
    for (let i = 0; i <= nth; i++) at = read.text.indexOf(fn, at + 1);
    source.anchor = at === -1 ? Math.max(0, read.text.indexOf(`export`)) : at;
    if (expected && kind !== expected && kind !== "solution") {
      ctx.diagnostics.push(
        diagnostic("LOAD-WRONG-FOLDER", "warning", `Export '${name}' defines a ${kind} inside a ${expected} folder.`, {
          file: read.shown,
          range: source.range([]),
        }),
      );
    }
    items.push({ kind, data: { ...(value as object) }, source, path: [] } as unknown as AnyContentItem);
  }
  if (items.length === 0) {
    ctx.diagnostics.push(
      diagnostic("LOAD-NO-CONTENT", "warning", `${read.shown} exports no content (no define*() value).`, {
        file: read.shown,
        range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
      }, "Export a value built with defineAnalyticRule(), defineWorkbook(), ... or move helpers out of content folders."),
    );
  }
  return items;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Imports a .ts module: natively when a TypeScript loader is active (CLI, jest), else through tsx. */
async function importTs(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ERR_UNKNOWN_FILE_EXTENSION") throw e;
    const { tsImport } = await import("tsx/esm/api");
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  }
}

async function loadItemFile(ctx: LoaderContext, file: string, expected?: ContentKind): Promise<AnyContentItem[]> {
  const lower = file.toLowerCase();
  if (lower.endsWith(".ts")) return loadTsModule(ctx, file, expected);
  if (lower.endsWith(".kql")) {
    const read = await readText(ctx, file);
    if (!read) return [];
    const source = new SourceDocument(read.shown, read.text);
    source.wholeTextIsValue = true;
    const name = path.basename(file, path.extname(file));
    return [
      {
        kind: "huntingQuery",
        data: { id: read.shown, name, description: name, query: read.text },
        source,
        path: [],
      },
    ];
  }
  const parsed = await parseFile(ctx, file);
  if (!parsed) return [];
  const value = parsed.value as Record<string, unknown>;
  const kind = expected ?? sniffKind(value);
  if (!kind) {
    ctx.diagnostics.push(
      diagnostic("LOAD-UNKNOWN-KIND", "error", `Cannot tell what kind of content ${parsed.source.file} holds.`, {
        file: parsed.source.file,
        range: parsed.source.firstLine,
      }, "Put the file in a content folder (analytics/, hunting/, parsers/, tables/, connectors/, workbooks/, playbooks/)."),
    );
    return [];
  }
  return [{ kind, data: value, source: parsed.source, path: [] } as unknown as AnyContentItem];
}

async function walk(dir: string): Promise<string[]> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => compareText(a.name, b.name))) {
    if (e.name.startsWith(".")) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name.toLowerCase())) out.push(...(await walk(full)));
    } else if (isContentFile(e.name)) {
      out.push(full);
    }
  }
  return out;
}

function isContentFile(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith(".test.ts") || lower.endsWith(".d.ts") || name.startsWith("_")) return false;
  return /\.(ya?ml|json|ts|kql)$/.test(lower);
}

function addItem(model: SolutionModel, item: AnyContentItem): void {
  switch (item.kind) {
    case "solution":
      model.solution = item;
      break;
    case "table":
      model.tables.push(item);
      break;
    case "dataConnector":
      model.dataConnectors.push(item);
      break;
    case "parser":
      model.parsers.push(item);
      break;
    case "analyticRule":
      model.analyticRules.push(item);
      break;
    case "huntingQuery":
      model.huntingQueries.push(item);
      break;
    case "workbook":
      model.workbooks.push(item);
      break;
    case "playbook":
      model.playbooks.push(item);
      break;
  }
}

/** Loads items, checks each against its schema, and keeps only valid ones in the model. */
async function loadInto(ctx: LoaderContext, model: SolutionModel, files: Array<{ file: string; kind?: ContentKind }>) {
  const loaded = await Promise.all(files.map((f) => loadItemFile(ctx, f.file, f.kind)));
  for (const item of loaded.flat()) {
    const problems = checkSchema(item.kind, item.data, item.source, item.path);
    ctx.diagnostics.push(...problems);
    if (problems.length) continue;
    if (item.kind === "workbook" || item.kind === "playbook") {
      const template = await loadAttachment(ctx, item, model.dir);
      if (!template) continue;
      item.template = template;
    }
    addItem(model, item);
  }
}

async function loadSolutionDir(ctx: LoaderContext, dir: string): Promise<SolutionModel> {
  const model = emptyModel(dir);
  const files: Array<{ file: string; kind?: ContentKind }> = [{ file: path.join(dir, SOLUTION_FILE), kind: "solution" }];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => compareText(a.name, b.name))) {
    if (!e.isDirectory()) continue;
    const kind = kindOfFolder(e.name);
    if (!kind) continue;
    for (const file of await walk(path.join(dir, e.name))) {
      if (ATTACHMENT_KINDS.has(kind) && file.toLowerCase().endsWith(".json")) continue;
      files.push({ file, kind });
    }
  }
  await loadInto(ctx, model, files);
  return model;
}

/** What is at `p`: a file, a folder, or nothing. */
export async function pathKind(p: string): Promise<"file" | "dir" | undefined> {
  try {
    return (await stat(p)).isDirectory() ? "dir" : "file";
  } catch {
    return undefined;
  }
}

/** Solution folders directly below `dir` (a Solutions/ folder), or `dir` itself. */
async function solutionDirsIn(dir: string): Promise<string[]> {
  if (await pathKind(path.join(dir, SOLUTION_FILE))) return [dir];
  const found: string[] = [];
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => compareText(a.name, b.name))) {
    if (e.isDirectory() && (await pathKind(path.join(dir, e.name, SOLUTION_FILE)))) found.push(path.join(dir, e.name));
  }
  return found;
}

/** Reports items of one kind that share an id, across every loaded solution. */
function checkDuplicateIds(ctx: LoaderContext, solutions: SolutionModel[]): void {
  const groups: Array<[string, (m: SolutionModel) => AnyContentItem[]]> = [
    ["template id", (m) => [...m.analyticRules, ...m.huntingQueries]],
    ["workbook id", (m) => m.workbooks],
    ["connector id", (m) => m.dataConnectors],
    ["parser alias", (m) => m.parsers],
    ["table name", (m) => m.tables],
    ["playbook id", (m) => m.playbooks],
    ["solution id", (m) => (m.solution ? [m.solution] : [])],
  ];
  for (const [what, pick] of groups) {
    const first = new Map<string, AnyContentItem>();
    for (const item of solutions.flatMap(pick)) {
      const id = contentIdOf(item).toLowerCase();
      const prior = first.get(id);
      if (!prior) {
        first.set(id, item);
        continue;
      }
      const idPath = item.kind === "parser" ? "FunctionAlias" : item.kind === "table" ? "name" : "id";
      const priorAt = prior.source.range([...prior.path, idPath]).start;
      ctx.diagnostics.push(
        diagnostic(
          "LOAD-DUPLICATE-ID",
          "error",
          `Duplicate ${what} '${contentIdOf(item)}': already used by ${prior.source.file}:${priorAt.line}:${priorAt.column}.`,
          { file: item.source.file, range: item.source.range([...item.path, idPath]) },
          item.kind === "analyticRule" || item.kind === "huntingQuery"
            ? "Give this item a new GUID (for example from `node -e \"console.log(crypto.randomUUID())\"`)."
            : "Ids must be unique across the repository.",
        ),
      );
    }
  }
}

export interface LoadOptions {
  cwd?: string;
}

/**
 * Loads content from paths: a repository root (its Solutions/), a Solutions folder, a
 * solution folder, or loose files and folders (rule YAML, .kql) validated without a solution.
 */
export async function loadContent(paths: string[] = [], options: LoadOptions = {}): Promise<LoadResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const ctx: LoaderContext = { cwd, diagnostics: [], files: new Map() };
  const solutions: SolutionModel[] = [];
  const targets = paths.length ? paths : [(await pathKind(path.join(cwd, "Solutions"))) === "dir" ? "Solutions" : "."];
  const loose = new Map<string, Array<{ file: string; kind?: ContentKind }>>();

  for (const target of targets) {
    const abs = path.resolve(cwd, target);
    const found = await pathKind(abs);
    if (!found) {
      ctx.diagnostics.push(
        diagnostic("LOAD-UNREADABLE", "error", `Path not found: ${target}`, { file: target }, "Check the path."),
      );
      continue;
    }
    if (found === "dir") {
      const root = (await pathKind(path.join(abs, "Solutions"))) === "dir" ? path.join(abs, "Solutions") : abs;
      const dirs = await solutionDirsIn(root);
      if (dirs.length) {
        for (const dir of dirs) solutions.push(await loadSolutionDir(ctx, dir));
      } else {
        const list = loose.get(abs) ?? [];
        for (const file of await walk(abs)) {
          const kind = kindFromAncestors(abs, file);
          if (kind && ATTACHMENT_KINDS.has(kind) && file.toLowerCase().endsWith(".json")) continue;
          list.push({ file, ...(kind ? { kind } : {}) });
        }
        loose.set(abs, list);
      }
    } else if (path.basename(abs) === SOLUTION_FILE) {
      solutions.push(await loadSolutionDir(ctx, path.dirname(abs)));
    } else {
      const dir = path.dirname(abs);
      const kind = kindOfFolder(path.basename(dir));
      const list = loose.get(dir) ?? [];
      list.push({ file: abs, ...(kind ? { kind } : {}) });
      loose.set(dir, list);
    }
  }
  for (const [dir, files] of loose) {
    const model = emptyModel(dir);
    await loadInto(ctx, model, files);
    solutions.push(model);
  }
  checkDuplicateIds(ctx, solutions);
  return {
    solutions,
    diagnostics: ctx.diagnostics,
    files: [...ctx.files].map(([file, sha256]) => ({ file, sha256 })).sort((a, b) => compareText(a.file, b.file)),
  };
}

import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { connectorItems, playbookItem, rawKqlParser, workbookItem } from "./azure-sentinel/items.js";
import { findDataFile, readManifest } from "./azure-sentinel/manifest.js";
import { definedKind } from "./define.js";
import { compareText, diagnostic } from "./diagnostics.js";
import { display, type LoaderContext, parseFile, pathKind, readText } from "./load-files.js";
import type { AnyContentItem, Attachment, LoadResult, SolutionModel } from "./model.js";
import { contentIdOf } from "./model.js";
import { checkSchema } from "./schema-check.js";
import type { ContentKind } from "./schemas/index.js";
import { SourceDocument } from "./source.js";

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
  automationrules: "automationRule",
  automation: "automationRule",
};

/**
 * In these folders JSON files are templates an item points to; one no item points to is loaded
 * the way the Azure-Sentinel repository keeps it (see loadUnreferencedTemplates).
 */
const ATTACHMENT_KINDS = new Set<ContentKind>(["workbook", "playbook"]);
const SKIPPED_DIRS = new Set(["node_modules", "package", "dist", ".git", "test", "tests", "__tests__"]);
type TemplateFile = { file: string; kind: ContentKind };

export function kindOfFolder(name: string): ContentKind | undefined {
  return KIND_FOLDERS[name.toLowerCase().replace(/[\s_-]/g, "")];
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
    automationRules: [],
  };
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
      diagnostic(
        "LOAD-PATH-ESCAPE",
        "error",
        `template '${ref}' points outside the solution folder.`,
        where,
        "Keep every referenced file inside the solution folder.",
      ),
    );
    return undefined;
  }
  if ((await pathKind(target)) !== "file") {
    ctx.diagnostics.push(
      diagnostic(
        "LOAD-MISSING-FILE",
        "error",
        `template '${ref}' does not exist.`,
        where,
        `Expected a file at ${display(ctx, target)}.`,
      ),
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
  if (
    "query" in value &&
    (value.kind === "Scheduled" || value.kind === "NRT" || "triggerOperator" in value)
  ) {
    return "analyticRule";
  }
  if ("query" in value) return "huntingQuery";
  if ("columns" in value && "name" in value) return "table";
  if ("connectivityCriterias" in value) return "dataConnector";
  if ("triggeringLogic" in value && "actions" in value) return "automationRule";
  return undefined;
}

async function loadTsModule(
  ctx: LoaderContext,
  file: string,
  expected?: ContentKind,
): Promise<AnyContentItem[]> {
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
        `${read.shown} threw while loading: ${withoutTsxNamespace(err.message ?? String(e))}`,
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
        diagnostic(
          "LOAD-WRONG-FOLDER",
          "warning",
          `Export '${name}' defines a ${kind} inside a ${expected} folder.`,
          {
            file: read.shown,
            range: source.range([]),
          },
        ),
      );
    }
    items.push({ kind, data: { ...(value as object) }, source, path: [] } as unknown as AnyContentItem);
  }
  if (items.length === 0) {
    ctx.diagnostics.push(
      diagnostic(
        "LOAD-NO-CONTENT",
        "warning",
        `${read.shown} exports no content (no define*() value).`,
        {
          file: read.shown,
          range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
        },
        "Export a value built with defineAnalyticRule(), defineWorkbook(), ... or move helpers out of content folders.",
      ),
    );
  }
  return items;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Imports a .ts module. Run from TypeScript sources (jest), the active loader handles the file. Built
 * (the installed CLI runs JavaScript), tsx's ESM hooks are registered on the first `.ts` file, so
 * only runs with `.ts` content pay for them; the module then shares the CLI's own instance of this
 * package. Outside a `"type": "module"` package that import fails (tsx compiles the file to CommonJS,
 * whose require() of this ESM package is a cycle), so a loader failure is retried once through tsx's
 * namespaced `tsImport` (slower: it loads its own copy of the imported packages), keeping the first
 * error when the module's own code threw. Content modules are side-effect free by contract.
 */
async function importTs(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  if (RUNNING_FROM_SOURCES) modulesUntracked = true;
  else await registerTsx();
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (nativeError) {
    if (!isLoaderFailure(nativeError)) throw nativeError;
    const { tsImport } = await import("tsx/esm/api");
    return (await tsImport(url, { parentURL: import.meta.url, onImport: recordModule })) as Record<
      string,
      unknown
    >;
  }
}

const RUNNING_FROM_SOURCES = import.meta.url.endsWith(".ts");
let tsxRegistered: Promise<void> | undefined;
/** Files imported through tsx in this process (content modules and what they import). */
const importedModules = new Set<string>();
/** A .ts module was imported by a loader that does not report imports (jest, from sources). */
let modulesUntracked = false;

function recordModule(url: string): void {
  if (url.startsWith("file:")) importedModules.add(fileURLToPath(url));
}

/**
 * Files imported for `.ts` content, outside node_modules: ESM imports reported by tsx, and the
 * CommonJS module cache (a `.ts` file outside a `"type": "module"` package is compiled to CommonJS,
 * and what it requires never reaches the ESM hooks).
 */
function importedFiles(): string[] {
  if (importedModules.size === 0) return [];
  const cjs = Object.keys(createRequire(import.meta.url).cache)
    .filter((f) => path.isAbsolute(f))
    .map(withoutTsxNamespace);
  return [...new Set([...importedModules, ...cjs])]
    .filter((f) => !f.split(path.sep).includes("node_modules"))
    .sort(compareText);
}

/**
 * tsx's namespaced loader (`tsImport`) appends a random `?namespace=<uuid>` to module paths: in
 * its CommonJS cache keys and in the messages of errors thrown while loading.
 */
function withoutTsxNamespace(text: string): string {
  return text.replace(/\?namespace=[\w-]+/g, "");
}

function registerTsx(): Promise<void> {
  tsxRegistered ??= import("tsx/esm/api").then(({ register }) => {
    register({ onImport: recordModule });
  });
  return tsxRegistered;
}

/** A failure of the loading mechanism itself, not of the module's own code. */
function isLoaderFailure(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return (
    e instanceof SyntaxError || code === "ERR_REQUIRE_CYCLE_MODULE" || code === "ERR_UNKNOWN_FILE_EXTENSION"
  );
}

async function loadItemFile(
  ctx: LoaderContext,
  file: string,
  expected?: ContentKind,
  staticConnectorIds?: ReadonlySet<string>,
): Promise<AnyContentItem[]> {
  const lower = file.toLowerCase();
  if (lower.endsWith(".ts")) return loadTsModule(ctx, file, expected);
  if (expected === "parser" && /\.(kql|txt)$/.test(lower)) {
    const parser = await rawKqlParser(ctx, file);
    return parser ? [parser] : [];
  }
  if (expected === "dataConnector" && lower.endsWith(".json")) {
    const parsed = await parseFile(ctx, file, { allowArray: true });
    return parsed ? connectorItems(ctx, parsed, file, staticConnectorIds) : [];
  }
  if (expected === "playbook" && lower.endsWith(".json")) {
    const playbook = await playbookItem(ctx, file);
    return playbook ? [playbook] : [];
  }
  if (expected === "workbook" && lower.endsWith(".json")) {
    const workbook = await workbookItem(ctx, file, findRepoRoot(file));
    return workbook ? [workbook] : [];
  }
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
  // `relevantTechniques:` with nothing after it is an absent field to YAML readers, Microsoft's CI included.
  for (const [k, v] of Object.entries(value)) if (v === null) delete value[k];
  const kind = expected ?? sniffKind(value);
  if (!kind) {
    ctx.diagnostics.push(
      diagnostic(
        "LOAD-UNKNOWN-KIND",
        "error",
        `Cannot tell what kind of content ${parsed.source.file} holds.`,
        {
          file: parsed.source.file,
          range: parsed.source.firstLine,
        },
        "Put the file in a content folder (analytics/, hunting/, parsers/, tables/, connectors/, workbooks/, playbooks/, automationRules/).",
      ),
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
    case "automationRule":
      model.automationRules.push(item);
      break;
  }
}

/**
 * Checks each item against its schema. An item whose only problems are unknown fields is kept
 * (the fields are reported where they are written); any other problem (or a template that cannot
 * be read) keeps it out of the package, but it stays on `model.rejected` so that its queries are
 * still analysed.
 */
async function accept(ctx: LoaderContext, model: SolutionModel, items: AnyContentItem[]) {
  for (const item of items) {
    const problems = checkSchema(item.kind, item.data, item.source, item.path);
    ctx.diagnostics.push(...problems);
    const reject = () => {
      model.rejected ??= [];
      model.rejected.push(item);
    };
    if (problems.some((p) => p.code !== "SCHEMA-UNKNOWN-FIELD")) {
      if (item.kind !== "solution") reject();
      continue;
    }
    if ((item.kind === "workbook" || item.kind === "playbook") && !item.template) {
      const template = await loadAttachment(ctx, item, model.dir);
      if (!template) {
        reject();
        continue;
      }
      item.template = template;
    }
    addItem(model, item);
  }
}

/** Loads items from files, checks them and adds them to the model (in the order of `files`). */
async function loadInto(
  ctx: LoaderContext,
  model: SolutionModel,
  files: Array<{ file: string; kind?: ContentKind }>,
  staticConnectorIds?: ReadonlySet<string>,
) {
  const loaded = await Promise.all(files.map((f) => loadItemFile(ctx, f.file, f.kind, staticConnectorIds)));
  await accept(ctx, model, loaded.flat());
}

async function loadSolutionDir(ctx: LoaderContext, dir: string): Promise<SolutionModel> {
  if (!(await pathKind(path.join(dir, SOLUTION_FILE)))) {
    const dataFile = await findDataFile(dir);
    if (dataFile) return loadAzureSentinelSolution(ctx, dir, dataFile);
  }
  const model = emptyModel(dir);
  const files: Array<{ file: string; kind?: ContentKind }> = [
    { file: path.join(dir, SOLUTION_FILE), kind: "solution" },
  ];
  const templates: TemplateFile[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => compareText(a.name, b.name))) {
    if (!e.isDirectory()) continue;
    const kind = kindOfFolder(e.name);
    if (!kind) continue;
    for (const file of await walk(path.join(dir, e.name))) {
      if (ATTACHMENT_KINDS.has(kind) && file.toLowerCase().endsWith(".json")) templates.push({ file, kind });
      else files.push({ file, kind });
    }
  }
  await loadInto(ctx, model, files);
  await loadUnreferencedTemplates(ctx, model, templates);
  return model;
}

/**
 * Workbook and playbook JSON files no YAML item points to: loaded the way the Azure-Sentinel
 * repository keeps them (playbook metadata in azuredeploy.json, workbook metadata in
 * WorkbooksMetadata.json), so that none is left out without a word.
 */
async function loadUnreferencedTemplates(
  ctx: LoaderContext,
  model: SolutionModel,
  templates: TemplateFile[],
) {
  const referenced = new Set(
    [...model.workbooks, ...model.playbooks, ...(model.rejected ?? [])]
      .map((i) => i.template?.source.file ?? templatePathOf(ctx, i))
      .filter((f): f is string => f !== undefined),
  );
  const unreferenced = templates.filter((t) => !referenced.has(display(ctx, t.file)));
  // A playbook folder may hold other JSON (parameter files, custom connector definitions); only its
  // deployable template is the playbook. WorkbooksMetadata.json describes workbooks, it is not one.
  const chosen = unreferenced.filter((t) =>
    t.kind === "workbook"
      ? path.basename(t.file).toLowerCase() !== "workbooksmetadata.json"
      : /^azuredeploy.*\.json$/i.test(path.basename(t.file)),
  );
  await loadInto(ctx, model, chosen);
}

function templatePathOf(ctx: LoaderContext, item: AnyContentItem): string | undefined {
  const ref = (item.data as { template?: unknown }).template;
  if (typeof ref !== "string") return undefined;
  return display(ctx, path.resolve(path.dirname(path.resolve(ctx.cwd, item.source.file)), ref));
}

/** An Azure-Sentinel solution: the data file's list decides what is loaded, in its order. */
async function loadAzureSentinelSolution(
  ctx: LoaderContext,
  dir: string,
  dataFile: string,
): Promise<SolutionModel> {
  const model = emptyModel(dir);
  model.manifest = { file: display(ctx, dataFile) };
  const manifest = await readManifest(ctx, dir, dataFile);
  if (!manifest) return model;
  if (manifest.solution) await accept(ctx, model, [manifest.solution]);
  await loadInto(ctx, model, manifest.entries, manifest.staticConnectorIds);
  await reportUnlisted(
    ctx,
    dir,
    manifest.entries.map((e) => e.file),
    model.manifest.file,
  );
  return model;
}

/** Content files in the solution's folders that the data file does not list: V3 leaves them out, and so do we, visibly. */
async function reportUnlisted(ctx: LoaderContext, dir: string, listed: string[], dataFile: string) {
  const known = new Set(listed.map((f) => path.resolve(f)));
  // A listed CCF definition brings the pollers, rules and tables beside it.
  const ccfFolders = new Set(
    listed.filter((f) => f.toLowerCase().endsWith(".json")).map((f) => path.dirname(path.resolve(f))),
  );
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => compareText(a.name, b.name))) {
    const kind = e.isDirectory() ? kindOfFolder(e.name) : undefined;
    if (!kind || kind === "table") continue;
    for (const file of await walk(path.join(dir, e.name))) {
      if (known.has(path.resolve(file)) || !isListableFile(kind, file)) continue;
      if (kind === "dataConnector" && ccfFolders.has(path.dirname(path.resolve(file)))) continue;
      const shown = display(ctx, file);
      ctx.diagnostics.push(
        diagnostic(
          "LOAD-NOT-LISTED",
          "info",
          `${shown} is not listed in ${dataFile}: it is not loaded or packaged.`,
          { file: shown },
          "Add it to the data file's list to package it, or delete it.",
        ),
      );
    }
  }
}

/** Files the packager could take from a content folder (not a playbook's side files). */
function isListableFile(kind: ContentKind, file: string): boolean {
  const lower = path.basename(file).toLowerCase();
  if (kind === "playbook") return lower === "azuredeploy.json";
  if (kind === "dataConnector") return lower.endsWith(".json");
  if (kind === "workbook") return lower.endsWith(".json");
  return /\.(ya?ml|kql)$/.test(lower);
}

/** The Azure-Sentinel checkout a file sits in: the nearest folder with `Workbooks/WorkbooksMetadata.json`. */
function findRepoRoot(file: string): string | undefined {
  for (let dir = path.dirname(path.resolve(file)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "Workbooks", "WorkbooksMetadata.json"))) return dir;
  }
  return undefined;
}

export { pathKind } from "./load-files.js";

/** A solution folder: it has a solution.yaml, or an Azure-Sentinel `Data/Solution_*.json`. */
async function isSolutionDir(dir: string): Promise<boolean> {
  return (
    (await pathKind(path.join(dir, SOLUTION_FILE))) !== undefined || (await findDataFile(dir)) !== undefined
  );
}

/** The solution folder `dir` sits in (itself or an ancestor), if any. */
async function enclosingSolutionDir(dir: string): Promise<string | undefined> {
  for (let d = path.resolve(dir); d !== path.dirname(d); d = path.dirname(d)) {
    if (await isSolutionDir(d)) return d;
  }
  return undefined;
}

/** Solution folders directly below `dir` (a Solutions/ folder), or `dir` itself. */
async function solutionDirsIn(dir: string): Promise<string[]> {
  if (await isSolutionDir(dir)) return [dir];
  const found: string[] = [];
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => compareText(a.name, b.name))) {
    if (e.isDirectory() && (await isSolutionDir(path.join(dir, e.name)))) found.push(path.join(dir, e.name));
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
    ["automation rule id", (m) => m.automationRules],
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
            ? 'Give this item a new GUID (for example from `node -e "console.log(crypto.randomUUID())"`).'
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
  const targets = paths.length
    ? paths
    : [(await pathKind(path.join(cwd, "Solutions"))) === "dir" ? "Solutions" : "."];
  const loose = new Map<
    string,
    { files: Array<{ file: string; kind?: ContentKind }>; templates: TemplateFile[] }
  >();
  const looseAt = (dir: string) => {
    let entry = loose.get(dir);
    if (!entry) {
      entry = { files: [], templates: [] };
      loose.set(dir, entry);
    }
    return entry;
  };

  for (const target of targets) {
    const abs = path.resolve(cwd, target);
    const found = await pathKind(abs);
    if (!found) {
      ctx.diagnostics.push(
        diagnostic(
          "LOAD-UNREADABLE",
          "error",
          `Path not found: ${target}`,
          { file: target },
          "Check the path.",
        ),
      );
      continue;
    }
    if (found === "dir") {
      const root =
        (await pathKind(path.join(abs, "Solutions"))) === "dir" ? path.join(abs, "Solutions") : abs;
      const dirs = await solutionDirsIn(root);
      if (dirs.length) {
        for (const dir of dirs) solutions.push(await loadSolutionDir(ctx, dir));
      } else {
        const entry = looseAt(abs);
        for (const file of await walk(abs)) {
          const kind = kindFromAncestors(abs, file);
          if (kind && ATTACHMENT_KINDS.has(kind) && file.toLowerCase().endsWith(".json"))
            entry.templates.push({ file, kind });
          else entry.files.push({ file, ...(kind ? { kind } : {}) });
        }
      }
    } else if (path.basename(abs) === SOLUTION_FILE) {
      solutions.push(await loadSolutionDir(ctx, path.dirname(abs)));
    } else {
      const dir = path.dirname(abs);
      const kind = kindOfFolder(path.basename(dir));
      looseAt(dir).files.push({ file: abs, ...(kind ? { kind } : {}) });
    }
  }
  for (const [dir, { files, templates }] of loose) {
    const model = emptyModel(dir);
    await loadInto(ctx, model, files);
    await loadUnreferencedTemplates(ctx, model, templates);
    const home = await enclosingSolutionDir(dir);
    if (home) {
      // Its own findings belong to a run that validates the solution, not to this one.
      const whole = await loadSolutionDir({ cwd, diagnostics: [], files: new Map() }, home);
      model.context = { tables: whole.tables, parsers: whole.parsers, dataConnectors: whole.dataConnectors };
    }
    solutions.push(model);
  }
  checkDuplicateIds(ctx, solutions);
  return {
    solutions,
    diagnostics: ctx.diagnostics,
    files: [...ctx.files]
      .map(([file, sha256]) => ({ file, sha256 }))
      .sort((a, b) => compareText(a.file, b.file)),
    modules: modulesUntracked ? undefined : importedFiles(),
  };
}

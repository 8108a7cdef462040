/**
 * Items in the Azure-Sentinel repository's own file formats, turned into the content model:
 * connector JSON (no `kind`), playbook ARM templates with their `metadata`, workbook gallery
 * templates described by the repository-wide `Workbooks/WorkbooksMetadata.json`, and raw-KQL
 * parsers. Every file that cannot become an item says why (nothing is dropped silently).
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { compareText, diagnostic } from "../diagnostics.js";
import { type LoaderContext, parseFile, readText } from "../load-files.js";
import type { AnyContentItem, Attachment } from "../model.js";
import { type ParsedSource, parseJsonSource, SourceDocument } from "../source.js";
import { connectorShape, resourcesOf } from "./connector-shape.js";

type Item = AnyContentItem;

function itemOf(
  kind: Item["kind"],
  data: Record<string, unknown>,
  source: SourceDocument,
  at: Array<string | number> = [],
): Item {
  return { kind, data, source, path: at } as unknown as Item;
}

/**
 * Items of a connector file. `staticIds` are the data file's `StaticDataConnectorIds` (first-party
 * pages packaged as StaticUI); given only when a data file lists the connector.
 */
export async function connectorItems(
  ctx: LoaderContext,
  parsed: ParsedSource,
  file: string,
  staticIds?: ReadonlySet<string>,
): Promise<Item[]> {
  const value = parsed.value;
  const shown = parsed.source.file;
  const shape = connectorShape(value);
  // sentinelctl's own connector format says its kind (CCF resources carry an ARM kind of their own).
  const ownFormat = !!value && typeof value === "object" && !Array.isArray(value) && "kind" in value;
  if (ownFormat && (shape.shape === "page" || shape.shape === "unknown")) {
    return [itemOf("dataConnector", value as Record<string, unknown>, parsed.source)];
  }
  switch (shape.shape) {
    case "page": {
      const data = { ...(value as Record<string, unknown>) };
      data.kind = staticIds?.has(String(data.id)) ? "StaticUI" : "GenericUI";
      return [itemOf("dataConnector", data, parsed.source)];
    }
    case "ccfDefinition":
      return [await ccfItem(ctx, parsed, file, shape.definition)];
    case "ccfParts":
      if (staticIds && (await hasCcfDefinitionBeside(ctx, file))) {
        ctx.diagnostics.push(
          diagnostic(
            "LOAD-CCF-PART",
            "info",
            `${shown} holds a CCF connector's pollers, rules or tables: they are packaged with the connector definition beside it.`,
            { file: shown, range: parsed.source.firstLine },
            "List only the *_connectorDefinition.json file in the data file.",
          ),
        );
      } else if (!(await hasCcfDefinitionBeside(ctx, file))) {
        ctx.diagnostics.push(
          diagnostic(
            "LOAD-CCF-ORPHAN",
            "warning",
            `${shown} holds CCF pollers, rules or tables but no connector definition sits beside it: not packaged.`,
            { file: shown, range: parsed.source.firstLine },
            "Keep the *_connectorDefinition.json file in the same folder.",
          ),
        );
      }
      return [];
    case "polling":
      ctx.diagnostics.push(
        diagnostic(
          "LOAD-NOT-PACKAGED",
          "warning",
          `${shown} is a CLv1 polling connector (connectorUiConfig + pollingConfig): sentinelctl does not package this retired kind.`,
          { file: shown, range: parsed.source.range(["pollingConfig"], "key") },
          "Move the connector to the Codeless Connector Framework (a connector definition with a RestApiPoller).",
        ),
      );
      return [];
    default:
      ctx.diagnostics.push(
        diagnostic(
          "LOAD-UNKNOWN-KIND",
          "error",
          `Cannot tell what kind of data connector ${shown} holds.`,
          { file: shown, range: parsed.source.firstLine },
          "A connector needs `kind`, or the Azure-Sentinel shape (id, title, dataTypes, connectivityCriterias), or a dataConnectorDefinitions resource.",
        ),
      );
      return [];
  }
}

async function siblingJson(file: string): Promise<string[]> {
  const dir = path.dirname(file);
  try {
    return (await readdir(dir))
      .filter((n) => n.toLowerCase().endsWith(".json") && path.join(dir, n) !== file)
      .sort(compareText)
      .map((n) => path.join(dir, n));
  } catch {
    return [];
  }
}

async function hasCcfDefinitionBeside(ctx: LoaderContext, file: string): Promise<boolean> {
  for (const other of await siblingJson(file)) {
    const read = await readText({ ...ctx, diagnostics: [], files: new Map() }, other);
    if (read && /dataConnectorDefinitions/i.test(read.text)) return true;
  }
  return false;
}

/**
 * A CCF connector as written: the definition's UI config is the item (located in the definition
 * file), and every poller, DCR and table of the JSON files beside it travels with it.
 */
async function ccfItem(
  ctx: LoaderContext,
  parsed: ParsedSource,
  file: string,
  definition: Record<string, unknown>,
): Promise<Item> {
  const resources: Array<Record<string, unknown>> = [];
  for (const other of await siblingJson(file)) {
    const part = await parseFile(ctx, other, { allowArray: true });
    if (!part) continue;
    const shape = connectorShape(part.value);
    if (shape.shape === "ccfParts") resources.push(...shape.resources);
  }
  const all = resourcesOf(parsed.value);
  const index = all.indexOf(definition);
  const base: Array<string | number> = Array.isArray(parsed.value) ? [index] : [];
  const ui = ((definition.properties as Record<string, unknown> | undefined)?.connectorUiConfig ??
    {}) as Record<string, unknown>;
  const data = { ...ui, kind: "CcfTemplate", definition, resources };
  return itemOf("dataConnector", data, parsed.source, [...base, "properties", "connectorUiConfig"]);
}

// ---- playbooks ---------------------------------------------------------------------------------

const TRIGGER_FOLDERS = /^(incident|alert|entity)-trigger(-logingestionapi)?$/i;

/** The content id V3 gives a playbook: its folder, prefixed by the parent for generic trigger folders. */
export function playbookIdOf(file: string): string {
  const folder = path.basename(path.dirname(file));
  return TRIGGER_FOLDERS.test(folder)
    ? `${path.basename(path.dirname(path.dirname(file)))}-${folder}`
    : folder;
}

function asList(v: unknown): string[] | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  return (Array.isArray(v) ? v : [v]).map(String).filter((s) => s.trim().length > 0);
}

/** A playbook item from its ARM template, as the repository keeps it (metadata in azuredeploy.json). */
export async function playbookItem(ctx: LoaderContext, file: string): Promise<Item | undefined> {
  const parsed = await parseFile(ctx, file);
  if (!parsed) return undefined;
  const template = parsed.value as Record<string, unknown>;
  const meta = (template.metadata ?? {}) as Record<string, unknown>;
  const workflow = resourcesOf(template.resources).find(
    (r) => String(r.type).toLowerCase() === "microsoft.logic/workflows",
  );
  const tags = (workflow?.tags ?? {}) as Record<string, unknown>;
  const id = playbookIdOf(file);
  const prerequisites = asList(meta.prerequisites);
  const postDeployment = asList(meta.postDeployment);
  const data: Record<string, unknown> = {
    id,
    title: typeof meta.title === "string" ? meta.title : id,
    description: typeof meta.description === "string" ? meta.description : "",
    version:
      typeof tags["hidden-SentinelTemplateVersion"] === "string"
        ? tags["hidden-SentinelTemplateVersion"]
        : "1.0",
    template: path.basename(file),
    ...(prerequisites ? { prerequisites } : {}),
    ...(postDeployment ? { postDeployment } : {}),
  };
  if (!workflow) {
    const kind = resourcesOf(template.resources).some(
      (r) => String(r.type).toLowerCase() === "microsoft.web/customapis",
    )
      ? "a Logic Apps custom connector"
      : resourcesOf(template.resources).some((r) => String(r.type).toLowerCase() === "microsoft.web/sites")
        ? "a Function App"
        : "no Logic App workflow";
    ctx.diagnostics.push(
      diagnostic(
        "LOAD-PLAYBOOK-KIND",
        "warning",
        `${parsed.source.file} holds ${kind}; it is packaged as a playbook template.`,
        { file: parsed.source.file, range: parsed.source.range(["resources"], "key") },
        "V3 packages custom connectors and Function Apps as their own content kinds; sentinelctl does not model them yet.",
      ),
    );
  }
  const item = itemOf("playbook", data, parsed.source, []);
  item.template = { value: template, source: parsed.source };
  return item;
}

// ---- workbooks ---------------------------------------------------------------------------------

interface WorkbookMetadataFile {
  source: SourceDocument;
  entries: Array<Record<string, unknown>>;
}

const metadataCache = new WeakMap<LoaderContext, Map<string, Promise<WorkbookMetadataFile | undefined>>>();

/** The repository-wide workbook metadata list (`<repo>/Workbooks/WorkbooksMetadata.json`), read once per load. */
export function workbooksMetadata(
  ctx: LoaderContext,
  repoRoot: string | undefined,
): Promise<WorkbookMetadataFile | undefined> {
  if (!repoRoot) return Promise.resolve(undefined);
  const file = path.join(repoRoot, "Workbooks", "WorkbooksMetadata.json");
  let byFile = metadataCache.get(ctx);
  if (!byFile) {
    byFile = new Map();
    metadataCache.set(ctx, byFile);
  }
  let pending = byFile.get(file);
  if (!pending) {
    pending = (async () => {
      const quiet: LoaderContext = { ...ctx, diagnostics: [] };
      const read = await readText(quiet, file);
      if (!read) return undefined;
      const parsed = parseJsonSource(read.shown, read.text);
      if (parsed.errors.length || !Array.isArray(parsed.value)) {
        ctx.diagnostics.push(
          diagnostic("LOAD-JSON-SYNTAX", "error", `${read.shown} must be a JSON array of workbook entries.`, {
            file: read.shown,
            range: parsed.errors[0]?.range ?? parsed.source.firstLine,
          }),
        );
        return undefined;
      }
      return { source: parsed.source, entries: parsed.value as Array<Record<string, unknown>> };
    })();
    byFile.set(file, pending);
  }
  return pending;
}

/**
 * A workbook item from its gallery template and its WorkbooksMetadata.json entry (matched by the
 * template's file name, as V3 matches it). Without an entry, the file name stands in and a
 * warning says so.
 */
export async function workbookItem(
  ctx: LoaderContext,
  file: string,
  repoRoot: string | undefined,
): Promise<Item | undefined> {
  const parsed = await parseFile(ctx, file);
  if (!parsed) return undefined;
  const template: Attachment = { value: parsed.value as Record<string, unknown>, source: parsed.source };
  const base = path.basename(file).toLowerCase();
  const metadata = await workbooksMetadata(ctx, repoRoot);
  const index =
    metadata?.entries.findIndex(
      (e) =>
        typeof e.templateRelativePath === "string" &&
        path.basename(e.templateRelativePath.replace(/\\/g, "/")).toLowerCase() === base,
    ) ?? -1;
  const entry = index >= 0 ? metadata!.entries[index]! : undefined;
  let item: Item;
  if (entry && metadata) {
    const data: Record<string, unknown> = {
      id: String(entry.workbookKey ?? path.basename(file, ".json")),
      title: String(entry.title ?? path.basename(file, ".json")),
      description: typeof entry.description === "string" ? entry.description : "",
      version: String(entry.version ?? "1.0.0"),
      dataTypes: asList(entry.dataTypesDependencies) ?? [],
      dataConnectors: asList(entry.dataConnectorsDependencies) ?? [],
      template: path
        .relative(path.dirname(path.resolve(ctx.cwd, metadata.source.file)), file)
        .split(path.sep)
        .join("/"),
      ...(typeof entry.subtitle === "string" && entry.subtitle ? { subtitle: entry.subtitle } : {}),
      ...(typeof entry.provider === "string" && entry.provider ? { provider: entry.provider } : {}),
      ...(typeof entry.logoFileName === "string" && entry.logoFileName ? { logo: entry.logoFileName } : {}),
      // V3 copies these two into the workbook's metadata when the entry has them.
      ...(asList(entry.previewImages) ? { previewImages: asList(entry.previewImages) } : {}),
      ...(asList(entry.previewImagesDark) ? { previewImagesDark: asList(entry.previewImagesDark) } : {}),
    };
    item = itemOf("workbook", data, metadata.source, [index]);
  } else {
    const name = path.basename(file, path.extname(file));
    ctx.diagnostics.push(
      diagnostic(
        "LOAD-WORKBOOK-METADATA",
        "warning",
        `No entry of Workbooks/WorkbooksMetadata.json describes ${parsed.source.file}: packaged with '${name}' as its key and title, and no data type dependencies.`,
        { file: parsed.source.file, range: parsed.source.firstLine },
        repoRoot
          ? "Add an entry whose templateRelativePath is this file's name."
          : "Validate inside an Azure-Sentinel checkout (its Workbooks/WorkbooksMetadata.json describes the workbook), or add a workbook YAML beside it.",
      ),
    );
    item = itemOf(
      "workbook",
      {
        id: name.replace(/[^A-Za-z0-9_.-]/g, ""),
        title: name,
        description: "",
        version: "1.0.0",
        dataTypes: [],
        dataConnectors: [],
        template: path.basename(file),
      },
      parsed.source,
    );
  }
  item.template = template;
  return item;
}

// ---- parsers -----------------------------------------------------------------------------------

/** A parser kept as a bare KQL file: V3 names the function after the file (category "Samples"). */
export async function rawKqlParser(ctx: LoaderContext, file: string): Promise<Item | undefined> {
  const read = await readText(ctx, file);
  if (!read) return undefined;
  const name = path.basename(file, path.extname(file));
  const source = new SourceDocument(read.shown, read.text);
  source.wholeTextIsValue = true;
  return itemOf(
    "parser",
    {
      id: name,
      Function: { Title: name, Version: "1.0.0" },
      Category: "Samples",
      FunctionName: name,
      FunctionAlias: name,
      FunctionQuery: read.text,
    },
    source,
  );
}

/**
 * An Azure-Sentinel solution folder: `Data/Solution_*.json` (the packager's input: name, version,
 * description, and the list of items to package) with `SolutionMetadata.json` (publisher, offer,
 * support, categories). The list and its order decide what the package holds, as in V3; entries
 * may point outside the folder (repository-root `Workbooks/`, another solution's parser).
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { compareText, diagnostic } from "../diagnostics.js";
import { type LoaderContext, parseFile, pathKind } from "../load-files.js";
import type { AnyContentItem } from "../model.js";
import type { ContentKind } from "../schemas/index.js";
import type { Path, SourceDocument } from "../source.js";

/** Files in `Data/` the packager ignores. */
const NOT_DATA_FILES = new Set([
  "parameters.json",
  "parameter.json",
  "system_generated_metadata.json",
  "testparameters.json",
]);

/** Data-file keys whose items sentinelctl packages. */
const LIST_KINDS: ReadonlyArray<[key: string, kind: ContentKind]> = [
  ["Data Connectors", "dataConnector"],
  ["Parsers", "parser"],
  ["Workbooks", "workbook"],
  ["Analytic Rules", "analyticRule"],
  ["Hunting Queries", "huntingQuery"],
  ["Playbooks", "playbook"],
];

/** Data-file keys V3 packages and sentinelctl does not (yet): each entry gets a warning. */
const UNSUPPORTED_LISTS = [
  "Watchlists",
  "SavedSearches",
  "SummaryRules",
  "Summary Rules",
  "XDR Detections",
  "Custom Detections",
];

export interface ManifestEntry {
  file: string;
  kind: ContentKind;
  /** Where the entry is written in the data file. */
  source: SourceDocument;
  path: Path;
}

export interface Manifest {
  file: string;
  source: SourceDocument;
  solution?: AnyContentItem;
  entries: ManifestEntry[];
  staticConnectorIds: Set<string>;
}

/** The data file of an Azure-Sentinel solution folder (`Data/` matched case-insensitively), if any. */
export async function findDataFile(dir: string): Promise<string | undefined> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const data = entries.find((e) => e.isDirectory() && e.name.toLowerCase() === "data");
  if (!data) return undefined;
  const files = (await readdir(path.join(dir, data.name)))
    .filter((n) => n.toLowerCase().endsWith(".json") && !NOT_DATA_FILES.has(n.toLowerCase()))
    .sort((a, b) => Number(!/^solution_/i.test(a)) - Number(!/^solution_/i.test(b)) || compareText(a, b));
  return files.length ? path.join(dir, data.name, files[0]!) : undefined;
}

/** The repository root above `Solutions/<Name>` (where `Workbooks/` and `.script/` live), if the folder sits there. */
export function repoRootOf(dir: string): string | undefined {
  const parent = path.dirname(path.resolve(dir));
  return path.basename(parent).toLowerCase() === "solutions" ? path.dirname(parent) : undefined;
}

/**
 * Where an entry's file is: relative to the solution folder (a leading `Solutions/<Name>/` is the
 * folder itself), else relative to the repository root.
 */
async function resolveEntry(
  dir: string,
  repoRoot: string | undefined,
  entry: string,
): Promise<string | undefined> {
  const clean = entry.replace(/\\/g, "/").replace(/^\.?\//, "");
  const candidates: string[] = [];
  const inSolutions = /^Solutions\/[^/]+\/(.+)$/i.exec(clean);
  if (inSolutions && repoRoot) candidates.push(path.join(repoRoot, clean));
  if (inSolutions) candidates.push(path.join(dir, inSolutions[1]!));
  candidates.push(path.join(dir, clean));
  if (repoRoot) candidates.push(path.join(repoRoot, clean));
  for (const c of candidates) if ((await pathKind(c)) === "file") return c;
  return undefined;
}

function authorOf(text: unknown): { name: string; email?: string } | undefined {
  if (typeof text !== "string" || !text.trim()) return undefined;
  // "Name - e-mail", as the packager splits it; without an address the whole text is the name.
  const at = text.lastIndexOf(" - ");
  const email = at >= 0 ? text.slice(at + 3).trim() : "";
  return email.includes("@") ? { name: text.slice(0, at).trim(), email } : { name: text.trim() };
}

function logoUrl(html: unknown): string | undefined {
  if (typeof html !== "string") return undefined;
  return /src\s*=\s*["']([^"']+)["']/i.exec(html)?.[1] ?? (html.startsWith("https://") ? html : undefined);
}

type DataFile = Record<string, unknown>;

/** Reads the data file and its SolutionMetadata.json into a solution item and the ordered item list. */
export async function readManifest(
  ctx: LoaderContext,
  dir: string,
  dataFile: string,
): Promise<Manifest | undefined> {
  const parsed = await parseFile(ctx, dataFile);
  if (!parsed) return undefined;
  const data = parsed.value as DataFile;
  const source = parsed.source;
  const repoRoot = repoRootOf(dir);
  const solution = await readSolutionItem(ctx, dir, repoRoot, data, source);
  const manifest: Manifest = {
    file: dataFile,
    source,
    entries: await readEntries(ctx, dir, repoRoot, data, source),
    staticConnectorIds: new Set(
      Array.isArray(data.StaticDataConnectorIds) ? data.StaticDataConnectorIds.map(String) : [],
    ),
    ...(solution ? { solution } : {}),
  };
  warnUnpackagedLists(ctx, data, source);
  return manifest;
}

/** The solution item: the data file's name, version and description with the metadata file's publisher and offer. */
async function readSolutionItem(
  ctx: LoaderContext,
  dir: string,
  repoRoot: string | undefined,
  data: DataFile,
  source: SourceDocument,
): Promise<AnyContentItem | undefined> {
  const metadataName =
    typeof data.Metadata === "string" && data.Metadata.trim()
      ? data.Metadata.trim()
      : "SolutionMetadata.json";
  const metadataFile = await resolveEntry(dir, repoRoot, metadataName);
  if (!metadataFile) {
    ctx.diagnostics.push(
      diagnostic(
        "LOAD-MISSING-FILE",
        "error",
        `The solution metadata file '${metadataName}' does not exist.`,
        {
          file: source.file,
          range: source.range(["Metadata"]),
        },
        "Add SolutionMetadata.json (publisherId, offerId, support, categories, providers, publish dates) to the solution folder.",
      ),
    );
    return undefined;
  }
  const metadata = await parseFile(ctx, metadataFile);
  if (!metadata) return undefined;
  if (typeof data.Name === "string" && data.Name !== path.basename(dir)) {
    ctx.diagnostics.push(
      diagnostic(
        "LOAD-SOLUTION-NAME",
        "warning",
        `Name '${data.Name}' differs from the folder name '${path.basename(dir)}'; Microsoft's packager looks the solution up by Name.`,
        { file: source.file, range: source.range(["Name"]) },
      ),
    );
  }
  return {
    kind: "solution",
    data: solutionFields(data, metadata.value as Record<string, unknown>),
    source: metadata.source,
    path: [],
  } as unknown as AnyContentItem;
}

/** The solution's fields, as sentinelctl's own solution.yaml would give them (unset ones left out). */
function solutionFields(data: DataFile, m: Record<string, unknown>): Record<string, unknown> {
  const author = authorOf(data.Author);
  const logo = logoUrl(data.Logo);
  const solution: Record<string, unknown> = {
    id: `${String(m.publisherId ?? "")}.${String(m.offerId ?? "")}`,
    name: data.Name,
    version: data.Version ?? "3.0.0",
    description: data.Description,
    ...(logo ? { logo } : {}),
    author: author ?? { name: (m.support as { name?: string } | undefined)?.name ?? "" },
    support: m.support,
    categories: m.categories,
    providers: m.providers,
    firstPublishDate: m.firstPublishDate,
    ...(m.lastPublishDate ? { lastPublishDate: m.lastPublishDate } : {}),
    ...(Array.isArray(data.dependentDomainSolutionIds) && data.dependentDomainSolutionIds.length
      ? { dependencies: data.dependentDomainSolutionIds }
      : {}),
  };
  for (const [k, v] of Object.entries(solution)) if (v === undefined) delete solution[k];
  return solution;
}

/** The items the data file lists, in its order, each resolved to its file (missing ones reported). */
async function readEntries(
  ctx: LoaderContext,
  dir: string,
  repoRoot: string | undefined,
  data: DataFile,
  source: SourceDocument,
): Promise<ManifestEntry[]> {
  const entries: ManifestEntry[] = [];
  for (const [key, kind] of LIST_KINDS) {
    const list = data[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      ctx.diagnostics.push(
        diagnostic("SCHEMA-WRONG-TYPE", "error", `'${key}' must be a list of file paths.`, {
          file: source.file,
          range: source.range([key]),
        }),
      );
      continue;
    }
    for (const [i, entry] of list.entries()) {
      const where = { file: source.file, range: source.range([key, i]) };
      if (typeof entry !== "string" || !entry.trim()) {
        ctx.diagnostics.push(
          diagnostic("SCHEMA-WRONG-TYPE", "error", `${key}[${i}] must be a file path.`, where),
        );
        continue;
      }
      const file = await resolveEntry(dir, repoRoot, entry);
      if (!file) {
        ctx.diagnostics.push(
          diagnostic(
            "LOAD-MISSING-FILE",
            "error",
            `${key}: '${entry}' does not exist.`,
            where,
            "Paths are relative to the solution folder (or start with Solutions/<Name>/, or with a repository-root folder such as Workbooks/).",
          ),
        );
        continue;
      }
      entries.push({ file, kind, source, path: [key, i] });
    }
  }
  return entries;
}

/** One warning per list V3 would package and sentinelctl does not. */
function warnUnpackagedLists(ctx: LoaderContext, data: DataFile, source: SourceDocument): void {
  for (const key of UNSUPPORTED_LISTS) {
    const list = data[key];
    if (!Array.isArray(list) || list.length === 0) continue;
    ctx.diagnostics.push(
      diagnostic(
        "LOAD-NOT-PACKAGED",
        "warning",
        `${list.length} item(s) under '${key}' are not packaged: sentinelctl does not build this kind yet.`,
        { file: source.file, range: source.range([key], "key") },
        "Package them with Microsoft's V3 tool, or deploy them separately.",
      ),
    );
  }
}

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import {
  type AnyContentItem,
  compareText,
  type Diagnostic,
  diagnostic,
  InputError,
  type Path,
} from "@sentinelctl/content";
import { createEvaluator, OMIT } from "./arm/evaluate.js";
import type { SolutionBuild } from "./build.js";
import { type GraphItem, kindLabel } from "./graph.js";
import { pathKind } from "./util/fs.js";
import { sortKeysDeep } from "./util/json.js";
import { compareVersions } from "./util/semver.js";
import { readZip } from "./zip.js";

const run = promisify(execFile);

/** One content item of a package, as read back from its mainTemplate. */
export interface PackageItem {
  contentId: string;
  kind: string;
  version: string;
  displayName: string;
  /** Hash of the item's resources (normalised); undefined when it cannot be evaluated offline. */
  fingerprint?: string;
}

export interface PackageSummary {
  version?: string;
  solutionId?: string;
  items: PackageItem[];
}

export interface Baseline extends PackageSummary {
  /** Where it was read from, for messages. */
  source: string;
}

const DUMMY = {
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  resourceGroup: "baseline-rg",
  workspace: "baseline-ws",
  location: "westeurope",
};

/** Drops empty values, trims trailing whitespace, sorts keys: differences that change nothing. */
function normalise(v: unknown): unknown {
  if (typeof v === "string") return v.replace(/\s+$/, "");
  if (Array.isArray(v)) {
    const a = v.map(normalise).filter((x) => x !== undefined);
    return a.length ? a : undefined;
  }
  if (v && typeof v === "object") {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const n = normalise(x);
      if (n !== undefined && n !== "") o[k] = n;
    }
    return Object.keys(o).length ? o : undefined;
  }
  return v === null ? undefined : v;
}

function fingerprint(resources: unknown[]): string {
  const content = resources
    .filter((r) => !/\/metadata$/i.test(String((r as { type?: unknown }).type ?? "")))
    .map((r) => {
      const x = r as Record<string, unknown>;
      return { type: String(x.type).toLowerCase(), kind: x.kind, properties: x.properties };
    });
  return createHash("sha256")
    .update(JSON.stringify(sortKeysDeep(normalise(content) ?? null)))
    .digest("hex");
}

/** Reads the solution version and the content items of a mainTemplate (ours or V3's). */
export function summarisePackage(mainTemplate: Record<string, unknown>): PackageSummary {
  const parameters: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(
    (mainTemplate.parameters ?? {}) as Record<string, { defaultValue?: unknown }>,
  )) {
    parameters[name] = def?.defaultValue ?? OMIT;
  }
  Object.assign(parameters, {
    workspace: DUMMY.workspace,
    "workspace-location": DUMMY.location,
    location: DUMMY.location,
  });
  for (const k of Object.keys(parameters)) {
    if (parameters[k] === OMIT) parameters[k] = `/subscriptions/${DUMMY.subscriptionId}/parameter/${k}`;
  }
  const env = {
    scope: {
      subscriptionId: DUMMY.subscriptionId,
      resourceGroup: DUMMY.resourceGroup,
      location: DUMMY.location,
    },
    parameters,
    variables: (mainTemplate.variables ?? {}) as Record<string, unknown>,
  };
  const ev = createEvaluator(env);
  const tryEval = (v: unknown): unknown => {
    try {
      return ev.evaluate(v);
    } catch {
      return undefined;
    }
  };
  const summary: PackageSummary = { items: [] };
  const metadataItems: PackageItem[] = [];
  for (const r of (mainTemplate.resources ?? []) as Array<Record<string, unknown>>) {
    const type = String(r.type ?? "").toLowerCase();
    if (type.endsWith("/contentpackages")) {
      const props = (tryEval(r.properties) ?? {}) as Record<string, unknown>;
      summary.version = props.version as string | undefined;
      summary.solutionId = props.contentId as string | undefined;
    } else if (type.endsWith("/contenttemplates")) {
      const raw = (r.properties ?? {}) as Record<string, unknown>;
      const field = (k: string) => tryEval(raw[k]);
      const main = tryEval(raw.mainTemplate) as { resources?: unknown[] } | undefined;
      summary.items.push({
        contentId: String(field("contentId") ?? ""),
        kind: String(field("contentKind") ?? ""),
        version: String(field("version") ?? ""),
        displayName: String(field("displayName") ?? ""),
        ...(main?.resources ? { fingerprint: fingerprint(main.resources) } : {}),
      });
    } else if (type.endsWith("/metadata")) {
      // Packages before contentPackages (template specs) describe the solution in metadata.
      const props = (tryEval(r.properties) ?? {}) as Record<string, unknown>;
      if (props.kind === "Solution") summary.version ??= props.version as string | undefined;
      else if (props.contentId && props.kind) {
        metadataItems.push({
          contentId: String(props.contentId),
          kind: String(props.kind),
          version: String(props.version ?? ""),
          displayName: String(props.contentId),
        });
      }
    }
  }
  if (!summary.items.length) summary.items = metadataItems;
  return summary;
}

function parseTemplate(text: string, source: string): Record<string, unknown> {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, "")) as Record<string, unknown>;
  } catch (e) {
    throw new InputError(
      diagnostic(
        "BUILD-BASELINE-UNREADABLE",
        "error",
        `Baseline ${source} is not valid JSON: ${(e as Error).message}`,
        { file: source },
      ),
    );
  }
}

function fromZip(data: Buffer, source: string): Baseline {
  const entry = readZip(data).find((e) => e.name.replace(/^.*\//, "") === "mainTemplate.json");
  if (!entry) {
    throw new InputError(
      diagnostic("BUILD-BASELINE-UNREADABLE", "error", `${source} has no mainTemplate.json.`, {
        file: source,
      }),
    );
  }
  return { source, ...summarisePackage(parseTemplate(entry.data.toString("utf8"), source)) };
}

function newestZip(names: string[]): string | undefined {
  return names
    .filter((n) => /(^|\/)\d+\.\d+\.\d+\.zip$/.test(n))
    .sort((a, b) => compareVersions(path.basename(a, ".zip"), path.basename(b, ".zip")))
    .pop();
}

/**
 * The last released package of one solution: `spec` is a Package folder (or a folder holding
 * `<Solution>/Package`), a `<version>.zip`, or a git ref whose tree has the package. Returns
 * undefined when the place exists but holds no package for this solution.
 */
export async function readBaseline(
  spec: string,
  folderName: string,
  cwd: string,
): Promise<Baseline | undefined> {
  const abs = path.resolve(cwd, spec);
  const kind = await pathKind(abs);
  if (kind === "file") {
    const data = await readFile(abs);
    return abs.toLowerCase().endsWith(".zip")
      ? fromZip(data, spec)
      : { source: spec, ...summarisePackage(parseTemplate(data.toString("utf8"), spec)) };
  }
  if (kind === "dir") {
    for (const dir of [
      abs,
      path.join(abs, "Package"),
      path.join(abs, folderName, "Package"),
      path.join(abs, "Solutions", folderName, "Package"),
    ]) {
      const main = path.join(dir, "mainTemplate.json");
      if ((await pathKind(main)) === "file") {
        return {
          source: path.relative(cwd, main) || main,
          ...summarisePackage(parseTemplate(await readFile(main, "utf8"), main)),
        };
      }
    }
    return undefined;
  }
  // A git ref.
  let files: string[];
  try {
    await run("git", ["rev-parse", "--verify", "--quiet", `${spec}^{commit}`], { cwd });
    const { stdout } = await run("git", ["ls-tree", "-r", "--name-only", spec], {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
    });
    files = stdout.split("\n").filter(Boolean);
  } catch {
    throw new InputError(
      diagnostic(
        "BUILD-BASELINE-UNREADABLE",
        "error",
        `--baseline ${spec} is not a file, a folder or a git ref.`,
        {},
        "Give a Package folder, a <version>.zip or a git ref (tag, branch, commit).",
      ),
    );
  }
  const inPackage = files.filter((f) => f.split("/").slice(-3, -1).join("/") === `${folderName}/Package`);
  const main = inPackage.find((f) => f.endsWith("/mainTemplate.json"));
  const show = async (f: string) =>
    (await run("git", ["show", `${spec}:${f}`], { cwd, encoding: "buffer", maxBuffer: 256 * 1024 * 1024 }))
      .stdout as unknown as Buffer;
  if (main)
    return {
      source: `${spec}:${main}`,
      ...summarisePackage(parseTemplate((await show(main)).toString("utf8"), `${spec}:${main}`)),
    };
  const zip = newestZip(inPackage);
  if (zip) return fromZip(await show(zip), `${spec}:${zip}`);
  return undefined;
}

// ---------------------------------------------------------------------------------------------

export interface ReleaseChange {
  change: "Added" | "Updated" | "Removed";
  kind: string;
  displayName: string;
  contentId: string;
  from?: string;
  to?: string;
}

export interface BaselineComparison {
  baseline: Baseline;
  changes: ReleaseChange[];
  diagnostics: Diagnostic[];
  releaseNotes?: string;
}

function versionPath(item: AnyContentItem): Path {
  switch (item.kind) {
    case "parser":
      return ["Function", "Version"];
    default:
      return ["version"];
  }
}

function where(item: AnyContentItem, p: Path) {
  return { file: item.source.file, range: item.source.range([...item.path, ...p]) };
}

const key = (kind: string, id: string) => `${kind.toLowerCase()}|${id.toLowerCase()}`;

function kindText(kind: string): string {
  return kindLabel(kind as GraphItem["kind"]);
}

/** DD-MM-YYYY, the ReleaseNotes.md convention. */
function releaseDate(iso: string | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${m[3]}-${m[2]}-${m[1]}` : "DD-MM-YYYY";
}

export function releaseNotesEntry(
  version: string,
  date: string | undefined,
  changes: readonly ReleaseChange[],
): string {
  const lines = changes.map((c) => {
    const v = c.change === "Updated" ? ` (${c.from} → ${c.to})` : c.change === "Added" ? ` (${c.to})` : "";
    return `${c.change} ${kindText(c.kind)} **${c.displayName}**${v}`;
  });
  const history = lines.length ? lines.join("<br/>") : "Package rebuilt; no content changes.";
  return [
    "| **Version** | **Date Modified (DD-MM-YYYY)** | **Change History** |",
    "|-------------|--------------------------------|--------------------|",
    `| ${version} | ${releaseDate(date)} | ${history} |`,
    "",
  ].join("\n");
}

/** What a comparison with the baseline collects, shared by its steps. */
interface Comparison {
  baseline: Baseline;
  /** The solution item: where findings with no item of their own point. */
  sol: AnyContentItem;
  /** The build's items by kind and id: where an item's findings point. */
  graphItems: Map<string, GraphItem>;
  changes: ReleaseChange[];
  diagnostics: Diagnostic[];
}

/**
 * Compares a build with the last released package: the solution version must go up (semantic
 * version order), an item whose content changed needs a higher version, a version never goes
 * back, and an item id never changes or disappears unless allowed.
 */
export function compareWithBaseline(
  build: SolutionBuild,
  baseline: Baseline,
  options: { allowRemoved: readonly string[] },
): BaselineComparison {
  const current = summarisePackage(build.mainTemplate);
  const c: Comparison = {
    baseline,
    sol: build.graph.model.solution!,
    graphItems: new Map(build.graph.items.map((i) => [key(i.kind, i.contentId), i])),
    changes: [],
    diagnostics: [],
  };
  checkSolutionVersion(c, build.version);
  const added = compareReleasedItems(c, current.items);
  compareVanishedItems(c, current.items, added, options.allowRemoved);
  for (const a of added)
    c.changes.push({
      change: "Added",
      kind: a.kind,
      displayName: a.displayName,
      contentId: a.contentId,
      to: a.version,
    });
  const order = { Added: 0, Updated: 1, Removed: 2 };
  c.changes.sort(
    (x, y) =>
      order[x.change] - order[y.change] ||
      compareText(x.kind, y.kind) ||
      compareText(x.displayName, y.displayName),
  );
  return {
    baseline,
    changes: c.changes,
    diagnostics: c.diagnostics,
    releaseNotes: releaseNotesEntry(build.version, build.graph.solution.lastPublishDate, c.changes),
  };
}

/** Partner Center takes a package only with a higher solution version. */
function checkSolutionVersion({ baseline, sol, diagnostics }: Comparison, version: string): void {
  if (!baseline.version || compareVersions(version, baseline.version) > 0) return;
  diagnostics.push(
    diagnostic(
      "BUILD-VERSION-NOT-INCREASED",
      "error",
      `Solution version ${version} is not greater than the released ${baseline.version} (${baseline.source}).`,
      where(sol, ["version"]),
      "Partner Center accepts a package only with a higher version: bump the solution version.",
    ),
  );
}

/**
 * The items of this package the baseline released too: updated ones recorded, a version that went
 * back or a changed item with the same version reported. Returns the items the baseline lacks.
 */
function compareReleasedItems(c: Comparison, items: PackageItem[]): PackageItem[] {
  const { baseline, graphItems, diagnostics } = c;
  const baseItems = new Map(baseline.items.map((i) => [key(i.kind, i.contentId), i]));
  const added: PackageItem[] = [];
  for (const item of items) {
    const base = baseItems.get(key(item.kind, item.contentId));
    const gi = graphItems.get(key(item.kind, item.contentId));
    if (!base) {
      added.push(item);
      continue;
    }
    const cmp = compareVersions(item.version, base.version);
    const changed =
      item.fingerprint !== undefined &&
      base.fingerprint !== undefined &&
      item.fingerprint !== base.fingerprint;
    if (cmp < 0 && gi) {
      diagnostics.push(
        diagnostic(
          "BUILD-ITEM-VERSION-BACKWARDS",
          "error",
          `${kindText(item.kind)} '${item.displayName}' has version ${item.version}, lower than the released ${base.version}.`,
          where(gi.source, versionPath(gi.source)),
        ),
      );
    } else if (changed && cmp === 0 && gi) {
      diagnostics.push(
        diagnostic(
          "BUILD-ITEM-VERSION",
          "error",
          `${kindText(item.kind)} '${item.displayName}' changed since ${baseline.source} but its version is still ${item.version}.`,
          where(gi.source, versionPath(gi.source)),
          "Raise the item's version: it feeds the template's product id, so installed copies see the update.",
        ),
      );
    }
    if (changed || cmp > 0) {
      c.changes.push({
        change: "Updated",
        kind: item.kind,
        displayName: item.displayName,
        contentId: item.contentId,
        from: base.version,
        to: item.version,
      });
    }
  }
  return added;
}

/**
 * Released items this package no longer holds: an added item of the same kind and name means the
 * id changed (an error); otherwise the removal is an error unless --allow-removed names it.
 */
function compareVanishedItems(
  c: Comparison,
  items: PackageItem[],
  added: PackageItem[],
  allowRemoved: readonly string[],
): void {
  const { baseline, sol, graphItems, diagnostics } = c;
  const currentKeys = new Set(items.map((i) => key(i.kind, i.contentId)));
  for (const base of baseline.items) {
    if (currentKeys.has(key(base.kind, base.contentId))) continue;
    const renamed = added.find((a) => a.kind === base.kind && a.displayName === base.displayName);
    if (renamed) {
      const gi = graphItems.get(key(renamed.kind, renamed.contentId));
      diagnostics.push(
        diagnostic(
          "BUILD-ID-CHANGED",
          "error",
          `${kindText(base.kind)} '${base.displayName}' changed its id from ${base.contentId} to ${renamed.contentId}; template ids never change.`,
          gi
            ? where(gi.source, gi.source.kind === "parser" ? ["FunctionAlias"] : ["id"])
            : where(sol, ["id"]),
          `Restore the id ${base.contentId}.`,
        ),
      );
      continue;
    }
    if (!allowRemoved.some((id) => id.toLowerCase() === base.contentId.toLowerCase())) {
      diagnostics.push(
        diagnostic(
          "BUILD-ITEM-REMOVED",
          "error",
          `${kindText(base.kind)} '${base.displayName}' (${base.contentId}) was released in ${baseline.version ?? "the baseline"} and is gone from this package.`,
          where(sol, ["id"]),
          `Removing released content must be deliberate: pass --allow-removed ${base.contentId} (the release notes record it).`,
        ),
      );
    }
    c.changes.push({
      change: "Removed",
      kind: base.kind,
      displayName: base.displayName,
      contentId: base.contentId,
    });
  }
}

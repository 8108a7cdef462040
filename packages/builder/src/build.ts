import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  type Diagnostic,
  diagnostic,
  hasErrors,
  type LoadResult,
  loadContent,
  type SolutionModel,
  sortDiagnostics,
} from "@sentinelctl/content";
import { type BuildCheckOptions, configureFindings, loadConfig } from "@sentinelctl/validator";
import { type BaselineComparison, compareWithBaseline, readBaseline } from "./baseline.js";
import { checkedGraph } from "./checked-graph.js";
import type { PackageGraph } from "./graph.js";
import { renderPackage } from "./package.js";
import { pathKind } from "./util/fs.js";
import { readZip } from "./zip.js";

export interface BuiltFile {
  /** Path relative to the solution's output folder, e.g. `Package/mainTemplate.json`. */
  path: string;
  data: Buffer;
}

export interface SolutionBuild {
  folderName: string;
  solutionDir: string;
  solutionId: string;
  name: string;
  version: string;
  graph: PackageGraph;
  mainTemplate: Record<string, unknown>;
  createUiDefinition: Record<string, unknown>;
  files: BuiltFile[];
  counts: Array<[string, number]>;
  baseline?: BaselineComparison;
}

export interface BuildResult {
  solutions: SolutionBuild[];
  diagnostics: Diagnostic[];
  /** No error diagnostics: safe to write. */
  ok: boolean;
}

/**
 * Builds one loaded solution in memory. Diagnostics (errors and warnings) go to `diagnostics`; the
 * result is undefined when the solution has errors. `options` find the configuration the checks
 * `build` always runs are configured by.
 */
export function buildSolution(
  model: SolutionModel,
  diagnostics: Diagnostic[] = [],
  options: BuildCheckOptions = {},
): SolutionBuild | undefined {
  const { graph, icon, diagnostics: own } = checkedGraph(model, options);
  diagnostics.push(...own);
  if (!graph) return undefined;
  const rendered = renderPackage(graph, icon);
  const s = graph.solution;
  return {
    folderName: model.folderName,
    solutionDir: model.dir,
    solutionId: s.id,
    name: s.name,
    version: s.version,
    graph,
    mainTemplate: rendered.mainTemplate,
    createUiDefinition: rendered.createUiDefinition,
    files: rendered.files.map((f) => ({ path: `Package/${f.path}`, data: f.data })),
    counts: graph.counts,
  };
}

export interface BuildOptions {
  cwd?: string;
  /** `--baseline`: a Package folder, a <version>.zip, or a git ref whose tree has the package. */
  baseline?: string;
  /** Content ids that may disappear from the package (with --baseline). */
  allowRemoved?: readonly string[];
  /**
   * The validator's findings, computed by the caller from the same load. The checks `build`
   * always runs (the validator's BUILD_CHECKS) run either way; their findings are reported once.
   */
  validate?: (load: LoadResult) => Promise<Diagnostic[]>;
  onProgress?: (message: string) => void;
}

/** The validator reports the checks `build` always runs too: the same finding is kept once. */
function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${d.code}|${d.file}|${d.range?.start.line}:${d.range?.start.column}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Loads, checks and builds solutions in memory; nothing is written. */
export async function buildSolutions(paths: string[], options: BuildOptions = {}): Promise<BuildResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  options.onProgress?.("loading content");
  const load = await loadContent(paths, { cwd });
  const config = loadConfig({ cwd });
  const diagnostics: Diagnostic[] = [...load.diagnostics];
  if (options.validate) {
    options.onProgress?.("validating");
    diagnostics.push(...(await options.validate(load)));
  } else {
    // A validator run reports the configuration's own notes; without one the builder does.
    diagnostics.push(...(config.notes ?? []));
  }
  const solutions: SolutionBuild[] = [];
  for (const model of load.solutions) {
    options.onProgress?.(`building ${model.folderName}`);
    const built = buildSolution(model, diagnostics, { cwd, config });
    if (built) solutions.push(built);
  }
  if (options.baseline && !hasErrors(diagnostics)) {
    for (const s of solutions) {
      options.onProgress?.(`comparing ${s.folderName} with the baseline`);
      const base = await readBaseline(options.baseline, s.folderName, cwd);
      if (!base) {
        const missing = [
          diagnostic(
            "BUILD-BASELINE-MISSING",
            "warning",
            `No baseline package for ${s.folderName} in ${options.baseline}: treated as a first release.`,
            { file: path.relative(cwd, path.join(s.solutionDir, "solution.yaml")).split(path.sep).join("/") },
          ),
        ];
        diagnostics.push(...configureFindings(missing, load.solutions, { config }));
        continue;
      }
      s.baseline = compareWithBaseline(s, base, { allowRemoved: options.allowRemoved ?? [] });
      diagnostics.push(...configureFindings(s.baseline.diagnostics, load.solutions, { config }));
      if (s.baseline.releaseNotes) {
        s.files.push({ path: "ReleaseNotes.entry.md", data: Buffer.from(s.baseline.releaseNotes, "utf8") });
      }
    }
  }
  const all = sortDiagnostics(dedupe(diagnostics));
  return { solutions, diagnostics: all, ok: !hasErrors(all) };
}

/**
 * Writes a successful build under `outDir/<SolutionFolder>/...`. Everything is written to a
 * temporary folder next to `outDir` first; each solution folder then replaces the old one by a
 * rename, so an interrupted or failed build never leaves half-written output.
 */
export async function writeBuild(result: BuildResult, outDir: string): Promise<string[]> {
  if (!result.ok) throw new Error("Refusing to write a build with errors.");
  const out = path.resolve(outDir);
  await mkdir(out, { recursive: true });
  const staging = await mkdtemp(path.join(out, ".sentinelctl-build-"));
  const written: string[] = [];
  try {
    for (const s of result.solutions) {
      for (const f of s.files) {
        const target = path.join(staging, s.folderName, f.path);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, f.data);
      }
    }
    for (const s of result.solutions) {
      const final = path.join(out, s.folderName);
      const old = path.join(staging, `.old-${s.folderName}`);
      const had = (await pathKind(final)) !== undefined;
      if (had) await rename(final, old);
      await rename(path.join(staging, s.folderName), final);
      if (had) await rm(old, { recursive: true, force: true });
      written.push(...s.files.map((f) => path.join(final, f.path)));
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return written;
}

export interface CheckedFile {
  path: string;
  status: "same" | "changed" | "missing" | "extra";
}

function zipContents(data: Buffer): string {
  try {
    return readZip(data)
      .map((e) => `${e.name}:${createHash("sha256").update(e.data).digest("hex")}`)
      .join("\n");
  } catch {
    return `unreadable:${createHash("sha256").update(data).digest("hex")}`;
  }
}

/**
 * `--check`: compares the built package with the Package folder committed in the solution. A zip
 * is compared by its entries (names and contents), so a different zlib cannot fail the check.
 */
export async function checkCommittedPackage(s: SolutionBuild): Promise<CheckedFile[]> {
  const dir = path.join(s.solutionDir, "Package");
  const out: CheckedFile[] = [];
  const expected = s.files.filter((f) => f.path.startsWith("Package/"));
  const names = new Set(expected.map((f) => f.path.slice("Package/".length)));
  for (const f of expected) {
    const rel = f.path.slice("Package/".length);
    let committed: Buffer;
    try {
      committed = await readFile(path.join(dir, rel));
    } catch {
      out.push({ path: path.join(dir, rel), status: "missing" });
      continue;
    }
    const same = rel.endsWith(".zip")
      ? zipContents(committed) === zipContents(f.data)
      : committed.equals(f.data);
    out.push({ path: path.join(dir, rel), status: same ? "same" : "changed" });
  }
  let present: string[] = [];
  try {
    present = await readdir(dir);
  } catch {
    // no Package folder at all: every file is reported missing above
  }
  for (const name of present.sort()) {
    // Older <version>.zip files are kept by convention (Partner Center history); other files are extra.
    if (!names.has(name) && !/^\d+\.\d+\.\d+\.zip$/.test(name))
      out.push({ path: path.join(dir, name), status: "extra" });
  }
  return out;
}

import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { loadContent, SOLUTION_FILE } from "@sentinelctl/content";
import { UsageError } from "../ui.js";

/** What `new` needs to know about the solution it adds to. */
export interface SolutionFacts {
  dir: string;
  name: string;
  publisher: string;
  /** Custom tables the solution declares, sorted. */
  tables: string[];
  /** Connectors, with the tables each writes or reports on. */
  connectors: Array<{ id: string; tables: string[] }>;
  /** Items a detection test can run. */
  testable: Array<{
    name: string;
    id: string;
    kind: "analyticRule" | "huntingQuery" | "parser";
    query: string;
  }>;
}

/** Solution folders under `root` (itself, or the folders of root/Solutions holding solution.yaml). */
export function solutionDirs(root: string): string[] {
  if (existsSync(path.join(root, SOLUTION_FILE))) return [root];
  const base = path.join(root, "Solutions");
  if (!existsSync(base)) return [];
  return readdirSync(base, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(base, e.name, SOLUTION_FILE)))
    .map((e) => path.join(base, e.name))
    .sort();
}

/**
 * The solution folder `--solution` names (a path, or a folder name under Solutions/), or the only
 * solution in reach of `cwd` when it names none.
 */
export function findSolutionDir(cwd: string, wanted: string | undefined): string {
  const known = solutionDirs(cwd);
  if (wanted === undefined) {
    if (known.length === 1) return known[0] as string;
    throw new UsageError(
      known.length === 0
        ? "no solution here: there is no solution.yaml in this folder or under Solutions/"
        : "--solution is needed: there are several solutions",
      known.length === 0
        ? "Run it from a content repository (sentinelctl init), or pass --solution PATH."
        : `Solutions: ${known.map((d) => path.basename(d)).join(", ")}.`,
    );
  }
  for (const candidate of [path.resolve(cwd, wanted), path.join(cwd, "Solutions", wanted)]) {
    if (existsSync(path.join(candidate, SOLUTION_FILE))) return candidate;
  }
  throw new UsageError(
    `no solution '${wanted}': neither ${wanted}/${SOLUTION_FILE} nor Solutions/${wanted}/${SOLUTION_FILE} exists`,
    known.length
      ? `Solutions: ${known.map((d) => path.basename(d)).join(", ")}.`
      : "Create one with sentinelctl new solution NAME.",
  );
}

export async function readSolutionFacts(dir: string): Promise<SolutionFacts> {
  const load = await loadContent([dir], { cwd: dir });
  const model = load.solutions[0];
  const solution = model?.solution?.data;
  const name = solution?.name ?? path.basename(dir);
  const tables = (model?.tables ?? []).map((t) => t.data.name).sort();
  const connectors = (model?.dataConnectors ?? []).map((c) => {
    const data = c.data as {
      id: string;
      streams?: Array<{ table: string }>;
      dataTypes?: Array<{ name: string }>;
    };
    const fed = [...(data.streams ?? []).map((s) => s.table), ...(data.dataTypes ?? []).map((d) => d.name)];
    return { id: data.id, tables: fed };
  });
  const testable: SolutionFacts["testable"] = [
    ...(model?.analyticRules ?? []).map((r) => ({
      name: r.data.name,
      id: r.data.id,
      kind: "analyticRule" as const,
      query: r.data.query,
    })),
    ...(model?.huntingQueries ?? []).map((h) => ({
      name: h.data.name,
      id: h.data.id,
      kind: "huntingQuery" as const,
      query: h.data.query,
    })),
    ...(model?.parsers ?? []).map((p) => ({
      name: p.data.FunctionName,
      id: p.data.id,
      kind: "parser" as const,
      query: p.data.FunctionQuery,
    })),
  ];
  return {
    dir,
    name,
    publisher: solution?.providers[0] ?? solution?.author.name ?? name,
    tables,
    connectors,
    testable,
  };
}

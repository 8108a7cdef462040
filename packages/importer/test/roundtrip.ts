import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { buildSolution, createEvaluator, OMIT } from "@sentinelctl/builder";
import { type Diagnostic, loadContent } from "@sentinelctl/content";
import { IMPORT_SCOPE, type ImportResult, importFromPackage, writeFiles } from "@sentinelctl/importer";

export const REPO = path.resolve(import.meta.dirname, "../../..");

/** A package's resources evaluated for one workspace, keyed by type and name (what Install writes). */
export function evaluatedResources(template: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(template.parameters as Record<string, { defaultValue?: unknown }>)) {
    if (v.defaultValue !== undefined) params[k] = v.defaultValue;
  }
  params.dataCollectionEndpointId ??= OMIT;
  Object.assign(params, {
    workspace: IMPORT_SCOPE.workspace,
    location: "westeurope",
    "workspace-location": "westeurope",
  });
  const ev = createEvaluator({
    scope: {
      subscriptionId: IMPORT_SCOPE.subscriptionId,
      resourceGroup: IMPORT_SCOPE.resourceGroup,
      location: "westeurope",
    },
    parameters: params,
    variables: template.variables as Record<string, unknown>,
  });
  const out = new Map<string, Record<string, unknown>>();
  for (const r of template.resources as unknown[]) {
    const v = withoutItemNumbers(ev.evaluate(r) as Record<string, unknown>);
    out.set(`${String(v.type).toLowerCase()} ${String(v.name)}`, v);
  }
  return out;
}

/**
 * A rule's inner metadata is described as "<solution> Analytics Rule <n>", n its position in the
 * package: an import names files anew, so positions (not content) may differ. Dropped here.
 */
function withoutItemNumbers(r: Record<string, unknown>): Record<string, unknown> {
  const p = r.properties as {
    mainTemplate?: { resources?: Array<{ properties?: Record<string, unknown> }> };
  };
  for (const inner of p?.mainTemplate?.resources ?? []) {
    if (/ Analytics Rule \d+$/.test(String(inner.properties?.description ?? "")))
      delete inner.properties!.description;
  }
  return r;
}

export interface RoundTrip {
  original: Record<string, unknown>;
  rebuilt?: Record<string, unknown>;
  imported: ImportResult;
  diagnostics: Diagnostic[];
  dir: string;
  cleanup: () => Promise<void>;
}

/** Builds a solution folder to a package, imports the package, builds the imported folder. */
export async function roundTrip(solutionDir: string): Promise<RoundTrip> {
  const root = await mkdtemp(path.join(tmpdir(), "sentinelctl-import-"));
  const load = await loadContent([solutionDir]);
  const built = buildSolution(load.solutions[0]!);
  if (!built) throw new Error(`${solutionDir} does not build`);
  const pkg = path.join(root, "Package");
  await mkdir(pkg);
  await writeFile(path.join(pkg, "mainTemplate.json"), JSON.stringify(built.mainTemplate));
  await writeFile(path.join(pkg, "createUiDefinition.json"), JSON.stringify(built.createUiDefinition));
  const imported = await importFromPackage(path.join(pkg, "mainTemplate.json"));
  const dir = path.join(root, path.basename(solutionDir));
  await writeFiles(dir, imported.files);
  const again = await loadContent([dir]);
  const diagnostics = [...again.diagnostics];
  const rebuilt = again.solutions[0] && buildSolution(again.solutions[0], diagnostics);
  return {
    original: built.mainTemplate,
    ...(rebuilt ? { rebuilt: rebuilt.mainTemplate } : {}),
    imported,
    diagnostics,
    dir,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

type Obj = Record<string, unknown>;

/** The package's item list, order aside (items are numbered by file name, which an import renames). */
function withSortedDependencies(r: Obj | undefined): Obj | undefined {
  if (!r || !String(r.type).toLowerCase().endsWith("/contentpackages")) return r;
  const p = r.properties as Obj;
  const deps = p.dependencies as { criteria: unknown[] };
  const criteria = [...deps.criteria].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { ...r, properties: { ...p, dependencies: { ...deps, criteria } } };
}

/** Resources (type and evaluated name) whose evaluated bodies differ between the two packages. */
export function differences(original: Record<string, unknown>, rebuilt: Record<string, unknown>): string[] {
  const a = evaluatedResources(original);
  const b = evaluatedResources(rebuilt);
  const out: string[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = withSortedDependencies(a.get(key));
    const y = withSortedDependencies(b.get(key));
    if (!x || !y) {
      out.push(`${key}: only in the ${x ? "original" : "rebuilt"} package`);
      continue;
    }
    for (const field of new Set([...Object.keys(x), ...Object.keys(y)])) {
      if (field === "properties") {
        const px = x.properties as Obj;
        const py = y.properties as Obj;
        for (const p of new Set([...Object.keys(px), ...Object.keys(py)])) {
          if (!isDeepStrictEqual(px[p], py[p])) out.push(`${key}: properties.${p}`);
        }
      } else if (!isDeepStrictEqual(x[field], y[field])) {
        out.push(`${key}: ${field}`);
      }
    }
  }
  return out;
}

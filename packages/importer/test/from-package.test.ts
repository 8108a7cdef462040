import { readFile } from "node:fs/promises";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { importFromPackage } from "@sentinelctl/importer";
import { evaluatedResources, REPO, type RoundTrip, roundTrip } from "./roundtrip.js";

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
function differences(rt: RoundTrip, ignore: (key: string, field: string) => boolean = () => false): string[] {
  const a = evaluatedResources(rt.original);
  const b = evaluatedResources(rt.rebuilt!);
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
          if (!isDeepStrictEqual(px[p], py[p]) && !ignore(key, p)) out.push(`${key}: properties.${p}`);
        }
      } else if (!isDeepStrictEqual(x[field], y[field]) && !ignore(key, field)) {
        out.push(`${key}: ${field}`);
      }
    }
  }
  return out;
}

const SOLUTIONS = [
  "Solutions/Darktrace",
  "Solutions/AIAnalystDarktrace",
  "packages/builder/test/fixtures/PushParameter",
];

describe("import --from-package: build, import, build again", () => {
  test.each(SOLUTIONS)("%s: the rebuilt package has the same resources and properties", async (solution) => {
    const rt = await roundTrip(path.join(REPO, solution));
    try {
      expect(rt.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(rt.rebuilt).toBeDefined();
      expect(differences(rt)).toEqual([]);
    } finally {
      await rt.cleanup();
    }
  });

  test("every kind (AllKinds fixture): only the SVG logo is lost, and that is reported", async () => {
    const rt = await roundTrip(path.join(REPO, "packages/builder/test/fixtures/AllKinds"));
    try {
      expect(rt.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(differences(rt)).toEqual([
        "microsoft.operationalinsights/workspaces/providers/contentpackages import-ws/Microsoft.SecurityInsights/contoso.contoso_all_kinds: properties.icon",
      ]);
      expect(rt.imported.skipped.map((s) => s.item)).toEqual(["Solution logo", "table 'contoso_legacy_CL'"]);
      expect(rt.imported.counts).toEqual({
        analytics: 2,
        connectors: 4,
        hunting: 1,
        parsers: 1,
        playbooks: 1,
        tables: 1,
        workbooks: 1,
      });
    } finally {
      await rt.cleanup();
    }
  });

  test("the classic table the Darktrace package cannot carry is listed, not dropped", async () => {
    const rt = await roundTrip(path.join(REPO, "Solutions/Darktrace"));
    try {
      expect(rt.imported.skipped).toEqual([
        expect.objectContaining({
          item: "table 'darktrace_model_alerts_CL'",
          reason: expect.stringContaining("classic: true"),
        }),
      ]);
    } finally {
      await rt.cleanup();
    }
  });

  test("the output is deterministic: same package, same files, same bytes", async () => {
    const rt = await roundTrip(path.join(REPO, "Solutions/AIAnalystDarktrace"));
    try {
      const pkg = path.join(path.dirname(rt.dir), "Package", "mainTemplate.json");
      const again = await importFromPackage(pkg);
      expect(again.files).toEqual(rt.imported.files);
      const rule = rt.imported.files.find((f) => f.path.startsWith("analytics/"))!;
      expect(await readFile(path.join(rt.dir, rule.path), "utf8")).toBe(rule.content);
    } finally {
      await rt.cleanup();
    }
  });
});

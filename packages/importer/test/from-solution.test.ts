import { cp, mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildSolution } from "@sentinelctl/builder";
import { loadContent } from "@sentinelctl/content";
import { importFromSolution, writeFiles } from "@sentinelctl/importer";
import { differences, REPO } from "./roundtrip.js";

async function build(dir: string) {
  const load = await loadContent([dir]);
  const diagnostics = [...load.diagnostics];
  const built = buildSolution(load.solutions[0]!, diagnostics);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return built!.mainTemplate;
}

describe("import --from-solution: load, then write this repository's layout", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "sentinelctl-from-solution-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test("Azure-Sentinel folder names (Analytic Rules, Hunting Queries, Data Connectors): same package after import", async () => {
    const src = path.join(root, "src", "AllKinds");
    await cp(path.join(REPO, "packages/builder/test/fixtures/AllKinds"), src, { recursive: true });
    await rename(path.join(src, "analytics"), path.join(src, "Analytic Rules"));
    await rename(path.join(src, "hunting"), path.join(src, "Hunting Queries"));
    await rename(path.join(src, "connectors"), path.join(src, "Data Connectors"));
    const result = await importFromSolution(src);
    expect(result.skipped).toEqual([]);
    expect(result.files.some((f) => f.path.startsWith("analytics/"))).toBe(true);
    expect(result.files.map((f) => f.path)).toContain("logo.svg");
    const out = path.join(root, "out", "AllKinds");
    await writeFiles(out, result.files);
    expect(differences(await build(src), await build(out))).toEqual([]);
  });

  test("TypeScript workbooks become YAML plus a gallery-template JSON file (Darktrace)", async () => {
    const result = await importFromSolution(path.join(REPO, "Solutions/Darktrace"));
    expect(result.files.filter((f) => f.path.startsWith("workbooks/")).map((f) => f.path.slice(-5))).toEqual([
      ".json",
      ".yaml",
      ".json",
      ".yaml",
    ]);
    const out = path.join(root, "Darktrace");
    await writeFiles(out, result.files);
    expect(differences(await build(path.join(REPO, "Solutions/Darktrace")), await build(out))).toEqual([]);
  });

  test("a folder without a solution manifest: its items are written, the missing manifest is listed", async () => {
    const src = path.join(root, "Loose");
    await cp(
      path.join(REPO, "packages/builder/test/fixtures/AllKinds/analytics"),
      path.join(src, "Analytic Rules"),
      {
        recursive: true,
      },
    );
    const result = await importFromSolution(src);
    expect(result.counts).toEqual({ analytics: 2 });
    expect(result.skipped.map((s) => s.item)).toEqual(["Solution manifest", "table 'ContosoAlerts_CL'"]);
  });

  test.each(["ContosoSyslog", "ContosoAudit", "ContosoResponse"])(
    "Azure-Sentinel layout (Data/Solution_*.json) %s: same package after import",
    async (name) => {
      const src = path.join(REPO, "packages/builder/test/fixtures/azure-sentinel/Solutions", name);
      const result = await importFromSolution(src);
      const out = path.join(root, name);
      await writeFiles(out, result.files);
      expect(differences(await build(src), await build(out))).toEqual([]);
      if (name === "ContosoAudit") {
        expect(result.skipped.map((s) => s.item)).toEqual(["table 'ContosoAudit_CL'"]);
      }
    },
  );
});

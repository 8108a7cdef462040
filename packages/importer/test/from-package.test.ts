import { readFile } from "node:fs/promises";
import path from "node:path";
import { importFromPackage } from "@sentinelctl/importer";
import { differences, REPO, roundTrip } from "./roundtrip.js";

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
      expect(differences(rt.original, rt.rebuilt!)).toEqual([]);
    } finally {
      await rt.cleanup();
    }
  });

  test("every kind (AllKinds fixture): only the SVG logo is lost, and that is reported", async () => {
    const rt = await roundTrip(path.join(REPO, "packages/builder/test/fixtures/AllKinds"));
    try {
      expect(rt.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(differences(rt.original, rt.rebuilt!)).toEqual([
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

import { existsSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { buildSolutions, writeBuild } from "@sentinelctl/builder";
import type { Diagnostic } from "@sentinelctl/content";
import { validateContent } from "@sentinelctl/validator";
import { scratchCopy } from "./helpers.js";

async function edit(file: string, f: (text: string) => string): Promise<void> {
  await writeFile(file, f(await readFile(file, "utf8")));
}

/** Builds a broken copy of AllKinds; returns its error diagnostics (paths relative to the copy's parent). */
async function brokenBuild(
  breakIt: (dir: string) => Promise<void>,
): Promise<{ errors: Diagnostic[]; ok: boolean }> {
  const s = await scratchCopy("AllKinds");
  try {
    await breakIt(s.dir);
    const result = await buildSolutions([s.dir], { cwd: s.root });
    return { errors: result.diagnostics.filter((d) => d.severity === "error"), ok: result.ok };
  } finally {
    await s.cleanup();
  }
}

function expectError(errors: Diagnostic[], code: string, file: string, line?: number): void {
  const d = errors.find((e) => e.code === code);
  expect(d).toBeDefined();
  expect(d!.file).toBe(file);
  if (line !== undefined) expect(d!.range?.start.line).toBe(line);
}

describe("bad input gives a diagnostic at the source location", () => {
  test("invalid model (schema)", async () => {
    const r = await brokenBuild((dir) =>
      edit(path.join(dir, "analytics/ContosoScheduled.yaml"), (t) =>
        t.replace("severity: High", "severity: Severe"),
      ),
    );
    expect(r.ok).toBe(false);
    expectError(r.errors, "SCHEMA-INVALID-VALUE", "AllKinds/analytics/ContosoScheduled.yaml", 6);
  });

  test("missing referenced file", async () => {
    const r = await brokenBuild((dir) => rm(path.join(dir, "workbooks/ContosoWorkbook.json")));
    expectError(r.errors, "LOAD-MISSING-FILE", "AllKinds/workbooks/ContosoWorkbook.yaml", 12);
  });

  test("a workbook that is not JSON", async () => {
    const r = await brokenBuild((dir) =>
      edit(path.join(dir, "workbooks/ContosoWorkbook.json"), (t) =>
        t.replace('"name": "title",', '"name": "title"'),
      ),
    );
    expectError(r.errors, "LOAD-JSON-SYNTAX", "AllKinds/workbooks/ContosoWorkbook.json");
  });

  test("a workbook that is JSON but not a gallery template", async () => {
    const r = await brokenBuild((dir) =>
      writeFile(path.join(dir, "workbooks/ContosoWorkbook.json"), '{\n  "items": []\n}\n'),
    );
    expectError(r.errors, "WORKBOOK-TEMPLATE", "AllKinds/workbooks/ContosoWorkbook.json", 1);
  });

  test("duplicate content ids (same kind, and across kinds in one package)", async () => {
    const same = await brokenBuild(async (dir) => {
      const text = await readFile(path.join(dir, "analytics/ContosoScheduled.yaml"), "utf8");
      await writeFile(
        path.join(dir, "analytics/ContosoCopy.yaml"),
        text.replace("Contoso high score alert", "Copy"),
      );
    });
    expectError(same.errors, "LOAD-DUPLICATE-ID", "AllKinds/analytics/ContosoScheduled.yaml", 1);
    const cross = await brokenBuild((dir) =>
      edit(path.join(dir, "workbooks/ContosoWorkbook.yaml"), (t) =>
        t.replace("id: ContosoWorkbook", "id: ContosoCef"),
      ),
    );
    expectError(cross.errors, "BUILD-DUPLICATE-CONTENT-ID", "AllKinds/workbooks/ContosoWorkbook.yaml", 1);
  });

  test("a stream into an undeclared table, a bad duration, a logo outside the solution", async () => {
    const r = await brokenBuild(async (dir) => {
      await edit(path.join(dir, "connectors/ContosoPush.yaml"), (t) =>
        t.replace("  - table: ContosoAlerts_CL", "  - table: Missing_CL"),
      );
      await edit(path.join(dir, "analytics/ContosoScheduled.yaml"), (t) =>
        t.replace("queryPeriod: 1d", "queryPeriod: one day"),
      );
      await writeFile(path.join(dir, "../outside.svg"), "<svg></svg>");
      await edit(path.join(dir, "solution.yaml"), (t) => t.replace("logo: logo.svg", "logo: ../outside.svg"));
    });
    expectError(r.errors, "CCF-STREAM", "AllKinds/connectors/ContosoPush.yaml", 8);
    expectError(r.errors, "RULE-QUERY-FREQUENCY", "AllKinds/analytics/ContosoScheduled.yaml", 12);
    expectError(r.errors, "BUILD-PATH-ESCAPE", "AllKinds/solution.yaml", 9);
  });
});

describe("one catalogue: build reports each defect once, configured like validate", () => {
  test("a defect both the validator and the build care about is one finding", async () => {
    const s = await scratchCopy("AllKinds");
    try {
      await edit(path.join(s.dir, "tables/ContosoAlerts_CL.yaml"), (t) =>
        t.replace("{ name: TimeGenerated, type: datetime,", "{ name: TimeGenerated, type: string,"),
      );
      const result = await buildSolutions([s.dir], {
        cwd: s.root,
        // What `sentinelctl build` passes: the whole validator over the same load.
        validate: async (load) => (await validateContent(load, { cwd: s.root, cache: false })).diagnostics,
      });
      expect(result.ok).toBe(false);
      const onLine = result.diagnostics.filter(
        (d) => d.file === "AllKinds/tables/ContosoAlerts_CL.yaml" && d.range?.start.line === 6,
      );
      expect(onLine.map((d) => d.code)).toEqual(["TABLE-TIMEGENERATED"]);
      const keys = result.diagnostics.map((d) => `${d.code}|${d.file}|${d.range?.start.line}`);
      expect(new Set(keys).size).toBe(keys.length);
    } finally {
      await s.cleanup();
    }
  });

  test("a packaging check is configured and suppressed through sentinelctl.config.yaml", async () => {
    const s = await scratchCopy("AllKinds");
    try {
      // A workbook taking a connector's id: an error by default...
      await edit(path.join(s.dir, "workbooks/ContosoWorkbook.yaml"), (t) =>
        t.replace("id: ContosoWorkbook", "id: ContosoCef"),
      );
      // ...and a logo that is not an SVG file: an error by default.
      await writeFile(path.join(s.dir, "logo.svg"), "not an image\n");
      const before = await buildSolutions([s.dir], { cwd: s.root });
      expect(before.ok).toBe(false);
      expect(
        before.diagnostics
          .filter((d) => d.severity === "error")
          .map((d) => d.code)
          .sort(),
      ).toEqual(["BUILD-DUPLICATE-CONTENT-ID", "BUILD-LOGO"]);

      await writeFile(
        path.join(s.root, "sentinelctl.config.yaml"),
        "checks:\n  BUILD-DUPLICATE-CONTENT-ID: warning\n  BUILD-LOGO: off\n",
      );
      const after = await buildSolutions([s.dir], { cwd: s.root });
      expect(after.ok).toBe(true);
      const duplicate = after.diagnostics.filter((d) => d.code === "BUILD-DUPLICATE-CONTENT-ID");
      expect(duplicate.map((d) => d.severity)).toEqual(["warning"]);
      expect(after.diagnostics.some((d) => d.code === "BUILD-LOGO")).toBe(false);
      // A logo switched off still never reaches the package.
      const template = after.solutions[0]!.files.find((f) => f.path === "Package/mainTemplate.json");
      expect(template?.data.toString("utf8")).not.toContain("data:image/svg+xml");
    } finally {
      await s.cleanup();
    }
  });

  test("an inline suppression silences a packaging finding; an old BUILD-* name still works", async () => {
    const s = await scratchCopy("AllKinds");
    try {
      await edit(path.join(s.dir, "workbooks/ContosoWorkbook.yaml"), (t) =>
        t.replace(
          "id: ContosoWorkbook",
          "# sentinelctl-disable-next-line BUILD-DUPLICATE-CONTENT-ID -- kept for an old install\nid: ContosoCef",
        ),
      );
      await writeFile(
        path.join(s.dir, "tables/Contoso.yaml"),
        "name: Contoso\nclassic: true\ncolumns:\n  - { name: TimeGenerated, type: datetime }\n",
      );
      await writeFile(path.join(s.root, "sentinelctl.config.yaml"), "checks:\n  BUILD-TABLE-NAME: off\n");
      const result = await buildSolutions([s.dir], { cwd: s.root });
      expect(result.ok).toBe(true);
      const codes = result.diagnostics.map((d) => d.code);
      expect(codes).not.toContain("BUILD-DUPLICATE-CONTENT-ID");
      expect(codes).not.toContain("SUPPRESS-UNUSED");
      expect(codes).not.toContain("TABLE-NAME");
      const renamed = result.diagnostics.find((d) => d.code === "CONFIG-RENAMED-CODE");
      expect(renamed?.severity).toBe("warning");
      expect(renamed?.file).toBe("sentinelctl.config.yaml");
      expect(renamed?.message).toContain("TABLE-NAME");
    } finally {
      await s.cleanup();
    }
  });
});

describe("no partial output", () => {
  test("a failed build writes nothing; a good one replaces the solution folder whole", async () => {
    const s = await scratchCopy("AllKinds");
    try {
      const out = path.join(s.root, "dist");
      const good = await buildSolutions([s.dir], { cwd: s.root });
      await writeBuild(good, out);
      const before = await readFile(path.join(out, "AllKinds/Package/mainTemplate.json"));
      await writeFile(path.join(out, "AllKinds/Package/stale.txt"), "old");

      await edit(path.join(s.dir, "analytics/ContosoNrt.yaml"), (t) =>
        t.replace("severity: Informational", "severity: Whatever"),
      );
      const bad = await buildSolutions([s.dir], { cwd: s.root });
      expect(bad.ok).toBe(false);
      await expect(writeBuild(bad, out)).rejects.toThrow(/errors/);
      expect((await readFile(path.join(out, "AllKinds/Package/mainTemplate.json"))).equals(before)).toBe(
        true,
      );

      await edit(path.join(s.dir, "analytics/ContosoNrt.yaml"), (t) =>
        t.replace("severity: Whatever", "severity: Low"),
      );
      await writeBuild(await buildSolutions([s.dir], { cwd: s.root }), out);
      expect(existsSync(path.join(out, "AllKinds/Package/stale.txt"))).toBe(false);
      expect((await readdir(out)).filter((n) => n.startsWith("."))).toEqual([]);
      expect((await readdir(path.join(out, "AllKinds/Package"))).sort()).toEqual([
        "1.2.0.zip",
        "createUiDefinition.json",
        "mainTemplate.json",
        "testParameters.json",
      ]);
    } finally {
      await s.cleanup();
    }
  });

  test("secure parameter defaults never reach the package", async () => {
    const s = await scratchCopy("AllKinds");
    try {
      const result = await buildSolutions([s.dir], { cwd: s.root });
      const warn = result.diagnostics.find((d) => d.code === "BUILD-SECURE-DEFAULT");
      expect(warn?.file).toBe("AllKinds/playbooks/Contoso-Notify/azuredeploy.json");
      expect(warn?.range?.start.line).toBe(6);
      const text = result.solutions[0]!.files.map((f) => f.data.toString("utf8")).join("\n");
      expect(text).not.toContain("do-not-ship-me");
    } finally {
      await s.cleanup();
    }
  });
});

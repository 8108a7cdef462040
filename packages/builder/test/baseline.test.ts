import { execFileSync } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  buildSolutions,
  compareWithBaseline,
  readBaseline,
  summarisePackage,
  writeBuild,
} from "@sentinelctl/builder";
import { FIXTURES, scratchCopy } from "./helpers.js";

async function edit(file: string, f: (text: string) => string): Promise<void> {
  await writeFile(file, f(await readFile(file, "utf8")));
}

/** A released build of AllKinds in <root>/released, and the scratch solution to change. */
async function released() {
  const s = await scratchCopy("AllKinds");
  const out = path.join(s.root, "released");
  await writeBuild(await buildSolutions([s.dir], { cwd: s.root }), out);
  const sol = path.join(s.dir, "solution.yaml");
  const bump = (v: string) => edit(sol, (t) => t.replace(/^version: .*$/m, `version: ${v}`));
  const build = (allowRemoved: string[] = [], baseline = out) =>
    buildSolutions([s.dir], { cwd: s.root, baseline, allowRemoved });
  return { ...s, out, bump, build };
}

const rule = (dir: string) => path.join(dir, "analytics/ContosoScheduled.yaml");

describe("--baseline", () => {
  test("reads back the items of a package", async () => {
    const r = await released();
    try {
      const base = await readBaseline(r.out, "AllKinds", r.root);
      expect(base!.version).toBe("1.2.0");
      expect(base!.items.map((i) => `${i.kind}:${i.contentId}:${i.version}`)).toEqual(
        expect.arrayContaining([
          "AnalyticsRule:6b3e1f5a-1c44-4b66-9a8e-0a1b2c3d4e5f:1.0.3",
          "Workbook:ContosoWorkbook:1.1.0",
          "Parser:ContosoAlerts-Parser:1.0.2",
          "ResourcesDataConnector:ContosoPushConnections:1.0.1",
          "Playbook:Contoso-Notify:1.0",
        ]),
      );
      expect(base!.items.every((i) => i.fingerprint)).toBe(true);
      // The same from the zip, and from the Package folder itself.
      const zip = await readBaseline(path.join(r.out, "AllKinds/Package/1.2.0.zip"), "AllKinds", r.root);
      expect(zip!.items).toEqual(base!.items);
      expect(await readBaseline(r.root, "Unknown", r.root)).toBeUndefined();
    } finally {
      await r.cleanup();
    }
  });

  test("the solution version must be greater, compared as a semantic version", async () => {
    const r = await released();
    try {
      const same = await r.build();
      const d = same.diagnostics.find((x) => x.code === "BUILD-VERSION-NOT-INCREASED");
      expect(d).toMatchObject({
        severity: "error",
        file: "AllKinds/solution.yaml",
        range: { start: { line: 3 } },
      });
      await r.bump("1.10.0");
      const up = await r.build();
      expect(up.ok).toBe(true);
      expect(up.solutions[0]!.baseline!.changes).toEqual([]);
      expect(
        up.solutions[0]!.files.find((f) => f.path === "ReleaseNotes.entry.md")!.data.toString(),
      ).toContain("| 1.10.0 | 01-02-2025 | Package rebuilt; no content changes. |");
    } finally {
      await r.cleanup();
    }
  });

  test("changed content needs a higher item version; versions never go back", async () => {
    const r = await released();
    try {
      await r.bump("1.3.0");
      await edit(rule(r.dir), (t) => t.replace("Score > 80", "Score > 90"));
      const stale = await r.build();
      const d = stale.diagnostics.find((x) => x.code === "BUILD-ITEM-VERSION");
      expect(d).toMatchObject({
        file: "AllKinds/analytics/ContosoScheduled.yaml",
        range: { start: { line: 47 } },
      });

      await edit(rule(r.dir), (t) => t.replace("version: 1.0.3", "version: 1.0.4"));
      const ok = await r.build();
      expect(ok.ok).toBe(true);
      const notes = ok.solutions[0]!.baseline!.releaseNotes!;
      expect(notes).toContain("Updated Analytics Rule **Contoso high score alert** (1.0.3 → 1.0.4)");

      await edit(rule(r.dir), (t) => t.replace("version: 1.0.4", "version: 1.0.2"));
      const back = await r.build();
      expect(back.diagnostics.map((x) => x.code)).toContain("BUILD-ITEM-VERSION-BACKWARDS");
    } finally {
      await r.cleanup();
    }
  });

  test("template ids never change or vanish silently", async () => {
    const r = await released();
    try {
      await r.bump("1.3.0");
      await edit(rule(r.dir), (t) =>
        t.replace("6b3e1f5a-1c44-4b66-9a8e-0a1b2c3d4e5f", "11111111-1c44-4b66-9a8e-0a1b2c3d4e5f"),
      );
      const changed = await r.build();
      expect(changed.diagnostics.find((x) => x.code === "BUILD-ID-CHANGED")).toMatchObject({
        file: "AllKinds/analytics/ContosoScheduled.yaml",
        range: { start: { line: 1 } },
      });
      await rm(rule(r.dir));
      await rm(path.join(r.dir, "hunting/ContosoHunt.yaml"));
      const removed = await r.build();
      expect(removed.diagnostics.filter((x) => x.code === "BUILD-ITEM-REMOVED")).toHaveLength(2);
      const allowed = await r.build([
        "6b3e1f5a-1c44-4b66-9a8e-0a1b2c3d4e5f",
        "3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d",
      ]);
      expect(allowed.ok).toBe(true);
      expect(allowed.solutions[0]!.baseline!.releaseNotes).toContain(
        "Removed Analytics Rule **Contoso high score alert**",
      );
    } finally {
      await r.cleanup();
    }
  });

  test("a git ref whose tree has the package", async () => {
    const r = await released();
    try {
      const repo = path.join(r.root, "repo");
      await mkdir(path.join(repo, "Solutions/AllKinds"), { recursive: true });
      const git = (...args: string[]) =>
        execFileSync(
          "git",
          ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args],
          {
            cwd: repo,
            stdio: "pipe",
          },
        );
      git("init", "-q");
      await writeFile(
        path.join(repo, "Solutions/AllKinds/1.2.0.zip"),
        await readFile(path.join(r.out, "AllKinds/Package/1.2.0.zip")),
      );
      await mkdir(path.join(repo, "Solutions/AllKinds/Package"));
      await writeFile(
        path.join(repo, "Solutions/AllKinds/Package/1.2.0.zip"),
        await readFile(path.join(r.out, "AllKinds/Package/1.2.0.zip")),
      );
      git("add", "-A");
      git("commit", "-q", "-m", "release 1.2.0");
      git("tag", "v1.2.0");
      const base = await readBaseline("v1.2.0", "AllKinds", repo);
      expect(base!.source).toBe("v1.2.0:Solutions/AllKinds/Package/1.2.0.zip");
      expect(base!.version).toBe("1.2.0");
      await expect(readBaseline("no-such-ref", "AllKinds", repo)).rejects.toThrow(
        /not a file, a folder or a git ref/,
      );
    } finally {
      await r.cleanup();
    }
  });

  test("release notes list changes by kind and name in code-unit order, whatever the locale", async () => {
    const result = await buildSolutions([path.join(FIXTURES, "AllKinds")], { cwd: FIXTURES });
    const cmp = compareWithBaseline(
      result.solutions[0]!,
      { source: "empty", version: "0.0.1", items: [] },
      { allowRemoved: [] },
    );
    const names = (kind: string) => cmp.changes.filter((c) => c.kind === kind).map((c) => c.displayName);
    // '[' (U+005B) sorts after capital letters by code unit; a locale collation would put it first.
    expect(names("AnalyticsRule")).toEqual(["Contoso high score alert", "[Preview] Contoso test alert"]);
    expect(names("DataConnector")).toEqual([
      "Contoso Push",
      "Contoso via AMA",
      "[Deprecated] Contoso REST API",
      "[Deprecated] Contoso via Legacy Agent",
    ]);
  });

  test("a V3-style template (metadata only, no contentPackages) still gives the version", () => {
    const summary = summarisePackage({
      variables: { _solutionVersion: "2.0.1" },
      resources: [
        {
          type: "Microsoft.OperationalInsights/workspaces/providers/metadata",
          properties: { kind: "Solution", version: "[variables('_solutionVersion')]", contentId: "x" },
        },
        {
          type: "Microsoft.OperationalInsights/workspaces/providers/metadata",
          properties: { kind: "AnalyticsRule", version: "1.0.0", contentId: "r" },
        },
      ],
    });
    expect(summary.version).toBe("2.0.1");
    expect(summary.items).toEqual([
      { contentId: "r", kind: "AnalyticsRule", version: "1.0.0", displayName: "r" },
    ]);
  });
});

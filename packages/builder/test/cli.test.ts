import { existsSync } from "node:fs";
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { type CliRun, runCliInProcess } from "../../cli/test/in-process.js";
import { scratchCopy } from "./helpers.js";

/** Runs `sentinelctl build` in-process; returns the exit code and what it printed. */
function run(...args: string[]): Promise<CliRun> {
  return runCliInProcess(["build", ...args]);
}

describe("sentinelctl build", () => {
  test("--json summary; files under <out>/<SolutionFolder>/Package", async () => {
    const s = await scratchCopy("PushParameter");
    try {
      const out = path.join(s.root, "dist");
      const r = await run(s.dir, "--out", out, "--no-validate", "--json");
      expect(r.code).toBe(0);
      const summary = JSON.parse(r.out);
      expect(summary.ok).toBe(true);
      expect(summary.solutions[0]).toMatchObject({
        folder: "PushParameter",
        version: "2.0.0",
        counts: { "Data Connectors": 1 },
      });
      expect(summary.solutions[0].files.map((f: { path: string }) => f.path)).toEqual([
        "Package/2.0.0.zip",
        "Package/createUiDefinition.json",
        "Package/mainTemplate.json",
        "Package/testParameters.json",
      ]);
      for (const f of summary.solutions[0].files)
        expect(existsSync(path.join(out, "PushParameter", f.path))).toBe(true);
      expect(r.err).toBe("");
    } finally {
      await s.cleanup();
    }
  });

  test("errors: exit 1, diagnostics with locations, nothing written", async () => {
    const s = await scratchCopy("PushParameter");
    try {
      const file = path.join(s.dir, "connectors/ContosoFlows.yaml");
      await writeFile(
        file,
        (await readFile(file, "utf8")).replace("table: ContosoFlows_CL", "table: Nope_CL"),
      );
      const out = path.join(s.root, "dist");
      const r = await run(s.dir, "--out", out, "--no-validate");
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/ContosoFlows\.yaml:\d+:\d+/);
      expect(r.err).toContain("CCF-STREAM");
      expect(r.err).toContain("nothing was written");
      expect(existsSync(out)).toBe(false);
    } finally {
      await s.cleanup();
    }
  });

  test("--check compares the committed Package folder", async () => {
    const s = await scratchCopy("PushParameter");
    try {
      const missing = await run(s.dir, "--check", "--no-validate");
      expect(missing.code).toBe(1);
      expect(missing.out).toContain("is missing");
      const out = path.join(s.root, "dist");
      expect((await run(s.dir, "--out", out, "--no-validate")).code).toBe(0);
      await cp(path.join(out, "PushParameter/Package"), path.join(s.dir, "Package"), { recursive: true });
      await writeFile(path.join(s.dir, "Package/1.0.0.zip"), "an older release, kept");
      const fresh = await run(s.dir, "--check", "--no-validate");
      expect(fresh.code).toBe(0);
      expect(fresh.out).toContain("up to date");
      const main = path.join(s.dir, "Package/mainTemplate.json");
      await writeFile(main, (await readFile(main, "utf8")).replace("Flow records.", "Edited by hand."));
      const stale = await run(s.dir, "--check", "--no-validate");
      expect(stale.code).toBe(1);
      expect(stale.out).toMatch(/mainTemplate\.json is changed/);
    } finally {
      await s.cleanup();
    }
  });

  test("bad usage exits 2", async () => {
    expect((await run("NoSuchSolution", "--no-validate")).code).toBe(2);
    const s = await scratchCopy("PushParameter");
    try {
      const r = await run(
        s.dir,
        "--baseline",
        "no-such-ref-anywhere",
        "--out",
        path.join(s.root, "dist"),
        "--no-validate",
      );
      expect(r.code).toBe(2);
      expect(r.err).toContain("not a file, a folder or a git ref");
    } finally {
      await s.cleanup();
    }
  });
});

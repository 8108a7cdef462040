/**
 * Golden files: every content kind, built from the fixture solutions in test/fixtures, compared
 * byte for byte with test/golden/<Fixture>/. Regenerate with UPDATE_GOLDEN=1 (and review the diff).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadContent } from "@sentinelctl/content";
import { buildSolution, buildSolutions, readZip, resolveSolution, toJsonText } from "@sentinelctl/builder";
import { FIXTURES, GOLDEN, TARGET } from "./helpers.js";

const UPDATE = process.env.UPDATE_GOLDEN === "1";
const FIXTURE_NAMES = ["AllKinds", "PushParameter"];

function golden(file: string, data: Buffer): void {
  const p = path.join(GOLDEN, file);
  if (UPDATE) {
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, data);
    return;
  }
  let expected: Buffer;
  try {
    expected = readFileSync(p);
  } catch {
    throw new Error(`Missing golden file ${p}: run with UPDATE_GOLDEN=1 to create it.`);
  }
  if (file.endsWith(".zip")) {
    // Compared by entries (names, order, contents): deflate bytes may differ between zlib builds;
    // byte identity of two builds is checked separately below.
    const entries = (z: Buffer) => readZip(z).map((e) => `${e.name}\n${e.data.toString("utf8")}`);
    expect(entries(data)).toEqual(entries(expected));
  } else if (!expected.equals(data)) {
    expect(data.toString("utf8")).toBe(expected.toString("utf8"));
  }
}

describe.each(FIXTURE_NAMES)("golden package of %s", (name) => {
  test("package files match the goldens", async () => {
    const result = await buildSolutions([path.join(FIXTURES, name)], { cwd: FIXTURES });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const [s] = result.solutions;
    for (const f of s!.files) golden(path.join(name, f.path), f.data);
  });

  test("resolved resources match the goldens (content and package modes)", async () => {
    const load = await loadContent([path.join(FIXTURES, name)], { cwd: FIXTURES });
    for (const mode of ["content", "package"] as const) {
      const resolved = resolveSolution(load.solutions[0]!, TARGET, { mode });
      golden(path.join(name, `resolved.${mode}.json`), Buffer.from(toJsonText(resolved), "utf8"));
    }
  });

  test("building twice gives byte-identical files and zip", async () => {
    const a = (await loadContent([path.join(FIXTURES, name)], { cwd: FIXTURES })).solutions[0]!;
    const b = (await loadContent([path.join(FIXTURES, name)], { cwd: FIXTURES })).solutions[0]!;
    const fa = buildSolution(a)!.files;
    const fb = buildSolution(b)!.files;
    expect(fa.map((f) => f.path)).toEqual(fb.map((f) => f.path));
    for (const [i, f] of fa.entries()) expect(f.data.equals(fb[i]!.data)).toBe(true);
  });

  test("output is LF-only UTF-8 without \\u0027-style escapes", async () => {
    const load = await loadContent([path.join(FIXTURES, name)], { cwd: FIXTURES });
    for (const f of buildSolution(load.solutions[0]!)!.files.filter((x) => x.path.endsWith(".json"))) {
      const text = f.data.toString("utf8");
      expect(text.includes("\r")).toBe(false);
      expect(/\\u00(27|26|3c|3e)/i.test(text)).toBe(false);
      expect(text.endsWith("}\n")).toBe(true);
      expect(Buffer.from(text, "utf8").equals(f.data)).toBe(true);
    }
  });
});

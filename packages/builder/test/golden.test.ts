/**
 * Golden files: every content kind, built from the fixture solutions in test/fixtures, compared
 * byte for byte with test/golden/<Fixture>/. Regenerate with UPDATE_GOLDEN=1 (and review the diff).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  type BuiltFile,
  buildSolution,
  buildSolutions,
  readZip,
  resolveSolution,
  toJsonText,
} from "@sentinelctl/builder";
import { loadContent, type SolutionModel } from "@sentinelctl/content";
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
  const load = () => loadContent([path.join(FIXTURES, name)], { cwd: FIXTURES });
  /** One load and one build per fixture for the tests below that only read them. */
  let model: SolutionModel;
  let files: BuiltFile[];
  beforeAll(async () => {
    model = (await load()).solutions[0]!;
    files = buildSolution(model)!.files;
  });

  test("package files match the goldens", async () => {
    const result = await buildSolutions([path.join(FIXTURES, name)], { cwd: FIXTURES });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const [s] = result.solutions;
    for (const f of s!.files) golden(path.join(name, f.path), f.data);
  });

  test("resolved resources match the goldens (content and package modes)", () => {
    for (const mode of ["content", "package"] as const) {
      const resolved = resolveSolution(model, TARGET, { mode });
      golden(path.join(name, `resolved.${mode}.json`), Buffer.from(toJsonText(resolved), "utf8"));
    }
  });

  test("building twice gives byte-identical files and zip", async () => {
    const again = buildSolution((await load()).solutions[0]!)!.files;
    expect(again.map((f) => f.path)).toEqual(files.map((f) => f.path));
    for (const [i, f] of files.entries()) expect(f.data.equals(again[i]!.data)).toBe(true);
  });

  test("output is LF-only UTF-8 without \\u0027-style escapes", () => {
    for (const f of files.filter((x) => x.path.endsWith(".json"))) {
      const text = f.data.toString("utf8");
      expect(text.includes("\r")).toBe(false);
      expect(/\\u00(27|26|3c|3e)/i.test(text)).toBe(false);
      expect(text.endsWith("}\n")).toBe(true);
      expect(Buffer.from(text, "utf8").equals(f.data)).toBe(true);
    }
  });
});

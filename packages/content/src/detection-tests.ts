import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { compareText, type Diagnostic, diagnostic } from "./diagnostics.js";
import { pathKind, SOLUTION_FILE } from "./loader.js";
import { checkAgainst } from "./schema-check.js";
import { DetectionTest } from "./schemas/index.js";
import { parseYamlSource, type SourceDocument } from "./source.js";

/** The folder of a solution that holds its detection tests, and the file names it picks up. */
export const TESTS_FOLDER = "tests";
const TEST_FILE = /\.test\.ya?ml$/i;

export interface DetectionTestFile {
  /** Path as shown to the user (relative to the working directory where possible). */
  file: string;
  /** Absolute path of the file. */
  absolute: string;
  /** Absolute path of the solution folder the test belongs to (the nearest one holding solution.yaml). */
  solutionDir: string | undefined;
  data: DetectionTest;
  source: SourceDocument;
}

export interface DetectionTestLoad {
  tests: DetectionTestFile[];
  diagnostics: Diagnostic[];
  /** Solution folders the tests belong to (their content is what the tests run). */
  solutionDirs: string[];
  /** Solution folders searched as a whole (not one test file or subfolder): coverage is judged on these. */
  wholeSolutions: string[];
}

async function listTests(dir: string): Promise<string[]> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => compareText(a.name, b.name))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listTests(full)));
    else if (TEST_FILE.test(e.name)) out.push(full);
  }
  return out;
}

async function solutionOf(file: string): Promise<string | undefined> {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if ((await pathKind(path.join(dir, SOLUTION_FILE))) === "file") return dir;
  }
  return undefined;
}

async function solutionDirsUnder(dir: string): Promise<string[]> {
  if ((await pathKind(path.join(dir, SOLUTION_FILE))) === "file") return [dir];
  const root = (await pathKind(path.join(dir, "Solutions"))) === "dir" ? path.join(dir, "Solutions") : dir;
  const out: string[] = [];
  for (const e of (await readdir(root, { withFileTypes: true })).sort((a, b) =>
    compareText(a.name, b.name),
  )) {
    if (e.isDirectory() && (await pathKind(path.join(root, e.name, SOLUTION_FILE))) === "file")
      out.push(path.join(root, e.name));
  }
  return out;
}

/** Problems the schema cannot express: one source per table input, unique case names. */
function checkShape(test: DetectionTest, source: SourceDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const names = new Map<string, number>();
  test.cases.forEach((c, i) => {
    const prior = names.get(c.name);
    if (prior !== undefined) {
      out.push(
        diagnostic(
          "TEST-DUPLICATE-CASE",
          "error",
          `Case name '${c.name}' is already used by case ${prior + 1}.`,
          {
            file: source.file,
            range: source.range(["cases", i, "name"]),
          },
          "Give every case of a file its own name: reports and --update find cases by name.",
        ),
      );
    } else names.set(c.name, i);
    for (const [table, input] of Object.entries(c.inputs ?? {})) {
      const given = (["rows", "records", "lines", "file"] as const).filter((k) => input[k] !== undefined);
      if (given.length !== 1) {
        out.push(
          diagnostic(
            "TEST-INPUT-SHAPE",
            "error",
            given.length === 0
              ? `Input '${table}' gives no events: use one of rows, records, lines or file.`
              : `Input '${table}' gives ${given.join(" and ")}: use exactly one of them.`,
            { file: source.file, range: source.range(["cases", i, "inputs", table], "key") },
            "Split the events over two cases, or merge them into one list.",
          ),
        );
      }
    }
    if (c.expect.alerts === undefined && c.expect.rows === undefined && c.expect.incidents === undefined) {
      out.push(
        diagnostic(
          "TEST-NO-EXPECTATION",
          "error",
          `Case '${c.name}' expects nothing.`,
          {
            file: source.file,
            range: source.range(["cases", i, "expect"], "key"),
          },
          "Say what must come out: alerts (rules), rows (hunting queries, parsers, transformations), or alerts: 0.",
        ),
      );
    }
  });
  return out;
}

async function loadOne(
  file: string,
  cwd: string,
): Promise<{ test?: DetectionTestFile; diagnostics: Diagnostic[] }> {
  const rel = path.relative(cwd, file);
  const shown = rel && !rel.startsWith("..") ? rel.split(path.sep).join("/") : file;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await readFile(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      diagnostics: [
        diagnostic(
          "TEST-UNREADABLE",
          "error",
          code ? `Cannot read ${shown} (${code}).` : `${shown} is not valid UTF-8.`,
          { file: shown },
        ),
      ],
    };
  }
  const parsed = parseYamlSource(shown, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (parsed.errors.length) {
    return {
      diagnostics: parsed.errors.map((e) =>
        diagnostic(
          "TEST-YAML-SYNTAX",
          "error",
          e.message,
          { file: shown, range: e.range },
          "Check indentation and quoting around this position.",
        ),
      ),
    };
  }
  const problems = checkAgainst(DetectionTest, parsed.value, parsed.source).map((d) => ({
    ...d,
    code: d.code.replace(/^SCHEMA-/, "TEST-SCHEMA-"),
  }));
  if (problems.length) return { diagnostics: problems };
  const data = parsed.value as DetectionTest;
  const shape = checkShape(data, parsed.source);
  if (shape.length) return { diagnostics: shape };
  return {
    test: { file: shown, absolute: file, solutionDir: await solutionOf(file), data, source: parsed.source },
    diagnostics: [],
  };
}

/**
 * Finds and reads detection tests: `tests/**\/*.test.yaml` of each solution under the given paths
 * (a repository root, a Solutions folder, solution folders), or test files named directly.
 */
export async function loadDetectionTests(
  paths: string[] = [],
  options: { cwd?: string } = {},
): Promise<DetectionTestLoad> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const diagnostics: Diagnostic[] = [];
  const files = new Set<string>();
  const solutionDirs = new Set<string>();
  const wholeSolutions = new Set<string>();
  for (const target of paths.length ? paths : ["."]) {
    const abs = path.resolve(cwd, target);
    const kind = await pathKind(abs);
    if (!kind) {
      diagnostics.push(
        diagnostic(
          "TEST-UNREADABLE",
          "error",
          `Path not found: ${target}`,
          { file: target },
          "Check the path.",
        ),
      );
    } else if (kind === "file") {
      files.add(abs);
      const dir = await solutionOf(abs);
      if (dir) solutionDirs.add(dir);
    } else {
      const inside = await solutionOf(path.join(abs, "x"));
      const dirs = inside && inside !== abs ? [] : await solutionDirsUnder(abs);
      if (inside && inside !== abs) {
        // A folder inside a solution (its tests/ folder): the test files below it.
        solutionDirs.add(inside);
        for (const f of await listTests(abs)) files.add(f);
      }
      for (const dir of dirs) {
        solutionDirs.add(dir);
        wholeSolutions.add(dir);
        for (const f of await listTests(path.join(dir, TESTS_FOLDER))) files.add(f);
      }
    }
  }
  const loaded = await Promise.all([...files].sort(compareText).map((f) => loadOne(f, cwd)));
  return {
    tests: loaded.flatMap((l) => (l.test ? [l.test] : [])),
    diagnostics: [...diagnostics, ...loaded.flatMap((l) => l.diagnostics)],
    solutionDirs: [...solutionDirs].sort(compareText),
    wholeSolutions: [...wholeSolutions].sort(compareText),
  };
}

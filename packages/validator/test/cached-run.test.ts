/** The whole-run fast path: a run's findings are reused only while nothing it read has changed. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readCachedRun } from "../src/fast-path.js";
import { runValidation } from "../src/index.js";
import { saveCachedRun } from "../src/pipeline/cached-run.js";
import { connectorYaml, ruleYaml, SOLUTION_YAML, sharedService } from "./helpers.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
}

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "sentinelctl-cached-run-"));
  dirs.push(dir);
  write(dir, files);
  return dir;
}

const BASE = {
  "Solutions/C/solution.yaml": SOLUTION_YAML,
  "Solutions/C/analytics/r.yaml": ruleYaml(),
};

const validate = (cwd: string, paths: string[] = []) =>
  runValidation(paths, { cwd, service: sharedService() });

test("a repeated run is answered from the cache with the same findings and counts", async () => {
  const cwd = repo({ ...BASE, "Solutions/C/analytics/bad.yaml": ruleYaml({ queryFrequency: "2m" }) });
  expect(readCachedRun({ cwd, paths: [] })).toBeUndefined();
  const first = await validate(cwd);
  expect(first.diagnostics.length).toBeGreaterThan(0);
  const hit = readCachedRun({ cwd, paths: [] });
  expect(hit?.diagnostics).toEqual(first.diagnostics);
  expect(hit?.stats).toMatchObject({
    solutions: first.stats.solutions,
    items: first.stats.items,
    queries: first.stats.queries,
    errors: first.stats.errors,
    warnings: first.stats.warnings,
  });
  // Another request (other paths, other options, no cache) is not this run.
  expect(readCachedRun({ cwd, paths: ["Solutions/C"] })).toBeUndefined();
  expect(readCachedRun({ cwd, paths: [], only: ["RULE-FREQUENCY"] })).toBeUndefined();
  expect(readCachedRun({ cwd, paths: [], cacheDir: path.join(cwd, "elsewhere") })).toBeUndefined();
});

test("editing, adding or removing a file, or adding a configuration file, misses", async () => {
  const cwd = repo(BASE);
  await validate(cwd);
  expect(readCachedRun({ cwd, paths: [] })).toBeDefined();

  write(cwd, { "Solutions/C/analytics/r.yaml": ruleYaml({ queryFrequency: "2m" }) });
  expect(readCachedRun({ cwd, paths: [] })).toBeUndefined();
  const edited = await validate(cwd);
  expect(readCachedRun({ cwd, paths: [] })?.diagnostics).toEqual(edited.diagnostics);

  write(cwd, { "Solutions/C/analytics/notes.txt": "not content, but inside a watched folder" });
  expect(readCachedRun({ cwd, paths: [] })).toBeUndefined();
  await validate(cwd);
  rmSync(path.join(cwd, "Solutions/C/analytics/notes.txt"));
  expect(readCachedRun({ cwd, paths: [] })).toBeUndefined();
  await validate(cwd);

  write(cwd, { "sentinelctl.config.yaml": "checks:\n  RULE-FREQUENCY: off\n" });
  expect(readCachedRun({ cwd, paths: [] })).toBeUndefined();
  await validate(cwd);
  expect(readCachedRun({ cwd, paths: [] })).toBeDefined();
  write(cwd, { "sentinelctl.config.yaml": "checks:\n  RULE-FREQUENCY: warning\n" });
  expect(readCachedRun({ cwd, paths: [] })).toBeUndefined();
});

test("a sibling solution's connectors are watched when one solution is validated", async () => {
  const cwd = repo({
    ...BASE,
    "Solutions/D/solution.yaml": SOLUTION_YAML.replace("contoso.fixture", "contoso.other"),
    "Solutions/D/connectors/c.yaml": connectorYaml(),
  });
  await validate(cwd, ["Solutions/C"]);
  expect(readCachedRun({ cwd, paths: ["Solutions/C"] })).toBeDefined();
  write(cwd, { "Solutions/D/connectors/c.yaml": connectorYaml({ id: "RenamedConnector" }) });
  expect(readCachedRun({ cwd, paths: ["Solutions/C"] })).toBeUndefined();
});

test("runs whose reads cannot be told exactly are never recorded", async () => {
  // A single file: the loader reads the solution around it as context.
  const cwd = repo(BASE);
  await validate(cwd, ["Solutions/C/analytics/r.yaml"]);
  expect(readCachedRun({ cwd, paths: ["Solutions/C/analytics/r.yaml"] })).toBeUndefined();
  // A content folder inside a solution: same.
  await validate(cwd, ["Solutions/C/analytics"]);
  expect(readCachedRun({ cwd, paths: ["Solutions/C/analytics"] })).toBeUndefined();

  // Inside an Azure-Sentinel checkout (its CI schema files are read from outside the content).
  const checkout = repo({ ...BASE, ".script/tests/KqlvalidationsTests/CustomTables/T.json": "{}" });
  await validate(checkout);
  expect(readCachedRun({ cwd: checkout, paths: [] })).toBeUndefined();
});

test("a run during which an input changed is not recorded", () => {
  const cwd = repo(BASE);
  const inputs = { folders: [path.join(cwd, "Solutions")], paths: [] };
  const result = {
    diagnostics: [],
    stats: { solutions: 1, items: 1, files: 1, queries: 1, errors: 0, warnings: 0, infos: 0 },
  };
  // The run "started" before the files were written.
  saveCachedRun({ cwd, paths: [] }, inputs, Date.now() - 60_000, result);
  expect(readCachedRun({ cwd, paths: [] })).toBeUndefined();
  saveCachedRun({ cwd, paths: [] }, inputs, Date.now(), result);
  expect(readCachedRun({ cwd, paths: [] })).toEqual(result);
});

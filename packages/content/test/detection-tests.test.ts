import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadDetectionTests } from "../src/index.js";

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "dt-tests-"));
  const sol = path.join(root, "Solutions", "Acme");
  mkdirSync(path.join(sol, "tests", "nested"), { recursive: true });
  mkdirSync(path.join(sol, "test"), { recursive: true });
  writeFileSync(path.join(sol, "solution.yaml"), "id: acme.acme\n");
  writeFileSync(
    path.join(sol, "tests", "good.test.yaml"),
    [
      "item: Acme Rule",
      "now: 2026-11-20T08:00:00Z",
      "cases:",
      "  - name: fires",
      "    inputs:",
      "      T:",
      "        rows: [{ a: 1 }]",
      "    expect: { alerts: 1 }",
      "",
    ].join("\n"),
  );
  writeFileSync(
    path.join(sol, "tests", "nested", "typo.test.yml"),
    ["item: Acme Rule", "cases:", "  - name: x", "    expect:", "      alert: 1", ""].join("\n"),
  );
  writeFileSync(
    path.join(sol, "tests", "shape.test.yaml"),
    [
      "item: Acme Rule",
      "cases:",
      "  - name: same",
      "    inputs:",
      "      T:",
      "        rows: []",
      "        lines: x",
      "      U: {}",
      "    expect: { alerts: 0 }",
      "  - name: same",
      "    expect: {}",
      "",
    ].join("\n"),
  );
  writeFileSync(path.join(sol, "tests", "bad.test.yaml"), "item: [unclosed\n");
  // Not test files: a jest folder and other extensions.
  writeFileSync(path.join(sol, "test", "x.test.yaml"), "item: ignored\n");
  writeFileSync(path.join(sol, "tests", "notes.yaml"), "item: ignored\n");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

test("finds tests/**/*.test.yaml of every solution and reads the valid ones", async () => {
  const result = await loadDetectionTests([], { cwd: root });
  expect(result.tests.map((t) => t.file)).toEqual(["Solutions/Acme/tests/good.test.yaml"]);
  expect(result.tests[0]!.data.cases[0]!.inputs?.T?.rows).toEqual([{ a: 1 }]);
  expect(result.tests[0]!.solutionDir).toBe(path.join(root, "Solutions", "Acme"));
  expect(result.solutionDirs).toEqual([path.join(root, "Solutions", "Acme")]);
  expect(result.wholeSolutions).toEqual(result.solutionDirs);
});

test("every problem has a code and a position in the file", async () => {
  const { diagnostics } = await loadDetectionTests([], { cwd: root });
  const byFile = (f: string) => diagnostics.filter((d) => d.file === `Solutions/Acme/tests/${f}`);
  expect(byFile("bad.test.yaml")[0]).toMatchObject({ code: "TEST-YAML-SYNTAX" });
  expect(byFile("nested/typo.test.yml")).toEqual([
    expect.objectContaining({
      code: "TEST-SCHEMA-UNKNOWN-FIELD",
      message: "Unknown field 'alert' in cases[0].expect.",
      hint: "Did you mean 'alerts'?",
      range: { start: { line: 5, column: 7 }, end: { line: 5, column: 12 } },
    }),
  ]);
  const shape = byFile("shape.test.yaml");
  expect(shape.map((d) => [d.code, d.range?.start.line])).toEqual([
    ["TEST-INPUT-SHAPE", 5],
    ["TEST-INPUT-SHAPE", 8],
    ["TEST-DUPLICATE-CASE", 10],
    ["TEST-NO-EXPECTATION", 11],
  ]);
  expect(shape[0]!.message).toBe("Input 'T' gives rows and lines: use exactly one of them.");
});

test("a test file named directly is read, and a missing path is reported", async () => {
  const result = await loadDetectionTests(["Solutions/Acme/tests/good.test.yaml", "nope"], { cwd: root });
  expect(result.tests).toHaveLength(1);
  expect(result.wholeSolutions).toEqual([]);
  expect(result.diagnostics).toEqual([
    expect.objectContaining({ code: "TEST-UNREADABLE", message: "Path not found: nope" }),
  ]);
});

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadContent } from "../src/index.js";

const corpus = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "broken");

interface Expected {
  code: string;
  file: string;
  line: number;
  column?: number;
  severity: string;
  hint?: string;
}

const cases = readdirSync(corpus).sort();

test("the corpus has at least 20 broken inputs", () => {
  expect(cases.length).toBeGreaterThanOrEqual(20);
});

describe.each(cases)("broken input %s", (name) => {
  const dir = path.join(corpus, name);
  const expected = JSON.parse(readFileSync(path.join(dir, "_expected.json"), "utf8")) as Expected;

  test("gives exactly one diagnostic at the expected place", async () => {
    const result = await loadContent([dir], { cwd: dir });
    expect(result.diagnostics).toHaveLength(1);
    const [d] = result.diagnostics;
    expect(d).toMatchObject({ code: expected.code, severity: expected.severity, file: expected.file });
    expect(d!.range?.start.line).toBe(expected.line);
    if (expected.column !== undefined) expect(d!.range?.start.column).toBe(expected.column);
    if (expected.hint !== undefined) expect(d!.hint).toBe(expected.hint);
    expect(d!.message).not.toMatch(/\n\s+at /);
  });
});

test("a broken file does not stop the others from loading", async () => {
  const result = await loadContent(
    [path.join(corpus, "03-unknown-field"), path.join(corpus, "05-duplicate-id")],
    { cwd: corpus },
  );
  // The rule with an unknown field is still loaded, and shares its id with the rules of 05.
  expect(result.diagnostics.map((d) => d.code).sort()).toEqual([
    "LOAD-DUPLICATE-ID",
    "LOAD-DUPLICATE-ID",
    "SCHEMA-UNKNOWN-FIELD",
  ]);
  expect(result.diagnostics.find((d) => d.code === "SCHEMA-UNKNOWN-FIELD")?.file).toBe(
    "03-unknown-field/analytics/r.yaml",
  );
  // Every rule loaded (duplicates are reported, not dropped).
  expect(result.solutions.flatMap((s) => s.analyticRules)).toHaveLength(3);
});

test("a path that does not exist is reported, not thrown", async () => {
  const result = await loadContent(["no/such/dir"], { cwd: corpus });
  expect(result.diagnostics).toEqual([
    expect.objectContaining({ code: "LOAD-UNREADABLE", severity: "error", file: "no/such/dir" }),
  ]);
});

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = path.join(root, ".github", "workflows");
const workflows = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();

test("there are workflows to lint", () => {
  expect(workflows).toEqual(expect.arrayContaining(["ci.yml"]));
});

// The validator warns on stdout that it skips glob checks; that is noise in the test log.
const warn = console.warn;
beforeAll(() => {
  console.warn = () => undefined;
});
afterAll(() => {
  console.warn = warn;
});

describe.each(workflows)("workflow %s", (file) => {
  const text = readFileSync(path.join(dir, file), "utf8");

  test("is valid against the GitHub Actions workflow schema", () => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  test("installs and runs pnpm through npx at the pinned version", () => {
    const pinned = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { packageManager: string })
      .packageManager.replace("pnpm@", "");
    const runs = JSON.stringify(parse(text)).match(/pnpm@[\d.]+/g) ?? [];
    for (const r of runs) expect(r).toBe(`pnpm@${pinned}`);
  });
});

test("the validator catches a broken workflow (so the lint above can fail)", () => {
  const broken = "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n";
  expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
});

test(".ci/run runs the README's test command verbatim", () => {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const ci = readFileSync(path.join(root, ".ci", "run"), "utf8");
  const command = ci.trim().split("\n").at(-1)!;
  expect(readme).toContain(command);
});

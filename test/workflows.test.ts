import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { validateAction, validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = path.join(root, ".github", "workflows");
const workflows = readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

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
    const pinned = (
      JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { packageManager: string }
    ).packageManager.replace("pnpm@", "");
    const runs = JSON.stringify(parse(text)).match(/pnpm@[\d.]+/g) ?? [];
    for (const r of runs) expect(r).toBe(`pnpm@${pinned}`);
  });
});

describe("the composite action (action.yml)", () => {
  const text = readFileSync(path.join(root, "action.yml"), "utf8");
  const action = parse(text) as {
    inputs: Record<string, { default?: string }>;
    runs: {
      using: string;
      steps: { name?: string; uses?: string; if?: string; run?: string; shell?: string }[];
    };
  };
  const step = (name: string) => action.runs.steps.find((s) => s.name === name);

  test("is valid against the GitHub Actions action schema", () => {
    expect(validateAction(text).errors).toEqual([]);
  });

  test("is a composite action whose run steps all name their shell", () => {
    expect(action.runs.using).toBe("composite");
    for (const s of action.runs.steps.filter((x) => x.run !== undefined))
      expect({ step: s.name, shell: s.shell }).toEqual({ step: s.name, shell: "bash" });
  });

  test("uses the pinned pnpm version by default", () => {
    const pinned = (
      JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { packageManager: string }
    ).packageManager.replace("pnpm@", "");
    expect(action.inputs["pnpm-version"]?.default).toBe(pinned);
  });

  test("caches the pnpm store", () => {
    expect(action.runs.steps.some((s) => s.uses?.startsWith("actions/cache@"))).toBe(true);
  });

  test("uploads SARIF and comments the plan only where the token can write (never on fork pull requests)", () => {
    const sameRepo = "github.event.pull_request.head.repo.full_name == github.repository";
    expect(step("Validate (SARIF)")?.if).toContain(sameRepo);
    expect(step("Upload SARIF to code scanning")?.if).toContain("steps.sarif.outputs.file");
    expect(step("Comment the plan on the pull request")?.if?.replace(/\s+/g, " ")).toContain(sameRepo);
  });

  test("updates its own plan comment (found by its marker), or posts one when there is none", () => {
    const script = step("Comment the plan on the pull request")?.run;
    expect(script).toBeDefined();
    const tmp = mkdtempSync(path.join(tmpdir(), "sentinelctl-action-comment-"));
    try {
      // A stand-in gh: logs its arguments, answers the comment search with FAKE_FOUND, keeps bodies.
      const gh = path.join(tmp, "gh");
      writeFileSync(
        gh,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
        '#!/bin/bash\necho "$*" >> "$GH_LOG"\nfor a in "$@"; do case "$a" in body=@*) cp "${a#body=@}" "$RUNNER_TEMP/sent.md";; esac; done\n' +
          'if [ "$1" = api ] && [ "$2" = --paginate ]; then printf "%s" "$FAKE_FOUND"; fi\n',
      );
      chmodSync(gh, 0o755);
      const plan = path.join(tmp, "plan.md");
      writeFileSync(plan, "## Plan\n+ create Rule A\n");
      const run = (found: string) => {
        const log = path.join(tmp, `log-${found || "none"}`);
        const r = spawnSync("bash", ["--noprofile", "--norc", "-e", "-c", script!], {
          env: {
            PATH: `${tmp}:${process.env.PATH}`,
            HOME: tmp,
            GH_LOG: log,
            FAKE_FOUND: found,
            RUNNER_TEMP: tmp,
            PR: "7",
            PLAN: plan,
            GITHUB_REPOSITORY: "contoso/content",
          },
          encoding: "utf8",
        });
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
        return readFileSync(log, "utf8");
      };
      const updated = run("4242\n");
      expect(updated).toMatch(/^api -X PATCH repos\/contoso\/content\/issues\/comments\/4242 /m);
      expect(updated).not.toMatch(/^pr comment/m);
      expect(readFileSync(path.join(tmp, "sent.md"), "utf8")).toBe(
        "<!-- sentinelctl-plan -->\n## Plan\n+ create Rule A\n",
      );
      const posted = run("");
      expect(posted).toMatch(/^pr comment 7 --repo contoso\/content --body-file /m);
      expect(posted).not.toMatch(/PATCH/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test("is used by this repository's own workflows", () => {
    const uses = workflows.flatMap(
      (f) => JSON.stringify(parse(readFileSync(path.join(dir, f), "utf8"))).match(/"uses":"\.\/"/g) ?? [],
    );
    expect(uses.length).toBeGreaterThanOrEqual(2);
  });
});

test("the validator catches a broken workflow and a broken action (so the lints above can fail)", () => {
  expect(
    validateAction("name: x\ndescription: y\nruns:\n  using: composite\n  stepz: []\n").errors.length,
  ).toBeGreaterThan(0);
  const broken = "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n";
  expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
});

test(".ci/run runs the README's test command verbatim", () => {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const ci = readFileSync(path.join(root, ".ci", "run"), "utf8");
  const command = ci.trim().split("\n").at(-1)!;
  expect(readme).toContain(command);
});

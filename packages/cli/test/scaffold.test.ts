/** `sentinelctl init` and `sentinelctl new`: what they write validates, builds and passes its tests. */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { validateWorkflow } from "@action-validator/core";
import { PUBLISHED_SCHEMAS, SCHEMA_FILES } from "@sentinelctl/content";
import { parse } from "yaml";
import { canPrompt } from "../src/scaffold/prompt.js";
import { writeTree } from "../src/scaffold/write.js";
import { UsageError } from "../src/ui.js";
import { runCliInProcess } from "./in-process.js";

const cliDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(cliDir, "bin", "sentinelctl.js");
const schemasDir = path.resolve(cliDir, "../content/schemas");
const cliVersion = (
  JSON.parse(readFileSync(path.join(cliDir, "package.json"), "utf8")) as { version: string }
).version;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let base: string;
beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), "sentinelctl-scaffold-"));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

async function initRepo(name: string, ...flags: string[]): Promise<string> {
  const run = await runCliInProcess(["init", name, ...flags], base);
  expect(run.err).toBe("");
  expect(run.code).toBe(0);
  return path.join(base, name);
}

/** Every kind `new` knows, with the flags a user would give, in an order that lets each find what it needs. */
const ALL_KINDS: string[][] = [
  ["table", "Contoso"],
  ["ccf-connector", "ContosoPush", "--table", "Contoso_CL", "--test"],
  ["scheduled-rule", "ManyContoso", "--table", "Contoso_CL", "--test"],
  ["nrt-rule", "BurstContoso", "--table", "Contoso_CL", "--test"],
  ["hunting-query", "DailyContoso", "--table", "Contoso_CL"],
  ["parser", "ContosoParsed", "--table", "Contoso_CL"],
  ["cef-connector", "ContosoCef", "--vendor", "Contoso"],
  ["workbook", "ContosoOverview", "--table", "Contoso_CL"],
];

describe("init", () => {
  let repo: string;
  beforeAll(async () => {
    repo = await initRepo("repo");
  });

  test("writes a content repository with one example solution", () => {
    expect(filesUnder(repo)).toEqual([
      ".github/workflows/sentinel.yml",
      ".gitignore",
      ".vscode/settings.json",
      "README.md",
      "Solutions/Example/analytics/ManyExampleEvents.yaml",
      "Solutions/Example/connectors/ExamplePush.yaml",
      "Solutions/Example/solution.yaml",
      "Solutions/Example/tables/ExampleEvents_CL.yaml",
      "Solutions/Example/tests/ExamplePush.test.yaml",
      "Solutions/Example/tests/ManyExampleEvents.test.yaml",
      "package.json",
      "sentinelctl.config.yaml",
    ]);
    const pkg = JSON.parse(readFileSync(path.join(repo, "package.json"), "utf8")) as {
      name: string;
      scripts: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.name).toBe("repo");
    // The content package directly too: the editor settings point into node_modules/@sentinelctl/content.
    expect(pkg.devDependencies).toEqual({ "@sentinelctl/content": cliVersion, sentinelctl: cliVersion });
    expect(Object.keys(pkg.scripts).sort()).toEqual(["build", "plan", "test", "validate"]);
    expect(readFileSync(path.join(repo, ".gitignore"), "utf8")).toMatch(/^node_modules\/$/m);
  });

  test("the example solution validates cleanly, passes its tests and builds", async () => {
    const validate = await runCliInProcess(["validate"], repo);
    expect(validate.out).toContain("0 errors, 0 warnings");
    expect(validate.code).toBe(0);
    const tests = await runCliInProcess(["test", "--require-tests"], repo);
    expect(tests.out).toMatch(/Tests: 3 passed, 0 failed/);
    expect(tests.code).toBe(0);
    const build = await runCliInProcess(["build", "--out", path.join(base, "repo-dist")], repo);
    expect(build.code).toBe(0);
    expect(existsSync(path.join(base, "repo-dist", "Example", "Package", "mainTemplate.json"))).toBe(true);
  });

  test("the editor settings map every published JSON Schema to its content files", () => {
    const settings = JSON.parse(readFileSync(path.join(repo, ".vscode/settings.json"), "utf8")) as {
      "yaml.schemas": Record<string, string[]>;
    };
    const mapped = Object.keys(settings["yaml.schemas"]).map((p) => path.basename(p));
    expect(mapped.sort()).toEqual(PUBLISHED_SCHEMAS.map((k) => SCHEMA_FILES[k]).sort());
    for (const file of mapped) expect(existsSync(path.join(schemasDir, file))).toBe(true);
    for (const globs of Object.values(settings["yaml.schemas"])) expect(globs.length).toBeGreaterThan(0);
  });

  test("the workflow is valid, uploads SARIF only outside fork pull requests and deploys through OIDC", () => {
    const text = readFileSync(path.join(repo, ".github/workflows/sentinel.yml"), "utf8");
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      expect(validateWorkflow(text).errors).toEqual([]);
    } finally {
      console.warn = warn;
    }
    const wf = parse(text) as {
      jobs: Record<
        string,
        {
          if?: string;
          permissions?: Record<string, string>;
          steps: Array<{ uses?: string; if?: string; run?: string }>;
        }
      >;
    };
    const upload = wf.jobs.check?.steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif"));
    expect(upload?.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(wf.jobs.check?.steps.some((s) => s.run?.includes("sentinelctl validate --format sarif"))).toBe(
      true,
    );
    expect(wf.jobs.plan?.if).toContain("github.event_name == 'pull_request'");
    expect(wf.jobs.deploy?.if).toContain("refs/heads/main");
    for (const job of ["plan", "deploy"]) {
      expect(wf.jobs[job]?.permissions?.["id-token"]).toBe("write");
      expect(wf.jobs[job]?.steps.some((s) => s.uses?.startsWith("azure/login@"))).toBe(true);
    }
  });

  test("refuses a folder that is not empty, and --force writes into it", async () => {
    const dir = path.join(base, "busy");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "notes.txt"), "mine\n");
    const refused = await runCliInProcess(["init", dir], base);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("is not empty");
    expect(refused.err).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(["notes.txt"]);
    const forced = await runCliInProcess(["init", dir, "--force"], base);
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(dir, "notes.txt"), "utf8")).toBe("mine\n");
    expect(existsSync(path.join(dir, "Solutions/Example/solution.yaml"))).toBe(true);
    expect(readdirSync(base).filter((n) => n.includes("sentinelctl-init"))).toEqual([]);
  });

  test("a path that is a file is refused, and a write that fails leaves nothing behind", async () => {
    writeFileSync(path.join(base, "afile"), "x");
    const run = await runCliInProcess(["init", "afile"], base);
    expect(run.code).toBe(2);
    expect(readFileSync(path.join(base, "afile"), "utf8")).toBe("x");
    const below = await runCliInProcess(["init", "afile/inside"], base);
    expect(below.code).toBe(2);
    expect(below.err).toContain("nothing was written");
    expect(below.err).not.toMatch(/\n\s+at /);
    expect(readdirSync(base).filter((n) => n.includes("sentinelctl-init"))).toEqual([]);
  });

  test("a tree whose write fails is reported as a user error and leaves no staging folder", () => {
    writeFileSync(path.join(base, "blocker"), "x");
    expect(() => writeTree(path.join(base, "blocker", "repo"), [{ path: "a.txt", content: "a" }])).toThrow(
      UsageError,
    );
    expect(readdirSync(base).filter((n) => n.includes("sentinelctl-init"))).toEqual([]);
  });

  test("with no folder named, writes into the current folder when it is empty", async () => {
    const dir = path.join(base, "here");
    mkdirSync(dir);
    const run = await runCliInProcess(["init"], dir);
    expect(run.code).toBe(0);
    expect(existsSync(path.join(dir, "package.json"))).toBe(true);
    expect((JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name: string }).name).toBe(
      "here",
    );
  });
});

describe("new", () => {
  test("every kind, in YAML, validates as generated and its tests pass", async () => {
    const repo = await initRepo("yaml-kinds");
    for (const args of ALL_KINDS) {
      const run = await runCliInProcess(["new", ...args], repo);
      expect({ args, err: run.err, code: run.code }).toEqual({ args, err: "", code: 0 });
    }
    for (const item of ["Example - Daily contoso", "ContosoParsed"]) {
      const test = await runCliInProcess(
        ["new", "test", `${item.replace(/\W/g, "")}Test`, "--item", item],
        repo,
      );
      expect(test.code).toBe(0);
    }
    const validate = await runCliInProcess(["validate"], repo);
    expect(validate.out).toContain("0 errors, 0 warnings");
    expect(validate.code).toBe(0);
    const tests = await runCliInProcess(["test", "--require-tests"], repo);
    expect(tests.out).toMatch(/Tests: 9 passed, 0 failed, 0 errors/);
    expect(tests.code).toBe(0);
    const built = await runCliInProcess(["build", "--out", path.join(base, "yaml-kinds-dist")], repo);
    expect(built.code).toBe(0);
  });

  test("every kind, in TypeScript, validates as generated", async () => {
    const repo = await initRepo("ts-kinds", "--ts");
    // What `npm install` would provide: the sentinelctl package the modules import define*() from.
    mkdirSync(path.join(repo, "node_modules"));
    symlinkSync(cliDir, path.join(repo, "node_modules", "sentinelctl"), "dir");
    for (const args of ALL_KINDS) {
      const run = await runCliInProcess(["new", ...args, "--ts"], repo);
      expect({ args, err: run.err, code: run.code }).toEqual({ args, err: "", code: 0 });
    }
    const written = filesUnder(path.join(repo, "Solutions/Example")).filter((f) => !f.startsWith("tests/"));
    expect(written.filter((f) => f !== "solution.yaml").every((f) => f.endsWith(".ts"))).toBe(true);
    const validate = await runCliInProcess(["validate"], repo);
    expect(validate.out).toContain("0 errors, 0 warnings");
    expect(validate.code).toBe(0);
    const tests = await runCliInProcess(["test"], repo);
    expect(tests.out).toMatch(/Tests: 7 passed, 0 failed, 0 errors/);
  });

  test("each new item gets a fresh GUID", async () => {
    const repo = await initRepo("guids");
    await runCliInProcess(["new", "scheduled-rule", "RuleA"], repo);
    await runCliInProcess(["new", "scheduled-rule", "RuleB"], repo);
    const idOf = (f: string) =>
      (parse(readFileSync(path.join(repo, "Solutions/Example/analytics", f), "utf8")) as { id: string }).id;
    const ids = [idOf("RuleA.yaml"), idOf("RuleB.yaml"), idOf("ManyExampleEvents.yaml")];
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(3);
  });

  test("an unknown kind exits 2 with a did-you-mean", async () => {
    const repo = await initRepo("typo");
    const run = await runCliInProcess(["new", "schedueld-rule", "X"], repo);
    expect(run.code).toBe(2);
    expect(run.err).toContain("unknown kind 'schedueld-rule'");
    expect(run.err).toContain("did you mean scheduled-rule?");
    expect(run.err).not.toMatch(/\n\s+at /);
  });

  test("never overwrites a file, and writes nothing when any target exists", async () => {
    const repo = await initRepo("no-overwrite");
    const rule = path.join(repo, "Solutions/Example/analytics/ManyExampleEvents.yaml");
    const before = readFileSync(rule, "utf8");
    const again = await runCliInProcess(["new", "scheduled-rule", "ManyExampleEvents"], repo);
    expect(again.code).toBe(2);
    expect(again.err).toContain("already exists");
    expect(readFileSync(rule, "utf8")).toBe(before);
    // The rule's test file exists already: the rule is not written either.
    writeFileSync(path.join(repo, "Solutions/Example/tests/Fresh.test.yaml"), "mine\n");
    const partial = await runCliInProcess(["new", "scheduled-rule", "Fresh", "--test"], repo);
    expect(partial.code).toBe(2);
    expect(existsSync(path.join(repo, "Solutions/Example/analytics/Fresh.yaml"))).toBe(false);
  });

  test("a missing name is an error, never a prompt, when CI is set", async () => {
    const repo = await initRepo("ci");
    const ci = process.env.CI;
    process.env.CI = "true";
    try {
      expect(canPrompt()).toBe(false);
      const run = await runCliInProcess(["new", "table"], repo);
      expect(run.code).toBe(2);
      expect(run.err).toContain("the name is missing");
    } finally {
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
    }
  });

  // util-linux `script` gives the CLI a real terminal; the typed answer waits in the terminal's buffer.
  const hasScript = spawnSync("script", ["--version"]).status === 0;
  (hasScript ? test : test.skip)("on a terminal a missing name is asked for, unless CI is set", async () => {
    const repo = await initRepo("tty");
    const onTerminal = (ci: boolean) => {
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
      delete env.CI;
      if (ci) env.CI = "true";
      return spawnSync("script", ["-qec", `"${process.execPath}" "${bin}" new table`, "/dev/null"], {
        cwd: repo,
        input: "Typed\r",
        env,
        encoding: "utf8",
        timeout: 60_000,
      });
    };
    const asked = onTerminal(false);
    expect(asked.stdout).toContain("Name: ");
    expect(asked.status).toBe(0);
    expect(existsSync(path.join(repo, "Solutions/Example/tables/Typed_CL.yaml"))).toBe(true);
    rmSync(path.join(repo, "Solutions/Example/tables/Typed_CL.yaml"));
    const inCi = onTerminal(true);
    expect(inCi.status).toBe(2);
    expect(inCi.stdout).toContain("the name is missing");
    expect(existsSync(path.join(repo, "Solutions/Example/tables/Typed_CL.yaml"))).toBe(false);
  });

  test("with several solutions, --solution picks one; without it the error lists them", async () => {
    const repo = await initRepo("two");
    expect((await runCliInProcess(["new", "solution", "Second"], repo)).code).toBe(0);
    const ambiguous = await runCliInProcess(["new", "table", "Extra"], repo);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.err).toContain("Example, Second");
    const picked = await runCliInProcess(["new", "table", "Extra", "--solution", "Second"], repo);
    expect(picked.code).toBe(0);
    expect(existsSync(path.join(repo, "Solutions/Second/tables/Extra_CL.yaml"))).toBe(true);
    const validate = await runCliInProcess(["validate"], repo);
    expect(validate.code).toBe(0);
  });

  test("a test names an item of the solution, with a did-you-mean for a near miss", async () => {
    const repo = await initRepo("test-item");
    const run = await runCliInProcess(["new", "test", "T", "--item", "Example - many example events"], repo);
    expect(run.code).toBe(2);
    expect(run.err).toContain("did you mean Example - Many example events?");
    expect(
      (await runCliInProcess(["new", "test", "T", "--item", "Example - Many example events", "--ts"], repo))
        .code,
    ).toBe(2);
  });
});

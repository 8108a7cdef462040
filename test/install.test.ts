/**
 * Installation, as a user does it: every package packed (`pnpm -r pack`), the tarballs installed with
 * npm into an empty folder outside this repository, and the installed `sentinelctl` run there on a
 * copied solution (validate, build, test, then plan and deploy against its own emulator on loopback).
 * npm fetches the third-party dependencies, so the suite is skipped, saying so, when the registry
 * cannot be reached.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PNPM = ["-y", "pnpm@10.34.9"];
/** One CLI step on the shared 2-core machine can take tens of seconds (Kusto loads in each). */
const STEP_TIMEOUT = 180_000;

function registryReachable(): boolean {
  const r = spawnSync("npm", ["ping"], { encoding: "utf8", timeout: 20_000 });
  return r.status === 0;
}

const online = registryReachable();
if (!online) {
  process.stderr.write("install.test.ts: skipped, the npm registry cannot be reached (npm ping failed)\n");
}
const describeOnline = online ? describe : describe.skip;

interface Run {
  status: number | null;
  out: string;
}

/** Runs a command to completion; throws with its output when the exit code is not the expected one. */
function run(cmd: string, args: string[], cwd: string, expected = 0): Run {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", CI: "true" },
    timeout: 240_000,
  });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  if (r.status !== expected) {
    throw new Error(`${cmd} ${args.join(" ")} exited ${r.status} (expected ${expected}) in ${cwd}:\n${out}`);
  }
  return { status: r.status, out };
}

describeOnline("installed from packed tarballs, outside the repository", () => {
  let work: string;
  let app: string;
  let bin: string;
  let emulator: ChildProcess | undefined;
  let endpointArgs: string[] = [];

  const cli = (args: string[], expected = 0) => run(process.execPath, [bin, ...args], app, expected);

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), "sentinelctl-install-"));
    const tarballs = path.join(work, "tarballs");
    app = path.join(work, "app");
    mkdirSync(tarballs);
    mkdirSync(app);
    // jest's global set-up has built dist/; packing only copies it.
    run("npx", [...PNPM, "-r", "--silent", "pack", "--pack-destination", tarballs], repo);
    const files = readdirSync(tarballs)
      .filter((f) => f.endsWith(".tgz"))
      .map((f) => path.join(tarballs, f));
    writeFileSync(
      path.join(app, "package.json"),
      `${JSON.stringify({ name: "content-repo", private: true })}\n`,
    );
    run("npm", ["install", ...files, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], app);
    bin = path.join(app, "node_modules", ".bin", "sentinelctl");
    // A solution whose workbook is TypeScript importing a shared helper; its jest suites stay behind.
    for (const dir of ["AIAnalystDarktrace", "_shared"]) {
      cpSync(path.join(repo, "Solutions", dir), path.join(app, "Solutions", dir), {
        recursive: true,
        filter: (src) => path.basename(src) !== "test",
      });
    }
  }, 600_000);

  afterAll(async () => {
    if (emulator && emulator.exitCode === null) {
      const exited = new Promise((resolve) => emulator?.once("exit", resolve));
      emulator.kill("SIGTERM");
      await exited;
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test(
    "the packages hold no TypeScript sources and no workspace: ranges",
    () => {
      const scope = path.join(app, "node_modules", "@sentinelctl");
      const installed = [
        path.join(app, "node_modules", "sentinelctl"),
        ...readdirSync(scope).map((d) => path.join(scope, d)),
      ];
      expect(installed).toHaveLength(9);
      for (const dir of installed) {
        expect(existsSync(path.join(dir, "src"))).toBe(false);
        expect(existsSync(path.join(dir, "dist", "index.js"))).toBe(true);
        expect(existsSync(path.join(dir, "dist", "index.d.ts"))).toBe(true);
        expect(readFileSync(path.join(dir, "package.json"), "utf8")).not.toMatch(/workspace:/);
      }
    },
    STEP_TIMEOUT,
  );

  test(
    "npx sentinelctl --help lists the commands",
    () => {
      const { out } = run("npx", ["--no-install", "sentinelctl", "--help"], app);
      expect(out).toMatch(/^Usage: sentinelctl/m);
      for (const command of ["validate", "build", "test", "plan", "deploy", "emulator"]) {
        expect(out).toMatch(new RegExp(`^\\s+${command}\\b`, "m"));
      }
    },
    STEP_TIMEOUT,
  );

  test(
    "validate loads the YAML and TypeScript content without findings",
    () => {
      const { out } = cli(["validate"]);
      expect(out).toMatch(/0 errors, 0 warnings/);
    },
    STEP_TIMEOUT,
  );

  test(
    "build writes the Content Hub package",
    () => {
      cli(["build", "--out", "out"]);
      expect(existsSync(path.join(app, "out", "AIAnalystDarktrace", "Package", "mainTemplate.json"))).toBe(
        true,
      );
    },
    STEP_TIMEOUT,
  );

  test(
    "test runs the detection tests",
    () => {
      const { out } = cli(["test"]);
      expect(out).toMatch(/Tests: [1-9]\d* passed, 0 failed, 0 errors/);
    },
    STEP_TIMEOUT,
  );

  test(
    "plan and deploy against the emulator it starts on loopback",
    async () => {
      const child = spawn(
        process.execPath,
        [bin, "emulator", "start", "--port", "0", "--cert-dir", ".emulator"],
        {
          cwd: app,
          env: { ...process.env, NO_COLOR: "1" },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      emulator = child;
      const endpoint = await new Promise<string>((resolve, reject) => {
        let seen = "";
        child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
          seen += chunk;
          const m = /^endpoint: (https:\/\/127\.0\.0\.1:\d+)$/m.exec(seen);
          if (m?.[1]) resolve(m[1]);
        });
        child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
          seen += chunk;
        });
        child.once("exit", (code) =>
          reject(new Error(`the emulator exited (${code}) before listening:\n${seen}`)),
        );
      });
      endpointArgs = ["--endpoint", endpoint, "--ca", path.join(".emulator", "ca.pem")];

      const plan = cli(["plan", "AIAnalystDarktrace", ...endpointArgs, "--out", "plan.json"]).out;
      expect(plan).toMatch(/[1-9]\d* to create, 0 to update, 0 to delete/);
      const deploy = cli(["deploy", ...endpointArgs, "--plan", "plan.json"]).out;
      expect(deploy).toMatch(/[1-9]\d* created, 0 updated, 0 deleted, 0 unchanged, 0 failed/);
      const again = cli(["plan", "AIAnalystDarktrace", ...endpointArgs]).out;
      expect(again).toMatch(/0 to create, 0 to update, 0 to delete, [1-9]\d* unchanged/);
    },
    STEP_TIMEOUT,
  );
});

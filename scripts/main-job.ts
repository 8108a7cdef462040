// The README's main job: validate every solution, run its detection tests, build it, then plan a
// deploy to a local ARM emulator (the local target) into a saved plan, apply exactly that plan,
// re-plan, and check the second plan is empty.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(root, "packages", "cli", "bin", "sentinelctl.js");
const target = [
  "--subscription",
  "00000000-0000-0000-0000-000000000000",
  "--resource-group",
  "sentinel-rg",
  "--workspace",
  "sentinel-ws",
];

function run(step: string, args: string[], capture = false): Promise<string> {
  process.stderr.write(`\n== ${step}: sentinelctl ${args.join(" ")}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: root,
      stdio: ["ignore", capture ? "pipe" : "inherit", "inherit"],
    });
    let out = "";
    child.stdout?.on("data", (b: Buffer) => {
      out += b.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${step} failed (exit ${code})`)),
    );
  });
}

async function startEmulator(
  stateDir: string,
): Promise<{ child: ChildProcess; endpoint: string; ca: string }> {
  const child = spawn(
    process.execPath,
    [
      cli,
      "emulator",
      "start",
      "--port",
      "0",
      "--state",
      path.join(stateDir, "state.json"),
      "--cert-dir",
      stateDir,
      "--json",
    ],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const info = JSON.parse(line) as { endpoint: string; ca: string };
    process.stderr.write(`\n== emulator: ${info.endpoint} (CA ${info.ca})\n`);
    return { child, endpoint: info.endpoint, ca: info.ca };
  }
  throw new Error("the emulator exited before printing its endpoint");
}

const stateDir = mkdtempSync(path.join(tmpdir(), "sentinelctl-main-"));
let emulator: ChildProcess | undefined;
try {
  await run("validate", ["validate"]);
  await run("test", ["test", "--require-tests"]);
  await run("build", ["build", "--out", "dist"]);
  const started = await startEmulator(stateDir);
  emulator = started.child;
  const local = ["--endpoint", started.endpoint, "--ca", started.ca, ...target];
  const planFile = path.join(stateDir, "plan.json");
  await run("plan", ["plan", ...local, "--out", planFile]);
  await run("deploy", ["deploy", "--endpoint", started.endpoint, "--ca", started.ca, "--plan", planFile]);
  const plan = JSON.parse(await run("re-plan", ["plan", ...local, "--json"], true)) as {
    create: number;
    update: number;
    delete: number;
  };
  const changes = plan.create + plan.update + plan.delete;
  if (changes !== 0) throw new Error(`the second plan still has ${changes} change(s)`);
  process.stderr.write(
    `\nmain job: validated, tested, built (dist/), deployed and re-planned with no changes.\n`,
  );
} catch (e) {
  process.stderr.write(`\nmain job failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
} finally {
  if (emulator && emulator.exitCode === null) {
    const exited = new Promise((resolve) => emulator!.once("exit", resolve));
    emulator.kill("SIGTERM");
    await exited;
  }
  rmSync(stateDir, { recursive: true, force: true });
}

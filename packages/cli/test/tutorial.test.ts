/**
 * docs/tutorial.md is executed: its fenced `sh` blocks run in order, each in bash from the folder
 * the previous one ended in, inside a temporary folder. Two stand-ins make the commands work
 * without a registry: `npx sentinelctl ...` runs this repository's CLI, and `npm install` links it
 * into node_modules/ as an install would. The block marked `sh {second terminal}` (the emulator)
 * is started in the background by the test with a free port, which replaces the documented one in
 * the blocks after it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const cliDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(cliDir, "bin", "sentinelctl.js");
const tutorial = path.resolve(cliDir, "../../docs/tutorial.md");
const DOCUMENTED_PORT = "8443";

interface Block {
  info: string;
  code: string;
}

function fencedBlocks(markdown: string): Block[] {
  return [...markdown.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    info: (m[1] ?? "").trim(),
    code: m[2] ?? "",
  }));
}

let dir: string;
let emulator: ChildProcess | undefined;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "sentinelctl-tutorial-"));
  const shims = path.join(dir, ".shims");
  mkdirSync(shims);
  const shim = (name: string, body: string) => {
    writeFileSync(path.join(shims, name), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(shims, name), 0o755);
  };
  shim(
    "npx",
    `if [ "$1" = sentinelctl ]; then shift; exec "${process.execPath}" "${bin}" "$@"; fi\necho "test stand-in: npx runs only sentinelctl" >&2\nexit 97`,
  );
  shim(
    "npm",
    `if [ "$1" = install ] && [ $# -eq 1 ]; then mkdir -p node_modules && ln -sfn "${cliDir}" node_modules/sentinelctl; exit 0; fi\necho "test stand-in: npm runs only 'npm install'" >&2\nexit 97`,
  );
});

afterAll(async () => {
  if (emulator && emulator.exitCode === null) {
    const exited = new Promise((resolve) => emulator?.once("exit", resolve));
    emulator.kill("SIGTERM");
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

function env(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${path.join(dir, ".shims")}${path.delimiter}${process.env.PATH}`,
    CI: "true",
    NO_COLOR: "1",
  };
}

/** Runs one block in bash from `cwd`; resolves with its output and the folder it ended in. */
function runBlock(
  code: string,
  cwd: string,
): Promise<{ status: number | null; output: string; cwd: string }> {
  const where = path.join(dir, ".cwd");
  const script = `set -eo pipefail\ncd "${cwd}"\n${code}\npwd > "${where}"\n`;
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", script], { env: env(), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => (output += b.toString()));
    child.on("error", reject);
    child.on("exit", (status) => {
      let next = cwd;
      try {
        next = readFileSync(where, "utf8").trim();
      } catch {}
      resolve({ status, output, cwd: next });
    });
  });
}

/** Starts the documented emulator command on a free port; resolves with the port it listens on. */
async function startEmulator(command: string, cwd: string): Promise<string> {
  const words = command.trim().split(/\s+/);
  expect(words.slice(0, 4)).toEqual(["npx", "sentinelctl", "emulator", "start"]);
  const args = words.slice(2).map((w, i, all) => (all[i - 1] === "--port" ? "0" : w));
  expect(args).toContain("--port");
  emulator = spawn(process.execPath, [bin, ...args], { cwd, env: env(), stdio: ["ignore", "pipe", "pipe"] });
  for await (const line of createInterface({ input: emulator.stdout as NodeJS.ReadableStream })) {
    const endpoint = /^endpoint:\s*https:\/\/127\.0\.0\.1:(\d+)/.exec(line);
    if (endpoint) return endpoint[1] as string;
  }
  throw new Error("the emulator exited before printing its endpoint");
}

test("the tutorial's commands run as written, from init to a deploy to the emulator", async () => {
  const blocks = fencedBlocks(readFileSync(tutorial, "utf8")).filter((b) => b.info.startsWith("sh"));
  expect(blocks.length).toBeGreaterThan(5);
  let cwd = dir;
  let port: string | undefined;
  const outputs: string[] = [];
  for (const block of blocks) {
    if (block.info === "sh {second terminal}") {
      port = await startEmulator(block.code, cwd);
      continue;
    }
    expect(block.info).toBe("sh");
    const code = port
      ? block.code.replaceAll(`127.0.0.1:${DOCUMENTED_PORT}`, `127.0.0.1:${port}`)
      : block.code;
    const run = await runBlock(code, cwd);
    expect({ block: block.code, status: run.status, output: run.status === 0 ? "" : run.output }).toEqual({
      block: block.code,
      status: 0,
      output: "",
    });
    outputs.push(run.output);
    cwd = run.cwd;
  }
  expect(port).toBeDefined();
  // The last block planned, deployed and re-planned both solutions: the tutorial's own items were
  // created, nothing failed, and the second plan has nothing left to do.
  const deployed = outputs.at(-1) ?? "";
  expect(deployed).toContain("ContosoSignIns_CL");
  expect(deployed).toContain("Contoso - Many contoso sign ins");
  expect(deployed).toMatch(/: [1-9]\d* created, 0 updated, 0 deleted, 0 unchanged, 0 failed/);
  expect(deployed).toMatch(/0 to create, 0 to update, 0 to delete, [1-9]\d* unchanged/);
}, 300_000);

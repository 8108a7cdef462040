/**
 * `--json` is one JSON document on stdout when the CLI runs the way the README and the workflows
 * run it: the bin under node (what `pnpm -s sentinelctl` and the workflows' $SENTINELCTL run),
 * and nowhere a plain `pnpm sentinelctl ... --json`, whose banner would precede the JSON.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type EmulatorHandle, startEmulator } from "@sentinelctl/arm-emulator";
import { type ContosoRepo, contosoRepo } from "../../deployer/test/contoso.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const bin = path.join(root, "packages/cli/bin/sentinelctl.js");

let emu: EmulatorHandle;
let repo: ContosoRepo;
beforeAll(async () => {
  emu = await startEmulator();
  repo = contosoRepo();
  writeFileSync(path.join(repo.root, "ca.pem"), emu.caCertPem);
});
afterAll(async () => {
  await emu.close();
  repo.dispose();
});

function sentinelctl(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: repo.root,
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => {
      stdout += b.toString();
    });
    child.stderr.on("data", (b: Buffer) => {
      stderr += b.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

test("plan --json through the bin: stdout is exactly one JSON document", async () => {
  const r = await sentinelctl(["plan", "--endpoint", emu.url, "--ca", "ca.pem", "--no-validate", "--json"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const plan = JSON.parse(r.stdout);
  expect(plan).toMatchObject({ kind: "plan", ok: true, validation: "skipped" });
  expect(plan.create).toBeGreaterThan(0);
}, 60_000);

test("the README, the workflows and the action never run `pnpm sentinelctl` without -s", () => {
  const texts = [
    readFileSync(path.join(root, "README.md"), "utf8"),
    readFileSync(path.join(root, "action.yml"), "utf8"),
    ...readdirSync(path.join(root, ".github/workflows")).map((f) =>
      readFileSync(path.join(root, ".github/workflows", f), "utf8"),
    ),
  ];
  const runs = texts.flatMap((t) => t.match(/pnpm(@[\d.]+)?((?: +-{1,2}[a-z-]+)*) +sentinelctl/g) ?? []);
  expect(runs.length).toBeGreaterThan(3);
  for (const r of runs) expect(r).toMatch(/ (-s|--silent) /);
});

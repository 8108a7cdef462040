/**
 * `build --out` paths that cannot hold the packages are input errors (exit 2, a message naming
 * the path, nothing written), never "internal error ... this is a bug".
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type CliRun, runCliInProcess } from "./in-process.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "sentinelctl-out-"));
  writeFileSync(path.join(dir, "afile"), "not a folder");
  mkdirSync(path.join(dir, "ok"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function build(...args: string[]): Promise<CliRun> {
  return runCliInProcess([
    "build",
    path.join(repo, "Solutions/AIAnalystDarktrace"),
    "--no-validate",
    ...args,
  ]);
}

test("--out naming a file", async () => {
  const r = await build("--out", path.join(dir, "afile"));
  expect(r.code).toBe(2);
  expect(r.err).toContain(`error: --out ${path.join(dir, "afile")} is a file, not a folder.`);
  expect(r.err).not.toContain("internal error");
});

test("--out below a file", async () => {
  const r = await build("--out", path.join(dir, "afile", "dist"));
  expect(r.code).toBe(2);
  expect(r.err).toContain(`${path.join(dir, "afile")} is a file, not a folder.`);
  expect(r.err).toContain("hint: Give a folder path");
});

test("a good --out still builds", async () => {
  const r = await build("--out", path.join(dir, "ok", "dist"));
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  expect(existsSync(path.join(dir, "ok", "dist", "AIAnalystDarktrace", "Package", "mainTemplate.json"))).toBe(
    true,
  );
  // no staging folder left behind
  expect(readdirSync(path.join(dir, "ok", "dist"))).toEqual(["AIAnalystDarktrace"]);
});

/**
 * `build --out` paths that cannot hold the packages are input errors (exit 2, a message naming
 * the path, nothing written), never "internal error ... this is a bug".
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../src/main.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "sentinelctl-out-"));
  writeFileSync(path.join(dir, "afile"), "not a folder");
  mkdirSync(path.join(dir, "ok"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function build(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const stdout = process.stdout.write;
  const stderr = process.stderr.write;
  process.stdout.write = ((s: string | Uint8Array) => {
    out += String(s);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => {
    err += String(s);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await main([
      "node",
      "sentinelctl",
      "build",
      path.join(repo, "Solutions/AIAnalystDarktrace"),
      "--no-validate",
      ...args,
    ]);
    return { code, out, err };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    process.exitCode = undefined;
  }
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

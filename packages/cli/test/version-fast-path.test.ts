/** The bin answers `--version` before loading anything; it must print what the full CLI prints. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runCliInProcess } from "./in-process.js";

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/sentinelctl.js");

test.each(["--version", "-v"])("bin %s matches the full CLI's answer", async (flag) => {
  const spawned = spawnSync(process.execPath, [bin, flag], { encoding: "utf8", timeout: 30_000 });
  const full = await runCliInProcess([flag]);
  expect(spawned.status).toBe(0);
  expect(spawned.stderr).toBe("");
  expect(spawned.stdout).toBe(full.out);
  expect(spawned.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
});

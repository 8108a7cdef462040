// Jest global set-up: build every package to dist/ first (incremental, a no-op when up to date),
// because the tests that spawn the CLI run its built entry point, as users do.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export default function buildPackages() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-b", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
}

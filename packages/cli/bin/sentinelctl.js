#!/usr/bin/env node
// `--version` is answered here, before any import, so it costs little more than starting node.
// Everything else runs the TypeScript sources; the same loader also imports users' .ts content files.
import { readFileSync } from "node:fs";

const first = process.argv[2];
if (process.argv.length === 3 && (first === "--version" || first === "-v")) {
  const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  process.stdout.write(`${version}\n`);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import("../src/main.ts");
  process.exitCode = await main(process.argv);
}

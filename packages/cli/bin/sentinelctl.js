#!/usr/bin/env node
// `--version` is answered here, before any import, so it costs little more than starting node.
// Everything else runs the compiled JavaScript in ../dist (built by `tsc -b`); users' .ts content
// files are loaded by @sentinelctl/content through a TypeScript loader of its own, only when present.
import { readFileSync } from "node:fs";

const first = process.argv[2];
if (process.argv.length === 3 && (first === "--version" || first === "-v")) {
  const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  process.stdout.write(`${version}\n`);
} else {
  const { main } = await import("../dist/main.js");
  process.exitCode = await main(process.argv);
}

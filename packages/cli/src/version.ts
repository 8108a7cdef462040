import { readFileSync } from "node:fs";

/** This CLI's version, from its package.json (SARIF, `--version`, and the version `init` pins). */
export function cliVersion(): string {
  return (
    JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
  ).version;
}

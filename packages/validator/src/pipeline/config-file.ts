import { existsSync } from "node:fs";
import path from "node:path";

// Node built-ins only: the cached-run fast path finds the configuration file without loading it.

export const CONFIG_FILE_NAMES = ["sentinelctl.config.yaml", "sentinelctl.config.yml"] as const;

/** Looks for a configuration file in `cwd` and its parents, up to the repository root. */
export function findConfigFile(cwd: string): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = path.join(dir, name);
      if (existsSync(file)) return file;
    }
    if (existsSync(path.join(dir, ".git")) || path.dirname(dir) === dir) return undefined;
  }
}

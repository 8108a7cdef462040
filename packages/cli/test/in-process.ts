import { main } from "../src/main.js";

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs `sentinelctl <args>` in-process (optionally from `cwd`) and returns the exit code and what it
 * printed: faster than spawning the bin, and the tests that need the real process spawn it instead.
 */
export async function runCliInProcess(args: readonly string[], cwd?: string): Promise<CliRun> {
  let out = "";
  let err = "";
  const stdout = process.stdout.write;
  const stderr = process.stderr.write;
  const dir = process.cwd();
  process.stdout.write = ((s: string | Uint8Array) => {
    out += String(s);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => {
    err += String(s);
    return true;
  }) as typeof process.stderr.write;
  try {
    if (cwd) process.chdir(cwd);
    const code = await main(["node", "sentinelctl", ...args]);
    return { code, out, err };
  } finally {
    process.chdir(dir);
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    process.exitCode = undefined;
  }
}

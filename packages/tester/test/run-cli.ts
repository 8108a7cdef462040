import { main } from "../../cli/src/main.js";

/** Runs `sentinelctl test` in-process from `cwd`; returns the exit code and what it printed. */
export function run(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return runCommand(cwd, "test", ...args);
}

/** Runs a `sentinelctl` command in-process from `cwd`. */
export async function runCommand(
  cwd: string,
  command: string,
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
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
    process.chdir(cwd);
    const code = await main(["node", "sentinelctl", command, ...args]);
    return { code, out, err };
  } finally {
    process.chdir(dir);
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    process.exitCode = undefined;
  }
}

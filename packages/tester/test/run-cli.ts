import { type CliRun, runCliInProcess } from "../../cli/test/in-process.js";

/** Runs `sentinelctl test` in-process from `cwd`; returns the exit code and what it printed. */
export function run(cwd: string, ...args: string[]): Promise<CliRun> {
  return runCommand(cwd, "test", ...args);
}

/** Runs a `sentinelctl` command in-process from `cwd`. */
export function runCommand(cwd: string, command: string, ...args: string[]): Promise<CliRun> {
  return runCliInProcess([command, ...args], cwd);
}

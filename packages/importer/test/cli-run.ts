import { type CliRun, runCliInProcess } from "../../cli/test/in-process.js";

/** Runs the CLI in-process; returns the exit code and what it printed. */
export function runCli(...args: string[]): Promise<CliRun> {
  return runCliInProcess(args);
}

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { EmulatorHandle } from "@sentinelctl/arm-emulator";
import { type CliRun, runCliInProcess } from "../../cli/test/in-process.js";
import { startTestEmulator } from "../../deployer/test/helpers.js";

/** Runs the CLI in-process; returns the exit code and what it printed. */
export function runCli(...args: string[]): Promise<CliRun> {
  return runCliInProcess(args);
}

/** A test's own emulator, a temporary folder holding its CA file, and the CLI flags that target it. */
export interface EmulatorTarget {
  emu: EmulatorHandle;
  root: string;
  /** `--endpoint URL --ca FILE --no-validate` */
  target: string[];
  close(): Promise<void>;
}

export async function startEmulatorTarget(prefix: string): Promise<EmulatorTarget> {
  const emu = await startTestEmulator();
  const root = await mkdtemp(path.join(tmpdir(), prefix));
  const ca = path.join(root, "ca.pem");
  await writeFile(ca, emu.caCertPem);
  return {
    emu,
    root,
    target: ["--endpoint", emu.url, "--ca", ca, "--no-validate"],
    close: async () => {
      await emu.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The counts of a `plan --json` report. */
export function planCounts(out: string): {
  create: number;
  update: number;
  delete: number;
  unchanged: number;
} {
  const p = JSON.parse(out);
  return { create: p.create, update: p.update, delete: p.delete, unchanged: p.unchanged };
}

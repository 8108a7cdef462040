/**
 * `sentinelctl drift`: what the live workspace holds that differs from the repository (portal
 * edits, disabled rules, deleted items), per item and field. It plans the repository against the
 * workspace (content mode, no prune; the same reading, credentials and comparison as `plan`) and
 * reports the updates and creates that plan would make, from the workspace's side.
 *
 * Exit codes: 0 no drift, 1 drift (or validation errors, or a target that could not be read),
 * 2 bad usage or input, credentials.
 */
import path from "node:path";
import { driftJson, driftOf, hasDrift, renderDriftText, writeDrift } from "@sentinelctl/importer";
import type { Command } from "commander";
import { createOutput, EXIT, paint } from "../ui.js";
import { addTargetOptions, type DeployCommandOptions, runDeployCommand } from "./deploy.js";

interface DriftFlags extends Omit<DeployCommandOptions, "mode" | "concurrency"> {
  write?: boolean;
}

export function registerDriftCommand(program: Command): void {
  addTargetOptions(
    program
      .command("drift")
      .argument("[solutions...]", "solution folders or names (default: every solution)")
      .description(
        "Show where a live workspace differs from the repository: per item, the fields edited in the portal,\n" +
          "disabled rules and deleted items (server-managed fields ignored). Changes nothing in the workspace.",
      ),
  )
    .option("--no-validate", "skip the validator")
    .option("--json", "machine-readable output (one JSON object on stdout)")
    .option(
      "--write",
      "pull the live values into the repository's files (YAML, workbook templates; for review; nothing is deployed)",
    )
    .addHelpText(
      "after",
      "\nExit codes: 0 no drift, 1 drift, validation errors or a workspace that could not be read,\n" +
        "2 bad usage or input, credentials, unreachable or untrusted endpoint.",
    )
    .action(async (solutions: string[], flags: DriftFlags) => {
      const output = createOutput({ json: Boolean(flags.json) });
      const cwd = path.resolve(flags.content ?? process.cwd());
      process.exitCode = await runDeployCommand(
        "plan",
        solutions,
        { ...flags, mode: "content", concurrency: "8" },
        {
          output,
          present: async (result, models) => {
            const report = driftOf(result);
            const written = flags.write ? await writeDrift(report, models, cwd) : undefined;
            if (flags.json) {
              output.out(
                JSON.stringify(
                  { ...(driftJson(report) as object), ...(written ? { write: written } : {}) },
                  null,
                  2,
                ),
              );
            } else {
              output.out(renderDriftText(report).replace(/\n$/, ""));
              if (written) {
                for (const f of written.written) output.out(`wrote ${path.relative(cwd, f)}`);
                for (const s of written.skipped)
                  output.out(paint(output.color, "yellow", `not written: ${s.item}: ${s.reason}`));
              }
            }
            if (result.exitCode === 2) return EXIT.input;
            return hasDrift(report) || result.exitCode !== 0 ? EXIT.findings : EXIT.ok;
          },
        },
      );
    });
}

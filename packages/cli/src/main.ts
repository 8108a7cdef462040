import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { registerBuildCommand } from "./commands/build.js";
import { registerDeployCommands } from "./commands/deploy.js";
import { registerEmulatorCommand } from "./commands/emulator.js";
import { registerValidateCommand } from "./commands/validate.js";
import { createOutput, EXIT, reportFailure } from "./ui.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

export function createProgram(): Command {
  const program = new Command("sentinelctl")
    .description("Microsoft Sentinel solutions as code: validate, build, deploy.")
    .version(pkg.version, "-v, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  registerValidateCommand(program);
  registerBuildCommand(program);
  registerDeployCommands(program);
  registerEmulatorCommand(program);
  return program;
}

/** Runs the CLI and returns the exit code (0 clean, 1 findings, 2 bad input or usage, 3 internal). */
export async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT.ok;
      if (error.code === "commander.help") return EXIT.ok;
      return EXIT.input;
    }
    return reportFailure(error, createOutput());
  }
}

import { Command, CommanderError } from "commander";
import { createOutput, EXIT, reportFailure } from "./ui.js";
import { cliVersion } from "./version.js";

type Register = (program: Command) => unknown;

/** Each command's module, imported only when needed: the deployer's Azure SDKs cost ~0.5 s to load. */
const COMMANDS: Record<string, () => Promise<Register>> = {
  validate: async () => (await import("./commands/validate.js")).registerValidateCommand,
  build: async () => (await import("./commands/build.js")).registerBuildCommand,
  plan: async () => (await import("./commands/deploy.js")).registerDeployCommands,
  deploy: async () => (await import("./commands/deploy.js")).registerDeployCommands,
  emulator: async () => (await import("./commands/emulator.js")).registerEmulatorCommand,
  query: async () => (await import("./commands/query.js")).registerQueryCommand,
  import: async () => (await import("./commands/import.js")).registerImportCommand,
  drift: async () => (await import("./commands/drift.js")).registerDriftCommand,
  test: async () => (await import("./commands/test.js")).registerTestCommand,
  backtest: async () => (await import("./commands/backtest.js")).registerBacktestCommand,
  explain: async () => (await import("./commands/explain.js")).registerExplainCommand,
  init: async () => (await import("./commands/init.js")).registerInitCommand,
  new: async () => (await import("./commands/new.js")).registerNewCommand,
};

/** The program with every command, or only the one `argv` names (faster start-up). */
export async function createProgram(argv: string[] = []): Promise<Command> {
  const program = new Command("sentinelctl")
    .description("Microsoft Sentinel solutions as code: validate, build, deploy, and run KQL offline.")
    .version(cliVersion(), "-v, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  const first = argv[2];
  const named = first !== undefined ? COMMANDS[first] : undefined;
  const versionOnly = first === "-v" || first === "--version";
  const loaders = versionOnly ? [] : named ? [named] : Object.values(COMMANDS);
  const registered = new Set<Register>();
  for (const load of loaders) {
    const register = await load();
    if (registered.has(register)) continue;
    registered.add(register);
    register(program);
  }
  return program;
}

/**
 * Until a command starts, a SIGINT / SIGTERM (e.g. while the Azure SDKs load) says what it
 * interrupted instead of ending the process silently; commands install their own handling.
 */
function interruptStartup(signal: NodeJS.Signals): void {
  process.stderr.write(`interrupted (${signal}) while starting; nothing was done.\n`);
  process.exit(signal === "SIGTERM" ? 143 : 130);
}

/** Runs the CLI and returns the exit code (0 clean, 1 findings, 2 bad input or usage, 3 internal). */
export async function main(argv: string[]): Promise<number> {
  const startup = (): void => {
    process.off("SIGINT", interruptStartup);
    process.off("SIGTERM", interruptStartup);
  };
  process.on("SIGINT", interruptStartup);
  process.on("SIGTERM", interruptStartup);
  try {
    const program = await createProgram(argv);
    program.hook("preAction", startup);
    return await run(program, argv);
  } finally {
    startup();
  }
}

async function run(program: Command, argv: string[]): Promise<number> {
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

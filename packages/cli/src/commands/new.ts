import path from "node:path";
import type { Command } from "commander";
import {
  checkName,
  type Format,
  generate,
  KIND_NAMES,
  type KindName,
  type NewRequest,
  resolveKind,
} from "../scaffold/kinds.js";
import { ask, canPrompt } from "../scaffold/prompt.js";
import { newSolutionFiles } from "../scaffold/repository.js";
import { findSolutionDir, readSolutionFacts, solutionDirs } from "../scaffold/solution-facts.js";
import { type NewFile, writeNewFiles } from "../scaffold/write.js";
import { UsageError } from "../ui.js";

type NewFlags = Pick<NewRequest, "title" | "table" | "connector" | "vendor" | "item" | "test"> & {
  solution?: string;
  ts?: boolean;
};

/** `sentinelctl new <kind> <name>`: one content item (or a solution) from a template, never over a file. */
export function registerNewCommand(program: Command): void {
  program
    .command("new")
    .description("Add content from a template, with fresh GUIDs: YAML by default, --ts for TypeScript.")
    .argument("<kind>", `solution, ${KIND_NAMES.join(", ")}`)
    .argument("[name]", "item name: letters, digits, underscores (file name and id)")
    .option(
      "-s, --solution <solution>",
      "solution folder or its name under Solutions/ (default: the only one)",
    )
    .option("--ts", "write TypeScript instead of YAML")
    .option("--title <text>", "display name (default: '<Solution> - <name in words>')")
    .option(
      "--table <name>",
      "table the item reads, or the connector writes (default: the solution's first table)",
    )
    .option(
      "--connector <id>",
      "connector the item requires (default: the solution's connector feeding the table)",
    )
    .option("--vendor <name>", "vendor shown on connectors and parsers (default: the solution's provider)")
    .option("--item <name>", "test: the rule, hunting query or parser it runs")
    .option("--test", "rules and ccf-connector: write a detection test beside the item")
    .addHelpText(
      "after",
      "\nAsks for missing values on an interactive terminal (never when CI is set). Never overwrites a file.\n" +
        "Examples:\n  sentinelctl new table ContosoEvents\n  sentinelctl new ccf-connector ContosoPush --table ContosoEvents_CL\n" +
        "  sentinelctl new scheduled-rule ManyContosoEvents --table ContosoEvents_CL --test",
    )
    .action(async (typedKind: string, typedName: string | undefined, flags: NewFlags) => {
      const cwd = process.cwd();
      const kind = typedKind.toLowerCase() === "solution" ? undefined : resolveKind(typedKind);
      const name = typedName ?? (await askOrFail("name", "the item's name, e.g. ContosoSignIns"));
      if (kind === undefined) {
        checkName(name, "solution name");
        // Run from inside Solutions/, the new solution still goes beside the others.
        const root = path.basename(cwd) === "Solutions" ? path.dirname(cwd) : cwd;
        report(root, newSolutionFiles(name, { vendor: flags.vendor }));
        return;
      }
      const solutionDir = findSolutionDir(cwd, flags.solution ?? (await pickSolution(cwd)));
      const facts = await readSolutionFacts(solutionDir);
      const request: NewRequest = { kind, name, format: (flags.ts ? "ts" : "yaml") as Format };
      if (flags.title !== undefined) request.title = flags.title;
      if (flags.table !== undefined) request.table = flags.table;
      if (flags.connector !== undefined) request.connector = flags.connector;
      if (flags.vendor !== undefined) request.vendor = flags.vendor;
      if (flags.test) request.test = true;
      request.item =
        flags.item ??
        (await askItem(
          kind,
          facts.testable.map((t) => t.name),
        ));
      report(solutionDir, generate(request, facts));
    });
}

function report(base: string, files: NewFile[]): void {
  writeNewFiles(base, files);
  const shown = (f: NewFile) =>
    path.relative(process.cwd(), path.join(base, f.path)).split(path.sep).join("/");
  process.stdout.write(`${files.map((f) => `created ${shown(f)}`).join("\n")}\n`);
}

async function askOrFail(what: string, hint: string): Promise<string> {
  if (!canPrompt()) throw new UsageError(`the ${what} is missing`, `Pass it on the command line: ${hint}.`);
  return ask(`${what[0]?.toUpperCase()}${what.slice(1)}`);
}

/** With several solutions and no --solution, a terminal user picks one; elsewhere findSolutionDir explains. */
async function pickSolution(cwd: string): Promise<string | undefined> {
  const dirs = solutionDirs(cwd);
  if (dirs.length < 2 || !canPrompt()) return undefined;
  return ask(`Solution (${dirs.map((d) => path.basename(d)).join(", ")})`);
}

async function askItem(kind: KindName, names: string[]): Promise<string | undefined> {
  if (kind !== "test" || !canPrompt()) return undefined;
  return ask(`Item to test (${names.join(", ")})`, names.length === 1 ? names[0] : undefined);
}

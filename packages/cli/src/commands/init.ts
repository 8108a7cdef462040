import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { checkName } from "../scaffold/kinds.js";
import { repositoryFiles } from "../scaffold/repository.js";
import { writeTree } from "../scaffold/write.js";
import { UsageError } from "../ui.js";

interface InitFlags {
  force?: boolean;
  solution: string;
  ts?: boolean;
}

/** `sentinelctl init [dir]`: a new content repository with one working example solution. */
export function registerInitCommand(program: Command): void {
  program
    .command("init")
    .description(
      "Create a content repository: package.json, sentinelctl.config.yaml, editor schemas, a GitHub workflow and an example solution.",
    )
    .argument("[dir]", "folder to create (default: the current folder)", ".")
    .option("--force", "write into a folder that is not empty (same-named files are replaced)")
    .option("--solution <name>", "name of the example solution", "Example")
    .option("--ts", "write the example content in TypeScript instead of YAML")
    .action((dir: string, flags: InitFlags) => {
      checkName(flags.solution, "solution name");
      const target = path.resolve(process.cwd(), dir);
      if (existsSync(target)) {
        if (!statSync(target).isDirectory()) throw new UsageError(`${dir} exists and is not a folder.`);
        if (readdirSync(target).length > 0 && !flags.force) {
          throw new UsageError(
            `${dir} is not empty; nothing was written.`,
            "Choose an empty or new folder, or pass --force.",
          );
        }
      }
      let existing = path.dirname(target);
      while (!existsSync(existing)) existing = path.dirname(existing);
      if (!statSync(existing).isDirectory()) {
        throw new UsageError(
          `${path.relative(process.cwd(), existing) || existing} is a file, not a folder; nothing was written.`,
        );
      }
      const files = repositoryFiles(path.basename(target), {
        solution: flags.solution,
        format: flags.ts ? "ts" : "yaml",
      });
      writeTree(target, files);
      const shown = path.relative(process.cwd(), target) || ".";
      process.stdout.write(
        `created ${files.length} files in ${shown}\n\nnext:\n` +
          (shown === "." ? "" : `  cd ${shown}\n`) +
          "  npm install\n  npx sentinelctl validate && npx sentinelctl test && npx sentinelctl build\n",
      );
    });
}

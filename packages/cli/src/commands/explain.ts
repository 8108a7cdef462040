import { didYouMean } from "@sentinelctl/content";
import { checkRegistry, metaForCode } from "@sentinelctl/validator";
import type { Command } from "commander";
import { UsageError } from "../ui.js";

/** `sentinelctl explain CODE`: the registry's documentation of one diagnostic code. */
export function registerExplainCommand(program: Command): void {
  program
    .command("explain")
    .description("Print what a diagnostic code means (codes come from the validator registry).")
    .argument("<code>", "a diagnostic code, e.g. RULE-QUERY-FREQUENCY")
    .action((code: string) => {
      const wanted = code.toUpperCase();
      const entry = metaForCode(wanted);
      if (entry === undefined) {
        const guess = didYouMean(
          wanted,
          checkRegistry().map((m) => m.code),
        );
        throw new UsageError(
          `unknown diagnostic code ${code}`,
          guess !== undefined ? `did you mean ${guess}?` : "packages/validator/README.md lists every code",
        );
      }
      const lines = [`${entry.code} (${entry.severity}, ${entry.category})`, "", entry.doc];
      if (entry.parity !== undefined) lines.push("", `Reproduces: ${entry.parity}`);
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}

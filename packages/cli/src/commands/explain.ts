import { didYouMean } from "@sentinelctl/content";
import { explainableCodes, explainCode, explanationText } from "@sentinelctl/validator";
import type { Command } from "commander";
import { UsageError } from "../ui.js";

/** `sentinelctl explain CODE`: what a diagnostic code means (the text docs/diagnostics.md shows). */
export function registerExplainCommand(program: Command): void {
  program
    .command("explain")
    .description("Print what a diagnostic code means (every code is listed in docs/diagnostics.md).")
    .argument("<code>", "a diagnostic code, e.g. RULE-QUERY-FREQUENCY")
    .action((code: string) => {
      const explanation = explainCode(code);
      if (explanation === undefined) {
        const guess = didYouMean(code.toUpperCase(), explainableCodes());
        throw new UsageError(
          `unknown diagnostic code ${code}`,
          guess !== undefined ? `did you mean ${guess}?` : "docs/diagnostics.md lists every code",
        );
      }
      process.stdout.write(`${explanationText(explanation)}\n`);
    });
}

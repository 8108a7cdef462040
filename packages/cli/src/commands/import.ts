import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { existingFiles, type ImportResult, importFromPackage, writeFiles } from "@sentinelctl/importer";
import { formatDiagnostics, runValidation } from "@sentinelctl/validator";
import type { Command } from "commander";
import { createOutput, EXIT, paint, UsageError, useColor } from "../ui.js";

interface ImportFlags {
  fromPackage?: string;
  out: string;
  force?: boolean;
  json?: boolean;
}

function checkOut(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new UsageError(
      `--out ${dir} is a file, not a folder.`,
      "Give the folder to write the solution into.",
    );
  }
}

export function registerImportCommand(program: Command): void {
  program
    .command("import")
    .description(
      "Bring existing content into this repository's layout: a Content Hub package becomes a solution folder (YAML),\n" +
        "then the written folder is validated. Items or fields that cannot be imported are listed, never dropped silently.",
    )
    .option("--from-package <mainTemplate.json>", "a Content Hub package's mainTemplate.json")
    .requiredOption("--out <dir>", "the solution folder to write (created if missing)")
    .option("--force", "overwrite files that already exist in --out")
    .option("--json", "print one JSON document (files written, items not imported, validation)")
    .addHelpText(
      "after",
      "\nExit codes: 0 imported and valid, 1 imported but the written content has validation errors,\n" +
        "2 unreadable input, bad usage, or files in --out that would be overwritten without --force (nothing written).",
    )
    .action(async (flags: ImportFlags) => {
      const cwd = process.cwd();
      const output = createOutput({ json: flags.json });
      if (!flags.fromPackage) {
        throw new UsageError("Say what to import from.", "Pass --from-package <Package/mainTemplate.json>.");
      }
      const out = path.resolve(cwd, flags.out);
      checkOut(out);
      output.progress("reading the package");
      const result: ImportResult = await importFromPackage(path.resolve(cwd, flags.fromPackage));
      const clashes = existingFiles(out, result.files);
      if (clashes.length && !flags.force) {
        output.done();
        throw new UsageError(
          `${clashes.length} file(s) already exist in ${flags.out} (e.g. ${clashes[0]}); nothing was written.`,
          "Import into an empty folder, or pass --force to overwrite them.",
        );
      }
      output.progress("writing files");
      await writeFiles(out, result.files);
      output.progress("validating what was written");
      const validation = await runValidation([out], { cwd, cache: false });
      output.done();
      const errors = validation.diagnostics.filter((d) => d.severity === "error").length;
      if (flags.json) {
        output.out(
          JSON.stringify(
            {
              out: path.relative(cwd, out) || ".",
              files: result.files.map((f) => f.path),
              counts: result.counts,
              skipped: result.skipped.map((s) => ({ ...s, file: s.file && path.relative(cwd, s.file) })),
              validation: JSON.parse(
                formatDiagnostics(validation.diagnostics, "json", { cwd, toolVersion: "0.1.0" }),
              ),
            },
            null,
            2,
          ),
        );
      } else {
        const color = useColor();
        const summary = Object.entries(result.counts)
          .map(([k, n]) => `${n} ${k}`)
          .join(", ");
        output.out(
          `imported ${result.files.length} files into ${flags.out}${summary ? ` (${summary})` : ""}`,
        );
        if (result.skipped.length) {
          output.out(paint(color, "yellow", `not imported (${result.skipped.length}):`));
          for (const s of result.skipped) output.out(`  - ${s.item}: ${s.reason}`);
        }
        const text = formatDiagnostics(validation.diagnostics, "pretty", {
          color,
          cwd,
          toolVersion: "0.1.0",
        });
        if (text) process.stdout.write(text);
        output.out(
          errors
            ? paint(color, "red", `validation: ${errors} error(s) in the imported content`)
            : "validation: ok",
        );
      }
      process.exitCode = errors ? EXIT.findings : EXIT.ok;
    });
}

import path from "node:path";
import type { Diagnostic } from "@sentinelctl/content";
import type { ValidationStats } from "@sentinelctl/validator";
import { FORMATS, formatReport, type ReportFormat, readCachedRun } from "@sentinelctl/validator/fast-path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { createOutput, EXIT, UsageError, useColor } from "../ui.js";
import { cliVersion } from "../version.js";
import { writeWhole } from "../write-whole.js";

interface ValidateFlags {
  format: ReportFormat;
  output?: string;
  config?: string;
  cache: boolean;
  maxWarnings?: number;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("must be a whole number (0 or more).");
  return n;
}

/** Loader findings that mean an input could not be read at all (a usage problem, exit 2). */
const UNREADABLE = new Set(["LOAD-UNREADABLE"]);

export function registerValidateCommand(program: Command): void {
  program
    .command("validate")
    .description(
      "Check content before it is built or deployed: schemas, Microsoft's CI rules, KQL against table schemas, and more.\n" +
        "Paths: solution folders, a Solutions/ folder, rule YAML files or folders of them, .kql files (default: ./Solutions).",
    )
    .argument("[paths...]", "what to validate")
    .addOption(new Option("-f, --format <format>", "report format").choices([...FORMATS]).default("pretty"))
    .option("-o, --output <file>", "write the report to a file instead of standard output")
    .option(
      "-c, --config <file>",
      "configuration file (default: sentinelctl.config.yaml found from the current directory)",
    )
    .option("--no-cache", "ignore and do not write the analysis cache (.sentinelctl-cache/)")
    .option("--max-warnings <n>", "fail (exit 1) when there are more warnings than this", nonNegativeInt)
    .addHelpText(
      "after",
      "\nExit codes: 0 no errors (warnings allowed unless --max-warnings), 1 errors found, 2 unreadable input or bad usage.",
    )
    .action(async (paths: string[], flags: ValidateFlags) => {
      const started = performance.now();
      const cwd = process.cwd();
      // Nothing changed since an identical run: answer without loading content, checks or Kusto.
      const cached = flags.cache ? readCachedRun({ cwd, paths, configFile: flags.config }) : undefined;
      if (cached) {
        const stats = { ...cached.stats, analysed: 0, cacheHits: cached.stats.queries, fromCache: true };
        const done = { ...stats, kustoLoaded: false, durationMs: performance.now() - started };
        await report(cached.diagnostics, done, flags, cwd, paths);
        return;
      }
      const { loadConfig, runValidation } = await import("@sentinelctl/validator");
      const output = createOutput({ json: flags.format !== "pretty" || Boolean(flags.output) });
      const config = loadConfig({ cwd, ...(flags.config ? { file: flags.config } : {}) });
      const result = await runValidation(paths, {
        cwd,
        config,
        cache: flags.cache,
        onProgress: (m) => output.progress(m),
      });
      output.done();
      await report(result.diagnostics, result.stats, flags, cwd, paths);
    });
}

async function report(
  diagnostics: Diagnostic[],
  stats: ValidationStats,
  flags: ValidateFlags,
  cwd: string,
  paths: readonly string[],
): Promise<void> {
  if (stats.files === 0 && diagnostics.length === 0) {
    // A CI job pointed at the wrong folder must not pass silently.
    throw new UsageError(
      `Nothing to validate: no content files under ${paths.length ? paths.join(", ") : "Solutions/ (or the current directory)"}.`,
      "Pass solution folders, rule files or .kql files.",
    );
  }
  const output = createOutput({ json: flags.format !== "pretty" || Boolean(flags.output) });
  const color = !flags.output && flags.format === "pretty" && useColor();
  // SARIF lists every documented code: only then is the check registry loaded.
  const rules =
    flags.format === "sarif"
      ? await import("@sentinelctl/validator").then((v) => ({ all: v.checkRegistry, forCode: v.metaForCode }))
      : undefined;
  const text = formatReport(diagnostics, flags.format, {
    color,
    cwd,
    toolVersion: cliVersion(),
    extra: { stats },
    ...(rules ? { rules } : {}),
  });
  if (flags.output) {
    writeWhole(path.resolve(cwd, flags.output), text, "--output");
    if (flags.format !== "pretty") {
      const { errors, warnings, infos } = stats;
      output.err(`${errors} errors, ${warnings} warnings, ${infos} infos; report written to ${flags.output}`);
    }
  } else if (text) {
    process.stdout.write(text);
  }
  const tooManyWarnings = flags.maxWarnings !== undefined && stats.warnings > flags.maxWarnings;
  if (tooManyWarnings && flags.format === "pretty") {
    output.err(`${stats.warnings} warnings exceed --max-warnings ${flags.maxWarnings}.`);
  }
  // A path that does not exist or cannot be read is a usage problem (2), reported like a finding.
  const unreadable = diagnostics.some((d) => UNREADABLE.has(d.code));
  process.exitCode = unreadable ? EXIT.input : stats.errors > 0 || tooManyWarnings ? EXIT.findings : EXIT.ok;
}

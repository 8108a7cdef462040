import path from "node:path";
import type { Diagnostic } from "@sentinelctl/content";
import { formatGithub } from "./github.js";
import { formatJson } from "./json.js";
import { formatPretty } from "./pretty.js";
import { formatSarif, type SarifRules } from "./sarif.js";
import { SourceLines } from "./source-lines.js";

export const FORMATS = ["pretty", "json", "sarif", "github"] as const;
export type ReportFormat = (typeof FORMATS)[number];

export interface FormatOptions {
  /** ANSI colours (pretty only); callers decide from NO_COLOR / TTY. */
  color?: boolean;
  /** File names in diagnostics are relative to this directory. */
  cwd?: string;
  /** Tool version recorded in SARIF. */
  toolVersion?: string;
  /** Extra top-level fields for JSON output (e.g. stats). */
  extra?: Record<string, unknown>;
  /** Source text provider (default: read from disk). */
  readFile?: (absolutePath: string) => string | undefined;
}

/** Options of formatReport: SARIF also needs the rule catalogue (formatDiagnostics supplies it). */
export interface ReportOptions extends FormatOptions {
  rules?: SarifRules;
}

/**
 * Renders diagnostics in one of the report formats. Imports no check code, so a cached run is
 * reported without loading the validator; SARIF needs `options.rules`.
 */
export function formatReport(
  diagnostics: readonly Diagnostic[],
  format: ReportFormat,
  options: ReportOptions = {},
): string {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const lines = new SourceLines(cwd, options.readFile);
  switch (format) {
    case "pretty":
      return formatPretty(diagnostics, lines, { color: options.color ?? false });
    case "json":
      return formatJson(diagnostics, options.extra);
    case "sarif":
      if (!options.rules) throw new Error("formatReport: SARIF needs the rule catalogue (options.rules).");
      return formatSarif(diagnostics, lines, {
        cwd,
        rules: options.rules,
        ...(options.toolVersion ? { toolVersion: options.toolVersion } : {}),
      });
    case "github":
      return formatGithub(diagnostics);
  }
}

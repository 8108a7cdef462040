import type { Diagnostic } from "@sentinelctl/content";
import { checkRegistry, metaForCode } from "../checks/registry.js";
import { type FormatOptions, formatReport, type ReportFormat } from "./format.js";

export {
  FORMATS,
  type FormatOptions,
  formatReport,
  type ReportFormat,
  type ReportOptions,
} from "./format.js";

/** Renders diagnostics in one of the report formats (SARIF's rules from the check registry). */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  format: ReportFormat,
  options: FormatOptions = {},
): string {
  return formatReport(diagnostics, format, {
    ...options,
    rules: { all: checkRegistry, forCode: metaForCode },
  });
}

export { codeFrame } from "./pretty.js";
export { fingerprint } from "./sarif.js";

import type { Diagnostic } from "@sentinelctl/content";

export function formatJson(diagnostics: readonly Diagnostic[], extra: Record<string, unknown> = {}): string {
  const summary = {
    errors: diagnostics.filter((d) => d.severity === "error").length,
    warnings: diagnostics.filter((d) => d.severity === "warning").length,
    infos: diagnostics.filter((d) => d.severity === "info").length,
  };
  return `${JSON.stringify({ version: 1, summary, diagnostics, ...extra }, null, 2)}\n`;
}

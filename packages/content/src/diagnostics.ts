/** One diagnostic shape for the loader, the validator and the builder. Positions are 1-based. */
export type DiagnosticSeverity = "error" | "warning" | "info";

export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Diagnostic {
  /** Stable code, e.g. `SCHEMA-UNKNOWN-FIELD` or `KQL-KS142`. */
  code: string;
  severity: DiagnosticSeverity;
  message: string;
  /** Path relative to the working directory where possible. */
  file?: string;
  range?: Range;
  hint?: string;
}

export function diagnostic(
  code: string,
  severity: DiagnosticSeverity,
  message: string,
  where: { file?: string; range?: Range } = {},
  hint?: string,
): Diagnostic {
  const d: Diagnostic = { code, severity, message };
  if (where.file !== undefined) d.file = where.file;
  if (where.range !== undefined) d.range = where.range;
  if (hint !== undefined) d.hint = hint;
  return d;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Locale-independent string order, so output is the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const severityRank: Record<DiagnosticSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Deterministic order: file, line, column, severity, code, message. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareText(a.file ?? "", b.file ?? "") ||
      (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0) ||
      (a.range?.start.column ?? 0) - (b.range?.start.column ?? 0) ||
      severityRank[a.severity] - severityRank[b.severity] ||
      compareText(a.code, b.code) ||
      compareText(a.message, b.message),
  );
}

/** An input problem that stops one operation; carries its diagnostic instead of a stack trace. */
export class InputError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = "InputError";
  }
}

/** A position in the query text (0-based offset, 1-based line and column). */
export interface KqlPosition {
  offset: number;
  line: number;
  column: number;
}

export function positionIn(text: string, offset: number): KqlPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** The engine cannot run this query exactly; it refuses rather than guess. */
export class KqlUnsupportedError extends Error {
  override readonly name = "KqlUnsupportedError";
  constructor(
    /** the operator or function that is not supported, e.g. `evaluate pivot` or `series_fir()` */
    readonly feature: string,
    readonly position: KqlPosition | null,
    detail?: string,
  ) {
    super(
      `unsupported: ${feature}${position ? ` at line ${position.line}, column ${position.column}` : ""}${detail ? ` (${detail})` : ""}`,
    );
  }
}

export interface KqlQueryDiagnostic {
  code: string;
  message: string;
  start: number;
  length: number;
  line: number;
  column: number;
}

/** Kusto rejects the query (syntax or semantic errors from the analyser), or its input is malformed. */
export class KqlQueryError extends Error {
  override readonly name = "KqlQueryError";
  constructor(
    message: string,
    readonly diagnostics: KqlQueryDiagnostic[] = [],
  ) {
    super(message);
  }
}

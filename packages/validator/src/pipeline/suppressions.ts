import type { Diagnostic, SourceDocument } from "@sentinelctl/content";
import { currentCodes } from "../checks/renamed.js";

/**
 * Inline suppressions:
 *
 *   # sentinelctl-disable-next-line RULE-COLUMN-MISSING -- the column comes from a watchlist
 *   // sentinelctl-disable-next-line KQL-KS500, KQL-KS508 -- reason      (KQL, .kql and .ts files)
 *
 * A comment applies to the next line that is not itself a suppression comment. The reason after
 * `--` is required: without one the comment suppresses nothing and is reported. A comment that
 * suppresses nothing is reported too.
 */
const DIRECTIVE = /(?:#|\/\/)\s*sentinelctl-disable-next-line\b(.*)$/;

export interface Suppression {
  file: string;
  /** Line of the comment (1-based). */
  line: number;
  column: number;
  endColumn: number;
  /** Line it applies to. */
  target: number;
  codes: string[];
  reason: string | undefined;
  used: boolean;
}

export function parseSuppressions(source: SourceDocument): Suppression[] {
  if (!source.text.includes("sentinelctl-disable-next-line")) return [];
  const lines = source.text.split(/\r?\n/);
  const found: Suppression[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i]!);
    if (!m) continue;
    const rest = m[1] ?? "";
    const sep = rest.indexOf("--");
    const codesText = sep === -1 ? rest : rest.slice(0, sep);
    const reason =
      sep === -1
        ? undefined
        : rest
            .slice(sep + 2)
            .trim()
            .replace(/["'`]+$/, "")
            .trim() || undefined;
    const codes = codesText
      .split(/[\s,]+/)
      .map((c) =>
        c
          .trim()
          .replace(/["'`]+$/, "")
          .toUpperCase(),
      )
      .filter(Boolean);
    let target = i + 1;
    while (target < lines.length && DIRECTIVE.test(lines[target]!)) target++;
    found.push({
      file: source.file,
      line: i + 1,
      column: (m.index ?? 0) + 1,
      endColumn: lines[i]!.length + 1,
      target: target + 1,
      codes,
      reason,
      used: false,
    });
  }
  return found;
}

/** A suppression naming a renamed code (RENAMED_CODES) still suppresses its new codes. */
function matches(code: string, pattern: string): boolean {
  const c = code.toUpperCase();
  return pattern.endsWith("*")
    ? c.startsWith(pattern.slice(0, -1))
    : currentCodes(pattern).includes(c) || c === pattern;
}

/**
 * Removes suppressed findings and adds findings about the suppressions themselves
 * (`SUPPRESS-NO-REASON`, `SUPPRESS-UNUSED`). Severities of those come from `severityOf`.
 */
export function applySuppressions(
  diagnostics: Diagnostic[],
  suppressions: Suppression[],
  severityOf: (code: string, fallback: Diagnostic["severity"]) => Diagnostic["severity"] | undefined,
): Diagnostic[] {
  if (!suppressions.length) return diagnostics;
  const byFileLine = new Map<string, Suppression[]>();
  for (const s of suppressions) {
    const key = `${s.file}\0${s.target}`;
    byFileLine.set(key, [...(byFileLine.get(key) ?? []), s]);
  }
  const kept: Diagnostic[] = [];
  for (const d of diagnostics) {
    const candidates = d.file && d.range ? byFileLine.get(`${d.file}\0${d.range.start.line}`) : undefined;
    const hit = candidates?.find((s) => s.reason !== undefined && s.codes.some((p) => matches(d.code, p)));
    if (hit) {
      hit.used = true;
      continue;
    }
    kept.push(d);
  }
  for (const s of suppressions) {
    const range = { start: { line: s.line, column: s.column }, end: { line: s.line, column: s.endColumn } };
    if (s.reason === undefined) {
      const sev = severityOf("SUPPRESS-NO-REASON", "error");
      if (sev) {
        kept.push({
          code: "SUPPRESS-NO-REASON",
          severity: sev,
          message: `This suppression gives no reason, so it suppresses nothing${s.codes.length ? ` (${s.codes.join(", ")})` : ""}.`,
          file: s.file,
          range,
          hint: "Say why after two dashes: `sentinelctl-disable-next-line CODE -- why this is fine`.",
        });
      }
    } else if (!s.codes.length) {
      const sev = severityOf("SUPPRESS-NO-REASON", "error");
      if (sev) {
        kept.push({
          code: "SUPPRESS-NO-REASON",
          severity: sev,
          message: "This suppression names no code; name the finding it suppresses.",
          file: s.file,
          range,
          hint: "e.g. `sentinelctl-disable-next-line RULE-COLUMN-MISSING -- reason`.",
        });
      }
    } else if (!s.used) {
      const sev = severityOf("SUPPRESS-UNUSED", "warning");
      if (sev) {
        kept.push({
          code: "SUPPRESS-UNUSED",
          severity: sev,
          message: `Nothing to suppress: no ${s.codes.join(", ")} finding on line ${s.target}.`,
          file: s.file,
          range,
          hint: "Remove the comment, or move it to the line above the finding.",
        });
      }
    }
  }
  return kept;
}

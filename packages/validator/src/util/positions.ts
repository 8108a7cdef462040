import type { Path, Position, SourceDocument } from "@sentinelctl/content";

/**
 * Position in the source file of character `offset` of the string value at `path`.
 * YAML/JSON and .kql sources map exactly through SourceDocument.textPosition. TypeScript sources
 * have no syntax tree: the value is located in the file text — verbatim when the template literal
 * holds it unchanged, otherwise by the line holding the offset, choosing among equal lines the one
 * whose neighbours match the value's neighbouring lines best (interpolated lines elsewhere in the
 * query do not matter).
 */
export function valuePosition(source: SourceDocument, path: Path, value: string, offset: number): Position {
  if (source.doc || source.wholeTextIsValue) return source.textPosition(path, offset, value);
  const text = source.text;
  const exact = allIndexes(text, value);
  if (value.trim().length > 0 && exact.length > 0) {
    const pick = exact.find((i) => i >= source.anchor) ?? exact[0]!;
    return source.position(pick + offset);
  }
  const valueLines = value.split("\n");
  const before = value.slice(0, offset).split("\n");
  const lineIndex = before.length - 1;
  const column = before[lineIndex]!.length;
  const target = valueLines[lineIndex] ?? "";
  const srcLines = text.split("\n");
  let best = -1;
  let bestScore = -1;
  const targetTrim = target.trim();
  if (targetTrim.length > 0) {
    for (let i = 0; i < srcLines.length; i++) {
      if (!srcLines[i]!.includes(targetTrim)) continue;
      let score = srcLines[i]!.trim() === targetTrim ? 2 : 1;
      for (let d = 1; d <= 3; d++) {
        const a = valueLines[lineIndex - d];
        const b = valueLines[lineIndex + d];
        if (a?.trim() && srcLines[i - d]?.includes(a.trim())) score += 2;
        if (b?.trim() && srcLines[i + d]?.includes(b.trim())) score += 2;
      }
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
  }
  if (best >= 0) {
    const srcLine = srcLines[best]!;
    const shift = srcLine.indexOf(targetTrim) - target.indexOf(targetTrim);
    return { line: best + 1, column: Math.max(1, column + 1 + shift) };
  }
  return source.textPosition(path, offset, value);
}

/** Source range of `length` characters from `start` of a string value (end is just after the last character). */
export function valueRange(
  source: SourceDocument,
  path: Path,
  value: string,
  start: number,
  length: number,
): { start: Position; end: Position } {
  const from = valuePosition(source, path, value, start);
  if (length <= 0) return { start: from, end: from };
  const last = valuePosition(source, path, value, start + length - 1);
  const end = { line: last.line, column: last.column + 1 };
  if (end.line < from.line || (end.line === from.line && end.column < from.column))
    return { start: from, end: from };
  return { start: from, end };
}

function allIndexes(text: string, needle: string): number[] {
  const out: number[] = [];
  if (!needle) return out;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  Scalar,
} from "yaml";
import type { Position, Range } from "./diagnostics.js";

export type Path = ReadonlyArray<string | number>;

/**
 * A content file as text plus the knowledge of where each value sits in it.
 * YAML and JSON go through the same YAML 1.2 parser, so both get exact positions.
 */
export class SourceDocument {
  private readonly lineStarts: number[];

  /** For sources without a syntax tree (TypeScript): where the item's definition starts. */
  anchor = 0;
  /** The whole text is the value (a .kql file): offsets map directly. */
  wholeTextIsValue = false;

  constructor(
    readonly file: string,
    readonly text: string,
    readonly doc?: Document,
  ) {
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.lineStarts[lo]! + 1 };
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** The whole file's first line, used where nothing more precise is known. */
  get firstLine(): Range {
    return this.rangeOf(0, this.text.indexOf("\n") === -1 ? this.text.length : this.text.indexOf("\n"));
  }

  /** Range of the value at `path`; falls back to the nearest existing ancestor. */
  range(path: Path = [], which: "value" | "key" = "value"): Range {
    const found = this.nodeAt(path, which);
    if (found?.range) return this.rangeOf(found.range[0], found.range[1]);
    if (!this.doc) {
      const start = this.keyOffset(path);
      const lineEnd = this.text.indexOf("\n", start);
      return this.rangeOf(start, lineEnd === -1 ? this.text.length : lineEnd);
    }
    return this.firstLine;
  }

  /** Without a syntax tree: the first `key:` (quoted or not) after the item's anchor. */
  private keyOffset(path: Path): number {
    const key = [...path].reverse().find((p): p is string => typeof p === "string");
    if (!key) return this.anchor;
    const re = new RegExp(`["']?${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["']?\\s*:`, "g");
    re.lastIndex = this.anchor;
    const m = re.exec(this.text);
    return m ? m.index : this.anchor;
  }

  /**
   * Position of character `offset` of the string value at `path`, following YAML block
   * scalars, quotes and escapes, so that a KQL diagnostic lands on the right source column.
   * Sources without a syntax tree (TypeScript) need `value`: it is found in the file text.
   */
  textPosition(path: Path, offset: number, value?: string): Position {
    if (this.wholeTextIsValue) return this.position(offset);
    const node = this.nodeAt(path, "value");
    if (node && isScalar(node) && node.range && typeof node.value === "string") {
      const map = scalarOffsetMap(this.text, node as Scalar<string>);
      if (map) return this.position(map[Math.max(0, Math.min(offset, map.length - 1))]!);
      return this.position(node.range[0]);
    }
    if (value !== undefined && !this.doc) {
      const found = this.locateInText(value, offset, this.keyOffset(path));
      if (found) return found;
    }
    return this.range(path).start;
  }

  /** Source range of `length` characters from `start` of a string value (end just after the last one). */
  textRange(path: Path, start: number, length: number, value?: string): Range {
    const from = this.textPosition(path, start, value);
    if (length <= 0) return { start: from, end: from };
    const last = this.textPosition(path, start + length - 1, value);
    const end = { line: last.line, column: last.column + 1 };
    if (end.line < from.line || (end.line === from.line && end.column < from.column))
      return { start: from, end: from };
    return { start: from, end };
  }

  /**
   * Without a syntax tree: the value verbatim in the text (a template literal holding it
   * unchanged), else the line holding the offset, choosing among equal lines the one whose
   * neighbours match the value's neighbouring lines best (interpolations elsewhere do not matter).
   * Matches at or after `from` (the value's key) win over earlier ones.
   */
  private locateInText(value: string, offset: number, from: number): Position | undefined {
    if (value.trim()) {
      let first = -1;
      for (let i = this.text.indexOf(value); i !== -1; i = this.text.indexOf(value, i + 1)) {
        if (first === -1) first = i;
        if (i >= from) return this.position(i + offset);
      }
      if (first !== -1) return this.position(first + offset);
    }
    const valueLines = value.split("\n");
    const before = value.slice(0, offset).split("\n");
    const lineIndex = before.length - 1;
    const target = valueLines[lineIndex] ?? "";
    const targetTrim = target.trim();
    if (!targetTrim) return undefined;
    const srcLines = this.text.split("\n");
    const fromLine = this.position(from).line - 1;
    let best = -1;
    let bestScore = -1;
    for (let i = 0; i < srcLines.length; i++) {
      if (!srcLines[i]!.includes(targetTrim)) continue;
      let score = (srcLines[i]!.trim() === targetTrim ? 2 : 1) + (i >= fromLine ? 1 : 0);
      for (let d = 1; d <= 3; d++) {
        const a = valueLines[lineIndex - d]?.trim();
        const b = valueLines[lineIndex + d]?.trim();
        if (a && srcLines[i - d]?.includes(a)) score += 2;
        if (b && srcLines[i + d]?.includes(b)) score += 2;
      }
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    if (best < 0) return undefined;
    const shift = srcLines[best]!.indexOf(targetTrim) - target.indexOf(targetTrim);
    return { line: best + 1, column: Math.max(1, before[lineIndex]!.length + 1 + shift) };
  }

  nodeAt(path: Path, which: "value" | "key"): Node | undefined {
    if (!this.doc) return undefined;
    let node: unknown = this.doc.contents;
    let last: Node | undefined = node as Node | undefined;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      const isLast = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
        );
        if (!pair) return last;
        if (isLast && which === "key") return pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === "number") {
        node = node.items[seg];
      } else {
        return last;
      }
      if (node && typeof node === "object" && "range" in node) last = node as Node;
      else return last;
    }
    return last;
  }
}

/** Maps each character of a scalar's value to its offset in the source text. */
function scalarOffsetMap(text: string, node: Scalar<string>): number[] | undefined {
  const [start, end] = node.range!;
  const raw = text.slice(start, end);
  const map: number[] = [];
  switch (node.type) {
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED: {
      const headerEnd = raw.indexOf("\n");
      if (headerEnd === -1) return undefined;
      const lines = raw.slice(headerEnd + 1).split("\n");
      const indent = Math.min(
        ...lines.filter((l) => l.trim().length > 0).map((l) => l.length - l.trimStart().length),
      );
      let lineStart = start + headerEnd + 1;
      for (const line of lines) {
        for (let c = Math.min(indent, line.length); c < line.length; c++) map.push(lineStart + c);
        map.push(lineStart + line.length);
        lineStart += line.length + 1;
      }
      return map;
    }
    case Scalar.QUOTE_DOUBLE: {
      for (let i = 1; i < raw.length - 1; i++) {
        map.push(start + i);
        if (raw[i] === "\\") {
          const next = raw[i + 1];
          if (next === "u") i += 5;
          else if (next === "x") i += 3;
          else if (next === "U") i += 9;
          else i += 1;
        } else if (raw[i] === "\n") {
          while (raw[i + 1] === " " || raw[i + 1] === "\t") i++;
        }
      }
      return map;
    }
    case Scalar.QUOTE_SINGLE: {
      for (let i = 1; i < raw.length - 1; i++) {
        map.push(start + i);
        if (raw[i] === "'" && raw[i + 1] === "'") i++;
      }
      return map;
    }
    default: {
      for (let i = 0; i < raw.length; i++) map.push(start + i);
      return map;
    }
  }
}

export interface ParsedSource {
  source: SourceDocument;
  value: unknown;
  errors: Array<{ message: string; range: Range }>;
}

export function parseYamlSource(file: string, text: string): ParsedSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const source = new SourceDocument(file, text, doc);
  const errors = doc.errors.map((e) => {
    const message = e.message.split("\n")[0]!;
    // The parser notices an unclosed [ or { where the collection should have ended; point at the opener.
    const unclosed = /end with an? ([\]}])/.exec(message);
    if (unclosed) {
      const opener = unclosed[1] === "]" ? "[" : "{";
      const at = text.lastIndexOf(opener, e.pos[0]);
      if (at !== -1)
        return { message: `Unclosed '${opener}': ${message}`, range: source.rangeOf(at, at + 1) };
    }
    return { message, range: source.rangeOf(e.pos[0], e.pos[1]) };
  });
  return { source, value: errors.length ? undefined : doc.toJS({ maxAliasCount: 100 }), errors };
}

/** JSON goes through the YAML parser for positions; strict JSON.parse decides validity. */
export function parseJsonSource(file: string, text: string): ParsedSource {
  try {
    const value = JSON.parse(text) as unknown;
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: false });
    const source = new SourceDocument(file, text, doc.errors.length ? undefined : doc);
    return { source, value, errors: [] };
  } catch (e) {
    const source = new SourceDocument(file, text);
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : 0;
    return { source, value: undefined, errors: [{ message, range: source.rangeOf(offset, offset + 1) }] };
  }
}

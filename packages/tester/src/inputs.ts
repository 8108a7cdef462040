/**
 * A case's inputs turned into table rows: inline rows, rows from files (JSON Lines, JSON, CSV),
 * raw CEF and syslog lines, and records pushed through a data collection rule.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Path, TestTableInput } from "@sentinelctl/content";
import { parseDuration } from "@sentinelctl/content";
import { CefParseError, parseCefLine } from "./cef.js";
import { parseSyslogLine, type SyslogHeader } from "./syslog.js";
import type { ColumnSchema } from "./tables.js";
import { datetimeMs, datetimeText } from "./values.js";

/** A problem with the test file itself (exit 2), with where in the file it is. */
export class TestFileError extends Error {
  constructor(
    message: string,
    readonly path: Path,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "TestFileError";
  }
}

export type RowObject = Record<string, unknown>;

/** Rows without TimeGenerated are this long before `now` unless the input says otherwise. */
export const DEFAULT_AGO = "30s";

export interface RawInput {
  kind: "rows" | "records" | "cef" | "syslog";
  items: RowObject[] | string[];
  /** The cells are text to be read by the column type (CSV), not JSON values. */
  fromText?: boolean;
}

function parseCsv(text: string): RowObject[] {
  const records: string[][] = [];
  let field = "";
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      field = "";
      if (row.some((f) => f !== "")) records.push(row);
      row = [];
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f !== "")) records.push(row);
  const [header, ...body] = records;
  if (!header) return [];
  // Empty CSV cells are nulls; the table type decides what the text means.
  return body.map((r) =>
    Object.fromEntries(header.map((h, i) => [h.trim(), r[i] === "" || r[i] === undefined ? null : r[i]])),
  );
}

function readRowsFile(file: string, text: string, at: Path): RowObject[] {
  const lower = file.toLowerCase();
  if (lower.endsWith(".csv")) return parseCsv(text);
  if (lower.endsWith(".json")) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new TestFileError(`${file} is not valid JSON: ${(e as Error).message}`, at);
    }
    if (!Array.isArray(value)) throw new TestFileError(`${file} must hold a JSON array of rows.`, at);
    return value as RowObject[];
  }
  return text.split(/\r?\n/).flatMap((line, i) => {
    if (!line.trim()) return [];
    try {
      const value = JSON.parse(line) as unknown;
      if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error("not a JSON object");
      return [value as RowObject];
    } catch (e) {
      throw new TestFileError(
        `${file}:${i + 1}: ${(e as Error).message}`,
        at,
        "Each line of a JSON Lines file is one JSON object.",
      );
    }
  });
}

/** What an input gives, read from the test or its file; `testDir` resolves file paths. */
export function readInput(table: string, input: TestTableInput, testDir: string, at: Path): RawInput {
  const lineKind = (): "cef" | "syslog" =>
    input.format === "syslog" || table === "Syslog" ? "syslog" : "cef";
  if (input.rows) return { kind: "rows", items: input.rows };
  if (input.records) return { kind: "records", items: input.records };
  if (input.lines !== undefined) {
    const lines = (Array.isArray(input.lines) ? input.lines : input.lines.split(/\r?\n/)).filter((l) =>
      l.trim(),
    );
    return { kind: lineKind(), items: lines };
  }
  const file = input.file!;
  const full = path.resolve(testDir, file);
  let text: string;
  try {
    text = readFileSync(full, "utf8");
  } catch (e) {
    throw new TestFileError(
      `Cannot read input file ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
      [...at, "file"],
      "Paths are relative to the test file.",
    );
  }
  const ext = path.extname(file).toLowerCase();
  const format = input.format ?? ([".log", ".txt", ".cef", ".syslog"].includes(ext) ? lineKind() : "rows");
  if (format === "cef" || format === "syslog") {
    return { kind: format, items: text.split(/\r?\n/).filter((l) => l.trim()) };
  }
  const fromText = ext === ".csv";
  return {
    kind: format,
    items: readRowsFile(file, text, [...at, "file"]),
    ...(fromText ? { fromText } : {}),
  };
}

/** TimeGenerated for the rows that lack one: `now - ago`, one `ago` for all rows or one per row. */
export function agoFor(input: TestTableInput, index: number, nowMs: number, at: Path): number {
  const ago = Array.isArray(input.ago) ? input.ago[index] : input.ago;
  if (Array.isArray(input.ago) && ago === undefined) {
    throw new TestFileError(`ago lists ${input.ago.length} durations but the input has more rows.`, [
      ...at,
      "ago",
    ]);
  }
  const ms = parseDuration(ago ?? DEFAULT_AGO);
  if (ms === undefined) throw new TestFileError(`ago '${ago}' is not a duration.`, [...at, "ago"]);
  return nowMs - ms;
}

/** Lines to row objects, each with its syslog header (which may carry the event time). */
export function linesToRows(
  kind: "cef" | "syslog",
  lines: readonly string[],
  at: Path,
): Array<{ row: RowObject; header?: SyslogHeader }> {
  return lines.map((line, i) => {
    if (kind === "syslog") {
      const { header, fields } = parseSyslogLine(line);
      return { row: fields, header };
    }
    try {
      const event = parseCefLine(line);
      return { row: event.fields, ...(event.syslog ? { header: event.syslog } : {}) };
    } catch (e) {
      if (!(e instanceof CefParseError)) throw e;
      throw new TestFileError(
        `CEF event ${i + 1}: ${e.message}.`,
        at,
        "A CEF event looks like CEF:0|Vendor|Product|Version|SignatureID|Name|Severity|key=value ...",
      );
    }
  });
}

export type TypeCheck = "strict" | "ingest";

/**
 * A JSON value as a cell of `type`. `strict` (rows already in the workspace) wants the JSON type
 * the column holds; `ingest` (raw events and pushed records) converts text the way ingestion does.
 * Returns `invalid` when the value cannot be such a cell.
 */
export function toCell(value: unknown, type: string, mode: TypeCheck): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "string":
    case "guid":
      if (typeof value === "string") return value;
      if (mode === "ingest" && (typeof value === "number" || typeof value === "boolean"))
        return String(value);
      if (mode === "ingest" && typeof value === "object") return JSON.stringify(value);
      return INVALID;
    case "int":
    case "long": {
      if (typeof value === "number" && Number.isInteger(value)) return value;
      if (
        typeof value === "string" &&
        /^[-+]?\d+$/.test(value.trim()) &&
        (mode === "ingest" || type === "long")
      ) {
        const n = Number(value);
        return Number.isSafeInteger(n) ? n : BigInt(value.trim());
      }
      if (mode === "ingest" && typeof value === "string" && value.trim() === "") return null;
      return INVALID;
    }
    case "real":
    case "decimal":
      if (typeof value === "number") return value;
      if (
        mode === "ingest" &&
        typeof value === "string" &&
        value.trim() !== "" &&
        !Number.isNaN(Number(value))
      )
        return Number(value);
      return INVALID;
    case "bool":
      if (typeof value === "boolean") return value;
      if (mode === "ingest" && typeof value === "string" && /^(true|false)$/i.test(value))
        return value.toLowerCase() === "true";
      return INVALID;
    case "datetime": {
      if (typeof value !== "string") return INVALID;
      const ms = datetimeMs(value);
      return ms === undefined ? INVALID : datetimeText(BigInt(ms) * 10_000n);
    }
    case "timespan":
      return typeof value === "string" ? value : INVALID;
    case "dynamic":
      return value;
    default:
      return value;
  }
}

export const INVALID = Symbol("invalid cell");

export function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string"
    ? `the text ${JSON.stringify(value)}`
    : `${typeof value} ${JSON.stringify(value)}`;
}

/** Checks every field of row objects against the columns and gives typed row objects. */
export function typeRows(
  table: string,
  columns: readonly ColumnSchema[],
  rows: readonly RowObject[],
  mode: TypeCheck,
  where: (row: number, column?: string) => { path: Path; label: string },
  suggest: (name: string) => string | undefined,
): RowObject[] {
  const byName = new Map(columns.map((c) => [c.name, c]));
  return rows.map((row, i) => {
    const out: RowObject = {};
    for (const [name, value] of Object.entries(row)) {
      const column = byName.get(name);
      const at = where(i, name);
      if (!column) {
        const guess = suggest(name);
        throw new TestFileError(
          `${at.label}: ${table} has no column '${name}'.`,
          at.path,
          guess ? `Did you mean '${guess}'?` : undefined,
        );
      }
      const cell = toCell(value, column.type, mode);
      if (cell === INVALID) {
        throw new TestFileError(
          `${at.label}: column '${name}' is ${column.type}, but the row gives ${describeJson(value)}.`,
          at.path,
        );
      }
      out[name] = cell;
    }
    return out;
  });
}

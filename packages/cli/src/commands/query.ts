import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { loadContent } from "@sentinelctl/content";
import {
  CellError,
  coerceCell,
  type EvaluateResult,
  evaluate,
  type InputFunction,
  type InputTable,
  KqlQueryError,
  type KqlType,
  KqlUnsupportedError,
  kqlTypeOf,
} from "@sentinelctl/kql";
import { buildSchema, parserDeclaration, tableDeclaration } from "@sentinelctl/validator";
import { type Command, Option } from "commander";
import { createOutput, EXIT, UsageError } from "../ui.js";

const FORMATS = ["table", "json", "csv"] as const;
type QueryFormat = (typeof FORMATS)[number];

interface QueryFlags {
  table: string[];
  solution?: string;
  file?: string;
  now?: string;
  format: QueryFormat;
}

/** Input files above this size are refused (the engine holds every row in memory). */
const MAX_TABLE_BYTES = 512 * 1024 * 1024;

export function registerQueryCommand(program: Command): void {
  program
    .command("query")
    .description(
      "Run a KQL query offline over tables given as JSON Lines or CSV files (the offline engine of @sentinelctl/kql).",
    )
    .argument("[kql]", "the query text (or use --file)")
    .option(
      "-t, --table <Name=file>",
      "a table: Name=rows.jsonl, Name=rows.csv or Name=rows.json (repeatable). Typed by the Log Analytics declaration of Name when there is one, else inferred from the values",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option("--file <q.kql>", "read the query from a file")
    .option(
      "-s, --solution <dir>",
      "a solution folder: its tables type the --table files of the same name, its parsers can be called",
    )
    .option("--now <iso>", "what now() and ago() see (default: the real clock)")
    .addOption(new Option("-f, --format <format>", "output format").choices([...FORMATS]).default("table"))
    .addHelpText(
      "after",
      "\nExit codes: 0 the query ran, 2 bad input (query, table file, option) or a query the offline engine refuses to run.",
    )
    .action(async (kql: string | undefined, flags: QueryFlags) => {
      const output = createOutput({ json: flags.format !== "table" });
      const query = readQuery(kql, flags.file);
      const functions = flags.solution ? await loadSolution(flags.solution) : {};
      const tables: Record<string, InputTable> = {};
      for (const spec of flags.table) {
        const { name, table } = readTableSpec(spec);
        if (tables[name])
          throw new UsageError(`table ${name} is given twice`, "give each --table a distinct name");
        tables[name] = table;
      }
      // declared tables the query (or a parser) names but no --table gives: empty, with their schema
      const texts = [query, ...Object.values(functions).map((f) => f.body)].join("\n");
      for (const word of new Set(texts.match(/\b[A-Za-z_]\w*\b/g) ?? [])) {
        if (tables[word]) continue;
        const columns = declaredColumns(word);
        if (columns) tables[word] = { columns, rows: [] };
      }
      let result: EvaluateResult;
      try {
        result = evaluate(query, {
          tables,
          functions,
          ...(flags.now !== undefined ? { now: flags.now } : {}),
        });
      } catch (e) {
        if (e instanceof KqlQueryError) {
          throw new UsageError(
            e.message,
            "fix the query or the table files; `--table Name=file` declares a table",
          );
        }
        if (e instanceof KqlUnsupportedError) {
          throw new UsageError(
            e.message,
            "the offline engine refuses what it cannot run exactly; see packages/kql/README.md for what it supports",
          );
        }
        throw e;
      }
      output.out(render(result, flags.format));
      process.exitCode = EXIT.ok;
    });
}

function readQuery(inline: string | undefined, file: string | undefined): string {
  if (inline !== undefined && file !== undefined)
    throw new UsageError("give the query inline or with --file, not both");
  if (file !== undefined) {
    if (!existsSync(file)) throw new UsageError(`query file not found: ${file}`);
    return readFileSync(file, "utf8");
  }
  if (inline === undefined || inline.trim() === "")
    throw new UsageError("no query given", 'sentinelctl query "T | take 10" --table T=rows.jsonl');
  return inline;
}

// ---------------------------------------------------------------------------------------------
// tables
// ---------------------------------------------------------------------------------------------

let declared: Map<string, Array<{ name: string; type: string }>> | undefined;
/** tables declared by the --solution, ahead of the built-in ones */
const solutionTables = new Map<string, Array<{ name: string; type: string }>>();

/** Column declarations: the solution's tables, else the Log Analytics tables the validator knows. */
function declaredColumns(name: string): Array<{ name: string; type: string }> | undefined {
  const own = solutionTables.get(name);
  if (own) return own;
  if (!declared) {
    declared = new Map();
    const schema = buildSchema({}, { inferFunctions: false });
    for (const [n, t] of schema.tables)
      declared.set(
        n,
        t.columns.map((c) => ({ name: c.name, type: c.type })),
      );
  }
  return declared.get(name);
}

/** Reads a solution folder: its tables (for typing) and its parsers (as workspace functions). */
async function loadSolution(dir: string): Promise<Record<string, InputFunction>> {
  if (!existsSync(dir)) throw new UsageError(`solution folder not found: ${dir}`);
  const load = await loadContent([dir], { cwd: process.cwd() });
  const error = load.diagnostics.find((d) => d.severity === "error");
  if (error) {
    const at = error.file ? `${error.file}${error.range ? `:${error.range.start.line}` : ""}: ` : "";
    throw new UsageError(
      `${at}${error.message}`,
      "fix the solution (sentinelctl validate shows every problem)",
    );
  }
  const functions: Record<string, InputFunction> = {};
  for (const model of load.solutions) {
    for (const t of model.tables) solutionTables.set(t.data.name, [...tableDeclaration(t).columns]);
    for (const p of model.parsers) {
      const f = parserDeclaration(p);
      functions[f.name] = { parameters: [...(f.parameters ?? [])], body: f.body ?? "" };
    }
  }
  return functions;
}

function readTableSpec(spec: string): { name: string; table: InputTable } {
  const eq = spec.indexOf("=");
  const name = eq > 0 ? spec.slice(0, eq).trim() : "";
  const file = eq > 0 ? spec.slice(eq + 1).trim() : "";
  if (!name || !file || !/^[A-Za-z_][\w]*$/.test(name))
    throw new UsageError(
      `--table ${JSON.stringify(spec)}: expected Name=file`,
      "e.g. --table SigninLogs=rows.jsonl",
    );
  if (!existsSync(file)) throw new UsageError(`--table ${name}: file not found: ${file}`);
  const size = statSync(file).size;
  if (size > MAX_TABLE_BYTES)
    throw new UsageError(
      `--table ${name}: ${file} is ${Math.round(size / 2 ** 20)} MiB; the limit is 512 MiB`,
    );
  const text = readFileSync(file, "utf8");
  const ext = path.extname(file).toLowerCase();
  const records =
    ext === ".csv"
      ? readCsv(text, file)
      : ext === ".json"
        ? readJsonArray(text, file)
        : readJsonLines(text, file);
  const decl = declaredColumns(name);
  const columns = decl ?? inferColumns(records, ext === ".csv");
  const known = new Set(columns.map((c) => c.name));
  for (const rec of records) {
    for (const key of Object.keys(rec.values))
      if (!known.has(key))
        throw new UsageError(
          `${file}:${rec.line}: column ${key} is not in the declaration of table ${name}`,
          "rename the field or use another table name (undeclared tables are typed from their values)",
        );
    for (const c of columns) {
      const type = kqlTypeOf(c.type) as KqlType;
      try {
        coerceCell(rec.values[c.name], type, ext === ".csv");
      } catch (e) {
        if (e instanceof CellError)
          throw new UsageError(`${file}:${rec.line}: column ${c.name}: ${e.message}`);
        throw e;
      }
    }
  }
  const rows = records.map((rec) => {
    const out: Record<string, unknown> = {};
    for (const c of columns) {
      const type = kqlTypeOf(c.type) as KqlType;
      out[c.name] = coerceCellForEngine(rec.values[c.name], type, ext === ".csv");
    }
    return out;
  });
  return { name, table: { columns, rows } };
}

/** CSV cells are text: convert them here so the engine sees typed values (dynamic JSON parsed). */
function coerceCellForEngine(v: unknown, type: KqlType, fromText: boolean): unknown {
  if (!fromText) return v;
  const c = coerceCell(v, type, true);
  if (typeof c === "bigint" && (type === "datetime" || type === "timespan")) return { ticks: c };
  return c;
}

interface RecordAt {
  line: number;
  values: Record<string, unknown>;
}

function readJsonLines(text: string, file: string): RecordAt[] {
  const out: RecordAt[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new UsageError(
        `${file}:${i + 1}: not valid JSON (${(e as Error).message})`,
        "one JSON object per line",
      );
    }
    if (v === null || typeof v !== "object" || Array.isArray(v))
      throw new UsageError(`${file}:${i + 1}: expected a JSON object`, "one JSON object per line");
    out.push({ line: i + 1, values: v as Record<string, unknown> });
  });
  return out;
}

function readJsonArray(text: string, file: string): RecordAt[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(v)) throw new UsageError(`${file}: expected an array of objects`);
  return v.map((x, i) => {
    if (x === null || typeof x !== "object" || Array.isArray(x))
      throw new UsageError(`${file}: item ${i + 1} is not an object`);
    return { line: i + 1, values: x as Record<string, unknown> };
  });
}

/** RFC 4180 CSV: a header row, quoted fields with doubled quotes, CRLF or LF. */
export function readCsv(text: string, file: string): RecordAt[] {
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === "\n") line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === "") quoted = true;
    else if (ch === ",") {
      cells.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      cells.push(cell);
      if (cells.length > 1 || cells[0] !== "") rows.push({ line: rowLine, cells });
      cells = [];
      cell = "";
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (quoted) throw new UsageError(`${file}:${rowLine}: unterminated quoted field`);
  if (cell !== "" || cells.length) {
    cells.push(cell);
    rows.push({ line: rowLine, cells });
  }
  const header = rows.shift();
  if (!header) throw new UsageError(`${file}: empty CSV file`, "the first line names the columns");
  const names = header.cells.map((c) => c.trim());
  if (names.some((n) => !n)) throw new UsageError(`${file}:1: a column has no name`);
  return rows.map((r) => {
    if (r.cells.length !== names.length)
      throw new UsageError(`${file}:${r.line}: ${r.cells.length} fields, the header has ${names.length}`);
    return { line: r.line, values: Object.fromEntries(names.map((n, i) => [n, r.cells[i]])) };
  });
}

/** Types of an undeclared table from its values: the narrowest type every non-empty value fits. */
function inferColumns(records: RecordAt[], fromText: boolean): Array<{ name: string; type: string }> {
  const order: string[] = [];
  const seen = new Set<string>();
  for (const r of records)
    for (const k of Object.keys(r.values))
      if (!seen.has(k)) {
        seen.add(k);
        order.push(k);
      }
  const candidates: KqlType[] = ["bool", "long", "real", "datetime", "guid", "dynamic", "string"];
  return order.map((name) => {
    const values = records
      .map((r) => r.values[name])
      .filter((v) => v !== undefined && v !== null && v !== "");
    const fits = (t: KqlType) =>
      values.every((v) => {
        if (t === "dynamic") return fromText ? /^\s*[[{]/.test(String(v)) : typeof v === "object";
        if (t === "string") return typeof v === "string";
        if (t === "datetime" && (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}[T ]\d/.test(v))) return false;
        if (t === "guid" && typeof v !== "string") return false;
        if (!fromText && (t === "long" || t === "real") && typeof v !== "number") return false;
        if (!fromText && t === "bool" && typeof v !== "boolean") return false;
        try {
          coerceCell(v, t, fromText);
          return true;
        } catch {
          return false;
        }
      });
    const type = values.length === 0 ? "string" : (candidates.find(fits) ?? "dynamic");
    return { name, type };
  });
}

// ---------------------------------------------------------------------------------------------
// output
// ---------------------------------------------------------------------------------------------

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return jsonText(v);
}

/** JSON with longs beyond 2^53 written exactly (as numbers) and NaN/Infinity as strings. */
function jsonText(v: unknown): string {
  const marks: string[] = [];
  const s = JSON.stringify(v, (_k, x) => {
    if (typeof x === "bigint") {
      marks.push(x.toString());
      return `\uE000${marks.length - 1}\uE000`;
    }
    if (typeof x === "number" && !Number.isFinite(x)) return String(x);
    return x;
  });
  return s.replace(/"\uE000(\d+)\uE000"/g, (_m, i: string) => marks[Number(i)]!);
}

function render(result: EvaluateResult, format: QueryFormat): string {
  if (format === "json") return jsonText(result);
  if (format === "csv") {
    const esc = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    return [result.columns.map((c) => esc(c.name)), ...result.rows.map((r) => r.map((v) => esc(cellText(v))))]
      .map((cells) => cells.join(","))
      .join("\n");
  }
  const header = result.columns.map((c) => c.name);
  const body = result.rows.map((r) => r.map((v) => cellText(v).replace(/\r?\n/g, "⏎")));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const count = `(${result.rows.length} row${result.rows.length === 1 ? "" : "s"})`;
  return [line(header), rule, ...body.map(line), count].join("\n");
}

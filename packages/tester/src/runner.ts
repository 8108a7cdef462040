/** Runs detection test files: each case's inputs through the item (and Sentinel's rule semantics) against its expectation. */
import path from "node:path";
import type {
  AnalyticRule,
  CcfPushConnector,
  DetectionTestFile,
  Path,
  SolutionModel,
  TestCase,
  TestTableInput,
} from "@sentinelctl/content";
import { parserDeclaration, workbookQueryText } from "@sentinelctl/validator";
import {
  type Engine,
  EngineError,
  type EngineFunction,
  type EngineRequest,
  type EngineTable,
} from "./engine.js";
import {
  agoFor,
  describeJson,
  INVALID,
  linesToRows,
  type RowObject,
  readInput,
  TestFileError,
  toCell,
  typeRows,
} from "./inputs.js";
import { compareOutcome, type Mismatch, type Outcome } from "./match.js";
import { runWindow, simulateRun } from "./semantics.js";
import { headerTime } from "./syslog.js";
import { type ColumnSchema, identifiers, type TableSchemas, tableSchemas } from "./tables.js";
import { resolveTarget, type Target } from "./targets.js";
import { cellJson, datetimeMs, datetimeText } from "./values.js";

export type CaseStatus = "passed" | "failed" | "error";

export interface CaseResult {
  name: string;
  /** Index of the case in the file's `cases`. */
  index: number;
  status: CaseStatus;
  mismatches: Mismatch[];
  /** Why the case could not be judged (engine refusal, rejected records), with where it points. */
  errors: Array<{ path: Path; message: string }>;
  outcome?: Outcome;
  durationMs: number;
}

export interface FileResult {
  test: DetectionTestFile;
  target?: Target;
  cases: CaseResult[];
}

/** One query a case ran, with everything it ran over (for self-contained copies, see selfContainedQuery). */
export interface CaseQuery {
  file: DetectionTestFile;
  caseIndex: number;
  query: string;
  request: EngineRequest;
}

export interface RunContext {
  models: readonly SolutionModel[];
  engine: Engine;
  cwd: string;
  schemas?: TableSchemas;
  /** Told about every query a case runs, before it runs. */
  onQuery?: (q: CaseQuery) => void;
}

const TIME = "TimeGenerated";
const INGESTED = "_TimeReceived";

const functionsByModels = new WeakMap<readonly SolutionModel[], Record<string, EngineFunction>>();

/** Parsers of every loaded solution, as workspace functions, by alias (declared as the validator declares them). */
function functionsOf(models: readonly SolutionModel[]): Record<string, EngineFunction> {
  const known = functionsByModels.get(models);
  if (known) return known;
  const out: Record<string, EngineFunction> = {};
  functionsByModels.set(models, out);
  for (const m of models) {
    for (const p of m.parsers) {
      const declared = parserDeclaration(p);
      if (out[declared.name]) continue;
      out[declared.name] = {
        parameters: (declared.parameters ?? []).map((q) => ({
          name: q.name,
          type: q.type,
          ...(q.default !== undefined ? { default: q.default } : {}),
        })),
        body: declared.body ?? "",
      };
    }
  }
  return out;
}

/** The functions a query may call, directly or through other functions (by name, textually). */
function functionsFor(all: Record<string, EngineFunction>, query: string): Record<string, EngineFunction> {
  const out: Record<string, EngineFunction> = {};
  const pending = [query];
  for (let text = pending.pop(); text !== undefined; text = pending.pop()) {
    for (const name of identifiers(text)) {
      const f = all[name];
      if (f && !out[name]) {
        out[name] = f;
        pending.push(f.body);
      }
    }
  }
  return out;
}

/** The query a case runs: its own `query:`, or the item's. */
function queryOf(target: Target, testCase: TestCase, nowMs: number): string {
  if (testCase.query) return testCase.query;
  switch (target.kind) {
    case "analyticRule":
    case "huntingQuery":
      return target.item.data.query;
    case "parser":
      return target.item.data.FunctionAlias;
    case "workbookQuery": {
      // Workbook parameters expand as the workbook would at `now` (time ranges count back from it).
      const key = JSON.stringify(target.queryPath);
      const found = workbookQueryText(target.workbook.template!.value, { now: new Date(nowMs) }).find(
        (q) => JSON.stringify(q.path) === key,
      );
      return found!.analysed;
    }
    default:
      return target.stream.transformKql ?? "source";
  }
}

interface CaseEnv {
  nowMs: number;
  onQuery?: (query: string, request: EngineRequest) => void;
  /** Every loaded parser, as a workspace function. */
  functions: Record<string, EngineFunction>;
  schemas: TableSchemas;
  engine: Engine;
  models: readonly SolutionModel[];
  testDir: string;
  errors: Array<{ path: Path; message: string }>;
}

function columnsFor(env: CaseEnv, table: string, at: Path): readonly ColumnSchema[] {
  const columns = env.schemas.columnsOf(table);
  if (!columns) {
    const guess = env.schemas.suggest(table);
    throw new TestFileError(
      `Unknown table '${table}': neither a Log Analytics table nor one the loaded solutions declare.`,
      at,
      guess ? `Did you mean '${guess}'?` : "Declare custom tables in the solution's tables/ folder.",
    );
  }
  return columns;
}

function streamFor(
  env: CaseEnv,
  table: string,
): { connector: CcfPushConnector; stream: CcfPushConnector["streams"][number] } | undefined {
  for (const m of env.models) {
    for (const c of m.dataConnectors) {
      if (c.data.kind !== "CcfPush") continue;
      const data = c.data as CcfPushConnector;
      const stream = data.streams.find((s) => s.table.toLowerCase() === table.toLowerCase());
      if (stream) return { connector: data, stream };
    }
  }
  return undefined;
}

/** The rows the workspace holds after a DCR took `records` in: stream declaration, transformKql, table schema. */
async function ingestThroughDcr(
  env: CaseEnv,
  table: string,
  records: readonly RowObject[],
  at: Path,
): Promise<RowObject[]> {
  const found = streamFor(env, table);
  if (!found) {
    throw new TestFileError(
      `No push connector of the loaded solutions has a stream into '${table}', so its records have no DCR to go through.`,
      at,
      "Give the table's rows directly with `rows:`.",
    );
  }
  const tableColumns = columnsFor(env, table, at);
  const declared = env.models.flatMap((m) => m.tables).find((t) => t.data.name === found.stream.table);
  // The stream declaration is derived from the table declaration (guid travels as string).
  const streamColumns: ColumnSchema[] = (declared?.data.columns ?? []).map((c) => ({
    name: c.name,
    type: c.type === "guid" ? "string" : c.type,
  }));
  const streamName = found.stream.streamName ?? `Custom-${found.stream.table.replace(/_CL$/i, "")}`;
  const byName = new Map(streamColumns.map((c) => [c.name, c]));
  const source: RowObject[] = [];
  records.forEach((record, i) => {
    const row: RowObject = {};
    for (const [name, value] of Object.entries(record)) {
      const column = byName.get(name);
      if (!column) {
        env.errors.push({
          path: [...at, i, name],
          message: `record ${i + 1}: field '${name}' is not declared by stream ${streamName}; the DCR drops it.`,
        });
        continue;
      }
      const cell = toCell(value, column.type, "ingest");
      if (cell === INVALID) {
        env.errors.push({
          path: [...at, i, name],
          message: `record ${i + 1}: field '${name}' is ${column.type} in stream ${streamName}, but the record sends ${describeJson(value)}; it would arrive empty.`,
        });
        continue;
      }
      row[name] = cell;
    }
    source.push(row);
  });
  const transform = found.stream.transformKql ?? "source";
  // A DCR transformation sees its stream as `source` and no workspace tables or functions.
  const result = await evaluate(env, transform, { source: { columns: streamColumns, rows: source } }, {}, at);
  if (!result) return [];
  const tableTypes = new Map(tableColumns.map((c) => [c.name, c.type]));
  const keep: Array<{ index: number; name: string; type: string }> = [];
  result.columns.forEach((c, index) => {
    const want = tableTypes.get(c.name);
    if (want === undefined) {
      env.errors.push({
        path: at,
        message: `the transformation of stream ${streamName} outputs column '${c.name}', which ${table} does not have; it is dropped.`,
      });
    } else if (want !== c.type && !(want === "string" && c.type === "guid")) {
      env.errors.push({
        path: at,
        message: `the transformation of stream ${streamName} outputs '${c.name}' as ${c.type}, but ${table} declares ${want}.`,
      });
    } else keep.push({ index, name: c.name, type: c.type });
  });
  return result.rows.map((r, i) => {
    const row: RowObject = {};
    for (const k of keep) row[k.name] = cellJson(r[k.index], k.type);
    if (row[TIME] === null || row[TIME] === undefined) {
      env.errors.push({
        path: [...at, i],
        message: `record ${i + 1} has no TimeGenerated after the transformation of stream ${streamName}.`,
      });
    }
    return row;
  });
}

async function evaluate(
  env: CaseEnv,
  query: string,
  tables: Record<string, EngineTable>,
  functions: Record<string, EngineFunction>,
  at: Path,
) {
  const request: EngineRequest = { tables, functions, now: datetimeText(BigInt(env.nowMs) * 10_000n) };
  env.onQuery?.(query, request);
  try {
    return await env.engine.evaluate(query, request);
  } catch (e) {
    if (e instanceof EngineError) {
      env.errors.push({
        path: at,
        message:
          e.kind === "unsupported"
            ? `the ${env.engine.name} engine cannot run this: ${e.message}`
            : e.message,
      });
      return undefined;
    }
    throw e;
  }
}

/** One table input as typed rows with TimeGenerated set. */
async function tableRows(env: CaseEnv, table: string, input: TestTableInput, at: Path): Promise<RowObject[]> {
  const raw = readInput(table, input, env.testDir, at);
  const columns = columnsFor(env, table, at);
  const where = (row: number, column?: string) => ({
    path: raw.kind === "rows" && input.rows ? [...at, "rows", row, ...(column ? [column] : [])] : at,
    label: `${table} ${raw.kind === "rows" ? "row" : "event"} ${row + 1}`,
  });
  const suggest = (name: string) => {
    const lower = columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
    return lower?.name;
  };
  const withTime = (rows: RowObject[], times: Array<number | undefined>) =>
    rows.map((row, i) => {
      if (row[TIME] !== undefined && row[TIME] !== null) return row;
      const t =
        input.ago !== undefined
          ? agoFor(input, i, env.nowMs, at)
          : (times[i] ?? agoFor(input, i, env.nowMs, at));
      return { ...row, [TIME]: datetimeText(BigInt(t) * 10_000n) };
    });
  switch (raw.kind) {
    case "rows":
      return withTime(
        typeRows(
          table,
          columns,
          raw.items as RowObject[],
          raw.fromText ? "ingest" : "strict",
          where,
          suggest,
        ),
        [],
      );
    case "records":
      return withTime(
        await ingestThroughDcr(env, table, raw.items as RowObject[], [
          ...at,
          input.records ? "records" : "file",
        ]),
        [],
      );
    default: {
      const parsed = linesToRows(raw.kind, raw.items as string[], at);
      const times = parsed.map((p) => (p.header ? headerTime(p.header, env.nowMs) : undefined));
      const rows = typeRows(
        table,
        columns,
        parsed.map((p) => p.row),
        "ingest",
        where,
        suggest,
      );
      if (raw.kind === "syslog") {
        rows.forEach((r, i) => {
          if (times[i] !== undefined && columns.some((c) => c.name === "EventTime"))
            r.EventTime = datetimeText(BigInt(times[i]!) * 10_000n);
        });
      }
      return withTime(rows, times);
    }
  }
}

function inWindow(row: RowObject, from: number, to: number, by: "TimeGenerated" | "ingestion"): boolean {
  const t = datetimeMs(by === "ingestion" ? (row[INGESTED] ?? row[TIME]) : row[TIME]);
  return t !== undefined && t > from && t <= to;
}

function resultRows(result: {
  columns: ReadonlyArray<{ name: string; type: string }>;
  rows: ReadonlyArray<ReadonlyArray<unknown>>;
}): Outcome {
  return {
    columns: result.columns.map((c) => c.name),
    rows: result.rows.map((r) =>
      Object.fromEntries(result.columns.map((c, i) => [c.name, cellJson(r[i], c.type)])),
    ),
  };
}

async function runCase(
  ctx: RunContext,
  schemas: TableSchemas,
  file: DetectionTestFile,
  target: Target,
  index: number,
): Promise<CaseResult> {
  const started = performance.now();
  const testCase = file.data.cases[index]!;
  const casePath: Path = ["cases", index];
  const nowText = testCase.now ?? file.data.now;
  const env: CaseEnv = {
    nowMs: nowText ? Date.parse(nowText) : Date.now(),
    functions: functionsOf(ctx.models),
    ...(ctx.onQuery
      ? {
          onQuery: (query: string, request: EngineRequest) =>
            ctx.onQuery!({ file, caseIndex: index, query, request }),
        }
      : {}),
    schemas,
    engine: ctx.engine,
    models: ctx.models,
    testDir: path.dirname(file.absolute),
    errors: [],
  };
  const done = (status: CaseStatus, mismatches: Mismatch[], outcome?: Outcome): CaseResult => ({
    name: testCase.name,
    index,
    status,
    mismatches,
    errors: env.errors,
    ...(outcome ? { outcome } : {}),
    durationMs: performance.now() - started,
  });
  if (target.kind === "dcrTransformation") {
    const input = testCase.inputs?.[target.stream.table];
    if (!input?.records && !(input?.file && input.format === "records")) {
      throw new TestFileError(
        `A DCR transformation test sends records: give inputs.${target.stream.table}.records (or a file with format: records).`,
        [...casePath, "inputs"],
      );
    }
  }
  const tables: Record<string, EngineTable> = {};
  const inputs = Object.entries(testCase.inputs ?? {});
  for (const [table, input] of inputs) {
    const rows = await tableRows(env, table, input, [...casePath, "inputs", table]);
    tables[table] = { columns: columnsFor(env, table, [...casePath, "inputs", table]), rows };
  }
  if (env.errors.length) return done("error", []);
  const expectPath: Path = [...casePath, "expect"];

  if (target.kind === "dcrTransformation") {
    const outcome: Outcome = {
      columns: columnsFor(env, target.stream.table, casePath).map((c) => c.name),
      rows: (tables[target.stream.table]?.rows ?? []).map((r) => ({ ...r })),
    };
    return finish(done, testCase, outcome, expectPath);
  }

  const query = queryOf(target, testCase, env.nowMs);
  // What a workspace would also hold: the functions the query calls and the known tables it names
  // (empty unless the case fills them). Passing only these keeps the engine's set-up small.
  const functions = functionsFor(env.functions, query);
  for (const name of schemas.mentioned([query, ...Object.values(functions).map((f) => f.body)])) {
    if (!tables[name]) tables[name] = { columns: schemas.columnsOf(name) ?? [], rows: [] };
  }
  if (target.kind === "analyticRule") {
    const rule = target.item.data as AnalyticRule;
    const w = runWindow(rule, env.nowMs);
    for (const [name, t] of Object.entries(tables)) {
      tables[name] = { columns: t.columns, rows: t.rows.filter((r) => inWindow(r, w.from, w.to, w.by)) };
    }
  }
  const result = await evaluate(env, query, tables, functions, [
    ...casePath,
    ...(testCase.query ? ["query"] : []),
  ]);
  if (!result) return done("error", []);
  if (target.kind === "analyticRule") {
    const run = simulateRun(target.item.data as AnalyticRule, result);
    return finish(
      done,
      testCase,
      { alerts: run.alerts, incidents: run.incidents, ...resultRows(result) },
      expectPath,
    );
  }
  return finish(done, testCase, resultRows(result), expectPath);
}

function finish(
  done: (status: CaseStatus, mismatches: Mismatch[], outcome?: Outcome) => CaseResult,
  testCase: TestCase,
  outcome: Outcome,
  expectPath: Path,
): CaseResult {
  const mismatches = compareOutcome(testCase.expect, outcome, expectPath);
  return done(mismatches.length ? "failed" : "passed", mismatches, outcome);
}

/** Raised for a test file that cannot be run at all (unknown item, bad input): exit 2. */
export class InvalidTestError extends Error {
  constructor(
    readonly file: DetectionTestFile,
    message: string,
    readonly path: Path,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "InvalidTestError";
  }
}

/** The item a test file names. Throws InvalidTestError when it names none, or several. */
export function targetOf(ctx: Pick<RunContext, "models" | "cwd">, file: DetectionTestFile): Target {
  const own = ctx.models.find(
    (m) => file.solutionDir && path.resolve(m.dir) === path.resolve(file.solutionDir),
  );
  const { target, candidates } = resolveTarget(
    file.data.item,
    file.data.kind,
    ctx.models,
    own,
    ctx.cwd,
    path.dirname(file.absolute),
  );
  if (target) return target;
  throw new InvalidTestError(
    file,
    candidates.length
      ? `'${file.data.item}' is ambiguous: ${candidates.map((c) => c.label).join(", ")}.`
      : `No analytics rule, hunting query, parser or DCR transformation is called '${file.data.item}'.`,
    ["item"],
    candidates.length
      ? "Add `kind:` or name the item by its id."
      : "Name the item by id, name, parser alias, `<connector id>/<table>`, or its file path in the solution.",
  );
}

/** Runs every case of a file. Throws InvalidTestError when the file names no item or gives unusable input. */
export async function runTestFile(
  ctx: RunContext,
  file: DetectionTestFile,
  target: Target = targetOf(ctx, file),
): Promise<FileResult> {
  const schemas = ctx.schemas ?? tableSchemas(ctx.models);
  const cases: CaseResult[] = [];
  for (let i = 0; i < file.data.cases.length; i++) {
    try {
      cases.push(await runCase(ctx, schemas, file, target, i));
    } catch (e) {
      if (e instanceof TestFileError) throw new InvalidTestError(file, e.message, e.path, e.hint);
      throw e;
    }
  }
  return { test: file, target, cases };
}

/**
 * The caller's tables as the engine reads them. Shapes (columns, row arrays or objects) are checked
 * up front; cells are converted to the engine's values (and checked against their column's type)
 * only when a column is read, and a reference to a table whose pipeline names the columns it uses
 * reads only those: a 40-column table filtered on three columns converts three columns.
 */
import { KqlQueryError, KqlUnsupportedError } from "./errors.js";
import { type KNode, kindOf, symbolClass, walkNodes } from "./tree.js";
import { CellError, coerceCell, type KqlColumn, kqlTypeOf, type Row, type Table } from "./values.js";

export interface InputTable {
  columns: ReadonlyArray<{ name: string; type: string }>;
  /** rows as arrays in column order, or as objects keyed by column name */
  rows: ReadonlyArray<ReadonlyArray<unknown> | Readonly<Record<string, unknown>>>;
}

type RawRow = ReadonlyArray<unknown> | Readonly<Record<string, unknown>>;

/** One caller table: its rows are the engine's own arrays, filled column by column on demand. */
class LazyTable {
  private rows: Row[] | undefined;
  private readonly converted: boolean[];
  /** the table with every column converted (what any reader the planner did not see gets) */
  readonly full: Table;

  constructor(
    readonly name: string,
    readonly columns: KqlColumn[],
    private readonly raw: ReadonlyArray<RawRow>,
  ) {
    this.converted = columns.map(() => false);
    const self = this;
    this.full = {
      columns,
      get rows() {
        return self.read(columns.map((_, i) => i));
      },
    };
  }

  get length(): number {
    return this.raw.length;
  }

  /** The rows with at least the given columns converted (the others may be unset). */
  read(needed: readonly number[]): Row[] {
    const missing = needed.filter((i) => !this.converted[i]);
    if (!this.rows) this.rows = this.raw.map(() => new Array<unknown>(this.columns.length));
    if (missing.length > 0) {
      this.convert(missing);
      for (const i of missing) this.converted[i] = true;
    }
    return this.rows;
  }

  /** Converts the given columns of raw row `i` into `row` (a single-pass reader's own row). */
  cellsInto(i: number, cols: readonly number[], row: Row): void {
    const raw = this.raw[i]!;
    const columns = this.columns;
    let j = 0;
    try {
      if (Array.isArray(raw))
        for (; j < cols.length; j++) row[cols[j]!] = coerceCell(raw[cols[j]!], columns[cols[j]!]!.type);
      else {
        const obj = raw as Readonly<Record<string, unknown>>;
        for (; j < cols.length; j++) {
          const c = columns[cols[j]!]!;
          row[cols[j]!] = coerceCell(obj[c.name], c.type);
        }
      }
    } catch (e) {
      if (e instanceof CellError)
        throw new KqlQueryError(
          `table ${this.name}, row ${i + 1}, column ${columns[cols[j]!]!.name}: ${e.message}`,
        );
      throw e;
    }
  }

  private convert(cols: readonly number[]): void {
    const rows = this.rows!;
    const columns = this.columns;
    const names = cols.map((i) => columns[i]!.name);
    const types = cols.map((i) => columns[i]!.type);
    const k = cols.length;
    let r = 0;
    let j = 0;
    try {
      for (; r < rows.length; r++) {
        const raw = this.raw[r]!;
        const out = rows[r]!;
        if (Array.isArray(raw)) for (j = 0; j < k; j++) out[cols[j]!] = coerceCell(raw[cols[j]!], types[j]!);
        else {
          const obj = raw as Readonly<Record<string, unknown>>;
          for (j = 0; j < k; j++) out[cols[j]!] = coerceCell(obj[names[j]!], types[j]!);
        }
      }
    } catch (e) {
      if (e instanceof CellError)
        throw new KqlQueryError(`table ${this.name}, row ${r + 1}, column ${names[j]}: ${e.message}`);
      throw e;
    }
  }
}

export class InputTables {
  private readonly byName = new Map<string, LazyTable>();
  /** table reference (a NameReference node of the query) → indexes of the columns it reads */
  private readonly plans = new Map<KNode, number[]>();

  constructor(input: Readonly<Record<string, InputTable>>) {
    for (const [name, t] of Object.entries(input)) this.byName.set(name, checkShape(name, t));
  }

  schemas(): Array<{ name: string; columns: KqlColumn[] }> {
    return [...this.byName.values()].map((t) => ({ name: t.name, columns: t.columns }));
  }

  /** Every table fully converted on first read of its rows (for readers without a plan). */
  asMap(): Map<string, Table> {
    return new Map([...this.byName].map(([name, t]) => [name, t.full]));
  }

  /** Records, for each reference to an input table in the query, the columns it reads. */
  plan(root: KNode): void {
    walkNodes(root, (n: KNode) => {
      if (kindOf(n) !== "NameReference" || symbolClass(n.ReferencedSymbol) !== "TableSymbol") return;
      const table = this.byName.get(n.ReferencedSymbol.Name);
      if (!table) return;
      const names = columnsReadFrom(n);
      if (!names) return;
      const needed: number[] = [];
      table.columns.forEach((c, i) => {
        if (names.has(c.name)) needed.push(i);
      });
      this.plans.set(n, needed);
    });
  }

  /** The table as `reference` reads it: only its planned columns, or all of them. */
  read(name: string, reference: KNode): Table | undefined {
    const t = this.byName.get(name);
    if (!t) return undefined;
    const needed = this.plans.get(reference);
    if (!needed) return t.full;
    let rows: Row[] | undefined;
    return {
      columns: t.columns,
      get rows() {
        rows ??= t.read(needed);
        return rows;
      },
      source: { length: t.length, cellsInto: (i, row) => t.cellsInto(i, needed, row) },
    };
  }
}

function checkShape(name: string, t: InputTable): LazyTable {
  if (!t || !Array.isArray(t.columns) || !Array.isArray(t.rows))
    throw new KqlQueryError(`table ${name}: expected { columns: [{ name, type }], rows: [...] }`);
  const columns: KqlColumn[] = t.columns.map((c, i) => {
    const type = typeof c?.type === "string" ? kqlTypeOf(c.type) : undefined;
    if (!c || typeof c.name !== "string" || !c.name)
      throw new KqlQueryError(`table ${name}: column ${i + 1} has no name`);
    if (!type)
      throw new KqlQueryError(`table ${name}: column ${c.name} has unknown type ${JSON.stringify(c.type)}`);
    if (type === "decimal") throw new KqlUnsupportedError("decimal columns", null, `${name}.${c.name}`);
    return { name: c.name, type };
  });
  t.rows.forEach((raw, r) => {
    const isArray = Array.isArray(raw);
    if (!isArray && (raw === null || typeof raw !== "object"))
      throw new KqlQueryError(`table ${name}, row ${r + 1}: expected an array or an object`);
    if (isArray && raw.length > columns.length)
      throw new KqlQueryError(
        `table ${name}, row ${r + 1}: ${raw.length} cells for ${columns.length} columns`,
      );
  });
  return new LazyTable(name, columns, t.rows);
}

/**
 * Operators that keep their input's columns and read only the columns they name, and operators
 * whose output holds only what they compute from named columns. A pipeline from a table through
 * the first kind to the second reads no other column of the table.
 */
const PASS_THROUGH = new Set(["FilterOperator", "ExtendOperator", "TakeOperator", "SortOperator"]);
const NARROWING = new Set(["ProjectOperator", "SummarizeOperator", "CountOperator"]);
/** functions that read columns they do not name */
const READS_UNNAMED = new Set(["pack_all", "column_ifexists"]);

/**
 * Names of the columns the pipeline starting at a table reference reads, or undefined when it may
 * read (or output) columns it does not name. An over-approximation: every name in its operators.
 */
function columnsReadFrom(reference: KNode): Set<string> | undefined {
  const names = new Set<string>();
  let node = reference;
  for (;;) {
    const pipe = node.Parent;
    if (!pipe || kindOf(pipe) !== "PipeExpression" || pipe.Expression !== node) return undefined;
    const op = pipe.Operator;
    const kind = kindOf(op);
    if (!PASS_THROUGH.has(kind) && !NARROWING.has(kind)) return undefined;
    if (!namesIn(op, names)) return undefined;
    if (NARROWING.has(kind)) return names;
    node = pipe;
  }
}

/** Adds the names referenced under `op`; false when something there reads unnamed columns. */
function namesIn(op: KNode, names: Set<string>): boolean {
  let open = false;
  walkNodes(op, (n: KNode) => {
    if (open) return;
    const kind = kindOf(n);
    if (kind === "StarExpression" || n.GetExpansion?.()) open = true;
    else if (kind === "FunctionCallExpression") {
      if (READS_UNNAMED.has(String(n.ReferencedSymbol?.Name ?? n.Name?.SimpleName))) open = true;
    } else if (kind === "NameReference") {
      names.add(String(n.SimpleName));
      if (n.ReferencedSymbol?.Name) names.add(String(n.ReferencedSymbol.Name));
    }
  });
  return !open;
}

/** Shared shapes of the compiler: compiled closures, scopes, and what an evaluation carries. */
import type { KNode } from "./tree.js";
import type { KqlType, Row, Table } from "./values.js";

/** A compiled scalar expression: one call per row. */
export type Fn = (row: Row) => unknown;

export type Binding =
  /** `constant`: the value is known at compile time (a let of a constant expression) */
  | { kind: "scalar"; fn: Fn; type: KqlType; constant?: boolean }
  | { kind: "table"; get: () => Table }
  | { kind: "function"; decl: KNode };

export class Scope {
  private readonly vars = new Map<string, Binding>();
  constructor(readonly parent?: Scope) {}
  set(name: string, b: Binding): void {
    this.vars.set(name, b);
  }
  get(name: string): Binding | undefined {
    return this.vars.get(name) ?? this.parent?.get(name);
  }
}

/** Position of the row being computed, for the window functions of serialized input. */
export interface Cursor {
  rows: Row[];
  i: number;
}

export interface Engine {
  /** ticks of now() for this evaluation */
  now: bigint;
  /** database tables by name (each converted in full on the first read of its rows) */
  tables: Map<string, Table>;
  /** a database table as one reference of the query reads it (only the columns its pipeline uses) */
  readTable(name: string, reference: KNode): Table | undefined;
  evalTabular(node: KNode, scope: Scope): Table;
}

export interface Ctx {
  engine: Engine;
  scope: Scope;
  /** column name → index in the row */
  cols: Map<string, number>;
  colTypes: KqlType[];
  cursor: Cursor;
  /** inside summarize: reads an aggregate's result instead of compiling the call */
  aggregateSlot?: (node: KNode) => Fn | undefined;
}

export function columnIndex(columns: ReadonlyArray<{ name: string }>): Map<string, number> {
  const m = new Map<string, number>();
  columns.forEach((c, i) => {
    m.set(c.name, i);
  });
  return m;
}

export function rowCtx(engine: Engine, scope: Scope, table: Table): Ctx {
  return {
    engine,
    scope,
    cols: columnIndex(table.columns),
    colTypes: table.columns.map((c) => c.type),
    cursor: lazyCursor(table),
  };
}

/** A cursor over the table's rows, which are read (and so built, for a planned input) when asked. */
function lazyCursor(table: Table): Cursor {
  let rows: Row[] | undefined;
  return {
    get rows() {
      rows ??= table.rows;
      return rows;
    },
    set rows(r: Row[]) {
      rows = r;
    },
    i: 0,
  };
}

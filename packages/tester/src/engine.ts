/** What the tester needs from a KQL engine: run a query over given tables and functions at a given time. */
import type { QueryResult } from "./semantics.js";
import type { ColumnSchema } from "./tables.js";

export interface EngineTable {
  columns: readonly ColumnSchema[];
  /** Rows as objects keyed by column name; absent columns are null. */
  rows: ReadonlyArray<Record<string, unknown>>;
}

export interface EngineFunction {
  parameters: ReadonlyArray<{ name: string; type: string; default?: string }>;
  body: string;
}

export interface EngineRequest {
  tables: Record<string, EngineTable>;
  functions: Record<string, EngineFunction>;
  /** ISO 8601: what now() and ago() see. */
  now: string;
}

export interface Engine {
  readonly name: string;
  /** Runs the query; remote engines answer asynchronously. Throws EngineError when it cannot. */
  evaluate(query: string, request: EngineRequest): QueryResult | Promise<QueryResult>;
}

/** The engine could not run the query (an unsupported operator, a query error); the case cannot be judged. */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly kind: "unsupported" | "query",
  ) {
    super(message);
    this.name = "EngineError";
  }
}

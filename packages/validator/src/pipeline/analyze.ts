import type { KqlAnalysis, KqlService } from "../kql/service.js";
import type { SchemaSnapshot } from "../schema/types.js";
import { hashOf } from "./cache.js";

/** One query to analyse, in a form that crosses a worker boundary. */
export interface AnalysisJob {
  /** The text handed to the analyser. */
  text: string;
  /** An extra input table (a DCR transformation's `source`). */
  inputTable?: { name: string; columns: Array<{ name: string; type: string }> } | undefined;
  bestPractices: boolean;
}

export function failedAnalysis(message: string): KqlAnalysis {
  return {
    diagnostics: [{ code: "KQL-CRASH", severity: "error", message, start: 0, length: 0 }],
    resultColumns: null,
    resultIsOpen: false,
    referencedTables: [],
    referencedFunctions: [],
  };
}

const inputVariants = new WeakMap<SchemaSnapshot, Map<string, SchemaSnapshot>>();

/** A snapshot with one more table (a DCR transformation's `source`), cached per column set. */
export function withInputTable(
  snap: SchemaSnapshot,
  table: NonNullable<AnalysisJob["inputTable"]>,
): SchemaSnapshot {
  const key = hashOf(table);
  let variants = inputVariants.get(snap);
  if (!variants) {
    variants = new Map();
    inputVariants.set(snap, variants);
  }
  let v = variants.get(key);
  if (!v) {
    const tables = new Map(snap.tables);
    tables.set(table.name, {
      name: table.name,
      origin: "solution",
      columns: table.columns.map((c) => ({ name: c.name, type: c.type as never })),
    });
    v = { hash: hashOf(snap.hash, key), tables, functions: snap.functions, problems: [] };
    variants.set(key, v);
  }
  return v;
}

/** Analyses one job; never throws. */
export function analyzeJob(service: KqlService, snap: SchemaSnapshot, job: AnalysisJob): KqlAnalysis {
  try {
    const schema = job.inputTable ? withInputTable(snap, job.inputTable) : snap;
    return service.analyze(job.text, schema, { bestPractices: job.bestPractices });
  } catch (e) {
    return failedAnalysis(`the KQL analyser failed on this query: ${(e as Error).message ?? String(e)}`);
  }
}

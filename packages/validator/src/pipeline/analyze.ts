import type { KqlAnalysis, KqlService } from "../kql/service.js";
import type { SchemaSnapshot } from "../schema/types.js";

/** One query to analyse, in a form that crosses a worker boundary. */
export interface AnalysisJob {
  /** The text handed to the analyser. */
  text: string;
  /** An extra input table (a DCR transformation's `source`). */
  inputTable?: { name: string; columns: Array<{ name: string; type: string }> } | undefined;
  bestPractices: boolean;
}

/** Analyses one job; never throws (the service reports its own failures as KQL-CRASH). */
export function analyzeJob(service: KqlService, snap: SchemaSnapshot, job: AnalysisJob): KqlAnalysis {
  return service.analyze(job.text, snap, {
    bestPractices: job.bestPractices,
    ...(job.inputTable ? { extraTables: [job.inputTable] } : {}),
  });
}

import { isBestPractice } from "../checks/kql-diagnostics.js";
import { failedAnalysis, type KqlAnalysis, type KqlService } from "../kql/service.js";
import type { SchemaSnapshot } from "../schema/types.js";
import { analyzeJob } from "./analyze.js";
import type { QuerySite } from "./query-sites.js";

/** Analyses one query site; never throws. Parsers come from the schema registry's analysis of their body. */
export function analyzeSite(
  site: QuerySite,
  getSnapshot: () => SchemaSnapshot | undefined,
  failure: () => string | undefined,
  service: KqlService,
  bestPractices: boolean,
): KqlAnalysis {
  const snap = getSnapshot();
  if (!snap) {
    return failedAnalysis(`not analysed: the schema could not be built (${failure() ?? "unknown error"})`);
  }
  try {
    if (site.role === "parser" && site.item.kind === "parser") {
      const fn = snap.functions.get(site.item.data.FunctionAlias);
      if (fn && fn.body === site.text) {
        // The registry analysed the body with the parameters declared; add best practices on top.
        const extra = bestPractices
          ? service
              .analyze(site.analysed, snap, { bestPractices: true })
              .diagnostics.filter((d) => isBestPractice(d.code))
          : [];
        return {
          // A recursive parser's cycle is reported once, on the parser (SCHEMA-RECURSIVE-FUNCTION).
          diagnostics: [
            ...fn.bodyDiagnostics
              .filter((d) => fn.state !== "recursive" || d.code !== "KQL-RECURSIVE-FUNCTION")
              .map((d) => ({ ...d })),
            ...extra,
          ],
          resultColumns:
            fn.state === "recursive"
              ? null
              : (fn.resultColumns?.map((c) => ({ name: c.name, type: c.type })) ?? null),
          resultIsOpen:
            fn.state !== "ok" || fn.referencedFunctions.some((f) => snap.functions.get(f)?.state !== "ok"),
          referencedTables: [...fn.referencedTables],
          referencedFunctions: [...fn.referencedFunctions],
        };
      }
    }
    return analyzeJob(service, snap, { text: site.analysed, inputTable: site.inputTable, bestPractices });
  } catch (e) {
    return failedAnalysis(`the KQL analyser failed on this query: ${(e as Error).message ?? String(e)}`);
  }
}

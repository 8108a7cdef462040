import {
  type Diagnostic,
  type DiagnosticSeverity,
  itemsOf,
  type SolutionModel,
  type SourceDocument,
  sortDiagnostics,
} from "@sentinelctl/content";
import { resolveSeverity, type ValidatorConfig } from "./config.js";
import { applySuppressions, parseSuppressions, type Suppression } from "./suppressions.js";

/** Every source document of the solutions' items (their files and attached templates). */
export function sourcesOf(solutions: readonly SolutionModel[]): SourceDocument[] {
  const sources = new Map<string, SourceDocument>();
  for (const model of solutions) {
    for (const item of itemsOf(model)) {
      sources.set(item.source.file, item.source);
      if (item.template) sources.set(item.template.source.file, item.template.source);
    }
  }
  return [...sources.values()];
}

/**
 * Raw findings as the user sees them: the configuration's notes added, severities as configured
 * (`off` drops a finding), inline suppressions in `sources` applied, duplicates merged, sorted.
 */
export function finaliseFindings(
  raw: readonly Diagnostic[],
  config: ValidatorConfig,
  sources: readonly SourceDocument[],
): Diagnostic[] {
  const severityOf = (code: string, fallback: DiagnosticSeverity) => resolveSeverity(config, code, fallback);
  const configured: Diagnostic[] = [];
  for (const d of [...raw, ...(config.notes ?? [])]) {
    const sev = severityOf(d.code, d.severity);
    if (sev) configured.push(sev === d.severity ? d : { ...d, severity: sev });
  }
  const suppressions: Suppression[] = [];
  for (const source of sources) suppressions.push(...parseSuppressions(source));
  return sortDiagnostics(dedupe(applySuppressions(configured, suppressions, severityOf)));
}

const WHERE_SUFFIX = / \(in (.+)\)$/;

/**
 * Drops exact duplicates, and merges findings that differ only in which query they came from
 * (a workbook helper that builds several items from one template literal): one finding that
 * names every item.
 */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byKey = new Map<string, { d: Diagnostic; labels: string[] }>();
  for (const d of diagnostics) {
    const m = WHERE_SUFFIX.exec(d.message);
    const base = m ? d.message.slice(0, m.index) : d.message;
    const key = `${d.file}:${d.range?.start.line}:${d.range?.start.column}:${d.code}:${d.severity}:${base}`;
    const prior = byKey.get(key);
    if (!prior) {
      const entry = { d: { ...d }, labels: m ? [m[1]!] : [] };
      byKey.set(key, entry);
      out.push(entry.d);
      continue;
    }
    if (m && !prior.labels.includes(m[1]!)) {
      prior.labels.push(m[1]!);
      prior.d.message = `${base} (in ${prior.labels.length} queries: ${prior.labels.join(", ")})`;
    }
  }
  return out;
}

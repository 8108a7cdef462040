import path from "node:path";
import {
  type AnyContentItem,
  type Diagnostic,
  type DiagnosticSeverity,
  itemsOf,
  type LoadResult,
  loadContent,
  type Range,
  type SolutionModel,
  type SourceDocument,
  sortDiagnostics,
} from "@sentinelctl/content";
import { isBestPractice } from "../checks/kql-diagnostics.js";
import { CHECKS } from "../checks/registry.js";
import type { Check, CheckContext, Report, Where } from "../checks/types.js";
import { failedAnalysis, getKqlService, type KqlAnalysis, type KqlService } from "../kql/service.js";
import { buildSchema } from "../schema/registry.js";
import type { SchemaInput, SchemaProblem, SchemaSnapshot } from "../schema/types.js";
import { analyzeJob } from "./analyze.js";
import { AnalysisCache, CACHE_DIR, getEngineVersion, hashOf } from "./cache.js";
import { excluder, loadConfig, resolveSeverity, type ValidatorConfig } from "./config.js";
import { buildProjectIndex, type SolutionSchema, siblingConnectors, solutionSchema } from "./project.js";
import { type QueryResult, type QuerySite, querySites } from "./query-sites.js";
import { findAzureSentinelRepo, repositoryDeclarations } from "./repository.js";
import { applySuppressions, parseSuppressions, type Suppression } from "./suppressions.js";
import { analyzeInWorkers, workerCount } from "./workers.js";

export interface ValidateOptions {
  /** Working directory: file names in diagnostics are relative to it; config and cache are found from it. */
  cwd?: string;
  /** A resolved configuration; by default sentinelctl.config.yaml is looked up from cwd. */
  config?: ValidatorConfig;
  /** Path of the configuration file (instead of looking it up). */
  configFile?: string;
  /** Cache results in `<cwd>/.sentinelctl-cache` (default true); false disables, a string is the directory. */
  cache?: boolean | string;
  /** Run only these check codes (and always the loader's findings). */
  only?: readonly string[];
  /** The KQL service to use (default: the process-wide one; Kusto loads once per process). */
  service?: KqlService;
  /** Kusto best-practice analyzers (KS5xx); default true. */
  bestPractices?: boolean;
  /**
   * Worker threads for analysis. Default: one thread, or one per core (up to 4) when at least
   * 1,000 queries need analysing; SENTINELCTL_THREADS overrides. See workers.ts for the measurements.
   */
  threads?: number;
  onProgress?: (message: string) => void;
}

export interface ValidationStats {
  solutions: number;
  items: number;
  files: number;
  queries: number;
  /** Queries analysed in this run (the rest came from the cache). */
  analysed: number;
  cacheHits: number;
  /** The whole result came from the cache (nothing changed since a previous run). */
  fromCache: boolean;
  kustoLoaded: boolean;
  durationMs: number;
  errors: number;
  warnings: number;
  infos: number;
}

export interface ValidationResult {
  diagnostics: Diagnostic[];
  stats: ValidationStats;
}

interface CachedRun {
  diagnostics: Diagnostic[];
  counts: Pick<ValidationStats, "solutions" | "items" | "queries">;
}

function rangeOfWhere(where: Where): { source?: SourceDocument; file?: string; range?: Range } {
  if ("query" in where) {
    const site = where.query.site;
    return { source: site.source, range: queryRange(site, where.start, where.length) };
  }
  if ("range" in where) return { source: where.source, range: where.range };
  return { source: where.source, range: where.source.range(where.path, where.which ?? "value") };
}

/** Maps a span of the analysed text back to the source file. */
export function queryRange(site: QuerySite, start: number, length: number): Range {
  const s = site.toTextOffset(start);
  if (s === undefined) return site.source.range(site.syntheticPath ?? site.path, "key");
  const e = length > 0 ? (site.toTextOffset(start + length - 1) ?? s) + 1 : s;
  return site.source.textRange(site.path, s, Math.max(0, e - s), site.text);
}

function schemaProblemTarget(
  problem: SchemaProblem,
  model: SolutionModel,
  config: ValidatorConfig,
  cwd: string,
): { file?: string; range?: Range } {
  if (problem.origin === "project") {
    const file = config.declarationsFile ?? config.file;
    return file ? { file: path.relative(cwd, file).split(path.sep).join("/") || file } : {};
  }
  if (problem.table) {
    const t = model.tables.find((x) => x.data.name === problem.table);
    if (t) {
      const col = problem.column ? t.data.columns.findIndex((c) => c.name === problem.column) : -1;
      const idx = problem.column ? t.data.columns.map((c) => c.name).lastIndexOf(problem.column) : -1;
      const at = problem.code === "SCHEMA-DUPLICATE-COLUMN" ? idx : col;
      return {
        file: t.source.file,
        range: t.source.range(at >= 0 ? [...t.path, "columns", at, "name"] : [...t.path, "name"]),
      };
    }
  }
  if (problem.function) {
    const p = model.parsers.find((x) => x.data.FunctionAlias === problem.function);
    if (p) {
      const param = problem.parameter
        ? (p.data.FunctionParams ?? []).findIndex((x) => x.Name === problem.parameter)
        : -1;
      return {
        file: p.source.file,
        range: p.source.range(
          param >= 0 ? [...p.path, "FunctionParams", param, "Type"] : [...p.path, "FunctionAlias"],
        ),
      };
    }
  }
  return {};
}

/**
 * Validates loaded content: runs every check over every solution, analyses every query, applies
 * the configuration (severities, exclusions) and inline suppressions. Loader findings in `load`
 * are included in the result. Never throws for content problems.
 */
export async function validateContent(
  load: LoadResult,
  options: ValidateOptions = {},
): Promise<ValidationResult> {
  const started = performance.now();
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const config =
    options.config ?? loadConfig({ cwd, ...(options.configFile ? { file: options.configFile } : {}) });
  const engine = getEngineVersion();
  const cacheDir =
    options.cache === false
      ? undefined
      : typeof options.cache === "string"
        ? path.resolve(cwd, options.cache)
        : path.join(cwd, CACHE_DIR);
  const cache = new AnalysisCache(cacheDir, engine);
  // Best-practice analyzers cost about a third more per query: skip them when configured off.
  const bestPractices =
    options.bestPractices !== false && resolveSeverity(config, "KQL-KS5", "info") !== undefined;
  const isExcluded = excluder(config, cwd);

  // Connector ids of solutions next to the loaded ones (they decide RULE-CONNECTOR-UNKNOWN).
  // An Azure-Sentinel checkout's own CI schemas (configured, or found above cwd or the content).
  const repoRoot = config.azureSentinelRepo ?? findAzureSentinelRepo([cwd, ...load.solutions.map((s) => s.dir)]);
  const repository = repoRoot ? repositoryDeclarations(repoRoot) : undefined;
  const siblings = siblingConnectors(load.solutions, repoRoot);

  // ---- whole-run cache: nothing changed since a previous run --------------------------------
  const runKey = hashOf(
    engine,
    config.hash,
    load.files,
    load.diagnostics,
    options.only ?? null,
    bestPractices,
    cwd,
    // The items themselves: a .ts content module may import helpers the loader does not list.
    load.solutions.map((s) => [
      s.dir,
      itemsOf(s).map((i) => [i.source.file, i.data, i.template?.value ?? null]),
    ]),
    [...siblings.ids].sort(),
    [...siblings.dataTypes].sort(),
    repository?.id ?? null,
  );
  const cachedRun = cache.getRun<CachedRun>(runKey);
  if (cachedRun) {
    return {
      diagnostics: cachedRun.diagnostics,
      stats: statsOf(cachedRun.diagnostics, {
        ...cachedRun.counts,
        files: load.files.length,
        analysed: 0,
        cacheHits: cachedRun.counts.queries,
        fromCache: true,
        kustoLoaded: false,
        durationMs: performance.now() - started,
      }),
    };
  }

  const solutions = load.solutions
    .map((m) => filterModel(m, isExcluded))
    .filter((m): m is SolutionModel => m !== undefined);
  const project = buildProjectIndex({ ...load, solutions }, config, siblings);
  const checks = options.only
    ? CHECKS.filter((c) => options.only!.some((o) => matchCode(c.meta.code, o)))
    : CHECKS;
  const service = options.service ?? getKqlService();

  const raw: Diagnostic[] = load.diagnostics.filter((d) => !d.file || !isExcluded(d.file));
  const sources = new Map<string, SourceDocument>();
  let queryCount = 0;
  let analysed = 0;
  let itemCount = 0;

  interface Prepared {
    model: SolutionModel;
    schema: SolutionSchema;
    getSnapshot(): SchemaSnapshot | undefined;
    failure(): string | undefined;
    results: Array<QueryResult | undefined>;
    sites: QuerySite[];
    keys: string[];
  }
  const prepared: Prepared[] = [];
  const pending: Array<{ at: Prepared; index: number }> = [];

  // ---- phase 1: schema, query sites, cache look-ups ---------------------------------------------
  for (const model of solutions) {
    options.onProgress?.(`validating ${model.folderName}`);
    const items = itemsOf(model);
    itemCount += items.length;
    for (const item of items) {
      sources.set(item.source.file, item.source);
      if (item.template) sources.set(item.template.source.file, item.template.source);
    }
    const schema = solutionSchema(model, config, engine, repository);
    let snapshot: SchemaSnapshot | undefined;
    let snapshotFailure: string | undefined;
    const getSnapshot = (): SchemaSnapshot | undefined => {
      if (snapshot || snapshotFailure) return snapshot;
      try {
        snapshot = buildSchema(schema.input, { service });
      } catch (e) {
        snapshotFailure = (e as Error).message ?? String(e);
      }
      return snapshot;
    };

    // schema problems (cached per schema key)
    const problemsKey = `schema:${schema.key}`;
    let problems = cache.get<SchemaProblem[]>(problemsKey);
    if (!problems) {
      const snap = getSnapshot();
      problems = snap ? [...snap.problems] : [];
      if (snap) cache.set(problemsKey, problems);
    }
    for (const p of problems) {
      // KQL-NOT-TABULAR reports the same thing as an error at the query's end.
      if (p.code === "SCHEMA-FUNCTION-NOT-TABULAR") continue;
      // Problems of the enclosing solution's own tables and parsers belong to its own validation.
      if (fromContextOnly(p, model)) continue;
      const where = schemaProblemTarget(p, model, config, cwd);
      raw.push({ code: p.code, severity: p.severity, message: p.message, ...where });
    }

    const sites = querySites(model);
    const at: Prepared = {
      model,
      schema,
      getSnapshot,
      failure: () => snapshotFailure,
      results: [],
      sites,
      keys: [],
    };
    prepared.push(at);
    sites.forEach((site, index) => {
      queryCount++;
      const key = `q:${hashOf(schema.key, site.role, site.role === "parser" ? site.item.source.file : "", site.analysed, site.inputTable ?? null, bestPractices)}`;
      at.keys.push(key);
      const analysis = cache.get<KqlAnalysis>(key);
      if (analysis) at.results[index] = { site, analysis, cached: true };
      else pending.push({ at, index });
    });
  }

  // ---- phase 2: analyse what the cache did not have (worker threads for large runs) -------------
  analysed = pending.length;
  const mayUseWorkers = !options.service || (options.threads ?? 1) > 1;
  const parallel = mayUseWorkers ? pending.filter((p) => p.at.sites[p.index]!.role !== "parser") : [];
  const threads = workerCount(parallel.length, options.threads);
  let fromWorkers = new Map<{ at: Prepared; index: number }, KqlAnalysis>();
  if (threads > 1 && parallel.length > 0) {
    options.onProgress?.(`analysing ${parallel.length} queries in ${threads} threads`);
    const schemas: Record<string, SchemaInput> = {};
    for (const p of parallel) schemas[p.at.schema.key] = p.at.schema.input;
    try {
      const out = await analyzeInWorkers(
        parallel.map((p) => {
          const site = p.at.sites[p.index]!;
          return {
            schemaKey: p.at.schema.key,
            job: { text: site.analysed, inputTable: site.inputTable, bestPractices },
          };
        }),
        schemas,
        threads,
      );
      fromWorkers = new Map(parallel.map((p, i) => [p, out[i]!]));
    } catch {
      // a worker failed to start (unusual environment): analyse in this thread instead
      fromWorkers = new Map();
    }
  }
  for (const p of pending) {
    const site = p.at.sites[p.index]!;
    if (pending.length > 50) options.onProgress?.(`analysing ${site.source.file}`);
    const analysis =
      fromWorkers.get(p) ?? analyzeSite(site, p.at.getSnapshot, p.at.failure, service, bestPractices);
    cache.set(p.at.keys[p.index]!, analysis);
    p.at.results[p.index] = { site, analysis, cached: false };
  }

  // ---- phase 3: checks ----------------------------------------------------------------------------
  for (const { model, schema, results: maybe, failure } of prepared) {
    const results = maybe.filter((r): r is QueryResult => r !== undefined);
    const snapshotFailure = failure();
    if (snapshotFailure) {
      raw.push({
        code: "KQL-CRASH",
        severity: "error",
        message: `The schema of this solution could not be built: ${snapshotFailure}`,
        file: model.solution?.source.file ?? model.folderName,
      });
    }
    const byItem = new Map<AnyContentItem, QueryResult[]>();
    for (const r of results) byItem.set(r.site.item, [...(byItem.get(r.site.item) ?? []), r]);
    for (const check of checks) {
      const ctx: CheckContext = {
        model,
        project,
        schema,
        queries: results,
        queriesOf: (item) => byItem.get(item) ?? [],
        connector: (id) => {
          const own = model.dataConnectors.find((c) => c.data.id.toLowerCase() === id.toLowerCase());
          return own ?? project.connectors.get(id.toLowerCase())?.item;
        },
        report: (r: Report) => raw.push(toDiagnostic(check, r)),
      };
      try {
        check.run(ctx);
      } catch (e) {
        raw.push({
          code: "VALIDATOR-INTERNAL",
          severity: "error",
          message: `Check ${check.meta.code} failed on this solution: ${(e as Error).message ?? String(e)}`,
          file: model.solution?.source.file ?? model.folderName,
          hint: "This is a bug in sentinelctl; the other checks still ran.",
        });
      }
    }
  }

  // ---- configuration, suppressions, order ------------------------------------------------------
  const severityOf = (code: string, fallback: DiagnosticSeverity) => resolveSeverity(config, code, fallback);
  const configured: Diagnostic[] = [];
  for (const d of raw) {
    const sev = severityOf(d.code, d.severity);
    if (sev) configured.push(sev === d.severity ? d : { ...d, severity: sev });
  }
  const suppressions: Suppression[] = [];
  for (const source of sources.values()) suppressions.push(...parseSuppressions(source));
  const diagnostics = sortDiagnostics(dedupe(applySuppressions(configured, suppressions, severityOf)));

  const counts = { solutions: solutions.length, items: itemCount, queries: queryCount };
  cache.setRun(runKey, { diagnostics, counts } satisfies CachedRun);
  cache.save();
  return {
    diagnostics,
    stats: statsOf(diagnostics, {
      ...counts,
      files: load.files.length,
      analysed,
      cacheHits: queryCount - analysed,
      fromCache: false,
      kustoLoaded: service.stats().kustoLoaded,
      durationMs: performance.now() - started,
    }),
  };
}

function statsOf(
  diagnostics: Diagnostic[],
  s: Omit<ValidationStats, "errors" | "warnings" | "infos">,
): ValidationStats {
  return {
    ...s,
    errors: diagnostics.filter((d) => d.severity === "error").length,
    warnings: diagnostics.filter((d) => d.severity === "warning").length,
    infos: diagnostics.filter((d) => d.severity === "info").length,
  };
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

function matchCode(code: string, pattern: string): boolean {
  const p = pattern.toUpperCase();
  const c = code.toUpperCase();
  if (p.endsWith("*"))
    return c.startsWith(p.slice(0, -1)) || (c.endsWith("*") && p.startsWith(c.slice(0, -1)));
  return c === p || (c.endsWith("*") && p.startsWith(c.slice(0, -1)));
}

function toDiagnostic(check: Check, r: Report): Diagnostic {
  const { source, range } = rangeOfWhere(r.at);
  const d: Diagnostic = {
    code: r.code ?? check.meta.code,
    severity: r.severity ?? check.meta.severity,
    message: r.message,
  };
  if (source) d.file = source.file;
  if (range) d.range = range;
  if (r.hint) d.hint = r.hint;
  return d;
}

/** Analyses one query site; never throws. Parsers come from the schema registry's analysis of their body. */
function analyzeSite(
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

function fromContextOnly(problem: SchemaProblem, model: SolutionModel): boolean {
  if (!model.context || problem.origin !== "solution") return false;
  if (problem.function) return !model.parsers.some((p) => p.data.FunctionAlias === problem.function);
  if (problem.table) return !model.tables.some((t) => t.data.name === problem.table);
  return false;
}

/** Drops excluded items (and whole excluded solutions) from a model. */
function filterModel(model: SolutionModel, isExcluded: (file: string) => boolean): SolutionModel | undefined {
  if (isExcluded(model.dir)) return undefined;
  const keep = <T extends AnyContentItem>(items: T[]) => items.filter((i) => !isExcluded(i.source.file));
  const m: SolutionModel = {
    ...model,
    tables: keep(model.tables),
    dataConnectors: keep(model.dataConnectors),
    parsers: keep(model.parsers),
    analyticRules: keep(model.analyticRules),
    huntingQueries: keep(model.huntingQueries),
    workbooks: keep(model.workbooks),
    playbooks: keep(model.playbooks),
    automationRules: keep(model.automationRules),
    ...(model.rejected ? { rejected: keep(model.rejected) } : {}),
  };
  if (model.solution && isExcluded(model.solution.source.file)) delete m.solution;
  return m;
}

export interface RunOptions extends ValidateOptions {}

/** Loads content from paths (default: the repository's Solutions/) and validates it. */
export async function runValidation(
  paths: string[],
  options: RunOptions = {},
): Promise<ValidationResult & { load: LoadResult }> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const config =
    options.config ?? loadConfig({ cwd, ...(options.configFile ? { file: options.configFile } : {}) });
  options.onProgress?.("loading content");
  const load = await loadContent(paths, { cwd });
  const result = await validateContent(load, { ...options, cwd, config });
  return { ...result, load };
}

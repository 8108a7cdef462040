import path from "node:path";
import {
  type AnyContentItem,
  type Diagnostic,
  itemsOf,
  type LoadResult,
  loadContent,
  type SolutionModel,
} from "@sentinelctl/content";
import { warmUpKusto } from "@sentinelctl/kql/kusto";
import type { Check } from "../checks/types.js";
import { getKqlService, type KqlAnalysis, type KqlService } from "../kql/service.js";
import { buildSchema } from "../schema/registry.js";
import type { RepositoryDeclarations, SchemaInput, SchemaProblem, SchemaSnapshot } from "../schema/types.js";
import { analyzeSite } from "./analyse-site.js";
import { AnalysisCache, CACHE_DIR, getEngineVersion, hasCacheFile, hashOf } from "./cache.js";
import { saveCachedRun } from "./cached-run.js";
import { excluder, loadConfig, resolveSeverity, type ValidatorConfig } from "./config.js";
import { finaliseFindings, sourcesOf } from "./finalise.js";
import {
  buildProjectIndex,
  type ProjectIndex,
  type SiblingConnectors,
  type SolutionSchema,
  siblingConnectors,
  solutionSchema,
} from "./project.js";
import { type QueryResult, type QuerySite, querySites } from "./query-sites.js";
import { findAzureSentinelRepo, repositoryDeclarations } from "./repository.js";
import { runChecks, selectChecks } from "./run-checks.js";
import { inputsOfRun } from "./run-inputs.js";
import { schemaProblemFindings } from "./schema-problems.js";
import { AnalysisHelpers, workerCount } from "./workers.js";

export { queryRange } from "./run-checks.js";

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

/** What one run works with, set up from the options before anything is analysed. */
interface RunSetup {
  cwd: string;
  config: ValidatorConfig;
  engine: string;
  cache: AnalysisCache;
  bestPractices: boolean;
  isExcluded: (file: string) => boolean;
  repository: RepositoryDeclarations | undefined;
  siblings: SiblingConnectors;
  /** Key of the whole run's result in the cache. */
  runKey: string;
}

/** One solution on its way through the run: its schema, query sites and their analyses. */
interface PreparedSolution {
  model: SolutionModel;
  schema: SolutionSchema;
  getSnapshot(): SchemaSnapshot | undefined;
  failure(): string | undefined;
  results: Array<QueryResult | undefined>;
  sites: QuerySite[];
  keys: string[];
}

interface PendingQuery {
  at: PreparedSolution;
  index: number;
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
  const run = setUpRun(load, options);
  const cachedRun = run.cache.getRun<CachedRun>(run.runKey);
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
    .map((m) => filterModel(m, run.isExcluded))
    .filter((m): m is SolutionModel => m !== undefined);
  const project = buildProjectIndex({ ...load, solutions }, run.config, run.siblings);
  const service = options.service ?? getKqlService();
  const raw: Diagnostic[] = load.diagnostics.filter((d) => !d.file || !run.isExcluded(d.file));

  const pending: PendingQuery[] = [];
  const prepared = solutions.map((model) => prepareSolution(model, run, service, pending));
  // Helper threads start before the schemas are built, so their Kusto start-up overlaps ours.
  const helpers = startHelpers(pending, options);
  try {
    for (const p of prepared) {
      options.onProgress?.(`validating ${p.model.folderName}`);
      raw.push(...schemaProblems(p, run));
    }
    await analysePending(pending, run, service, helpers, options);
  } finally {
    await helpers?.close();
  }
  const checks = selectChecks(options.only);
  for (const p of prepared) checkSolution(p, project, checks, raw);

  const diagnostics = finaliseFindings(raw, run.config, sourcesOf(solutions));
  const queryCount = prepared.reduce((n, p) => n + p.sites.length, 0);
  const counts = {
    solutions: solutions.length,
    items: solutions.reduce((n, m) => n + itemsOf(m).length, 0),
    queries: queryCount,
  };
  run.cache.setRun(run.runKey, { diagnostics, counts } satisfies CachedRun);
  run.cache.save();
  return {
    diagnostics,
    stats: statsOf(diagnostics, {
      ...counts,
      files: load.files.length,
      analysed: pending.length,
      cacheHits: queryCount - pending.length,
      fromCache: false,
      kustoLoaded: service.stats().kustoLoaded,
      durationMs: performance.now() - started,
    }),
  };
}

/** Configuration, cache, schema sources around the content, and the key of the whole run. */
function setUpRun(load: LoadResult, options: ValidateOptions): RunSetup {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const config =
    options.config ?? loadConfig({ cwd, ...(options.configFile ? { file: options.configFile } : {}) });
  const engine = getEngineVersion();
  const cacheDir = cacheDirOf(options, cwd);
  // Best-practice analyzers cost about a third more per query: skip them when configured off.
  const bestPractices =
    options.bestPractices !== false && resolveSeverity(config, "KQL-KS5", "info") !== undefined;
  // Connector ids of solutions next to the loaded ones (they decide RULE-CONNECTOR-UNKNOWN).
  // An Azure-Sentinel checkout's own CI schemas (configured, or found above cwd or the content).
  const repoRoot =
    config.azureSentinelRepo ?? findAzureSentinelRepo([cwd, ...load.solutions.map((s) => s.dir)]);
  const repository = repoRoot ? repositoryDeclarations(repoRoot) : undefined;
  const siblings = siblingConnectors(load.solutions, repoRoot);
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
  return {
    cwd,
    config,
    engine,
    cache: new AnalysisCache(cacheDir, engine),
    bestPractices,
    isExcluded: excluder(config, cwd),
    repository,
    siblings,
    runKey,
  };
}

function cacheDirOf(options: ValidateOptions, cwd: string): string | undefined {
  if (options.cache === false) return undefined;
  return typeof options.cache === "string" ? path.resolve(cwd, options.cache) : path.join(cwd, CACHE_DIR);
}

/**
 * A solution's schema (built lazily: only when a problem list or an analysis is not cached) and
 * its query sites, each either found in the cache or added to `pending`.
 */
function prepareSolution(
  model: SolutionModel,
  run: RunSetup,
  service: KqlService,
  pending: PendingQuery[],
): PreparedSolution {
  const schema = solutionSchema(model, run.config, run.engine, run.repository);
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

  const sites = querySites(model);
  const at: PreparedSolution = {
    model,
    schema,
    getSnapshot,
    failure: () => snapshotFailure,
    results: [],
    sites,
    keys: [],
  };
  sites.forEach((site, index) => {
    const key = `q:${hashOf(schema.key, site.role, site.role === "parser" ? site.item.source.file : "", site.analysed, site.inputTable ?? null, run.bestPractices)}`;
    at.keys.push(key);
    const analysis = run.cache.get<KqlAnalysis>(key);
    if (analysis) at.results[index] = { site, analysis, cached: true };
    else pending.push({ at, index });
  });
  return at;
}

/** A solution's schema problems as findings (cached by schema; building the schema loads Kusto). */
function schemaProblems(p: PreparedSolution, run: RunSetup): Diagnostic[] {
  const problemsKey = `schema:${p.schema.key}`;
  let problems = run.cache.get<SchemaProblem[]>(problemsKey);
  if (!problems) {
    const snap = p.getSnapshot();
    problems = snap ? [...snap.problems] : [];
    if (snap) run.cache.set(problemsKey, problems);
  }
  return schemaProblemFindings(problems, p.model, run.config, run.cwd);
}

/** Queries helper threads may take (parsers need the main thread's schema snapshot). */
function shareable(pending: readonly PendingQuery[]): PendingQuery[] {
  return pending.filter((p) => p.at.sites[p.index]!.role !== "parser");
}

/** Starts helper threads when there is enough to analyse (see workers.ts). */
function startHelpers(
  pending: readonly PendingQuery[],
  options: ValidateOptions,
): AnalysisHelpers | undefined {
  const mayUseWorkers = !options.service || (options.threads ?? 1) > 1;
  if (!mayUseWorkers) return undefined;
  const threads = workerCount(shareable(pending).length, options.threads);
  if (threads <= 1) return undefined;
  try {
    const helpers = new AnalysisHelpers(threads - 1);
    options.onProgress?.(`analysing ${pending.length} queries in ${threads} threads`);
    return helpers;
  } catch {
    return undefined; // a worker cannot start here (unusual environment): analyse in this thread
  }
}

/** Analyses what the cache did not have (shared with helper threads, if started) and caches it. */
async function analysePending(
  pending: readonly PendingQuery[],
  run: RunSetup,
  service: KqlService,
  helpers: AnalysisHelpers | undefined,
  options: ValidateOptions,
): Promise<void> {
  const here = (p: PendingQuery): KqlAnalysis => {
    const site = p.at.sites[p.index]!;
    if (!helpers && pending.length > 50) options.onProgress?.(`analysing ${site.source.file}`);
    return analyzeSite(site, p.at.getSnapshot, p.at.failure, service, run.bestPractices);
  };
  const record = (p: PendingQuery, analysis: KqlAnalysis): void => {
    const site = p.at.sites[p.index]!;
    run.cache.set(p.at.keys[p.index]!, analysis);
    p.at.results[p.index] = { site, analysis, cached: false };
  };
  if (!helpers) {
    for (const p of pending) record(p, here(p));
    return;
  }
  const parallel = shareable(pending);
  const shared = new Set(parallel);
  const mainOnly = pending.filter((p) => !shared.has(p));
  for (const p of mainOnly) record(p, here(p));
  const schemas: Record<string, SchemaInput> = {};
  for (const p of parallel) schemas[p.at.schema.key] = p.at.schema.input;
  const jobs = parallel.map((p) => {
    const site = p.at.sites[p.index]!;
    return {
      schemaKey: p.at.schema.key,
      job: { text: site.analysed, inputTable: site.inputTable, bestPractices: run.bestPractices },
    };
  });
  const analyses = await helpers.share(jobs, schemas, (i) => here(parallel[i]!));
  for (const [i, p] of parallel.entries()) record(p, analyses[i]!);
}

/** Runs the checks over one prepared solution (its findings into `raw`). */
function checkSolution(
  p: PreparedSolution,
  project: ProjectIndex,
  checks: readonly Check[],
  raw: Diagnostic[],
): void {
  const snapshotFailure = p.failure();
  if (snapshotFailure) {
    raw.push({
      code: "KQL-CRASH",
      severity: "error",
      message: `The schema of this solution could not be built: ${snapshotFailure}`,
      file: p.model.solution?.source.file ?? p.model.folderName,
    });
  }
  const queries = p.results.filter((r): r is QueryResult => r !== undefined);
  runChecks({ model: p.model, project, schema: p.schema, queries }, checks, raw);
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

/** Drops excluded items (and whole excluded solutions) from a model. */
export function filterModel(
  model: SolutionModel,
  isExcluded: (file: string) => boolean,
): SolutionModel | undefined {
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
  const startedAt = Date.now();
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const config =
    options.config ?? loadConfig({ cwd, ...(options.configFile ? { file: options.configFile } : {}) });
  options.onProgress?.("loading content");
  // Without a cache to answer from, queries will be analysed: start Kusto's one-time work as soon
  // as the loader first waits (file reads, .ts compilation), instead of after it.
  const warmUp = hasCacheFile(cacheDirOf(options, cwd)) ? undefined : setImmediate(warmUpKusto);
  const load = await loadContent(paths, { cwd });
  // Still pending: loading never waited, so there is nothing to overlap; Kusto loads when first used.
  if (warmUp) clearImmediate(warmUp);
  const result = await validateContent(load, { ...options, cwd, config });
  const inputs = options.cache === false ? undefined : inputsOfRun(paths, cwd, load, config);
  if (inputs) {
    const { errors, warnings, infos, solutions, items, files, queries } = result.stats;
    const request = {
      cwd,
      paths,
      configFile: config.file,
      only: options.only,
      bestPractices: options.bestPractices,
      cacheDir: cacheDirOf(options, cwd),
    };
    saveCachedRun(request, inputs, startedAt, {
      diagnostics: result.diagnostics,
      stats: { errors, warnings, infos, solutions, items, files, queries },
    });
  }
  return { ...result, load };
}

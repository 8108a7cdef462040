/**
 * `sentinelctl plan` and `sentinelctl deploy`: resolve solutions for one or many workspaces and
 * show (plan) or apply (deploy) the difference with their live state. See packages/deployer.
 *
 * stdout carries the result (plan, summary; with --json one JSON object; with --markdown a
 * Markdown report for $GITHUB_STEP_SUMMARY); progress goes to stderr on a TTY only.
 *
 * Both validate the solutions they touch first (the same checks as `sentinelctl validate`) and
 * stop on an error before anything is read from or written to Azure; `--no-validate` skips that
 * and says so in the summary. `plan --out FILE` saves the plan; `deploy --plan FILE` applies
 * exactly that plan (see packages/deployer/src/saved-plan.ts).
 *
 * Exit codes: 0 ok (a plan with changes is ok), 1 validation errors, a deploy with failures or
 * conflicts, or kept resources with --fail-on-kept, 2 bad input, usage or credentials.
 * Interrupted before the run started: 130 (SIGINT) / 143 (SIGTERM).
 */
import { appendFileSync, existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import {
  type DeployMode,
  type Diagnostic,
  didYouMean,
  type LoadResult,
  loadContent,
  type SolutionModel,
} from "@sentinelctl/content";
import {
  CREDENTIAL_KINDS,
  type CredentialKind,
  DeployError,
  type DeployerOptions,
  type DesiredSolution,
  deployJson,
  deploySavedPlan,
  deployTargets,
  isLoopback,
  loadTargetsFile,
  planJson,
  planTargets,
  type ResolvedTarget,
  type RunResult,
  readSavedPlan,
  redact,
  renderDeploySummaryMarkdown,
  renderDeploySummaryText,
  renderPlanMarkdown,
  renderPlanText,
  resolveCloud,
  type SavedPlan,
  type TargetSpec,
  toSavedPlan,
} from "@sentinelctl/deployer";
import type { Command } from "commander";
import { emulatorCredential, emulatorSeedWorkspace } from "../emulator-credential.js";
import { createOutput, EXIT, type Output, UsageError } from "../ui.js";
import { writeWhole } from "../write-whole.js";

export interface DeployCommandOptions {
  subscription?: string;
  resourceGroup?: string;
  workspace?: string;
  location?: string;
  targets?: string;
  mode: string;
  prune?: boolean;
  allowDataLoss?: boolean;
  failOnKept?: boolean;
  /** false with --no-validate. */
  validate?: boolean;
  /** plan: write the plan to this file. */
  out?: string;
  /** deploy: apply this saved plan. */
  plan?: string;
  verbose?: boolean;
  json?: boolean;
  markdown?: boolean;
  concurrency: string;
  endpoint?: string;
  ca?: string;
  environment?: string;
  authorityHost?: string;
  credential?: string;
  content?: string;
  showUnchanged?: boolean;
  summaryFile?: string;
}

export interface DeployCommandDeps {
  output?: Output;
  /** Overrides for tests (retry delays, LRO polling, a ready credential). */
  deployer?: Partial<DeployerOptions>;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Replaces content loading, validation and the builder (tests of the command's own behaviour). */
  resolveDesired?: (target: ResolvedTarget, mode: DeployMode) => DesiredSolution[];
  /** Replaces the plan / deploy report (drift reads the plan its own way); returns the exit code. */
  present?: (result: RunResult, models: SolutionModel[]) => Promise<number> | number;
}

/** Raised at a stage boundary after SIGINT / SIGTERM arrived before the run started. */
class Interrupted extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super("interrupted");
  }
}

/**
 * SIGINT / SIGTERM: before the run, say what was interrupted and stop at the next stage; during
 * the run, finish the requests in flight, start nothing new and print the summary. A second
 * signal exits at once.
 */
class SignalStages {
  private stage = "starting";
  private running = false;
  private caught: NodeJS.Signals | undefined;
  private readonly abort = new AbortController();
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    if (this.abort.signal.aborted) process.exit(signal === "SIGTERM" ? 143 : 130);
    this.caught = signal;
    this.abort.abort();
    this.output.done();
    this.output.err(
      this.running
        ? `stopping (${signal}): waiting for the requests in flight (Ctrl-C again to quit now)...`
        : `interrupted (${signal}) while ${this.stage}; nothing was written.`,
    );
  };

  constructor(private readonly output: Output) {
    process.on("SIGINT", this.onSignal);
    process.on("SIGTERM", this.onSignal);
  }

  /** Throws Interrupted if a signal came during the stage that ends here. */
  checkpoint(next: string): void {
    if (this.caught) throw new Interrupted(this.caught);
    this.stage = next;
  }

  /** The last checkpoint: from here a signal lets the requests in flight finish. */
  startRun(): AbortSignal {
    this.checkpoint("running");
    this.running = true;
    return this.abort.signal;
  }

  dispose(): void {
    process.off("SIGINT", this.onSignal);
    process.off("SIGTERM", this.onSignal);
  }
}

type ResolveSolution = typeof import("@sentinelctl/builder").resolveSolution;

async function loadResolver(): Promise<ResolveSolution> {
  // Imported lazily: `plan --help` does not pay for the builder.
  const { resolveSolution } = await import("@sentinelctl/builder");
  return resolveSolution;
}

function solutionKeys(m: SolutionModel): string[] {
  const keys = [m.folderName];
  if (m.solution) keys.push(m.solution.data.id, m.solution.data.name);
  return keys.filter(Boolean).map((k) => k.toLowerCase());
}

async function loadSolutions(
  args: string[],
  cwd: string,
): Promise<{ models: SolutionModel[]; files: LoadResult["files"] }> {
  const pathArgs = args.filter((a) => existsSync(path.resolve(cwd, a)));
  const nameArgs = args.filter((a) => !pathArgs.includes(a));
  const results = [];
  if (pathArgs.length) results.push(await loadContent(pathArgs, { cwd }));
  if (nameArgs.length || !pathArgs.length) results.push(await loadContent([], { cwd }));
  const errors = results.flatMap((r) => r.diagnostics).filter((d) => d.severity === "error");
  if (errors.length) {
    const first = errors
      .slice(0, 5)
      .map(
        (d) =>
          `${d.file ?? ""}${d.range ? `:${d.range.start.line}:${d.range.start.column}` : ""}: ${d.message}`,
      )
      .join("\n  ");
    throw new UsageError(
      `The content has ${errors.length} error(s):\n  ${first}${errors.length > 5 ? "\n  ..." : ""}`,
      "Run `sentinelctl validate` for the full list.",
    );
  }
  const fromPaths = pathArgs.length ? results[0]!.solutions.filter((m) => m.solution) : [];
  const repo = nameArgs.length || !pathArgs.length ? results.at(-1)!.solutions.filter((m) => m.solution) : [];
  const files = results.flatMap((r) => r.files);
  if (!args.length) {
    if (!repo.length) {
      throw new UsageError(
        "No solution found.",
        "Run from the repository root (or pass --content DIR), or name a solution folder.",
      );
    }
    return { models: repo, files };
  }
  const chosen = [...fromPaths, ...nameArgs.map((name) => pickSolution(repo, name))];
  if (!chosen.length) throw new UsageError(`No solution found in ${pathArgs.join(", ")}.`);
  // The same solution named twice (by path and by name) is deployed once.
  const models = chosen.filter(
    (m, i) => chosen.findIndex((x) => x.solution!.data.id === m.solution!.data.id) === i,
  );
  return { models, files };
}

/** The validator's findings on the solutions a run touches (the same checks as `validate`). */
async function validateSolutions(
  models: SolutionModel[],
  files: LoadResult["files"],
  cwd: string,
  output: Output,
): Promise<Diagnostic[]> {
  const { validateContent } = await import("@sentinelctl/validator");
  const inside = (f: string) => models.some((m) => f === m.dir || f.startsWith(`${m.dir}${path.sep}`));
  const load: LoadResult = {
    solutions: models,
    diagnostics: [],
    files: files.filter((f) => inside(path.resolve(cwd, f.file))),
  };
  const result = await validateContent(load, { cwd, onProgress: (m) => output.progress(m) });
  return result.diagnostics;
}

/** Every id the repository declares for a solution, in any deploy mode (prune keeps them). */
function declaredIds(resolveSolution: ResolveSolution, m: SolutionModel, target: ResolvedTarget): string[] {
  const where = {
    subscriptionId: target.subscriptionId,
    resourceGroup: target.resourceGroup,
    workspace: target.workspace,
    location: target.location,
  };
  return (["content", "package"] as const).flatMap((mode) =>
    resolveSolution(m, where, { mode }).map((r) => r.id),
  );
}

/**
 * Checks that FILE can be created (its folder exists and is writable; it is not a folder), so a
 * bad --out fails before any work, as an input error.
 */
function checkOutFile(flag: string, file: string): void {
  const dir = path.dirname(file);
  let why: string | undefined;
  try {
    if (!statSync(dir).isDirectory()) why = `${dir} is not a folder`;
  } catch {
    why = `folder ${dir} does not exist`;
  }
  if (!why && existsSync(file) && statSync(file).isDirectory()) why = `${file} is a folder`;
  if (why)
    throw new UsageError(`${flag} ${file}: ${why}.`, "Give a file path in an existing, writable folder.");
}

/** Writes FILE whole or not at all (temp file in the same folder, then rename). */
function pickSolution(all: SolutionModel[], name: string): SolutionModel {
  const found = all.find((m) => solutionKeys(m).includes(name.toLowerCase()));
  if (found) return found;
  const guess = didYouMean(
    name,
    all.map((m) => m.folderName),
  );
  throw new UsageError(
    `Unknown solution '${name}'.`,
    guess
      ? `Did you mean '${guess}'?`
      : `Known solutions: ${all.map((m) => m.folderName).join(", ") || "(none)"}.`,
  );
}

function parseOptions(
  o: DeployCommandOptions,
  env: NodeJS.ProcessEnv,
): { mode: DeployMode; concurrency: number; credential?: CredentialKind } {
  if (o.mode !== "content" && o.mode !== "package") {
    throw new UsageError(`--mode must be 'content' or 'package' (got '${o.mode}').`);
  }
  const concurrency = /^\d+$/.test(o.concurrency) ? Number(o.concurrency) : Number.NaN;
  if (!(concurrency >= 1 && concurrency <= 64)) {
    throw new UsageError(`--concurrency must be an integer between 1 and 64 (got '${o.concurrency}').`);
  }
  if (o.json && o.markdown) throw new UsageError("--json and --markdown cannot be combined.");
  for (const [flag, set] of [
    ["--allow-data-loss", o.allowDataLoss],
    ["--fail-on-kept", o.failOnKept],
  ] as const) {
    if (set && !o.prune && !o.plan)
      throw new UsageError(
        `${flag} only applies to prune.`,
        `Add --prune to delete what the repository no longer declares.`,
      );
  }
  const credential = credentialKind(o, env);
  return { mode: o.mode, concurrency, ...(credential ? { credential } : {}) };
}

/** `--credential` (or $SENTINELCTL_CREDENTIAL), checked. */
export function credentialKind(
  o: Pick<DeployCommandOptions, "credential">,
  env: NodeJS.ProcessEnv,
): CredentialKind | undefined {
  const credential = o.credential ?? env.SENTINELCTL_CREDENTIAL;
  if (credential !== undefined && !(CREDENTIAL_KINDS as readonly string[]).includes(credential)) {
    const guess = didYouMean(credential, CREDENTIAL_KINDS);
    throw new UsageError(
      `Unknown --credential '${credential}'.`,
      guess ? `Did you mean '${guess}'?` : `Use one of ${CREDENTIAL_KINDS.join(", ")}.`,
    );
  }
  return credential as CredentialKind | undefined;
}

type SeedWorkspace = Awaited<ReturnType<typeof emulatorSeedWorkspace>>;

/**
 * The emulator's seeded workspace when `o` names no target but a loopback endpoint. Awaited only
 * then, so that every other start-up stays synchronous up to loading content.
 */
export function emulatorSeedFor(o: DeployCommandOptions): Promise<SeedWorkspace> | undefined {
  const named = o.targets ?? o.subscription ?? o.resourceGroup ?? o.workspace;
  return !named && o.endpoint && isLoopback(o.endpoint) ? emulatorSeedWorkspace() : undefined;
}

export function targetsFrom(
  o: DeployCommandOptions,
  env: NodeJS.ProcessEnv,
  notes: string[],
  seed?: SeedWorkspace,
): TargetSpec[] {
  const single = o.subscription ?? o.resourceGroup ?? o.workspace;
  if (o.targets) {
    if (single)
      throw new UsageError(
        "--targets cannot be combined with --subscription / --resource-group / --workspace.",
      );
    return loadTargetsFile(o.targets, env);
  }
  let { subscription, resourceGroup, workspace } = o;
  if (seed && !subscription && !resourceGroup && !workspace) {
    ({ subscriptionId: subscription, resourceGroup, workspace } = seed);
    notes.push(`note: no target given; using the emulator's seeded workspace ${resourceGroup}/${workspace}.`);
  }
  subscription ??= env.AZURE_SUBSCRIPTION_ID;
  const missing = [
    ["--subscription", subscription],
    ["--resource-group", resourceGroup],
    ["--workspace", workspace],
  ]
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length) {
    throw new UsageError(
      `Missing ${missing.join(", ")}.`,
      "Name the workspace with --subscription, --resource-group and --workspace, or pass --targets FILE.",
    );
  }
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(subscription!)) {
    throw new UsageError(`--subscription '${subscription}' is not a subscription id (a GUID).`);
  }
  const t: TargetSpec = {
    name: `${resourceGroup}/${workspace}`,
    subscriptionId: subscription!,
    resourceGroup: resourceGroup!,
    workspace: workspace!,
  };
  if (o.location) t.location = o.location;
  return [t];
}

export function readCa(file: string | undefined, cwd: string): string | undefined {
  if (!file) return undefined;
  try {
    const pem = readFileSync(path.resolve(cwd, file), "utf8");
    if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new Error("not a PEM certificate");
    return pem;
  } catch (e) {
    throw new UsageError(
      `--ca ${file}: ${(e as Error).message}`,
      "Pass the CA certificate (PEM) the emulator prints as `ca:`.",
    );
  }
}

function usageWithPlan(o: DeployCommandOptions, solutionArgs: string[]): void {
  const clash = [
    solutionArgs.length ? "solution arguments" : "",
    o.targets ? "--targets" : "",
    o.subscription || o.resourceGroup || o.workspace ? "--subscription / --resource-group / --workspace" : "",
    o.mode !== "content" ? "--mode" : "",
    o.prune ? "--prune" : "",
    o.allowDataLoss ? "--allow-data-loss" : "",
  ].filter(Boolean);
  if (clash.length) {
    throw new UsageError(
      `--plan cannot be combined with ${clash.join(", ")}: the plan names its targets, mode and prune.`,
      "Make a new plan with those options (`sentinelctl plan ... --out FILE`) and deploy it.",
    );
  }
}

/** What one plan / deploy invocation works with, shared by the stages below. */
interface RunContext {
  kind: "plan" | "deploy";
  o: DeployCommandOptions;
  deps: DeployCommandDeps;
  env: NodeJS.ProcessEnv;
  /** The content root (--content, else the working directory). */
  contentDir: string;
  /** Where relative --ca, --out, --plan and --summary-file paths start. */
  workDir: string;
  output: Output;
  signals: SignalStages;
}

/** The options, checked and read before anything else is loaded. */
interface RunInputs {
  parsed: ReturnType<typeof parseOptions>;
  ca: string | undefined;
  outFile: string | undefined;
  saved: SavedPlan | undefined;
}

/** What the run should make true, and whether the validator approved it. */
interface Desired {
  resolve: (target: ResolvedTarget, mode: DeployMode) => DesiredSolution[];
  validation: RunResult["validation"];
  loaded: SolutionModel[];
}

/** Runs plan or deploy; returns the exit code. */
export async function runDeployCommand(
  kind: "plan" | "deploy",
  solutionArgs: string[],
  o: DeployCommandOptions,
  deps: DeployCommandDeps = {},
): Promise<number> {
  const output = deps.output ?? createOutput({ json: Boolean(o.json) });
  const ctx: RunContext = {
    kind,
    o,
    deps,
    env: deps.env ?? process.env,
    contentDir: path.resolve(deps.cwd ?? o.content ?? process.cwd()),
    workDir: deps.cwd ?? process.cwd(),
    output,
    signals: new SignalStages(output),
  };
  let result: RunResult;
  let desired: Desired;
  /** plan --out: written after the plan is printed, so a plan that failed still shows why. */
  let savePlan: (() => void) | undefined;
  try {
    ctx.signals.checkpoint("reading the options");
    const inputs = readRunInputs(ctx, solutionArgs);
    const notes: string[] = [];
    // Awaited only for the emulator's seed: up to loading content, start-up stays synchronous.
    const seeding = inputs.saved ? undefined : emulatorSeedFor(o);
    const seed = seeding && (await seeding);
    const targets = inputs.saved ? [] : targetsFrom(o, ctx.env, notes, seed);
    const prepared = await prepareDesired(ctx, solutionArgs, inputs.saved, targets);
    if (typeof prepared === "number") return prepared;
    desired = prepared;
    ctx.signals.checkpoint("connecting");
    for (const n of notes) if (!o.json) output.err(n);
    const options = await deployerOptions(ctx, inputs);
    const withSignal = { ...options, signal: ctx.signals.startRun() };
    result = inputs.saved
      ? await deploySavedPlan(inputs.saved, withSignal)
      : kind === "plan"
        ? await planTargets(targets, desired.resolve, withSignal)
        : await deployTargets(targets, desired.resolve, withSignal);
    if (desired.validation) result.validation = desired.validation;
    if (inputs.outFile)
      savePlan = planSaver(ctx, inputs.outFile, inputs.parsed.mode, result, options, desired.validation);
  } catch (e) {
    output.done();
    return exitCodeOfFailure(e, output);
  } finally {
    ctx.signals.dispose();
  }
  output.done();
  if (deps.present) return deps.present(result, desired.loaded);
  presentResult(kind, result, o, output, ctx.workDir);
  if (savePlan) {
    try {
      savePlan();
    } catch (e) {
      if (!(e instanceof DeployError || e instanceof UsageError)) throw e;
      printUserError(e, output);
      return result.exitCode === 0 ? EXIT.input : result.exitCode;
    }
  }
  return result.exitCode;
}

/** The exit code of a run stopped by a signal or a user-caused error; anything else is a bug and rethrown. */
function exitCodeOfFailure(e: unknown, output: Output): number {
  if (e instanceof Interrupted) return e.signal === "SIGTERM" ? 143 : 130;
  if (e instanceof DeployError) {
    printUserError(e, output);
    return e.exitCode === 2 ? EXIT.input : EXIT.findings;
  }
  if (e instanceof UsageError) {
    printUserError(e, output);
    return EXIT.input;
  }
  throw e;
}

/** A user-caused error and its hint on stderr (the deployer's messages are redacted already). */
function printUserError(e: DeployError | UsageError, output: Output): void {
  output.err(redact(`error: ${e.message}`));
  if (e.hint) output.err(`hint: ${e.hint}`);
}

/** The options and the files they name (--ca, --out, --plan), checked. */
function readRunInputs(ctx: RunContext, solutionArgs: string[]): RunInputs {
  const { o, env, workDir } = ctx;
  const parsed = parseOptions(o, env);
  const ca = readCa(o.ca, workDir);
  const outFile = o.out ? path.resolve(workDir, o.out) : undefined;
  if (outFile) checkOutFile("--out", outFile);
  const saved = o.plan ? readSavedPlan(path.resolve(workDir, o.plan)) : undefined;
  if (saved) usageWithPlan(o, solutionArgs);
  return { parsed, ca, outFile, saved };
}

/**
 * The resources each target should hold: from the saved plan, the test's resolver, or the loaded
 * and validated content. Returns the exit code instead when validation found errors.
 */
async function prepareDesired(
  ctx: RunContext,
  solutionArgs: string[],
  saved: SavedPlan | undefined,
  targets: TargetSpec[],
): Promise<Desired | number> {
  const { o, deps, signals, output, contentDir } = ctx;
  if (saved) return { resolve: () => [], validation: saved.validated ? "passed" : "skipped", loaded: [] };
  if (deps.resolveDesired) {
    return {
      resolve: deps.resolveDesired,
      validation: o.validate === false ? "skipped" : undefined,
      loaded: [],
    };
  }
  signals.checkpoint("loading content");
  const { models, files } = await loadSolutions(solutionArgs, contentDir);
  // Targets that name solutions must name loaded ones: checked before anything is read.
  for (const t of targets) for (const n of t.solutions ?? []) pickSolution(models, n);
  let validation: RunResult["validation"] = "skipped";
  if (o.validate !== false) {
    signals.checkpoint("validating");
    const findings = await validateSolutions(models, files, contentDir, output);
    output.done();
    if (findings.some((d) => d.severity === "error"))
      return reportInvalid(ctx.kind, findings, contentDir, output, o);
    // warnings do not stop a run, but are worth seeing (e.g. a table nothing writes to)
    const warnings = findings.filter((d) => d.severity === "warning");
    if (warnings.length) await printFindings(warnings, contentDir, output);
    validation = "passed";
  }
  signals.checkpoint("loading the builder");
  const resolveSolution = await loadResolver();
  return { resolve: desiredSolutions(models, resolveSolution, Boolean(o.prune)), validation, loaded: models };
}

/** How the deployer reaches the workspace (endpoint, trust, credential) and reports progress. */
async function deployerOptions(ctx: RunContext, { parsed, ca, saved }: RunInputs): Promise<DeployerOptions> {
  const { kind, o, deps, env, output } = ctx;
  const endpoint = o.endpoint ?? (saved && isLoopback(saved.endpoint) ? saved.endpoint : undefined);
  // The local emulator is named by a loopback endpoint: its published identity, unless the
  // user pinned a credential (which then must be complete).
  const credential =
    parsed.credential ??
    (endpoint && isLoopback(endpoint)
      ? await emulatorCredential(endpoint, { ca: ca ?? deps.deployer?.ca })
      : undefined);
  return {
    mode: parsed.mode,
    concurrency: parsed.concurrency,
    prune: Boolean(o.prune),
    allowDataLoss: Boolean(o.allowDataLoss),
    failOnKept: Boolean(o.failOnKept),
    env,
    ...(endpoint ? { endpoint } : {}),
    ...(o.environment ? { environment: o.environment } : {}),
    ...(o.authorityHost ? { authorityHost: o.authorityHost } : {}),
    ...(ca ? { ca } : {}),
    ...(credential ? { credential } : {}),
    onTargetStart: (t, i, n) =>
      output.progress(`${kind === "plan" ? "planning" : "deploying"} ${t.name} (${i + 1}/${n})...`),
    onProgress: (t, e) =>
      output.progress(
        `${t.name}: ${e.done}/${e.total} ${e.result.status} ${e.result.item.contentKind} ${e.result.item.displayName}`,
      ),
    ...deps.deployer,
  };
}

/** Writes the plan for `deploy --plan` (plan --out), when called after the plan was shown. */
function planSaver(
  { o, output }: RunContext,
  outFile: string,
  mode: DeployMode,
  result: RunResult,
  options: DeployerOptions,
  validation: RunResult["validation"],
): () => void {
  return () => {
    const plan = toSavedPlan(result, {
      endpoint: resolveCloud({
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.environment ? { environment: options.environment } : {}),
      }).endpoint,
      mode,
      prune: Boolean(o.prune),
      allowDataLoss: Boolean(o.allowDataLoss),
      validated: validation !== "skipped",
    });
    writeWhole(outFile, `${JSON.stringify(plan, null, 2)}\n`, "--out");
    if (!o.json) output.err(`plan saved to ${o.out}; apply it with: sentinelctl deploy --plan ${o.out}`);
  };
}

/** The result, as the options ask: text, JSON or Markdown, and the --summary-file. */
function presentResult(
  kind: "plan" | "deploy",
  result: RunResult,
  o: DeployCommandOptions,
  output: Output,
  cwd: string,
): void {
  if (o.summaryFile) {
    const md =
      kind === "plan"
        ? renderPlanMarkdown(result)
        : `${renderDeploySummaryMarkdown(result)}\n\n${renderPlanMarkdown(result)}`;
    try {
      appendFileSync(path.resolve(cwd, o.summaryFile), `${md}\n`);
    } catch (e) {
      output.err(`warning: could not write --summary-file ${o.summaryFile}: ${(e as Error).message}`);
    }
  }
  if (o.json) {
    output.out(JSON.stringify(kind === "plan" ? planJson(result) : deployJson(result), null, 2));
  } else if (o.markdown) {
    output.out(kind === "plan" ? renderPlanMarkdown(result) : renderDeploySummaryMarkdown(result));
  } else if (kind === "plan") {
    output.out(renderPlanText(result, { color: output.color, showUnchanged: Boolean(o.showUnchanged) }));
  } else {
    // What was planned, then what happened: a partial deploy is never silent.
    const changed = result.targets.some((t) => t.plan?.items.some((i) => i.action !== "unchanged"));
    if (changed) output.out(renderPlanText({ ...result, validation: undefined }, { color: output.color }));
    output.out(renderDeploySummaryText(result, { color: output.color, verbose: Boolean(o.verbose) }));
  }
}

/** The resources each target should hold: its solutions (or all loaded), resolved for it. */
function desiredSolutions(
  models: SolutionModel[],
  resolveSolution: ResolveSolution,
  prune: boolean,
): (target: ResolvedTarget, mode: DeployMode) => DesiredSolution[] {
  return (target, mode) => {
    const chosen = target.solutions?.length ? target.solutions.map((n) => pickSolution(models, n)) : models;
    return chosen.map((m) => ({
      id: m.solution!.data.id,
      name: m.solution!.data.name,
      resources: resolveSolution(
        m,
        {
          subscriptionId: target.subscriptionId,
          resourceGroup: target.resourceGroup,
          workspace: target.workspace,
          location: target.location,
        },
        { mode },
      ),
      ...(prune ? { declared: declaredIds(resolveSolution, m, target) } : {}),
    }));
  };
}

async function printFindings(findings: Diagnostic[], cwd: string, output: Output): Promise<void> {
  const { formatDiagnostics } = await import("@sentinelctl/validator");
  output.err(formatDiagnostics(findings, "pretty", { color: output.color, cwd }).replace(/\n+$/, ""));
}

/** Validation errors: the findings as `validate` prints them, nothing read or written; exit 1. */
function reportInvalid(
  kind: "plan" | "deploy",
  findings: Diagnostic[],
  cwd: string,
  output: Output,
  o: DeployCommandOptions,
): Promise<number> {
  return printFindings(findings, cwd, output).then(() => {
    const errors = findings.filter((d) => d.severity === "error").length;
    output.err(
      `error: ${kind} stopped: the content has ${errors} validation error(s); nothing was read from or written to Azure.`,
    );
    output.err(
      "hint: fix them (`sentinelctl validate` shows the same findings), or pass --no-validate to skip the check.",
    );
    if (o.json) {
      output.out(
        JSON.stringify(
          {
            kind: kind === "plan" ? "plan" : "deploy-summary",
            ok: false,
            validation: "failed",
            diagnostics: findings,
          },
          null,
          2,
        ),
      );
    }
    return EXIT.findings;
  });
}

/** The workspace to read and how to reach it (plan, deploy, drift). */
export function addTargetOptions(cmd: Command): Command {
  return cmd
    .option("-s, --subscription <id>", "subscription id of the workspace (default: $AZURE_SUBSCRIPTION_ID)")
    .option("-g, --resource-group <name>", "resource group of the workspace")
    .option("-w, --workspace <name>", "Log Analytics workspace with Microsoft Sentinel")
    .option("-l, --location <region>", "workspace region (default: read from the workspace)")
    .option(
      "--targets <file>",
      "YAML list of workspaces {name, subscription, resourceGroup, workspace, location?, solutions?}",
    )
    .option("--endpoint <url>", "ARM endpoint (private cloud, or the local emulator: https://127.0.0.1:PORT)")
    .option("--ca <file>", "extra CA certificate (PEM) to trust, e.g. the emulator's")
    .option("--environment <cloud>", "AzureCloud | AzureUSGovernment | AzureChinaCloud")
    .option(
      "--authority-host <url>",
      "Entra authority host (default: the cloud's; the endpoint itself when loopback)",
    )
    .option(
      "--credential <kind>",
      "default | cli | env | workload | secret (default: DefaultAzureCredential; the emulator's dev identity for a loopback endpoint)",
    )
    .option("--content <dir>", "repository root or Solutions folder (default: the working directory)");
}

function addCommon(cmd: Command): Command {
  return addTargetOptions(cmd)
    .option(
      "--mode <mode>",
      "content: the items themselves; package: Content Hub package and templates",
      "content",
    )
    .option(
      "--prune",
      "delete items this solution deployed (per sentinelctl metadata) that are gone from the repository",
    )
    .option(
      "--allow-data-loss",
      "with --prune: also delete custom tables, data collection rules and endpoints (their data goes with them)",
    )
    .option("--fail-on-kept", "exit 1 when prune keeps a data-bearing resource (no --allow-data-loss)")
    .option("--no-validate", "skip the validator (the summary says so)")
    .option("--json", "machine-readable output (one JSON object on stdout)")
    .option("--markdown", "Markdown output instead of text")
    .option("--summary-file <file>", "also append the Markdown report to FILE (e.g. $GITHUB_STEP_SUMMARY)")
    .option("--concurrency <n>", "writes in flight per phase", "8");
}

export function registerDeployCommands(program: Command): void {
  addCommon(
    program
      .command("plan")
      .argument("[solutions...]", "solution folders or names (default: every solution)")
      .description(
        "Show what a deploy would create, update or delete (reads the workspace, changes nothing).",
      ),
  )
    .option("--show-unchanged", "list unchanged items too")
    .addHelpText(
      "after",
      "\nValidates the solutions first (stops on errors; --no-validate skips that).\n" +
        "Exit codes: 0 planned, 1 validation errors, a failed target, or kept resources with --fail-on-kept,\n" +
        "2 bad usage or input, credentials, unreachable or untrusted endpoint.",
    )
    .option("--out <file>", "save the plan (writes with body hashes and live etags) for `deploy --plan`")
    .action(async (solutions: string[], opts: DeployCommandOptions) => {
      process.exitCode = await runDeployCommand("plan", solutions, opts);
    });
  addCommon(
    program
      .command("deploy")
      .argument("[solutions...]", "solution folders or names (default: every solution)")
      .description("Apply solutions to Sentinel workspaces in dependency order; writes only what changed."),
  )
    .option(
      "--plan <file>",
      "apply exactly this saved plan (from `plan --out`), refusing items that changed since",
    )
    .option("--verbose", "list every item a missing permission blocked")
    .addHelpText(
      "after",
      "\nValidates the solutions first (stops on errors; --no-validate skips that). Every write is conditional\n" +
        "on the state the plan read (If-None-Match / If-Match): what changed meanwhile is a conflict, not overwritten.\n" +
        "Exit codes: 0 applied, 1 validation errors, failed or conflicting items, a stale --plan, or an interrupted run,\n" +
        "2 bad usage or input (an edited --plan too), credentials, unreachable or untrusted endpoint.",
    )
    .action(async (solutions: string[], opts: DeployCommandOptions) => {
      process.exitCode = await runDeployCommand("deploy", solutions, opts);
    });
}

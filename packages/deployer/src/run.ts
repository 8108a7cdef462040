/**
 * Plan and deploy over one or many workspaces. Each target gets its own client (own request
 * counter), is read, planned and applied on its own, and any error is contained in its outcome:
 * one failing workspace neither stops nor corrupts the others.
 */
import { isIP } from "node:net";
import { connect, rootCertificates as tlsRootCertificates } from "node:tls";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import type { DeployMode, DeployTarget, ResolvedResource } from "@sentinelctl/content";
import {
  type ApplyCounts,
  type ApplyResult,
  applyPlan,
  conflictError,
  emptyApplyCounts,
  type ItemResult,
  type ProgressEvent,
} from "./apply.js";
import { ArmClient } from "./arm-client.js";
import {
  type CloudSettings,
  type CredentialKind,
  createCredential,
  isLoopback,
  resolveCloud,
} from "./credential.js";
import { DeployError, describeCredentialError, describeError, type MissingPermission } from "./errors.js";
import { readLiveState } from "./live-state.js";
import type { RetryOptions } from "./pipeline.js";
import { ABSENT, computePlan, type DesiredSolution, type Plan, type PlanItem } from "./plan.js";
import { idKey } from "./resource-id.js";
import { planOf, type SavedPlan, type SavedPlanTarget } from "./saved-plan.js";
import type { TargetSpec } from "./targets.js";

export interface DeployerOptions {
  /** ARM endpoint override (private cloud, the local emulator). */
  endpoint?: string;
  environment?: string;
  authorityHost?: string;
  /** PEM of an extra CA to trust. */
  ca?: string;
  /** A credential kind, or a ready TokenCredential (tests, embedding). */
  credential?: CredentialKind | TokenCredential;
  retry?: RetryOptions;
  lroPollIntervalMs?: number;
  /** Writes in flight per phase. Default 8. */
  concurrency?: number;
  mode?: DeployMode;
  prune?: boolean;
  /** Lets prune delete data-bearing resources (custom tables, DCRs, DCEs); otherwise they are kept. */
  allowDataLoss?: boolean;
  /** Exit 1 when prune kept a data-bearing resource. */
  failOnKept?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Cancels the run: in-flight writes finish, nothing new starts, the summary says what was applied. */
  signal?: AbortSignal;
  onTargetStart?: (target: TargetSpec, index: number, total: number) => void;
  onProgress?: (target: TargetSpec, event: ProgressEvent) => void;
}

/** A target with its location known (from the targets file, a flag or the workspace itself). */
export type ResolvedTarget = TargetSpec & DeployTarget;

/** Produces the desired resources of a target (the builder's resolveSolution per solution). */
export type ResolveDesired = (
  target: ResolvedTarget,
  mode: DeployMode,
) => Promise<DesiredSolution[]> | DesiredSolution[];

export type TargetStatus = "ok" | "failed";

export interface TargetOutcome {
  target: TargetSpec;
  location?: string;
  status: TargetStatus;
  plan?: Plan;
  apply?: ApplyResult;
  /** Item counts of the apply (zeros for plan runs). */
  counts: ApplyCounts;
  /** HTTP requests sent to ARM for this target (retries included). */
  requests: number;
  /** Of which: reading the workspace and its live state (the plan). */
  planRequests: number;
  /** PUT and DELETE requests among them. */
  writes: number;
  durationMs: number;
  /** A target-level error (credentials, workspace not found, a LIST that failed...). */
  error?: DeployError;
  /** Item failures (and conflicts) of the apply. */
  failures: ItemFailure[];
}

export interface ItemFailure {
  id: string;
  displayName: string;
  contentKind: string;
  action: string;
  message: string;
  hint?: string;
  category: string;
  permission?: MissingPermission;
}

export interface RunResult {
  kind: "plan" | "deploy";
  targets: TargetOutcome[];
  totals: ApplyCounts & { requests: number; writes: number; targetsFailed: number };
  /** 0 ok, 1 some deploy failures (or kept resources with failOnKept), 2 bad input or credentials. */
  exitCode: 0 | 1 | 2;
  /** Whether the content was validated first; set by the caller that ran the validator. */
  validation?: "passed" | "skipped";
}

interface LocatedDiagnostic {
  message: string;
  file?: string;
  range?: { start: { line: number; column: number } };
  hint?: string;
}

interface Session {
  cloud: CloudSettings;
  ca?: string;
  credential: TokenCredential;
  tried: string[];
  description: string;
}

function isTokenCredential(c: unknown): c is TokenCredential {
  return typeof c === "object" && c !== null && typeof (c as TokenCredential).getToken === "function";
}

export function openSession(options: DeployerOptions): Session {
  const cloud = resolveCloud({
    ...(options.environment ? { environment: options.environment } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.authorityHost ? { authorityHost: options.authorityHost } : {}),
  });
  if (isTokenCredential(options.credential)) {
    return {
      cloud,
      credential: options.credential,
      tried: ["the supplied credential"],
      description: "supplied credential",
      ...(options.ca ? { ca: options.ca } : {}),
    };
  }
  const choice = createCredential({
    cloud,
    ...(options.credential ? { kind: options.credential } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.ca ? { ca: options.ca } : {}),
    ...(options.retry
      ? {
          retry: {
            ...(options.retry.maxRetries !== undefined
              ? { maxRetries: Math.min(options.retry.maxRetries, 3) }
              : {}),
            ...(options.retry.retryDelayInMs !== undefined
              ? { retryDelayInMs: options.retry.retryDelayInMs }
              : {}),
            ...(options.retry.maxRetryDelayInMs !== undefined
              ? { maxRetryDelayInMs: options.retry.maxRetryDelayInMs }
              : {}),
          },
        }
      : {}),
  });
  return {
    cloud,
    credential: choice.credential,
    tried: choice.tried,
    description: choice.description,
    ...(options.ca ? { ca: options.ca } : {}),
  };
}

/** Gets one token up front, so a missing or broken credential is one clear message, not N item failures. */
async function preflight(session: Session): Promise<void> {
  let token: AccessToken | null;
  try {
    token = await session.credential.getToken(session.cloud.scope);
  } catch (e) {
    // MSAL hides network causes behind "endpoints_resolution_error": look for ourselves.
    const unreachable = await probe(session.cloud.authorityHost, session.ca);
    if (unreachable) throw unreachable;
    throw describeCredentialError(e, {
      credentialTried: session.tried,
      endpoint: session.cloud.authorityHost,
    });
  }
  if (!token) {
    throw new DeployError("credential", `No Azure credential found. Tried: ${session.tried.join("; ")}.`);
  }
}

/** A TLS handshake with the host of `url`: a DeployError when it cannot be reached or trusted. */
async function probe(url: string, ca?: string, timeoutMs = 3000): Promise<DeployError | undefined> {
  let host: string;
  let port: number;
  try {
    const u = new URL(url);
    host = u.hostname.replace(/^\[|\]$/g, "");
    port = Number(u.port || 443);
  } catch {
    return undefined;
  }
  const code = await new Promise<string | undefined>((resolve) => {
    const socket = connect({
      host,
      port,
      ...(isIP(host) ? {} : { servername: host }),
      ...(ca ? { ca: [...tlsRootCertificates, ca] } : {}),
    });
    const done = (c: string | undefined) => {
      socket.destroy();
      resolve(c);
    };
    socket.setTimeout(timeoutMs, () => done("ETIMEDOUT"));
    socket.once("secureConnect", () => done(undefined));
    socket.once("error", (e: NodeJS.ErrnoException) => done(e.code ?? "ECONNREFUSED"));
  });
  return code ? describeError(Object.assign(new Error(code), { code }), { endpoint: url }) : undefined;
}

function clientFor(session: Session, target: TargetSpec, options: DeployerOptions): ArmClient {
  return new ArmClient({
    endpoint: session.cloud.endpoint,
    credential: session.credential,
    scope: session.cloud.scope,
    subscriptionId: target.subscriptionId,
    ...(options.ca ? { ca: options.ca } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    // The local emulator answers at once: poll it briskly; Azure gets the SDKs' 2 s default.
    lroPollIntervalMs: options.lroPollIntervalMs ?? (isLoopback(session.cloud.endpoint) ? 100 : 2000),
  });
}

/**
 * An ARM client for reading one workspace (import): the same credential choice, trust and
 * preflight as plan and deploy, so a missing credential or an untrusted endpoint reads the same.
 */
export async function openReadClient(target: TargetSpec, options: DeployerOptions = {}): Promise<ArmClient> {
  const session = openSession(options);
  await preflight(session);
  return clientFor(session, target, options);
}

function writesOf(client: ArmClient): number {
  const m = client.stats.byMethod;
  return (m.PUT ?? 0) + (m.DELETE ?? 0) + (m.PATCH ?? 0) + (m.POST ?? 0);
}

/** Where a target's plan comes from: computed now from the repository, or a saved plan. */
type PlanSource = { resolve: ResolveDesired } | { saved: SavedPlanTarget };

async function runTarget(
  kind: "plan" | "deploy",
  session: Session,
  target: TargetSpec,
  source: PlanSource,
  options: DeployerOptions,
): Promise<TargetOutcome> {
  const started = Date.now();
  const client = clientFor(session, target, options);
  const outcome: TargetOutcome = {
    target,
    status: "ok",
    counts: emptyApplyCounts(),
    requests: 0,
    planRequests: 0,
    writes: 0,
    durationMs: 0,
    failures: [],
  };
  const errCtx = {
    subscriptionId: target.subscriptionId,
    resourceGroup: target.resourceGroup,
    workspace: target.workspace,
    endpoint: session.cloud.endpoint,
    credentialTried: session.tried,
  };
  try {
    let location = target.location;
    try {
      const ws = await client.getWorkspace(target.resourceGroup, target.workspace);
      location ??= ws.location;
    } catch (e) {
      throw describeError(e, { ...errCtx, operation: "read workspace" });
    }
    outcome.location = location;
    let plan: Plan;
    let stale: PlanItem[] = [];
    if ("saved" in source) {
      plan = planOf(source.saved);
      stale = await movedSincePlan(client, { ...target, ...(location ? { location } : {}) }, plan);
    } else {
      plan = await planNow(client, target, location, source.resolve, options);
    }
    outcome.plan = plan;
    outcome.planRequests = client.stats.requests;
    if (kind === "deploy" && stale.length) {
      outcome.apply = refuseStalePlan(plan, stale);
      outcome.counts = outcome.apply.counts;
      outcome.status = "failed";
      outcome.error = new DeployError(
        "conflict",
        `The plan is stale: ${stale.length} item(s) changed since it was made; nothing was written.`,
        { hint: "Run plan again, review it, and deploy the new plan." },
      );
      collectFailures(outcome);
    } else if (kind === "deploy") {
      const apply = await applyPlan(client, plan, {
        concurrency: options.concurrency ?? 8,
        ...(options.signal ? { signal: options.signal } : {}),
        context: { ...errCtx, ...(location ? { location } : {}) },
        ...(options.onProgress ? { onProgress: (e: ProgressEvent) => options.onProgress!(target, e) } : {}),
      });
      outcome.apply = apply;
      outcome.counts = apply.counts;
      collectFailures(outcome);
      if (apply.counts.failed > 0 || apply.counts.conflict > 0 || options.signal?.aborted)
        outcome.status = "failed";
      if (options.signal?.aborted) {
        outcome.error = new DeployError(
          "cancelled",
          "Cancelled: in-flight requests finished, nothing else was started.",
        );
      }
    } else {
      outcome.counts.unchanged = plan.counts.unchanged;
      outcome.counts.kept = plan.counts.kept;
    }
  } catch (e) {
    outcome.status = "failed";
    outcome.error = e instanceof DeployError ? e : describeError(e, errCtx);
  }
  outcome.requests = client.stats.requests;
  if (kind === "plan" || !outcome.plan) outcome.planRequests = outcome.requests;
  outcome.writes = writesOf(client);
  outcome.durationMs = Date.now() - started;
  return outcome;
}

/** Resolves the desired resources of a target and computes its plan against the live state. */
async function planNow(
  client: ArmClient,
  target: TargetSpec,
  location: string | undefined,
  resolve: ResolveDesired,
  options: DeployerOptions,
): Promise<Plan> {
  const resolved: ResolvedTarget = { ...target, location: location ?? "" };
  const mode = options.mode ?? "content";
  let desired: DesiredSolution[];
  try {
    desired = await resolve(resolved, mode);
  } catch (e) {
    if (e instanceof DeployError) throw e;
    // The builder reports model errors as an InputError carrying a located diagnostic.
    const d = (e as { diagnostic?: LocatedDiagnostic }).diagnostic;
    const at = d?.file ? `${d.file}${d.range ? `:${d.range.start.line}:${d.range.start.column}` : ""}: ` : "";
    throw new DeployError(
      "input",
      `Could not resolve the solutions for '${target.name}': ${at}${d?.message ?? (e as Error).message}`,
      d?.hint ? { hint: d.hint } : {},
    );
  }
  const resources = desired.flatMap((s) => s.resources);
  const live = await readLiveState(client, { ...target, ...(location ? { location } : {}) }, resources, {
    prune: options.prune ?? false,
    ownerSolutionIds: desired.map((s) => s.id),
  });
  const plan = computePlan(desired, live, {
    prune: options.prune ?? false,
    allowDataLoss: options.allowDataLoss ?? false,
    subscriptionId: target.subscriptionId,
    resourceGroup: target.resourceGroup,
  });
  if (
    target.location &&
    location &&
    target.location.replace(/\s/g, "").toLowerCase() !== location.toLowerCase()
  ) {
    plan.warnings.push(`location '${target.location}' was given, the workspace reports '${location}'.`);
  }
  return plan;
}

/** The items of a saved plan whose live etag is no longer the one the plan was made against. */
async function movedSincePlan(
  client: ArmClient,
  target: TargetSpec & { location?: string },
  plan: Plan,
): Promise<PlanItem[]> {
  const writes = plan.items.filter((i) => i.action !== "kept");
  const asResources = writes.map(
    (i) =>
      ({
        id: i.id,
        type: i.type,
        apiVersion: i.apiVersion,
        phase: i.phase,
        contentKind: i.contentKind,
        contentId: i.contentId,
        displayName: i.displayName,
        body: i.body ?? {},
      }) as ResolvedResource,
  );
  const live = await readLiveState(client, target, asResources);
  return writes.filter((i) => {
    if (i.etag === undefined) return false;
    const now = live.resources.get(idKey(i.id));
    const etag = now ? (typeof now.etag === "string" ? now.etag : undefined) : ABSENT;
    // a delete of something already gone is what the plan wanted
    if (i.action === "delete" && etag === ABSENT) return false;
    return etag !== i.etag;
  });
}

function refuseStalePlan(plan: Plan, stale: PlanItem[]): ApplyResult {
  const moved = new Set(stale);
  const results: ItemResult[] = plan.items.map((item) =>
    item.action === "kept"
      ? { item, status: "kept", reason: item.reason ?? "", durationMs: 0 }
      : moved.has(item)
        ? { item, status: "conflict", error: conflictError(item), durationMs: 0 }
        : { item, status: "skipped", reason: "the plan is stale; nothing was written", durationMs: 0 },
  );
  const counts = emptyApplyCounts();
  for (const r of results) counts[r.status]++;
  return { results, counts };
}

function collectFailures(outcome: TargetOutcome): void {
  for (const r of outcome.apply?.results ?? []) {
    if ((r.status !== "failed" && r.status !== "conflict") || !r.error) continue;
    outcome.failures.push({
      id: r.item.id,
      displayName: r.item.displayName,
      contentKind: r.item.contentKind,
      action: r.item.action,
      message: r.error.message,
      category: r.error.category,
      ...(r.error.hint ? { hint: r.error.hint } : {}),
      ...(r.error.permission ? { permission: r.error.permission } : {}),
    });
  }
}

function totals(targets: TargetOutcome[]): RunResult["totals"] {
  const t = { ...emptyApplyCounts(), requests: 0, writes: 0, targetsFailed: 0 };
  for (const o of targets) {
    for (const k of Object.keys(o.counts) as Array<keyof ApplyCounts>) t[k] += o.counts[k];
    t.requests += o.requests;
    t.writes += o.writes;
    if (o.status !== "ok") t.targetsFailed++;
  }
  return t;
}

function exitCodeOf(targets: TargetOutcome[], options: DeployerOptions): 0 | 1 | 2 {
  if (targets.some((t) => t.error && t.error.exitCode === 2)) return 2;
  if (targets.some((t) => t.status !== "ok")) return 1;
  if (options.failOnKept && targets.some((t) => (t.plan?.counts.kept ?? 0) > 0)) return 1;
  return 0;
}

async function run(
  kind: "plan" | "deploy",
  targets: TargetSpec[],
  sourceOf: (target: TargetSpec, index: number) => PlanSource,
  options: DeployerOptions,
): Promise<RunResult> {
  let session: Session;
  let sessionError: DeployError | undefined;
  try {
    session = openSession(options);
    await preflight(session);
  } catch (e) {
    sessionError = e instanceof DeployError ? e : describeCredentialError(e, {});
    session = undefined as never;
  }
  const outcomes: TargetOutcome[] = [];
  for (const [i, target] of targets.entries()) {
    if (options.signal?.aborted && !sessionError) {
      sessionError = new DeployError("cancelled", "Cancelled before this target was started.");
    }
    if (sessionError) {
      outcomes.push({
        target,
        status: "failed",
        counts: emptyApplyCounts(),
        requests: 0,
        planRequests: 0,
        writes: 0,
        durationMs: 0,
        error: sessionError,
        failures: [],
      });
      continue;
    }
    options.onTargetStart?.(target, i, targets.length);
    outcomes.push(await runTarget(kind, session, target, sourceOf(target, i), options));
  }
  return { kind, targets: outcomes, totals: totals(outcomes), exitCode: exitCodeOf(outcomes, options) };
}

export function planTargets(
  targets: TargetSpec[],
  resolve: ResolveDesired,
  options: DeployerOptions = {},
): Promise<RunResult> {
  return run("plan", targets, () => ({ resolve }), options);
}

export function deployTargets(
  targets: TargetSpec[],
  resolve: ResolveDesired,
  options: DeployerOptions = {},
): Promise<RunResult> {
  return run("deploy", targets, () => ({ resolve }), options);
}

/**
 * Applies a saved plan exactly: its targets, its writes, conditional on the etags it recorded.
 * A target whose items moved since the plan gets no write at all (its items are `conflict` /
 * `skipped`); the plan must have been made against the same ARM endpoint.
 */
export function deploySavedPlan(saved: SavedPlan, options: DeployerOptions = {}): Promise<RunResult> {
  const endpoint = resolveCloud({
    ...(options.environment ? { environment: options.environment } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  }).endpoint;
  if (endpoint.toLowerCase() !== saved.endpoint.replace(/\/+$/, "").toLowerCase()) {
    throw new DeployError(
      "input",
      `The plan was made against ${saved.endpoint}, this deploy targets ${endpoint}.`,
      { hint: "Apply a plan with the same --endpoint / --environment it was made with." },
    );
  }
  const targets: TargetSpec[] = saved.targets.map(({ items: _i, warnings: _w, ...t }) => t);
  return run("deploy", targets, (_t, i) => ({ saved: saved.targets[i]! }), {
    ...options,
    mode: saved.mode,
    prune: saved.prune,
    allowDataLoss: saved.allowDataLoss,
  });
}

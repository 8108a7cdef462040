export {
  type ApplyCounts,
  type ApplyOptions,
  type ApplyResult,
  applyPlan,
  emptyApplyCounts,
  type ItemResult,
  type ItemStatus,
  type ProgressEvent,
} from "./apply.js";
export { ArmClient, type ArmClientOptions, type ArmResponse, type Json } from "./arm-client.js";
export { mapLimit } from "./concurrency.js";
export {
  CLOUDS,
  type CloudName,
  type CloudSettings,
  CREDENTIAL_KINDS,
  type CredentialChoice,
  type CredentialKind,
  createCredential,
  isLoopback,
  resolveCloud,
} from "./credential.js";
export { dependencyMap } from "./dependencies.js";
export {
  DeployError,
  describeError,
  type FailureCategory,
  type MissingPermission,
  roleFor,
} from "./errors.js";
export { type LiveState, readLiveState } from "./live-state.js";
export { canonicalJson, diffResource, type FieldChange, maskSecrets } from "./normalize.js";
export { isOwnedBy, ownerOf } from "./ownership.js";
export { createArmPipeline, newStats, type RequestStats, type RetryOptions } from "./pipeline.js";
export {
  ABSENT,
  type Action,
  computePlan,
  type DesiredSolution,
  KEPT_REASON,
  type Plan,
  type PlanCounts,
  type PlanItem,
} from "./plan.js";
export { redact, registerSecret } from "./redact.js";
export {
  deployJson,
  planJson,
  renderDeploySummaryMarkdown,
  renderDeploySummaryText,
  renderPlanMarkdown,
  renderPlanText,
} from "./render.js";
export { idKey, liveApiVersion, parseResourceId, typeInfo, workspaceId } from "./resource-id.js";
export {
  type DeployerOptions,
  deploySavedPlan,
  deployTargets,
  type ItemFailure,
  openReadClient,
  openSession,
  planTargets,
  type ResolveDesired,
  type ResolvedTarget,
  type RunResult,
  type TargetOutcome,
} from "./run.js";
export {
  bodyHash,
  readSavedPlan,
  SAVED_PLAN_FORMAT,
  type SavedPlan,
  type SavedPlanItem,
  type SavedPlanTarget,
  toSavedPlan,
} from "./saved-plan.js";
export { loadTargetsFile, parseTargets, type TargetSpec } from "./targets.js";

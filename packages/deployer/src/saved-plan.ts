/**
 * Saved plans (`plan --out FILE`, `deploy --plan FILE`): what a person reviewed, applied exactly.
 *
 * The file holds, per target, every intended write (create / update / delete) and every kept
 * resource, each with its body, the SHA-256 of that body and the live etag the plan was computed
 * against (`"absent"` for a create). `deploy --plan` checks the hashes (a hand-edited body is
 * refused), re-reads the live state, and writes nothing for a target whose items moved since the
 * plan; the writes themselves are conditional on those etags (apply.ts). Bodies come from the
 * repository; a body with a secret-looking value is refused, so a plan never carries a secret.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { DeployMode } from "@sentinelctl/content";
import { DeployError } from "./errors.js";
import { canonicalJson } from "./normalize.js";
import { type Action, countActions, type Plan, type PlanItem } from "./plan.js";
import { SENSITIVE_KEY } from "./redact.js";
import type { RunResult } from "./run.js";
import type { TargetSpec } from "./targets.js";

export const SAVED_PLAN_FORMAT = "sentinelctl-plan";

export interface SavedPlanItem extends Omit<PlanItem, "changes"> {
  bodySha256?: string;
}

export interface SavedPlanTarget extends TargetSpec {
  items: SavedPlanItem[];
  warnings: string[];
}

export interface SavedPlan {
  format: typeof SAVED_PLAN_FORMAT;
  version: 1;
  /** ARM endpoint the live state was read from. */
  endpoint: string;
  mode: DeployMode;
  prune: boolean;
  allowDataLoss: boolean;
  /** Whether the content passed the validator when the plan was made (false: --no-validate). */
  validated: boolean;
  targets: SavedPlanTarget[];
}

const SAVED_ACTIONS: ReadonlySet<Action> = new Set(["create", "update", "delete", "kept"]);

export function bodyHash(body: unknown): string {
  return createHash("sha256").update(canonicalJson(body)).digest("hex");
}

/** A value that only names a secret: empty, an ARM expression, or a template placeholder. */
function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return v === "" || /^\[.*\]$/s.test(v) || /\{\{.*\}\}/.test(v) || /^\$\{.*\}$/.test(v);
}

/** The first path in `value` of a secret-named key holding what could be a real secret, if any. */
function secretPath(value: unknown, path: string): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = secretPath(v, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const here = path ? `${path}.${k}` : k;
      if (SENSITIVE_KEY.test(k) && typeof v === "string" && !isPlaceholder(v)) return here;
      const found = secretPath(v, here);
      if (found) return found;
    }
  }
  return undefined;
}

export function toSavedPlan(
  result: RunResult,
  meta: Omit<SavedPlan, "format" | "version" | "targets">,
): SavedPlan {
  const failed = result.targets.filter((t) => !t.plan);
  if (failed.length) {
    throw new DeployError(
      "input",
      `The plan is incomplete (${failed.map((t) => t.target.name).join(", ")} could not be planned); no plan file was written.`,
    );
  }
  return {
    format: SAVED_PLAN_FORMAT,
    version: 1,
    ...meta,
    targets: result.targets.map((o) => ({
      ...o.target,
      ...(o.location ? { location: o.location } : {}),
      warnings: o.plan!.warnings,
      items: o
        .plan!.items.filter((i) => SAVED_ACTIONS.has(i.action))
        .map(({ changes: _changes, ...item }) => {
          if (item.body) {
            const where = secretPath(item.body, "");
            if (where) {
              throw new DeployError(
                "input",
                `${item.contentKind} '${item.displayName}' has a secret-looking value at ${where}; a saved plan never holds secrets, so none was written.`,
                { hint: "Pass secrets as deploy-time parameters, not in content files." },
              );
            }
          }
          return item.body ? { ...item, bodySha256: bodyHash(item.body) } : item;
        }),
    })),
  };
}

function invalid(file: string, why: string): DeployError {
  return new DeployError("input", `${file} is not a sentinelctl plan: ${why}.`, {
    hint: "Write one with `sentinelctl plan ... --out FILE`.",
  });
}

export function readSavedPlan(file: string): SavedPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw code
      ? new DeployError("input", `Cannot read --plan ${file}: ${(e as Error).message}`)
      : invalid(file, `invalid JSON (${(e as Error).message})`);
  }
  const plan = raw as Partial<SavedPlan>;
  if (plan?.format !== SAVED_PLAN_FORMAT) throw invalid(file, "no `format: sentinelctl-plan`");
  if (plan.version !== 1) throw invalid(file, `unsupported version ${String(plan.version)}`);
  if (!Array.isArray(plan.targets) || typeof plan.endpoint !== "string") throw invalid(file, "no targets");
  for (const t of plan.targets) {
    if (!Array.isArray(t.items)) throw invalid(file, `target '${t.name}' has no items`);
    for (const item of t.items) {
      if (!SAVED_ACTIONS.has(item.action)) throw invalid(file, `unknown action '${item.action}'`);
      if (item.body !== undefined && item.bodySha256 !== bodyHash(item.body)) {
        throw new DeployError(
          "input",
          `${file}: the body of ${item.contentKind} '${item.displayName}' does not match its recorded hash; the plan was edited after it was made.`,
          { hint: "Run plan again and review the new plan." },
        );
      }
    }
  }
  return plan as SavedPlan;
}

/** A saved target's items as the Plan apply takes. */
export function planOf(t: SavedPlanTarget): Plan {
  const items = t.items.map(({ bodySha256: _hash, ...item }) => item);
  return { items, counts: countActions(items), warnings: t.warnings ?? [] };
}

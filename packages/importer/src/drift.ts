/**
 * Drift: what a live workspace holds that differs from the repository, read from a plan (content
 * mode, no prune) of the repository against the workspace. The plan's comparison already ignores
 * server-managed fields (etag, systemData, timestamps) and service defaults; a field the service
 * has and the repository does not declare is not drift. Ownership records (metadata) are not
 * reported: they follow their items.
 */
import { maskSecrets, type PlanItem, type RunResult } from "@sentinelctl/deployer";

export interface DriftField {
  /** Dotted path in the resource body, e.g. properties.severity. */
  path: string;
  live: unknown;
  repository: unknown;
}

export interface DriftItem {
  /** `changed`: edited in the workspace; `missing`: deleted there (or never deployed). */
  state: "changed" | "missing";
  id: string;
  contentKind: string;
  contentId: string;
  displayName: string;
  solutionId?: string;
  fields: DriftField[];
  /** The plan item (desired body, changes) the drift was read from. */
  item: PlanItem;
}

export interface DriftTarget {
  target: string;
  items: DriftItem[];
  /** A target that could not be read (credentials, workspace not found, ...). */
  error?: string;
  hint?: string;
}

export function driftOf(result: RunResult): DriftTarget[] {
  return result.targets.map((t) => {
    const out: DriftTarget = { target: t.target.name, items: [] };
    if (t.error) {
      out.error = t.error.message;
      if (t.error.hint) out.hint = t.error.hint;
      return out;
    }
    for (const item of t.plan?.items ?? []) {
      if (item.contentKind === "Metadata") continue;
      if (item.action !== "update" && item.action !== "create") continue;
      out.items.push({
        state: item.action === "update" ? "changed" : "missing",
        id: item.id,
        contentKind: item.contentKind,
        contentId: item.contentId,
        displayName: item.displayName,
        ...(item.solutionId ? { solutionId: item.solutionId } : {}),
        fields: (item.changes ?? []).map((c) => {
          const key = c.path.slice(c.path.lastIndexOf(".") + 1);
          return { path: c.path, live: maskSecrets(c.before, key), repository: maskSecrets(c.after, key) };
        }),
        item,
      });
    }
    return out;
  });
}

export function hasDrift(report: readonly DriftTarget[]): boolean {
  return report.some((t) => t.items.length > 0);
}

function short(v: unknown): string {
  const text = v === undefined ? "(absent)" : JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** One block per target: each drifted item, then its fields (live value, repository value). */
export function renderDriftText(report: readonly DriftTarget[]): string {
  const lines: string[] = [];
  for (const t of report) {
    if (t.error) {
      lines.push(`${t.target}: could not be read: ${t.error}`);
      if (t.hint) lines.push(`  hint: ${t.hint}`);
      continue;
    }
    if (!t.items.length) {
      lines.push(`${t.target}: no drift`);
      continue;
    }
    lines.push(`${t.target}: ${t.items.length} item(s) drifted`);
    for (const i of t.items) {
      lines.push(
        `  ${i.state === "missing" ? "- missing" : "~ changed"} ${i.contentKind} '${i.displayName}'${i.state === "missing" ? " (deleted in the workspace, or never deployed)" : ""}`,
      );
      for (const f of i.fields) {
        lines.push(`      ${f.path}: live ${short(f.live)}, repository ${short(f.repository)}`);
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The drift report as JSON (plan items without bodies: no secrets, no noise). */
export function driftJson(report: readonly DriftTarget[]): unknown {
  return {
    drift: hasDrift(report),
    targets: report.map((t) => ({
      target: t.target,
      ...(t.error ? { error: t.error, hint: t.hint } : {}),
      items: t.items.map(({ item: _item, ...rest }) => rest),
    })),
  };
}

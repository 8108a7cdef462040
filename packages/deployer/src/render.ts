/**
 * Renderings of plans and deploy summaries: text for terminals, Markdown for pull requests
 * ($GITHUB_STEP_SUMMARY), JSON for machines. Secret-looking fields are masked and every string
 * goes through `redact`.
 */
import { createColors } from "picocolors";
import type { ApplyCounts } from "./apply.js";
import { type FieldChange, maskSecrets } from "./normalize.js";
import { countActions, type PlanCounts, type PlanItem } from "./plan.js";
import { redact } from "./redact.js";
import type { ItemFailure, RunResult, TargetOutcome } from "./run.js";

type Paint = (color: "red" | "green" | "yellow" | "cyan" | "gray" | "bold", text: string) => string;

function painter(enabled: boolean | undefined): Paint {
  const colors = createColors(Boolean(enabled));
  return (color, text) => colors[color](text);
}

const SYMBOL: Record<PlanItem["action"], string> = {
  create: "+",
  update: "~",
  delete: "-",
  unchanged: "=",
  kept: "!",
};
const COLOR: Record<PlanItem["action"], "green" | "yellow" | "red" | "gray"> = {
  create: "green",
  update: "yellow",
  delete: "red",
  unchanged: "gray",
  kept: "yellow",
};

/** A line saying the validator did not run, when it did not. */
function validationLine(result: RunResult): string[] {
  return result.validation === "skipped" ? ["validation: skipped (--no-validate)"] : [];
}

function planCountsText(c: PlanCounts): string {
  return `${c.create} to create, ${c.update} to update, ${c.delete} to delete, ${c.unchanged} unchanged${c.kept ? `, ${c.kept} kept` : ""}`;
}

function short(value: unknown, max = 100): string {
  const s = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(maskSecrets(value));
  const out = s === undefined ? "(absent)" : s;
  return out.length > max ? `${out.slice(0, max - 3)}...` : out;
}

function lineDiff(before: string, after: string, maxLines = 12): string[] {
  const a = before.replace(/\r\n?/g, "\n").split("\n");
  const b = after.replace(/\r\n?/g, "\n").split("\n");
  // LCS table (texts here are queries: small).
  if (a.length * b.length > 250_000) return ["(text changed)"];
  const dp: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || dp[i]![j + 1]! >= dp[i + 1]![j]!)) {
      out.push(`+ ${b[j++]}`);
    } else {
      out.push(`- ${a[i++]}`);
    }
  }
  if (out.length > maxLines)
    return [...out.slice(0, maxLines), `... ${out.length - maxLines} more changed lines`];
  return out;
}

export function describeChange(c: FieldChange): string[] {
  if (
    typeof c.before === "string" &&
    typeof c.after === "string" &&
    (c.before.includes("\n") || c.after.includes("\n"))
  ) {
    return [`${c.path}:`, ...lineDiff(c.before, c.after).map((l) => `  ${l}`)];
  }
  if (c.kind === "add") return [`${c.path}: + ${short(c.after)}`];
  return [`${c.path}: ${short(c.before)} -> ${short(c.after)}`];
}

/** The same change as unified-diff lines (+/- in column 0), for ```diff blocks. */
export function describeChangeDiff(c: FieldChange): string[] {
  const head = `  ${c.path}:`;
  if (
    typeof c.before === "string" &&
    typeof c.after === "string" &&
    (c.before.includes("\n") || c.after.includes("\n"))
  ) {
    return [
      head,
      ...lineDiff(c.before, c.after).map((l) =>
        /^[+-] /.test(l) ? `${l[0]}     ${l.slice(2)}` : `      ${l}`,
      ),
    ];
  }
  const lines = [head];
  if (c.kind !== "add") lines.push(`-     ${short(c.before, 200)}`);
  lines.push(`+     ${short(c.after, 200)}`);
  return lines;
}

function targetLabel(o: TargetOutcome): string {
  const t = o.target;
  const where = `${t.resourceGroup}/${t.workspace}${o.location ? `, ${o.location}` : ""}`;
  return t.name === `${t.resourceGroup}/${t.workspace}` ? where : `${t.name} (${where})`;
}

function errorLines(o: TargetOutcome, paint: Paint): string[] {
  if (!o.error) return [];
  const lines = [paint("red", `  error: ${o.error.message}`)];
  if (o.error.hint) lines.push(`  hint: ${o.error.hint}`);
  return lines;
}

export function renderPlanText(
  result: RunResult,
  options: { color?: boolean; showUnchanged?: boolean } = {},
): string {
  const paint = painter(options.color);
  const lines: string[] = [];
  for (const o of result.targets) {
    lines.push(paint("bold", `Plan for ${targetLabel(o)}:`));
    if (!o.plan) {
      lines.push(...errorLines(o, paint), "");
      continue;
    }
    let unchanged = 0;
    for (const item of o.plan.items) {
      if (item.action === "unchanged" && !options.showUnchanged) {
        unchanged++;
        continue;
      }
      const head = `  ${SYMBOL[item.action]} ${item.action.padEnd(9)} ${item.contentKind.padEnd(24)} ${item.displayName}`;
      lines.push(paint(COLOR[item.action], head) + (item.reason ? paint("gray", `  (${item.reason})`) : ""));
      for (const c of item.changes ?? []) for (const l of describeChange(c)) lines.push(`        ${l}`);
    }
    if (unchanged) lines.push(paint("gray", `  = ${unchanged} unchanged`));
    for (const w of o.plan.warnings) lines.push(paint("yellow", `  warning: ${w}`));
    lines.push(`  ${planCountsText(o.plan.counts)} (${o.planRequests} requests).`, "");
  }
  if (result.targets.length > 1) lines.push(planTotalsLine(result));
  lines.push(...validationLine(result));
  return redact(lines.join("\n").replace(/\n+$/, ""));
}

function planCounts(result: RunResult): PlanCounts {
  return countActions(result.targets.flatMap((o) => o.plan?.items ?? []));
}

function planTotalsLine(result: RunResult): string {
  const c = planCounts(result);
  return `Total over ${result.targets.length} targets: ${planCountsText(c)}; ${result.totals.targetsFailed} target(s) failed.`;
}

function mdEscape(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/\n/g, " ");
}

export function renderPlanMarkdown(result: RunResult): string {
  const lines: string[] = ["## sentinelctl plan", ""];
  for (const o of result.targets) {
    lines.push(`### ${mdEscape(targetLabel(o))}`, "");
    if (!o.plan) {
      lines.push(`:x: **${mdEscape(o.error?.message ?? "failed")}**`);
      if (o.error?.hint) lines.push("", `> ${mdEscape(o.error.hint)}`);
      lines.push("");
      continue;
    }
    const c = o.plan.counts;
    lines.push(
      `**${c.create}** to create, **${c.update}** to update, **${c.delete}** to delete, ${c.unchanged} unchanged${c.kept ? `, **${c.kept}** kept (would delete data; pass --allow-data-loss)` : ""}.`,
      "",
    );
    const changed = o.plan.items.filter((i) => i.action !== "unchanged");
    if (changed.length) {
      lines.push("| | Action | Kind | Item | Changes |", "|---|---|---|---|---|");
      for (const i of changed) {
        const changes =
          i.changes?.map((ch) => `\`${mdEscape(ch.path)}\``).join(", ") ??
          (i.reason ? mdEscape(i.reason) : "");
        lines.push(
          `| ${SYMBOL[i.action]} | ${i.action} | ${i.contentKind} | ${mdEscape(i.displayName)} | ${changes} |`,
        );
      }
      lines.push("");
      const withDiff = changed.filter((i) => i.changes?.length);
      if (withDiff.length) {
        lines.push("<details><summary>Field-level changes</summary>", "", "```diff");
        for (const i of withDiff) {
          lines.push(`~ ${i.contentKind}: ${i.displayName}`);
          for (const ch of i.changes ?? []) lines.push(...describeChangeDiff(ch));
        }
        lines.push("```", "", "</details>", "");
      }
    }
    for (const w of o.plan.warnings) lines.push(`> :warning: ${mdEscape(w)}`, "");
  }
  if (result.validation === "skipped") lines.push("> :warning: validation skipped (--no-validate)", "");
  return redact(lines.join("\n"));
}

function countsLine(c: ApplyCounts): string {
  return `${c.created} created, ${c.updated} updated, ${c.deleted} deleted, ${c.unchanged} unchanged, ${c.failed} failed${c.conflict ? `, ${c.conflict} conflict` : ""}${c.skipped ? `, ${c.skipped} skipped` : ""}${c.kept ? `, ${c.kept} kept` : ""}`;
}

/** The longest common path prefix of ARM ids (the scope a group of denials shares). */
function commonScope(scopes: string[]): string {
  const split = scopes.map((s) => s.split("/"));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((p) => p[n]?.toLowerCase() === first[n]?.toLowerCase())) n++;
  return first.slice(0, n).join("/") || "/";
}

/** Item failures grouped by missing permission (action + role), in first-seen order. */
function permissionGroups(failures: ItemFailure[]): ItemFailure[][] {
  const groups = new Map<string, ItemFailure[]>();
  for (const f of failures) {
    if (!f.permission) continue;
    const key = `${f.permission.action.toLowerCase()}|${f.permission.role}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()];
}

/**
 * One block per missing permission (action + role) instead of one per item: what to grant,
 * where, and how many items it blocked; `verbose` lists them.
 */
function permissionBlocks(failures: ItemFailure[], paint: Paint, verbose: boolean): string[] {
  const lines: string[] = [];
  for (const group of permissionGroups(failures)) {
    const p = group[0]!.permission!;
    lines.push(
      paint("red", `  x permission denied: ${p.action}`),
      `      scope: ${commonScope(group.map((f) => f.permission!.scope))}`,
      `      grant: ${p.role}`,
      `      blocked: ${group.length} item(s)${verbose ? ":" : " (--verbose lists them)"}`,
    );
    if (verbose)
      for (const f of group) lines.push(`        - ${f.contentKind} '${f.displayName}' (${f.action})`);
  }
  return lines;
}

export function renderDeploySummaryText(
  result: RunResult,
  options: { color?: boolean; verbose?: boolean } = {},
): string {
  const paint = painter(options.color);
  const lines: string[] = [];
  for (const o of result.targets) {
    const ok = o.status === "ok";
    lines.push(
      `${ok ? paint("green", "ok") : paint("red", "FAILED")} ${targetLabel(o)}: ${countsLine(o.counts)} (${o.requests} requests, ${o.writes} writes, ${(o.durationMs / 1000).toFixed(1)} s)`,
    );
    lines.push(...errorLines(o, paint));
    lines.push(...permissionBlocks(o.failures, paint, Boolean(options.verbose)));
    const conflicts = o.failures.filter((f) => f.category === "conflict");
    for (const f of o.failures) {
      if (f.permission) continue;
      if (f.category === "conflict") {
        lines.push(paint("red", `  x ${f.message}`));
        continue;
      }
      lines.push(paint("red", `  x ${f.contentKind} '${f.displayName}' (${f.action}): ${f.message}`));
      if (f.hint) lines.push(`    hint: ${f.hint}`);
    }
    // one hint for all conflicts (the target's own error already carries one when the plan was stale)
    if (conflicts.length && !o.error && conflicts[0]!.hint) lines.push(`  hint: ${conflicts[0]!.hint}`);
    for (const r of o.apply?.results ?? []) {
      if (r.status === "skipped")
        lines.push(
          paint(
            "yellow",
            `  - skipped ${r.item.action} ${r.item.contentKind} '${r.item.displayName}': ${r.reason}`,
          ),
        );
    }
  }
  if (result.targets.length > 1) {
    lines.push(
      `Total: ${countsLine(result.totals)} over ${result.targets.length} targets (${result.totals.requests} requests); ${result.totals.targetsFailed} target(s) failed.`,
    );
  }
  lines.push(...validationLine(result));
  return redact(lines.join("\n"));
}

function errorJson(o: TargetOutcome): Record<string, unknown> | undefined {
  if (!o.error) return undefined;
  return {
    category: o.error.category,
    message: o.error.message,
    ...(o.error.hint ? { hint: o.error.hint } : {}),
  };
}

function targetJson(o: TargetOutcome): Record<string, unknown> {
  const t = o.target;
  return {
    name: t.name,
    subscriptionId: t.subscriptionId,
    resourceGroup: t.resourceGroup,
    workspace: t.workspace,
    ...(o.location ? { location: o.location } : {}),
    status: o.status,
    ...(o.error ? { error: errorJson(o) } : {}),
  };
}

function itemJson(i: PlanItem): Record<string, unknown> {
  return {
    action: i.action,
    id: i.id,
    type: i.type,
    contentKind: i.contentKind,
    contentId: i.contentId,
    displayName: i.displayName,
    ...(i.solutionId ? { solutionId: i.solutionId } : {}),
    ...(i.changes
      ? {
          changes: i.changes.map((c) => ({
            ...c,
            before: maskSecrets(c.before, c.path.split(".").pop()),
            after: maskSecrets(c.after, c.path.split(".").pop()),
          })),
        }
      : {}),
    ...(i.reason ? { reason: i.reason } : {}),
  };
}

export function planJson(result: RunResult): Record<string, unknown> {
  const counts = planCounts(result);
  return JSON.parse(
    redact(
      JSON.stringify({
        kind: "plan",
        ok: result.exitCode === 0,
        ...counts,
        requests: result.totals.requests,
        ...(result.validation ? { validation: result.validation } : {}),
        targets: result.targets.map((o) => ({
          ...targetJson(o),
          ...(o.plan
            ? { ...o.plan.counts, warnings: o.plan.warnings, items: o.plan.items.map(itemJson) }
            : {}),
          requests: o.requests,
        })),
      }),
    ),
  ) as Record<string, unknown>;
}

export function deployJson(result: RunResult): Record<string, unknown> {
  const t = result.totals;
  return JSON.parse(
    redact(
      JSON.stringify({
        kind: "deploy-summary",
        ok: result.exitCode === 0,
        created: t.created,
        updated: t.updated,
        deleted: t.deleted,
        unchanged: t.unchanged,
        kept: t.kept,
        conflict: t.conflict,
        failed: t.failed,
        skipped: t.skipped,
        ...(result.validation ? { validation: result.validation } : {}),
        requests: t.requests,
        writes: t.writes,
        targetsFailed: t.targetsFailed,
        targets: result.targets.map((o) => ({
          ...targetJson(o),
          ...o.counts,
          requests: o.requests,
          writes: o.writes,
          durationMs: o.durationMs,
          failures: o.failures,
          items: (o.apply?.results ?? []).map((r) => ({
            status: r.status,
            action: r.item.action,
            id: r.item.id,
            contentKind: r.item.contentKind,
            displayName: r.item.displayName,
            ...(r.reason ? { reason: r.reason } : {}),
          })),
        })),
      }),
    ),
  ) as Record<string, unknown>;
}

export function renderDeploySummaryMarkdown(result: RunResult): string {
  const lines = [
    "## sentinelctl deploy",
    "",
    "| Target | Status | Created | Updated | Deleted | Unchanged | Failed | Requests |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const o of result.targets) {
    const c = o.counts;
    lines.push(
      `| ${mdEscape(targetLabel(o))} | ${o.status === "ok" ? ":white_check_mark: ok" : ":x: failed"} | ${c.created} | ${c.updated} | ${c.deleted} | ${c.unchanged} | ${c.failed} | ${o.requests} |`,
    );
  }
  lines.push("");
  for (const o of result.targets) {
    if (o.error)
      lines.push(
        `- **${mdEscape(o.target.name)}**: ${mdEscape(o.error.message)}${o.error.hint ? ` _(${mdEscape(o.error.hint)})_` : ""}`,
      );
    for (const group of permissionGroups(o.failures)) {
      const p = group[0]!.permission!;
      lines.push(
        `- **${mdEscape(o.target.name)}** permission denied: \`${mdEscape(p.action)}\` on \`${mdEscape(commonScope(group.map((f) => f.permission!.scope)))}\`; grant ${mdEscape(p.role)} (blocked ${group.length} item(s))`,
      );
    }
    for (const f of o.failures) {
      if (f.permission) continue;
      lines.push(
        `- **${mdEscape(o.target.name)}** ${f.contentKind} '${mdEscape(f.displayName)}' (${f.action}): ${mdEscape(f.message)}`,
      );
    }
  }
  return redact(lines.join("\n"));
}

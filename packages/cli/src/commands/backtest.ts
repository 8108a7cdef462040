import path from "node:path";
import { hasErrors, loadContent } from "@sentinelctl/content";
import {
  type BacktestResult,
  backtest,
  EngineError,
  resolveTarget,
  workspaceWindowQuery,
} from "@sentinelctl/tester";
import { type Command, InvalidArgumentError } from "commander";
import { createOutput, EXIT, UsageError } from "../ui.js";

import { type WorkspaceAccessFlags, workspaceAccess } from "./remote-credential.js";

interface BacktestFlags extends WorkspaceAccessFlags {
  workspaceId?: string;
  days: number;
  end?: string;
  json?: boolean;
}

function positiveDays(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 90)
    throw new InvalidArgumentError("must be a whole number of days, 1 to 90.");
  return n;
}

export function registerBacktestCommand(program: Command): void {
  program
    .command("backtest")
    .description(
      "Replay a scheduled analytics rule over a Log Analytics workspace's real history, run by run, and show its alerts per day (for tuning before enabling it).",
    )
    .argument("<rule>", "the rule: its id, its name, or its file path")
    .option("--workspace-id <guid>", "the Log Analytics workspace whose history the rule runs over")
    .option("--days <n>", "how many days back from --end", positiveDays, 14)
    .option("--end <iso>", "the last run time (default: now)")
    .option(
      "--credential <kind>",
      "how to get a token: default, cli, env, workload or secret (default: the deploy command's chain)",
    )
    .option(
      "--endpoint <url>",
      "the Log Analytics query API (default: the public cloud's; the local emulator: https://127.0.0.1:PORT)",
    )
    .option("--ca <file>", "extra CA certificate (PEM) to trust, e.g. the emulator's")
    .option("--json", "the per-day figures as JSON")
    .addHelpText(
      "after",
      "\nExit codes: 0 done, 2 bad usage, a rule that cannot be backtested, or a workspace that does not answer.",
    )
    .action(async (ref: string, flags: BacktestFlags) => {
      process.exitCode = await runBacktest(ref, flags);
    });
}

async function runBacktest(ref: string, flags: BacktestFlags): Promise<number> {
  const cwd = process.cwd();
  if (!flags.workspaceId)
    throw new UsageError(
      "backtest needs --workspace-id.",
      "The workspace id is the GUID on the workspace's overview page.",
    );
  const end = flags.end ? new Date(flags.end) : new Date();
  if (Number.isNaN(end.getTime()))
    throw new UsageError(`--end '${flags.end}' is not a date and time.`, "e.g. 2026-11-22T00:00:00Z");
  const rule = await findScheduledRule(ref, cwd);
  const access = await workspaceAccess(flags, cwd);
  const output = createOutput({ json: Boolean(flags.json) });
  let result: BacktestResult;
  try {
    result = await backtest(rule.data, {
      days: flags.days,
      end,
      query: workspaceWindowQuery({ workspaceId: flags.workspaceId, ...access }),
      onProgress: (done, all) => output.progress(`backtest: run ${done} of ${all}`),
    });
  } catch (e) {
    output.done();
    // The workspace could not answer (rejected query, no access): the user's to fix, not a crash.
    if (e instanceof EngineError)
      throw new UsageError(e.message, "Check the workspace id and your access to it.");
    throw e;
  }
  output.done();
  if (flags.json) {
    output.out(
      JSON.stringify({ file: path.relative(cwd, rule.source.file) || rule.source.file, ...result }, null, 2),
    );
  } else {
    output.out(perDayTable(result, flags.days));
  }
  return EXIT.ok;
}

/** The scheduled analytics rule REF names (id, name or file) in the repository's content. */
async function findScheduledRule(ref: string, cwd: string) {
  const content = await loadContent([], { cwd });
  if (hasErrors(content.diagnostics)) {
    throw new UsageError("The content does not load; run `sentinelctl validate` for details.");
  }
  const { target, candidates } = resolveTarget(ref, "analyticRule", content.solutions, undefined, cwd, cwd);
  if (target?.kind !== "analyticRule") {
    throw new UsageError(
      candidates.length
        ? `'${ref}' names several rules: ${candidates.map((c) => c.label).join(", ")}.`
        : `No analytics rule is called '${ref}'.`,
      "Name the rule by its id, its name, or its file path.",
    );
  }
  if (target.item.data.kind !== "Scheduled") {
    throw new UsageError(
      `'${target.item.data.name}' is an NRT rule: it runs every minute over ingestion time, which a query over history cannot replay.`,
    );
  }
  return target.item;
}

function perDayTable(result: BacktestResult, days: number): string {
  return [
    `${result.rule}: ${days} days to ${result.to}, every ${result.queryFrequency} over ${result.queryPeriod}`,
    "day          runs  fired  alerts   rows",
    ...result.days.map(
      (d) =>
        `${d.day}  ${String(d.runs).padStart(5)}  ${String(d.firedRuns).padStart(5)}  ${String(d.alerts).padStart(6)}  ${String(d.rows).padStart(5)}`,
    ),
    `total       ${String(result.totals.runs).padStart(5)}  ${String(result.totals.firedRuns).padStart(5)}  ${String(result.totals.alerts).padStart(6)}`,
  ].join("\n");
}

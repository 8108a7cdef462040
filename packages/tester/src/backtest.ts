/**
 * Backtesting: a scheduled rule replayed over a workspace's real history. Each run of the rule in
 * the period is simulated as the service would make it (its query over its queryPeriod window ending
 * at the run time, its trigger, event grouping and alerts), and the alerts are counted per day.
 */
import type { AnalyticRule, ScheduledRule } from "@sentinelctl/content";
import { parseDuration } from "@sentinelctl/content";
import { type QueryResult, simulateRun } from "./semantics.js";

/** Runs the rule's query over the workspace data of one window, at one run time. */
export type WindowQuery = (query: string, window: { start: Date; end: Date }) => Promise<QueryResult>;

export interface BacktestDay {
  /** UTC date, YYYY-MM-DD. */
  day: string;
  runs: number;
  /** Runs whose trigger fired. */
  firedRuns: number;
  alerts: number;
  /** Result rows over all runs of the day. */
  rows: number;
}

export interface BacktestResult {
  rule: string;
  from: string;
  to: string;
  queryFrequency: string;
  queryPeriod: string;
  days: BacktestDay[];
  totals: { runs: number; firedRuns: number; alerts: number };
}

/** Run times of a rule in (end - days, end], newest last: every queryFrequency back from `end`. */
export function runTimes(rule: ScheduledRule, endMs: number, days: number): number[] {
  const every = parseDuration(rule.queryFrequency);
  if (!every) throw new Error(`queryFrequency '${rule.queryFrequency}' is not a duration`);
  const out: number[] = [];
  for (let t = endMs; t > endMs - days * 86_400_000; t -= every) out.push(t);
  return out.reverse();
}

export async function backtest(
  rule: AnalyticRule,
  options: {
    days: number;
    end: Date;
    query: WindowQuery;
    concurrency?: number;
    onProgress?: (done: number, all: number) => void;
  },
): Promise<BacktestResult> {
  if (rule.kind !== "Scheduled") {
    throw new Error(
      "only scheduled rules can be backtested: an NRT rule runs every minute over ingestion time, which a query over history cannot replay",
    );
  }
  const period = parseDuration(rule.queryPeriod);
  if (!period) throw new Error(`queryPeriod '${rule.queryPeriod}' is not a duration`);
  const times = runTimes(rule, options.end.getTime(), options.days);
  const runs: Array<{ at: number; rows: number; fired: boolean; alerts: number }> = new Array(times.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < times.length; i = next++) {
      const at = times[i]!;
      const result = await options.query(rule.query, { start: new Date(at - period), end: new Date(at) });
      const run = simulateRun(rule, result);
      runs[i] = { at, rows: run.resultRows, fired: run.fired, alerts: run.alerts.length };
      options.onProgress?.(++done, times.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  const byDay = new Map<string, BacktestDay>();
  for (const r of runs) {
    const day = new Date(r.at).toISOString().slice(0, 10);
    const d = byDay.get(day) ?? { day, runs: 0, firedRuns: 0, alerts: 0, rows: 0 };
    d.runs++;
    d.rows += r.rows;
    if (r.fired) d.firedRuns++;
    d.alerts += r.alerts;
    byDay.set(day, d);
  }
  const days = [...byDay.values()];
  return {
    rule: rule.name,
    from: new Date(options.end.getTime() - options.days * 86_400_000).toISOString(),
    to: options.end.toISOString(),
    queryFrequency: rule.queryFrequency,
    queryPeriod: rule.queryPeriod,
    days,
    totals: {
      runs: runs.length,
      firedRuns: runs.filter((r) => r.fired).length,
      alerts: runs.reduce((s, r) => s + r.alerts, 0),
    },
  };
}

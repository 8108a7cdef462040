/**
 * `--update`: writes what actually came out into the expectations of failing cases, keeping the
 * shape the author chose (a count stays a count; listed alerts and rows keep the fields they named),
 * so the change can be reviewed as a diff. Comments and the rest of the file stay as they are.
 */
import type { TestExpectation } from "@sentinelctl/content";
import { parseDocument } from "yaml";
import { alertView, type Outcome } from "./match.js";
import type { SuiteResult } from "./suite.js";

const DEFAULT_ALERT_FIELDS = ["displayName", "severity", "entities"];

function keysOf(list: ReadonlyArray<Record<string, unknown>>, fallback: readonly string[]): string[] {
  const keys = [...new Set(list.flatMap((o) => Object.keys(o)))];
  return keys.length ? keys : [...fallback];
}

function pick(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}

/**
 * An actual alert in the shape of the expected one at its place: the same fields, and in custom
 * details and alert properties the same keys (an alert with no counterpart gets `keys`).
 */
function shapedLike(
  actual: Record<string, unknown>,
  expected: Record<string, unknown> | undefined,
  keys: readonly string[],
): Record<string, unknown> {
  const out = pick(actual, expected ? Object.keys(expected) : keys);
  for (const nested of ["customDetails", "dynamicProperties"]) {
    const named = expected?.[nested];
    if (named && typeof named === "object" && out[nested] && typeof out[nested] === "object") {
      out[nested] = pick(out[nested] as Record<string, unknown>, Object.keys(named));
    }
  }
  return out;
}

/** The expectation rewritten to hold the outcome, field by field in the author's shape. */
export function expectationFor(old: TestExpectation, outcome: Outcome): Partial<TestExpectation> {
  const next: Record<string, unknown> = {};
  if (old.alerts !== undefined) {
    const alerts = outcome.alerts ?? [];
    if (typeof old.alerts === "number") next.alerts = alerts.length;
    else {
      const listed = old.alerts as Array<Record<string, unknown>>;
      const keys = keysOf(listed, DEFAULT_ALERT_FIELDS);
      next.alerts = alerts.map((a, i) => shapedLike(alertView(a), listed[i], keys));
    }
  }
  if (old.incidents !== undefined) {
    const incidents = outcome.incidents ?? [];
    next.incidents =
      typeof old.incidents === "number"
        ? incidents.length
        : incidents.map((i) =>
            pick(
              { title: i.title, severity: i.severity, alerts: i.alerts.length },
              keysOf(old.incidents as Array<Record<string, unknown>>, ["title", "alerts"]),
            ),
          );
  }
  if (old.rows !== undefined) {
    const rows = outcome.rows ?? [];
    next.rows =
      typeof old.rows === "number"
        ? rows.length
        : rows.map((r) =>
            pick(r, keysOf(old.rows as Array<Record<string, unknown>>, outcome.columns ?? Object.keys(r))),
          );
  }
  return next as Partial<TestExpectation>;
}

/** New text for every test file with failing cases; files whose cases could not run are left alone. */
export function updateExpectations(
  result: SuiteResult,
): Array<{ file: string; absolute: string; text: string; cases: string[] }> {
  const out: Array<{ file: string; absolute: string; text: string; cases: string[] }> = [];
  for (const f of result.files) {
    const failing = f.cases.filter((c) => c.status === "failed" && c.outcome);
    if (!failing.length) continue;
    const doc = parseDocument(f.test.source.text, { keepSourceTokens: false });
    for (const c of failing) {
      const old = f.test.data.cases[c.index]!.expect;
      for (const [key, value] of Object.entries(expectationFor(old, c.outcome!))) {
        doc.setIn(["cases", c.index, "expect", key], doc.createNode(value));
      }
    }
    out.push({
      file: f.test.file,
      absolute: f.test.absolute,
      text: doc.toString({ lineWidth: 0 }),
      cases: failing.map((c) => c.name),
    });
  }
  return out;
}

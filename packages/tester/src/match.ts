/**
 * Expectations against outcomes, as subset matches: an expected alert or row names only the
 * fields that matter, and each mismatch says where in the test file it was stated.
 */
import type { ExpectedAlert, ExpectedIncident, Path, TestExpectation } from "@sentinelctl/content";
import type { Alert, Incident } from "./semantics.js";
import { datetimeTicks } from "./values.js";

export interface Mismatch {
  /** Where the expectation is written in the test file. */
  path: Path;
  message: string;
  expected: unknown;
  actual: unknown;
}

export type OutcomeRow = Record<string, unknown>;

export interface Outcome {
  alerts?: Alert[];
  incidents?: Incident[];
  rows?: OutcomeRow[];
  /** Columns of `rows`, in order. */
  columns?: string[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Equality of an expected YAML value and an actual value; datetimes compare as instants, objects as subsets. */
export function valueMatches(expected: unknown, actual: unknown): boolean {
  if (expected === null) return actual === null || actual === undefined || actual === "";
  if (typeof expected === "string" && typeof actual === "string") {
    if (expected === actual) return true;
    const a = datetimeTicks(expected);
    return a !== undefined && a === datetimeTicks(actual);
  }
  if (typeof expected === "number" && typeof actual === "number")
    return expected === actual || Math.abs(expected - actual) < 1e-9 * Math.max(1, Math.abs(expected));
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => valueMatches(e, actual[i]))
    );
  }
  if (isPlainObject(expected)) {
    return isPlainObject(actual) && Object.entries(expected).every(([k, v]) => valueMatches(v, actual[k]));
  }
  return expected === actual;
}

/** Custom details hold one value per event: a scalar expectation matches a single event's value. */
function detailMatches(expected: unknown, actual: string[] | undefined): boolean {
  if (actual === undefined) return false;
  const want = Array.isArray(expected) ? expected : [expected];
  return (
    want.length === actual.length &&
    want.every((w, i) => String(w ?? "") === actual[i] || valueMatches(w, actual[i]))
  );
}

function entityMatches(expected: Record<string, unknown>, actual: Alert["entities"][number]): boolean {
  const { type, ...identifiers } = expected;
  if (typeof type === "string" && type.toLowerCase() !== actual.type.toLowerCase()) return false;
  return Object.entries(identifiers).every(
    ([k, v]) => actual.identifiers[k] !== undefined && String(v) === actual.identifiers[k],
  );
}

/** An alert as plain data, the shape expectations use (for diffs and --update). */
export function alertView(a: Alert): Record<string, unknown> {
  return {
    displayName: a.displayName,
    description: a.description,
    severity: a.severity,
    tactics: a.tactics,
    techniques: a.techniques,
    customDetails: Object.fromEntries(
      Object.entries(a.customDetails).map(([k, v]) => [k, v.length === 1 ? v[0] : v]),
    ),
    dynamicProperties: a.dynamicProperties,
    entities: a.entities.map((e) => ({ type: e.type, ...e.identifiers })),
    droppedEntities: a.droppedEntities,
    events: a.events,
  };
}

function compareAlert(expected: ExpectedAlert, actual: Alert, at: Path, out: Mismatch[]): void {
  const view = alertView(actual);
  const scalar = (key: "displayName" | "description" | "severity" | "events") => {
    if (expected[key] !== undefined && expected[key] !== actual[key]) {
      out.push({
        path: [...at, key],
        message: `${key} differs`,
        expected: expected[key],
        actual: actual[key],
      });
    }
  };
  scalar("displayName");
  scalar("description");
  scalar("severity");
  scalar("events");
  for (const key of ["tactics", "techniques", "droppedEntities"] as const) {
    const want = expected[key];
    if (want === undefined) continue;
    const have = actual[key];
    const same = want.length === have.length && [...want].sort().every((w, i) => w === [...have].sort()[i]);
    if (!same) out.push({ path: [...at, key], message: `${key} differ`, expected: want, actual: have });
  }
  for (const [key, want] of Object.entries(expected.customDetails ?? {})) {
    if (!detailMatches(want, actual.customDetails[key])) {
      out.push({
        path: [...at, "customDetails", key],
        message:
          actual.customDetails[key] === undefined
            ? `custom detail '${key}' is not on the alert`
            : `custom detail '${key}' differs`,
        expected: want,
        actual: (view.customDetails as Record<string, unknown>)[key],
      });
    }
  }
  for (const [key, want] of Object.entries(expected.dynamicProperties ?? {})) {
    const have = actual.dynamicProperties[key];
    if (have === undefined || !(String(want) === have || valueMatches(want, have))) {
      out.push({
        path: [...at, "dynamicProperties", key],
        message: `alert property '${key}' differs`,
        expected: want,
        actual: have ?? null,
      });
    }
  }
  (expected.entities ?? []).forEach((want, j) => {
    if (!actual.entities.some((e) => entityMatches(want, e))) {
      out.push({
        path: [...at, "entities", j],
        message: `no ${String(want.type ?? "")} entity matches`.replace("no  entity", "no entity"),
        expected: want,
        actual: view.entities,
      });
    }
  });
}

function compareIncident(expected: ExpectedIncident, actual: Incident, at: Path, out: Mismatch[]): void {
  if (expected.title !== undefined && expected.title !== actual.title) {
    out.push({
      path: [...at, "title"],
      message: "incident title differs",
      expected: expected.title,
      actual: actual.title,
    });
  }
  if (expected.severity !== undefined && expected.severity !== actual.severity) {
    out.push({
      path: [...at, "severity"],
      message: "incident severity differs",
      expected: expected.severity,
      actual: actual.severity,
    });
  }
  if (expected.alerts !== undefined && expected.alerts !== actual.alerts.length) {
    out.push({
      path: [...at, "alerts"],
      message: "alerts in the incident differ",
      expected: expected.alerts,
      actual: actual.alerts.length,
    });
  }
}

function rowMatches(expected: Record<string, unknown>, actual: OutcomeRow): boolean {
  return Object.entries(expected).every(([k, v]) => k in actual && valueMatches(v, actual[k]));
}

/** The columns of an actual row that an expected row names (what a diff shows). */
function projected(
  expected: Record<string, unknown>,
  actual: OutcomeRow | undefined,
): Record<string, unknown> | null {
  if (!actual) return null;
  return Object.fromEntries(
    Object.keys(expected).map((k) => [k, k in actual ? actual[k] : "(no such column)"]),
  );
}

function compareRows(
  expected: Array<Record<string, unknown>>,
  actual: OutcomeRow[],
  ordered: boolean,
  at: Path,
  out: Mismatch[],
): void {
  if (expected.length !== actual.length) {
    out.push({
      path: at,
      message: `expected ${expected.length} rows, got ${actual.length}`,
      expected: expected.length,
      actual: actual.length,
    });
  }
  if (ordered) {
    expected.forEach((want, i) => {
      const have = actual[i];
      if (!have || !rowMatches(want, have)) {
        out.push({
          path: [...at, i],
          message: `row ${i + 1} differs`,
          expected: want,
          actual: projected(want, have),
        });
      }
    });
    return;
  }
  const used = new Set<number>();
  expected.forEach((want, i) => {
    const j = actual.findIndex((have, k) => !used.has(k) && rowMatches(want, have));
    if (j >= 0) {
      used.add(j);
      return;
    }
    // The closest unused row: the one agreeing on the most named columns.
    let best: OutcomeRow | undefined;
    let bestScore = -1;
    actual.forEach((have, k) => {
      if (used.has(k)) return;
      const score = Object.entries(want).filter(([c, v]) => c in have && valueMatches(v, have[c])).length;
      if (score > bestScore) {
        bestScore = score;
        best = have;
      }
    });
    out.push({
      path: [...at, i],
      message: `no row matches expected row ${i + 1}`,
      expected: want,
      actual: projected(want, best),
    });
  });
}

/** Every way the outcome falls short of the expectation; `at` is the path of `expect` in the test file. */
export function compareOutcome(expect: TestExpectation, outcome: Outcome, at: Path): Mismatch[] {
  const out: Mismatch[] = [];
  if (expect.alerts !== undefined) {
    const alerts = outcome.alerts ?? [];
    if (typeof expect.alerts === "number") {
      if (expect.alerts !== alerts.length) {
        out.push({
          path: [...at, "alerts"],
          message: `expected ${expect.alerts} alerts, got ${alerts.length}`,
          expected: expect.alerts,
          actual: alerts.length,
        });
      }
    } else {
      if (expect.alerts.length !== alerts.length) {
        out.push({
          path: [...at, "alerts"],
          message: `expected ${expect.alerts.length} alerts, got ${alerts.length}`,
          expected: expect.alerts.length,
          actual: alerts.length,
        });
      }
      expect.alerts.forEach((want, i) => {
        const have = alerts[i];
        if (have) compareAlert(want, have, [...at, "alerts", i], out);
      });
    }
  }
  if (expect.incidents !== undefined) {
    const incidents = outcome.incidents ?? [];
    const n = typeof expect.incidents === "number" ? expect.incidents : expect.incidents.length;
    if (n !== incidents.length) {
      out.push({
        path: [...at, "incidents"],
        message: `expected ${n} incidents, got ${incidents.length}`,
        expected: n,
        actual: incidents.length,
      });
    }
    if (Array.isArray(expect.incidents)) {
      expect.incidents.forEach((want, i) => {
        const have = incidents[i];
        if (have) compareIncident(want, have, [...at, "incidents", i], out);
      });
    }
  }
  if (expect.rows !== undefined) {
    const rows = outcome.rows ?? [];
    if (typeof expect.rows === "number") {
      if (expect.rows !== rows.length) {
        out.push({
          path: [...at, "rows"],
          message: `expected ${expect.rows} rows, got ${rows.length}`,
          expected: expect.rows,
          actual: rows.length,
        });
      }
    } else {
      compareRows(expect.rows, rows, expect.ordered === true, [...at, "rows"], out);
    }
  }
  return out;
}

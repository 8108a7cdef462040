/**
 * What Microsoft Sentinel makes of one run of an analytics rule: the window it reads, whether the
 * trigger fires, the alerts (event grouping, the 150-alert cap, alert details override, severity,
 * custom details, entities) and the incidents the run's alerts create.
 */
import type { AnalyticRule, ScheduledRule } from "@sentinelctl/content";
import { parseDuration } from "@sentinelctl/content";
import { cellText } from "./values.js";

export interface QueryResult {
  columns: ReadonlyArray<{ name: string; type: string }>;
  rows: ReadonlyArray<ReadonlyArray<unknown>>;
}

export interface Entity {
  type: string;
  /** Identifier name to value, only the identifiers that had a value. */
  identifiers: Record<string, string>;
}

export interface Alert {
  displayName: string;
  description: string;
  severity: string;
  tactics: string[];
  techniques: string[];
  /** Custom details as Sentinel stores them: each key holds the values of its column (one per event). */
  customDetails: Record<string, string[]>;
  dynamicProperties: Record<string, string>;
  entities: Entity[];
  /** Entity types whose identifiers were all empty: Sentinel drops such entities. */
  droppedEntities: string[];
  /** Query result rows behind the alert. */
  events: number;
}

export interface Incident {
  title: string;
  severity: string;
  /** Indexes into the run's alerts. */
  alerts: number[];
}

export interface RuleRun {
  /** Rows the query returned. */
  resultRows: number;
  fired: boolean;
  alerts: Alert[];
  incidents: Incident[];
}

/** Sentinel raises at most this many alerts per run; the last one then stands for every result. */
export const MAX_ALERTS_PER_RUN = 150;
/** NRT rules run every minute over what was ingested during the minute before. */
export const NRT_WINDOW_MS = 60_000;

const SEVERITIES = ["Informational", "Low", "Medium", "High"] as const;

export interface RunWindow {
  /** Rows count when this instant lies in (from, to]. */
  from: number;
  to: number;
  /** Which time decides: TimeGenerated (scheduled) or the ingestion time (NRT). */
  by: "TimeGenerated" | "ingestion";
}

/** The data one run at `nowMs` reads. */
export function runWindow(rule: AnalyticRule, nowMs: number): RunWindow {
  if (rule.kind === "NRT") return { from: nowMs - NRT_WINDOW_MS, to: nowMs, by: "ingestion" };
  const period = parseDuration((rule as ScheduledRule).queryPeriod);
  if (period === undefined)
    throw new Error(`queryPeriod '${(rule as ScheduledRule).queryPeriod}' is not a duration`);
  return { from: nowMs - period, to: nowMs, by: "TimeGenerated" };
}

const OPERATORS: Record<string, (n: number, t: number) => boolean> = {
  gt: (n, t) => n > t,
  greaterthan: (n, t) => n > t,
  lt: (n, t) => n < t,
  lessthan: (n, t) => n < t,
  eq: (n, t) => n === t,
  equal: (n, t) => n === t,
  ne: (n, t) => n !== t,
  notequal: (n, t) => n !== t,
};

/** Whether a run whose query returned `rows` rows raises alerts. NRT rules fire on any result. */
export function triggers(rule: AnalyticRule, rows: number): boolean {
  if (rule.kind === "NRT") return rows > 0;
  const r = rule as ScheduledRule;
  const op = OPERATORS[r.triggerOperator.toLowerCase()];
  if (!op) throw new Error(`triggerOperator '${r.triggerOperator}' is unknown`);
  return op(rows, r.triggerThreshold);
}

type Row = ReadonlyArray<unknown>;

class ResultView {
  private readonly index = new Map<string, number>();
  constructor(readonly result: QueryResult) {
    result.columns.forEach((c, i) => {
      this.index.set(c.name, i);
    });
  }
  has(column: string): boolean {
    return this.index.has(column);
  }
  text(row: Row, column: string): string | undefined {
    const i = this.index.get(column);
    if (i === undefined) return undefined;
    return cellText(row[i], this.result.columns[i]!.type);
  }
}

/** `{{column}}` placeholders take the value of the column in the alert's first row; unknown columns stay as written. */
function fillPlaceholders(format: string, view: ResultView, row: Row): string {
  return format.replace(
    /\{\{\s*([^{}]+?)\s*\}\}/g,
    (whole, column: string) => view.text(row, column) ?? whole,
  );
}

function severityFrom(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return SEVERITIES.find((s) => s.toLowerCase() === value.trim().toLowerCase());
}

function entitiesOf(
  rule: AnalyticRule,
  view: ResultView,
  rows: readonly Row[],
): Pick<Alert, "entities" | "droppedEntities"> {
  const entities: Entity[] = [];
  const dropped: string[] = [];
  const seen = new Set<string>();
  for (const mapping of rule.entityMappings ?? []) {
    let kept = false;
    for (const row of rows) {
      const identifiers: Record<string, string> = {};
      for (const f of mapping.fieldMappings) {
        const v = view.text(row, f.columnName);
        if (v !== undefined && v.trim() !== "") identifiers[f.identifier] = v;
      }
      if (Object.keys(identifiers).length === 0) continue;
      kept = true;
      const key = JSON.stringify([mapping.entityType, Object.entries(identifiers).sort()]);
      if (seen.has(key)) continue;
      seen.add(key);
      entities.push({ type: mapping.entityType, identifiers });
    }
    if (!kept) dropped.push(mapping.entityType);
  }
  return { entities, droppedEntities: dropped };
}

function alertFor(rule: AnalyticRule, view: ResultView, rows: readonly Row[]): Alert {
  const first = rows[0] ?? [];
  const ado = rule.alertDetailsOverride;
  const customDetails: Record<string, string[]> = {};
  for (const [key, column] of Object.entries(rule.customDetails ?? {})) {
    customDetails[key] = rows.map((r) => view.text(r, column) ?? "");
  }
  const dynamicProperties: Record<string, string> = {};
  for (const p of ado?.alertDynamicProperties ?? []) {
    const v = view.text(first, p.value);
    if (v !== undefined && v !== "") dynamicProperties[p.alertProperty] = v;
  }
  const tacticsText = ado?.alertTacticsColumnName ? view.text(first, ado.alertTacticsColumnName) : undefined;
  const tactics = tacticsText ? tacticsText.split(/[,\s]+/).filter(Boolean) : [...(rule.tactics ?? [])];
  const displayName = ado?.alertDisplayNameFormat
    ? fillPlaceholders(ado.alertDisplayNameFormat, view, first)
    : rule.name;
  const description = ado?.alertDescriptionFormat
    ? fillPlaceholders(ado.alertDescriptionFormat, view, first)
    : rule.description;
  return {
    displayName: displayName || rule.name,
    description: description || rule.description,
    severity:
      (ado?.alertSeverityColumnName
        ? severityFrom(view.text(first, ado.alertSeverityColumnName))
        : undefined) ?? rule.severity,
    tactics,
    techniques: [...(rule.relevantTechniques ?? [])],
    customDetails,
    dynamicProperties,
    ...entitiesOf(rule, view, rows),
    events: rows.length,
  };
}

/** The alerts of a run whose trigger fired: one per result row (at most 150, the last standing for all rows), or one. */
export function alertsOf(rule: AnalyticRule, result: QueryResult): Alert[] {
  const view = new ResultView(result);
  const rows = result.rows;
  // A trigger met by an empty result (`lt 1`: data stopped arriving) still raises one alert, with no events.
  if (rows.length === 0) return [alertFor(rule, view, [])];
  if (rule.eventGroupingSettings?.aggregationKind !== "AlertPerResult") return [alertFor(rule, view, rows)];
  if (rows.length <= MAX_ALERTS_PER_RUN) return rows.map((r) => alertFor(rule, view, [r]));
  return [
    ...rows.slice(0, MAX_ALERTS_PER_RUN - 1).map((r) => alertFor(rule, view, [r])),
    alertFor(rule, view, rows),
  ];
}

function entityKeys(alert: Alert, types?: readonly string[]): string[] {
  return alert.entities
    .filter((e) => !types || types.some((t) => t.toLowerCase() === e.type.toLowerCase()))
    .map((e) => JSON.stringify([e.type, Object.entries(e.identifiers).sort()]))
    .sort();
}

const ALERT_DETAIL: Record<string, (a: Alert) => string> = {
  displayname: (a) => a.displayName,
  severity: (a) => a.severity,
};

/** What decides whether two alerts of the run share an incident, or undefined when each gets its own. */
function groupingKey(rule: AnalyticRule, alert: Alert): string | undefined {
  const g = rule.incidentConfiguration?.groupingConfiguration;
  if (!g?.enabled) return undefined;
  switch (g.matchingMethod ?? "AllEntities") {
    case "AnyAlert":
      return "any";
    case "AllEntities":
      return JSON.stringify(entityKeys(alert));
    default: {
      const parts = [
        entityKeys(alert, g.groupByEntities ?? []),
        (g.groupByAlertDetails ?? []).map((d) => ALERT_DETAIL[d.toLowerCase()]?.(alert) ?? ""),
        (g.groupByCustomDetails ?? []).map((k) => alert.customDetails[k] ?? []),
      ];
      return JSON.stringify(parts);
    }
  }
}

/** Incidents created from one run's alerts, grouped as incidentConfiguration says (within the run). */
export function incidentsOf(rule: AnalyticRule, alerts: readonly Alert[]): Incident[] {
  if (rule.incidentConfiguration && !rule.incidentConfiguration.createIncident) return [];
  const incidents: Incident[] = [];
  const byKey = new Map<string, Incident>();
  alerts.forEach((alert, i) => {
    const key = groupingKey(rule, alert);
    const existing = key === undefined ? undefined : byKey.get(key);
    if (existing) {
      existing.alerts.push(i);
      return;
    }
    const incident: Incident = { title: alert.displayName, severity: alert.severity, alerts: [i] };
    incidents.push(incident);
    if (key !== undefined) byKey.set(key, incident);
  });
  return incidents;
}

/** One run of a rule, given what its query returned over the run's window. */
export function simulateRun(rule: AnalyticRule, result: QueryResult): RuleRun {
  const fired = triggers(rule, result.rows.length);
  const alerts = fired ? alertsOf(rule, result) : [];
  return { resultRows: result.rows.length, fired, alerts, incidents: incidentsOf(rule, alerts) };
}

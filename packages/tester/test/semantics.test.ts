import type { AnalyticRule } from "@sentinelctl/content";
import {
  alertsOf,
  incidentsOf,
  MAX_ALERTS_PER_RUN,
  runWindow,
  simulateRun,
  triggers,
} from "../src/semantics.js";

const base = {
  id: "6f1c1a4e-93b1-4a43-b8a5-3c0f0f5d6c11",
  name: "Test rule",
  description: "Rule description.",
  severity: "Medium" as const,
  query: "T",
  tactics: ["Execution"],
  relevantTechniques: ["T1059"],
};

const scheduled = (extra: Record<string, unknown> = {}): AnalyticRule =>
  ({
    ...base,
    kind: "Scheduled",
    queryFrequency: "1h",
    queryPeriod: "2h",
    triggerOperator: "gt",
    triggerThreshold: 0,
    ...extra,
  }) as AnalyticRule;

const columns = [
  { name: "Host", type: "string" },
  { name: "Ip", type: "string" },
  { name: "Sev", type: "string" },
  { name: "Score", type: "long" },
  { name: "When", type: "datetime" },
];
const result = (rows: unknown[][]) => ({ columns, rows });

describe("the window a run reads", () => {
  test("scheduled: queryPeriod back from now, by TimeGenerated", () => {
    expect(runWindow(scheduled(), 10_000_000)).toEqual({
      from: 10_000_000 - 7_200_000,
      to: 10_000_000,
      by: "TimeGenerated",
    });
  });
  test("NRT: the minute before, by ingestion time", () => {
    const nrt = { ...base, kind: "NRT" } as AnalyticRule;
    expect(runWindow(nrt, 600_000)).toEqual({ from: 540_000, to: 600_000, by: "ingestion" });
  });
});

describe("trigger", () => {
  test.each([
    ["gt", 2, 3, true],
    ["gt", 3, 3, false],
    ["GreaterThan", 3, 4, true],
    ["lt", 3, 2, true],
    ["eq", 0, 0, true],
    ["NotEqual", 1, 1, false],
  ] as const)("%s %i with %i rows -> %s", (op, threshold, rows, fires) => {
    expect(triggers(scheduled({ triggerOperator: op, triggerThreshold: threshold }), rows)).toBe(fires);
  });
  test("NRT fires on any row", () => {
    const nrt = { ...base, kind: "NRT" } as AnalyticRule;
    expect(triggers(nrt, 0)).toBe(false);
    expect(triggers(nrt, 1)).toBe(true);
  });
  test("a scheduled rule with lt fires on an empty result (absence detection): one alert, no events", () => {
    const run = simulateRun(scheduled({ triggerOperator: "lt", triggerThreshold: 1 }), result([]));
    expect(run.fired).toBe(true);
    expect(run.alerts).toHaveLength(1);
    expect(run.alerts[0]).toMatchObject({ displayName: "Test rule", events: 0, entities: [] });
  });
});

describe("alerts", () => {
  const rule = scheduled({
    eventGroupingSettings: { aggregationKind: "AlertPerResult" },
    alertDetailsOverride: {
      alertDisplayNameFormat: "Beacon from {{Host}} ({{Score}}) {{Missing}}",
      alertDescriptionFormat: "At {{When}}",
      alertSeverityColumnName: "Sev",
      alertDynamicProperties: [{ alertProperty: "ProductName", value: "Host" }],
    },
    customDetails: { Score: "Score" },
    entityMappings: [
      { entityType: "Host", fieldMappings: [{ identifier: "HostName", columnName: "Host" }] },
      { entityType: "IP", fieldMappings: [{ identifier: "Address", columnName: "Ip" }] },
    ],
  });

  test("one alert per row, with the override filled from the row", () => {
    const alerts = alertsOf(
      rule,
      result([
        ["ws-1", "10.0.0.1", "high", 90n, "2026-11-20T08:00:00Z"],
        ["ws-2", "", "bogus", 10n, null],
      ]),
    );
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toMatchObject({
      displayName: "Beacon from ws-1 (90) {{Missing}}",
      description: "At 2026-11-20T08:00:00Z",
      severity: "High",
      customDetails: { Score: ["90"] },
      dynamicProperties: { ProductName: "ws-1" },
      entities: [
        { type: "Host", identifiers: { HostName: "ws-1" } },
        { type: "IP", identifiers: { Address: "10.0.0.1" } },
      ],
      droppedEntities: [],
      events: 1,
    });
    // An unknown severity in the column falls back to the rule's; an empty IP is dropped and reported.
    expect(alerts[1]).toMatchObject({ severity: "Medium", description: "At ", droppedEntities: ["IP"] });
    expect(alerts[1]!.entities).toEqual([{ type: "Host", identifiers: { HostName: "ws-2" } }]);
  });

  test("SingleAlert: one alert over every row, custom details list every row's value", () => {
    const single = { ...rule, eventGroupingSettings: { aggregationKind: "SingleAlert" } } as AnalyticRule;
    const alerts = alertsOf(
      single,
      result([
        ["ws-1", "10.0.0.1", "Low", 1n, null],
        ["ws-2", "10.0.0.1", "High", 2n, null],
      ]),
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ events: 2, severity: "Low", customDetails: { Score: ["1", "2"] } });
    // The same IP on both rows is one entity.
    expect(alerts[0]!.entities.filter((e) => e.type === "IP")).toHaveLength(1);
  });

  test(`at most ${MAX_ALERTS_PER_RUN} alerts; the last one stands for every row`, () => {
    const rows = Array.from({ length: 200 }, (_, i) => [`ws-${i}`, "", "Low", BigInt(i), null]);
    const alerts = alertsOf(rule, result(rows));
    expect(alerts).toHaveLength(MAX_ALERTS_PER_RUN);
    expect(alerts[148]!.events).toBe(1);
    expect(alerts[149]!.events).toBe(200);
  });

  test("without an override the rule's name, description and severity are used", () => {
    const plain = scheduled({ eventGroupingSettings: { aggregationKind: "AlertPerResult" } });
    expect(alertsOf(plain, result([["a", "", "High", 1n, null]]))[0]).toMatchObject({
      displayName: "Test rule",
      description: "Rule description.",
      severity: "Medium",
      tactics: ["Execution"],
      techniques: ["T1059"],
    });
  });
});

describe("incidents of one run", () => {
  const rows = result([
    ["ws-1", "10.0.0.1", "High", 1n, null],
    ["ws-1", "10.0.0.2", "High", 2n, null],
    ["ws-2", "10.0.0.3", "Low", 3n, null],
  ]);
  const withGrouping = (grouping: Record<string, unknown> | undefined, createIncident = true) =>
    scheduled({
      eventGroupingSettings: { aggregationKind: "AlertPerResult" },
      entityMappings: [
        { entityType: "Host", fieldMappings: [{ identifier: "HostName", columnName: "Host" }] },
        { entityType: "IP", fieldMappings: [{ identifier: "Address", columnName: "Ip" }] },
      ],
      customDetails: { Sev: "Sev" },
      incidentConfiguration: { createIncident, ...(grouping ? { groupingConfiguration: grouping } : {}) },
    });
  const count = (rule: AnalyticRule) => incidentsOf(rule, alertsOf(rule, rows)).map((i) => i.alerts.length);

  test("no grouping: one incident per alert", () =>
    expect(count(withGrouping(undefined))).toEqual([1, 1, 1]));
  test("createIncident false: none", () => expect(count(withGrouping(undefined, false))).toEqual([]));
  test("AnyAlert: one", () =>
    expect(count(withGrouping({ enabled: true, matchingMethod: "AnyAlert" }))).toEqual([3]));
  test("AllEntities: alerts with the same entities only", () =>
    expect(count(withGrouping({ enabled: true, matchingMethod: "AllEntities" }))).toEqual([1, 1, 1]));
  test("Selected by Host entity", () =>
    expect(
      count(withGrouping({ enabled: true, matchingMethod: "Selected", groupByEntities: ["Host"] })),
    ).toEqual([2, 1]));
  test("Selected by custom detail", () =>
    expect(
      count(withGrouping({ enabled: true, matchingMethod: "Selected", groupByCustomDetails: ["Sev"] })),
    ).toEqual([2, 1]));
  test("the incident takes its title and severity from its first alert", () => {
    const rule = withGrouping({ enabled: true, matchingMethod: "AnyAlert" });
    expect(incidentsOf(rule, alertsOf(rule, rows))[0]).toMatchObject({
      title: "Test rule",
      severity: "Medium",
      alerts: [0, 1, 2],
    });
  });
});

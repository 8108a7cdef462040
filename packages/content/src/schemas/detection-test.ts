import { type Static, Type } from "@sinclair/typebox";
import { Severity, StringEnum, strict } from "./common.js";

/**
 * A detection test file (`tests/*.test.yaml` in a solution): cases that run one content item over
 * given events and state what must come out. Not a deployable kind: the builder never sees it.
 */

const Duration = Type.String({
  pattern: "^(\\d+(ms|s|m|h|d)|P(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+S)?)?)$",
  description: "A duration: 30s, 5m, 1h, 2d, or ISO 8601 (PT5M).",
});

const Instant = Type.String({
  pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,7})?)?(Z|[+-]\\d{2}:\\d{2})$",
  description: "An ISO 8601 date and time with its zone, e.g. 2026-11-20T09:00:00Z.",
});

const Row = Type.Record(Type.String(), Type.Unknown(), { description: "One row: column name to value." });

export const TestTableInput = Type.Object(
  {
    rows: Type.Optional(
      Type.Array(Row, { description: "Rows of the table, as the workspace would hold them." }),
    ),
    records: Type.Optional(
      Type.Array(Row, {
        description:
          "Records as the product pushes them to the data collection rule stream that feeds this table; they go through the stream declaration and the DCR's transformKql first.",
      }),
    ),
    lines: Type.Optional(
      Type.Union([Type.String(), Type.Array(Type.String())], {
        description:
          "Raw lines as the product sends them: CEF (for CommonSecurityLog) or syslog (for Syslog), with or without a syslog header. A multi-line string holds one event per line.",
      }),
    ),
    file: Type.Optional(
      Type.String({
        description:
          "A file next to the test (path relative to it): JSON Lines, a JSON array or CSV of rows (or of records with `format: records`), or a .log/.txt/.cef file of raw lines.",
      }),
    ),
    format: Type.Optional(
      StringEnum(["rows", "records", "cef", "syslog"], {
        description: "How `file` is read, when its extension and the table name do not tell.",
      }),
    ),
    ago: Type.Optional(
      Type.Union([Duration, Type.Array(Duration)], {
        description:
          "TimeGenerated of rows that have none: `now` minus this (one value for every row, or one per row). Default 1m.",
      }),
    ),
  },
  { ...strict, description: "Input of one table: exactly one of rows, records, lines or file." },
);

const ExpectedEntity = Type.Record(Type.String(), Type.Unknown(), {
  description:
    "An entity: `type` (Host, IP, Account, ...) and the identifiers that matter, e.g. { type: Host, HostName: ws-01 }.",
});

export const ExpectedAlert = Type.Object(
  {
    displayName: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    severity: Type.Optional(Severity),
    tactics: Type.Optional(Type.Array(Type.String())),
    techniques: Type.Optional(Type.Array(Type.String())),
    customDetails: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    dynamicProperties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    entities: Type.Optional(
      Type.Array(ExpectedEntity, { description: "Entities the alert must carry (others may exist)." }),
    ),
    droppedEntities: Type.Optional(
      Type.Array(Type.String(), { description: "Entity types dropped because every identifier was empty." }),
    ),
    events: Type.Optional(Type.Integer({ minimum: 0, description: "Query result rows behind the alert." })),
  },
  { ...strict, description: "What an alert must show; fields left out are not compared." },
);

export const ExpectedIncident = Type.Object(
  {
    title: Type.Optional(Type.String()),
    severity: Type.Optional(Severity),
    alerts: Type.Optional(Type.Integer({ minimum: 1, description: "Alerts grouped into the incident." })),
  },
  strict,
);

export const TestExpectation = Type.Object(
  {
    alerts: Type.Optional(
      Type.Union([Type.Integer({ minimum: 0 }), Type.Array(ExpectedAlert)], {
        description:
          "Analytics rules: how many alerts the run raises, or the alerts in order (subset match per alert).",
      }),
    ),
    incidents: Type.Optional(
      Type.Union([Type.Integer({ minimum: 0 }), Type.Array(ExpectedIncident)], {
        description: "Analytics rules: incidents created from the run's alerts (incidentConfiguration).",
      }),
    ),
    rows: Type.Optional(
      Type.Union([Type.Integer({ minimum: 0 }), Type.Array(Row)], {
        description:
          "Hunting queries, parsers, DCR transformations: how many rows come out, or the rows (each matched on the columns it names).",
      }),
    ),
    ordered: Type.Optional(
      Type.Boolean({ default: false, description: "Rows must come in this order (otherwise any order)." }),
    ),
  },
  { ...strict, description: "What must come out. `alerts: 0` for a case that must stay silent." },
);

export const TestCase = Type.Object(
  {
    name: Type.String({ minLength: 1, description: "What the case shows; reported when it fails." }),
    now: Type.Optional(Instant),
    query: Type.Optional(
      Type.String({
        description: "Run this KQL instead of the item's own (e.g. a parser called with arguments).",
      }),
    ),
    inputs: Type.Optional(
      Type.Record(Type.String(), TestTableInput, { description: "Input tables by name." }),
    ),
    expect: TestExpectation,
  },
  strict,
);

export const TEST_ITEM_KINDS = [
  "analyticRule",
  "huntingQuery",
  "parser",
  "workbookQuery",
  "dcrTransformation",
] as const;

export const DetectionTest = Type.Object(
  {
    item: Type.String({
      minLength: 1,
      description:
        "What is tested: a rule or hunting query id or name, a parser alias, a content file path relative to the solution, `<workbook id>/<item name>` for a workbook query, or `<connector id>/<table>` for a DCR transformation.",
    }),
    kind: Type.Optional(
      StringEnum(TEST_ITEM_KINDS, { description: "Needed only when `item` is ambiguous." }),
    ),
    now: Type.Optional(Instant),
    cases: Type.Array(TestCase, { minItems: 1, description: "The cases: inputs, and what must come out." }),
  },
  {
    ...strict,
    $id: "DetectionTest",
    title: "Detection test file",
    description:
      "A *.test.yaml file in a solution's tests/ folder: input rows for the item under test and the alerts, incidents or rows it must produce (`sentinelctl test`).",
  },
);

export type TestTableInput = Static<typeof TestTableInput>;
export type ExpectedAlert = Static<typeof ExpectedAlert>;
export type ExpectedIncident = Static<typeof ExpectedIncident>;
export type TestExpectation = Static<typeof TestExpectation>;
export type TestCase = Static<typeof TestCase>;
export type DetectionTest = Static<typeof DetectionTest>;
export type TestItemKind = (typeof TEST_ITEM_KINDS)[number];

import type { TestExpectation } from "@sentinelctl/content";
import { compareOutcome, valueMatches } from "../src/match.js";
import type { Alert } from "../src/semantics.js";
import { expectationFor } from "../src/update.js";

const alert = (extra: Partial<Alert> = {}): Alert => ({
  displayName: "Darktrace Model Alert: Beaconing",
  description: "d",
  severity: "High",
  tactics: ["CommandAndControl"],
  techniques: ["T1071"],
  customDetails: { Score: ["87"], Devices: ["a", "b"] },
  dynamicProperties: { AlertLink: "https://x" },
  entities: [
    { type: "Host", identifiers: { HostName: "ws-1" } },
    { type: "IP", identifiers: { Address: "10.0.0.1" } },
  ],
  droppedEntities: ["Account"],
  events: 1,
  ...extra,
});

const at = ["cases", 0, "expect"];

describe("values", () => {
  test("datetimes compare as instants", () => {
    expect(valueMatches("2026-11-20T08:00:00Z", "2026-11-20T08:00:00.0000000Z")).toBe(true);
    expect(valueMatches("2026-11-20 08:00", "2026-11-20T08:00:00Z")).toBe(true);
    expect(valueMatches("2026-11-20T08:00:01Z", "2026-11-20T08:00:00Z")).toBe(false);
  });
  test("objects are subsets, arrays are exact, types are not coerced", () => {
    expect(valueMatches({ a: 1 }, { a: 1, b: 2 })).toBe(true);
    expect(valueMatches([1, 2], [1, 2, 3])).toBe(false);
    expect(valueMatches("1", 1)).toBe(false);
    expect(valueMatches(null, "")).toBe(true);
  });
});

describe("alert expectations", () => {
  test("a count", () => {
    expect(compareOutcome({ alerts: 1 }, { alerts: [alert()] }, at)).toEqual([]);
    const [m] = compareOutcome({ alerts: 0 }, { alerts: [alert()] }, at);
    expect(m).toMatchObject({ path: [...at, "alerts"], message: "expected 0 alerts, got 1" });
  });

  test("listed alerts match on the fields they name", () => {
    const expectation: TestExpectation = {
      alerts: [
        {
          severity: "High",
          customDetails: { Score: 87, Devices: ["a", "b"] },
          entities: [{ type: "host", HostName: "ws-1" }],
          droppedEntities: ["Account"],
          dynamicProperties: { AlertLink: "https://x" },
        },
      ],
    };
    expect(compareOutcome(expectation, { alerts: [alert()] }, at)).toEqual([]);
  });

  test("each mismatch points at the field that states it", () => {
    const expectation: TestExpectation = {
      alerts: [
        { severity: "Low", customDetails: { Score: "88" }, entities: [{ type: "Host", HostName: "ws-9" }] },
      ],
    };
    const found = compareOutcome(expectation, { alerts: [alert()] }, at);
    expect(found.map((m) => m.path)).toEqual([
      [...at, "alerts", 0, "severity"],
      [...at, "alerts", 0, "customDetails", "Score"],
      [...at, "alerts", 0, "entities", 0],
    ]);
    expect(found[0]).toMatchObject({ expected: "Low", actual: "High" });
  });
});

describe("row expectations", () => {
  const rows = [
    { Device: "a", Count: 3 },
    { Device: "b", Count: 5 },
  ];
  test("unordered by default, ordered on request", () => {
    const expectation: TestExpectation = { rows: [{ Device: "b" }, { Device: "a", Count: 3 }] };
    expect(compareOutcome(expectation, { rows }, at)).toEqual([]);
    expect(compareOutcome({ ...expectation, ordered: true }, { rows }, at).map((m) => m.path)).toEqual([
      [...at, "rows", 0],
      [...at, "rows", 1],
    ]);
  });
  test("a row that matches nothing shows the closest actual row", () => {
    const [m] = compareOutcome({ rows: [{ Device: "a", Count: 4 }, { Device: "b" }] }, { rows }, at);
    expect(m).toMatchObject({ path: [...at, "rows", 0], actual: { Device: "a", Count: 3 } });
  });
  test("counts differ", () => {
    expect(compareOutcome({ rows: 1 }, { rows }, at)[0]).toMatchObject({ message: "expected 1 rows, got 2" });
  });
});

describe("--update keeps the author's shape", () => {
  test("a count stays a count, listed alerts keep their fields", () => {
    expect(expectationFor({ alerts: 3 }, { alerts: [alert()] })).toEqual({ alerts: 1 });
    expect(
      expectationFor({ alerts: [{ severity: "Low" }] }, { alerts: [alert(), alert({ severity: "Medium" })] }),
    ).toEqual({
      alerts: [{ severity: "High" }, { severity: "Medium" }],
    });
  });
  test("custom details keep the keys the expectation named", () => {
    const updated = expectationFor(
      { alerts: [{ severity: "Low", customDetails: { Score: 1 } }] },
      { alerts: [alert()] },
    );
    expect(updated).toEqual({ alerts: [{ severity: "High", customDetails: { Score: "87" } }] });
  });
  test("rows keep the columns the expectation named", () => {
    expect(expectationFor({ rows: [{ Device: "x" }] }, { rows: [{ Device: "a", Count: 1 }] })).toEqual({
      rows: [{ Device: "a" }],
    });
  });
});

import { type EvaluateOptions, evaluate, type InputTable } from "@sentinelctl/kql";

export const NOW = "2026-12-01T00:00:00Z";

/** Rows of a query (now fixed), for assertions. */
export function rows(query: string, tables: Record<string, InputTable> = {}, options: EvaluateOptions = {}) {
  return evaluate(query, { now: NOW, tables, ...options }).rows;
}

/** The single value of a one-row, one-column query such as `print x`. */
export function value(expression: string, tables: Record<string, InputTable> = {}): unknown {
  const r = rows(`print v = ${expression}`, tables);
  return r[0]![0];
}

export const events: Record<string, InputTable> = {
  Events: {
    columns: [
      { name: "TimeGenerated", type: "datetime" },
      { name: "Computer", type: "string" },
      { name: "Account", type: "string" },
      { name: "EventID", type: "int" },
      { name: "Bytes", type: "long" },
      { name: "Score", type: "real" },
      { name: "Props", type: "dynamic" },
    ],
    rows: [
      ["2026-11-30T10:05:00Z", "web01", "alice", 4624, 100, 1.5, { ip: "10.0.0.5", tags: ["a", "b"] }],
      ["2026-11-30T10:45:00Z", "web01", "bob", 4625, 250, null, { ip: "8.8.8.8", tags: [] }],
      ["2026-11-30T11:10:00Z", "db01", "alice", 4625, null, 3.0, { ip: "192.168.1.9" }],
      ["2026-11-30T11:20:00Z", "db01", "carol", 4624, 50, 2.5, null],
      ["2026-11-29T09:00:00Z", "web02", "", 4688, 9007199254740993n, 0.5, { ip: "172.20.0.1", tags: ["c"] }],
    ],
  },
};

/** Deterministic generated tables for the engine benchmarks (no randomness between runs). */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** A small linear congruential generator: same sequence on every run. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export const START_MS = Date.UTC(2026, 10, 30, 0, 0, 0);
export const NOW = "2026-12-01T00:00:00Z";

export const CSL_COLUMNS = [
  { name: "TimeGenerated", type: "datetime" },
  { name: "DeviceVendor", type: "string" },
  { name: "DeviceProduct", type: "string" },
  { name: "DeviceAction", type: "string" },
  { name: "SourceIP", type: "string" },
  { name: "DestinationIP", type: "string" },
  { name: "DestinationPort", type: "int" },
  { name: "LogSeverity", type: "int" },
  { name: "Activity", type: "string" },
] as const;

const VENDORS = ["Palo Alto Networks", "Fortinet", "Check Point", "Cisco", "Zscaler", "Darktrace"];
const ACTIONS = ["allow", "deny", "drop", "alert"];
const PORTS = [22, 53, 80, 123, 389, 443, 445, 3389, 8080, 8443];

/** CommonSecurityLog-like rows over 24 hours: 6 vendors, ~20k source IPs, 10 ports. */
export function commonSecurityLog(n: number): unknown[][] {
  const rnd = lcg(42);
  const rows = new Array<unknown[]>(n);
  for (let i = 0; i < n; i++) {
    const v = Math.floor(rnd() * VENDORS.length);
    rows[i] = [
      new Date(START_MS + Math.floor(rnd() * 86_400_000)),
      VENDORS[v],
      `${VENDORS[v]} Firewall`,
      ACTIONS[Math.floor(rnd() * ACTIONS.length)],
      `10.${Math.floor(rnd() * 80)}.${Math.floor(rnd() * 250)}.${1 + Math.floor(rnd() * 1)}`,
      `198.51.100.${Math.floor(rnd() * 250)}`,
      PORTS[Math.floor(rnd() * PORTS.length)],
      Math.floor(rnd() * 11),
      "Traffic",
    ];
  }
  return rows;
}

export const CSL_QUERY = `CommonSecurityLog
| where TimeGenerated > ago(1d) and DeviceAction == "deny" and LogSeverity >= 5
| summarize Events = count(), Sources = dcount(SourceIP) by DeviceVendor, DestinationPort, bin(TimeGenerated, 1h)`;

export const CSL_SQL = `SELECT DeviceVendor, DestinationPort, time_bucket(INTERVAL 1 hour, TimeGenerated) AS TimeGenerated,
  count(*) AS Events, count(DISTINCT SourceIP) AS Sources
FROM CommonSecurityLog
WHERE TimeGenerated > TIMESTAMP '2026-11-30 00:00:00' AND DeviceAction = 'deny' AND LogSeverity >= 5
GROUP BY ALL`;

interface TableYaml {
  name: string;
  columns: Array<{ name: string; type: string }>;
}

/** The Darktrace model-alert rule and its table declaration, as the solution ships them. */
export function darktraceRule(): { query: string; table: TableYaml } {
  return ruleWithTable("Solutions/Darktrace/analytics/DarktraceModelAlert.yaml");
}

/**
 * A rule of the Darktrace solution (path from the repository root) and the declaration of the
 * table its query starts from.
 */
export function ruleWithTable(rulePath: string): { query: string; table: TableYaml } {
  const rule = parse(readFileSync(path.join(root, rulePath), "utf8")) as { query: string };
  const tableName = /^\s*(?:let [^;]*;\s*)*([A-Za-z_]\w*)/.exec(rule.query)?.[1];
  const table = parse(
    readFileSync(path.join(root, `Solutions/Darktrace/tables/${tableName}.yaml`), "utf8"),
  ) as TableYaml;
  return { query: rule.query, table };
}

const CATEGORIES = ["Informational", "Suspicious", "Critical", "Compliance"];

/** Values for the text columns the other Darktrace rules filter or branch on. */
const TEXT_POOLS: Record<string, string[]> = {
  state: ["active", "expired", "cleared", "resolved", "inactive"],
  rating: ["A", "B", "C", "D", "E", "F"],
  previousRating: ["A", "B", "C", "D", "E", "F"],
  direction: ["Inbound", "outbound", "internal"],
  priority: ["critical", "High", "medium", "low"],
  status: ["active", "Resolved"],
  groupCategory: ["Critical", "suspicious", "compliance", "informational"],
};

/** Rows for a declared table, with plausible values per column type and name. */
export function darktraceRows(table: TableYaml, n: number): unknown[][] {
  const rnd = lcg(7);
  return Array.from({ length: n }, (_, i) =>
    table.columns.map((c) => {
      if (rnd() < 0.05 && c.name !== "TimeGenerated") return null;
      switch (c.type) {
        case "datetime":
          return new Date(START_MS + Math.floor(rnd() * 86_400_000));
        case "bool":
          return rnd() < 0.2;
        case "int":
        case "long":
          return Math.floor(rnd() * 100);
        case "real":
          return rnd() * 90;
        case "dynamic":
          return c.name === "mitreTechniques"
            ? [{ technique: `T1${String(Math.floor(rnd() * 600)).padStart(3, "0")}`, name: "x" }]
            : [`user${i % 50}`];
        default:
          if (c.name === "category") return CATEGORIES[Math.floor(rnd() * CATEGORIES.length)];
          if (TEXT_POOLS[c.name]) return TEXT_POOLS[c.name]![Math.floor(rnd() * TEXT_POOLS[c.name]!.length)];
          if (/Ip$/.test(c.name)) return `10.0.${Math.floor(rnd() * 250)}.${Math.floor(rnd() * 250)}`;
          return `${c.name}-${Math.floor(rnd() * 1000)}`;
      }
    }),
  );
}

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { isKustoType } from "./kusto-types.js";
import type { KustoType, SchemaColumn, SchemaFunction, SchemaTable } from "./types.js";

/**
 * Log Analytics standard columns ("Standard columns in Azure Monitor Logs"): present on every
 * workspace table, though the table reference omits some of them on some tables, and several are
 * hidden from schema views. DCR-based custom tables get these too.
 */
export const STANDARD_COLUMNS: readonly SchemaColumn[] = Object.freeze([
  { name: "TenantId", type: "string", implicit: true },
  { name: "TimeGenerated", type: "datetime", implicit: true },
  { name: "Type", type: "string", implicit: true },
  { name: "_ResourceId", type: "string", implicit: true },
  { name: "_SubscriptionId", type: "string", implicit: true },
  { name: "_ItemId", type: "string", implicit: true },
  { name: "_BilledSize", type: "real", implicit: true },
  { name: "_IsBillable", type: "string", implicit: true },
  { name: "_TimeReceived", type: "datetime", implicit: true },
]);

/** Tables of the retired HTTP Data Collector API (classic `_CL` tables) also carry SourceSystem. */
export const CLASSIC_EXTRA_COLUMNS: readonly SchemaColumn[] = Object.freeze([
  { name: "SourceSystem", type: "string", implicit: true },
]);

/** Appends the standard columns a table does not declare (names compared case-sensitively). */
export function withStandardColumns(
  columns: readonly SchemaColumn[],
  extra: readonly SchemaColumn[] = [],
): SchemaColumn[] {
  const present = new Set(columns.map((c) => c.name));
  const out = [...columns];
  for (const c of [...STANDARD_COLUMNS, ...extra]) {
    if (!present.has(c.name)) {
      out.push(c);
      present.add(c.name);
    }
  }
  return out;
}

interface TableFile {
  source: string;
  tableCount: number;
  tables: Record<string, Record<string, string>>;
}

export interface BuiltinData {
  /** sha256 of the data file, part of every snapshot hash */
  readonly id: string;
  readonly source: string;
  readonly tables: readonly SchemaTable[];
  readonly functions: readonly SchemaFunction[];
}

const DATA_FILE = new URL("../../data/azure-monitor-tables.json", import.meta.url);

let builtins: BuiltinData | undefined;

function freezeTable(t: SchemaTable): SchemaTable {
  for (const c of t.columns) Object.freeze(c);
  Object.freeze(t.columns);
  return Object.freeze(t);
}

/**
 * AzureDiagnostics is not in the table reference data: its columns depend on the Azure services
 * that write to it (resource logs in "Azure diagnostics" mode; each service adds its own `*_s`,
 * `*_d`, … columns). It is declared open with the common top-level columns, so service-specific
 * columns are accepted (typed unknown) instead of being reported as unknown names.
 */
const AZURE_DIAGNOSTICS_COLUMNS: ReadonlyArray<[string, KustoType]> = [
  ["TimeGenerated", "datetime"],
  ["ResourceId", "string"],
  ["Category", "string"],
  ["ResourceGroup", "string"],
  ["SubscriptionId", "string"],
  ["ResourceProvider", "string"],
  ["Resource", "string"],
  ["ResourceType", "string"],
  ["OperationName", "string"],
  ["OperationVersion", "string"],
  ["ResultType", "string"],
  ["ResultSignature", "string"],
  ["ResultDescription", "string"],
  ["CorrelationId", "string"],
  ["CallerIPAddress", "string"],
  ["Level", "string"],
  ["DurationMs", "long"],
  ["AdditionalFields", "dynamic"],
  ["SourceSystem", "string"],
];

/**
 * Sentinel's watchlist accessor, available in every Sentinel workspace. Its output is open: besides
 * `_DTItemId`, `SearchKey`, `WatchlistItem` and `LastUpdatedTimeUTC`, every column of the watchlist's
 * CSV is a column of the result, and those are known only in the workspace.
 */
const GET_WATCHLIST: SchemaFunction = Object.freeze({
  name: "_GetWatchlist",
  parameters: Object.freeze([Object.freeze({ name: "watchlistAlias", type: "string" as const })]),
  body: null,
  resultColumns: null,
  origin: "builtin" as const,
  state: "opaque" as const,
  description: "Returns the items of a Microsoft Sentinel watchlist; its columns depend on the watchlist",
  bodyDiagnostics: Object.freeze([]),
  referencedTables: Object.freeze([]),
  referencedFunctions: Object.freeze([]),
});

/**
 * Microsoft Defender XDR advanced-hunting tables streamed into Sentinel: the table reference lists
 * their `TimeGenerated`, but queries written for Defender (and Sentinel content written from them)
 * use the `Timestamp` column the advanced-hunting schema documents. Both exist in the workspace.
 */
const DEFENDER_XDR_TABLES = [
  "AlertEvidence",
  "AlertInfo",
  "CloudAppEvents",
  "DeviceEvents",
  "DeviceFileCertificateInfo",
  "DeviceFileEvents",
  "DeviceImageLoadEvents",
  "DeviceInfo",
  "DeviceLogonEvents",
  "DeviceNetworkEvents",
  "DeviceNetworkInfo",
  "DeviceProcessEvents",
  "DeviceRegistryEvents",
  "EmailAttachmentInfo",
  "EmailEvents",
  "EmailPostDeliveryEvents",
  "EmailUrlInfo",
  "IdentityDirectoryEvents",
  "IdentityLogonEvents",
  "IdentityQueryEvents",
  "UrlClickEvents",
];

interface AsimFile {
  source: string;
  common: string;
  schemas: Record<string, { functions: string[]; parameters: string; columns: string }>;
}

const ASIM_FILE = new URL("../../data/asim-schemas.json", import.meta.url);

/** `Name` or `Name:type` words (string when no type is written). */
function asimColumns(text: string): SchemaColumn[] {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      const [name, type] = word.split(":");
      return { name: name!, type: (type && isKustoType(type) ? type : "string") as KustoType };
    });
}

/** `name:type=default` words of a parser's filtering parameters. */
function asimParameters(text: string): SchemaFunction["parameters"] {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      const m = /^([^:]+):([^=]+)(?:=(.*))?$/.exec(word)!;
      return Object.freeze({
        name: m[1]!,
        type: (isKustoType(m[2]!) ? m[2] : "dynamic") as KustoType,
        ...(m[3] !== undefined ? { default: m[3] } : {}),
      });
    });
}

/**
 * The ASIM parsers every Sentinel workspace has (`_Im_Dns`, `_ASim_NetworkSession`, ...) and the
 * workspace-deployed ones (`imDns`, `ASimDns`, ...), each returning its schema's documented columns.
 */
function asimFunctions(raw: string): SchemaFunction[] {
  const file = JSON.parse(raw) as AsimFile;
  const common = asimColumns(file.common);
  const out: SchemaFunction[] = [];
  for (const [schema, spec] of Object.entries(file.schemas)) {
    const seen = new Set<string>();
    const columns = withStandardColumns(
      [...common, ...asimColumns(spec.columns)].filter((c) => !seen.has(c.name) && seen.add(c.name)),
    );
    const parameters = Object.freeze(asimParameters(spec.parameters));
    for (const name of spec.functions) {
      out.push(
        Object.freeze({
          name,
          parameters,
          body: null,
          resultColumns: Object.freeze(columns.map((c) => Object.freeze({ ...c }))),
          origin: "builtin" as const,
          state: "ok" as const,
          description: `ASIM ${schema} parser`,
          bodyDiagnostics: Object.freeze([]),
          referencedTables: Object.freeze([]),
          referencedFunctions: Object.freeze([]),
        }),
      );
    }
  }
  return out;
}

/** Loads the vendored Azure Monitor table reference (once, on first use; ~480 KB). */
export function loadBuiltins(): BuiltinData {
  if (builtins) return builtins;
  const raw = readFileSync(DATA_FILE, "utf8");
  const asimRaw = readFileSync(ASIM_FILE, "utf8");
  const file = JSON.parse(raw) as TableFile;
  const tables: SchemaTable[] = [];
  const xdr = new Set(DEFENDER_XDR_TABLES);
  for (const name of Object.keys(file.tables).sort()) {
    const cols = { ...(file.tables[name] ?? {}) };
    if (xdr.has(name) && !cols.Timestamp) cols.Timestamp = "datetime";
    const columns: SchemaColumn[] = Object.entries(cols).map(([colName, type]) => ({
      name: colName,
      // The file only uses Kusto names (string, int, long, real, bool, datetime, dynamic).
      type: (isKustoType(type) ? type : "dynamic") as KustoType,
    }));
    tables.push(freezeTable({ name, columns: withStandardColumns(columns), origin: "builtin" }));
  }
  if (!file.tables.AzureDiagnostics) {
    const columns = AZURE_DIAGNOSTICS_COLUMNS.map(([name, type]) => ({ name, type }));
    tables.push(
      freezeTable({
        name: "AzureDiagnostics",
        columns: withStandardColumns(columns),
        origin: "builtin",
        open: true,
      }),
    );
    tables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  builtins = Object.freeze({
    id: createHash("sha256").update(raw).update(asimRaw).update(DEFENDER_XDR_TABLES.join(",")).digest("hex"),
    source: file.source,
    tables: Object.freeze(tables),
    functions: Object.freeze([GET_WATCHLIST, ...asimFunctions(asimRaw)]),
  });
  return builtins;
}

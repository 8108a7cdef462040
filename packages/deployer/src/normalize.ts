/**
 * Desired-versus-live comparison that does not cry wolf.
 *
 * ARM returns more than it was sent and in its own forms. The comparison therefore:
 * - is driven by the desired body (the builder's PUT body): a field the repository does not set
 *   is not compared, so what the service adds (id/name/type, etag, systemData, lastModifiedUtc,
 *   provisioningState, createdTimeUtc, immutableId, defaults it fills such as
 *   eventGroupingSettings, plan, retention, version) never shows as a change. This is the
 *   "ignore missing property" rule of Terraform's azapi provider. Its blind spot: an optional
 *   field deleted from the repository is not detected (the next real change re-PUTs the whole
 *   body, which removes it);
 * - compares arrays whose order carries no meaning (tactics, techniques, data types, group-by
 *   lists, ...) as multisets, and arrays of objects element by element with the same projection;
 * - canonicalises ISO-8601 durations (PT60M = PT1H), enum casing, location spelling
 *   ("West Europe" = westeurope), line endings and trailing whitespace of text, and
 *   JSON-in-a-string fields (workbook serializedData), ARM resource ids (case-insensitive, as ARM
 *   reads them) and timestamps (`...:00Z` = `...:00.000Z`);
 * - treats an empty value asked for ("", [], {}) as equal to a value the service omits;
 * - treats a table's retention -1 ("workspace default") as equal to whatever default the service
 *   reports with `*AsDefault: true`;
 * - never compares write-only secrets (the service does not return them) and masks them in output.
 */
import { parseDuration } from "@sentinelctl/content";
import { SENSITIVE_KEY } from "./redact.js";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

export interface FieldChange {
  /** Dotted path, e.g. properties.severity or properties.tactics. */
  path: string;
  kind: "add" | "change";
  before?: unknown;
  after?: unknown;
}

/** Top-level fields never compared (identity, concurrency and audit fields). */
const TOP_LEVEL_IGNORED = new Set(["id", "name", "type", "etag", "systemdata", "apiversion"]);

/** Arrays whose order is meaningless. */
const UNORDERED_ARRAYS = new Set(
  [
    "tactics",
    "techniques",
    "subTechniques",
    "relevantTechniques",
    "dataTypes",
    "requiredDataConnectors",
    "groupByEntities",
    "groupByAlertDetails",
    "groupByCustomDetails",
    "dependencies",
    "criteria",
    "providers",
    "domains",
    "verticals",
    "threatAnalysisTactics",
    "threatAnalysisTechniques",
    "connectivityCriteria",
    "streams",
    "destinations",
    "categories",
    "entityMappings",
    "fieldMappings",
    "alertDynamicProperties",
    // Automation rules: each action carries its own `order`; incident labels are a set.
    "actions",
    "labels",
  ].map((k) => k.toLowerCase()),
);

/** ISO-8601 duration fields. */
const DURATION_KEYS = new Set(
  [
    "queryFrequency",
    "queryPeriod",
    "suppressionDuration",
    "lookbackDuration",
    "period",
    "retentionPeriod",
  ].map((k) => k.toLowerCase()),
);

/** Enum-valued fields the service may return in another casing. */
const CASE_INSENSITIVE_KEYS = new Set(
  [
    "kind",
    "severity",
    "triggerOperator",
    "aggregationKind",
    "matchingMethod",
    "plan",
    "contentKind",
    "entityType",
    "identifier",
    "alertProperty",
    "contentSchemaName",
  ].map((k) => k.toLowerCase()),
);

/** Date-time fields, compared as instants. */
const DATE_TIME_KEYS = new Set(["expirationTimeUtc"].map((k) => k.toLowerCase()));

const ARM_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\//i;

/** String fields that hold JSON documents. */
const JSON_STRING_KEYS = new Set(["serializeddata"]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function text(v: string): string {
  return v.replace(/\r\n?/g, "\n").replace(/[ \t\n]+$/g, "");
}

/** Stable JSON: sorted keys, so key order never matters. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function parseJsonString(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return text(v);
  }
}

interface Ctx {
  changes: FieldChange[];
}

function scalarEqual(key: string, desired: unknown, live: unknown): boolean {
  if (typeof desired === "string" && typeof live === "string") {
    if (DURATION_KEYS.has(key)) {
      const a = parseDuration(desired);
      const b = parseDuration(live);
      if (a !== undefined && b !== undefined) return a === b;
    }
    if (DATE_TIME_KEYS.has(key)) {
      const a = Date.parse(desired);
      const b = Date.parse(live);
      if (!Number.isNaN(a) && !Number.isNaN(b)) return a === b;
    }
    if (ARM_ID.test(desired) && ARM_ID.test(live)) return desired.toLowerCase() === live.toLowerCase();
    if (key === "location")
      return desired.replace(/\s+/g, "").toLowerCase() === live.replace(/\s+/g, "").toLowerCase();
    if (CASE_INSENSITIVE_KEYS.has(key) || (key === "type" && /^[a-z]+$/i.test(desired))) {
      return desired.toLowerCase() === live.toLowerCase();
    }
    return text(desired) === text(live);
  }
  return desired === live;
}

/** True when `live` satisfies `desired` under the projection rules. */
export function satisfies(key: string, desired: unknown, live: unknown): boolean {
  const changes: FieldChange[] = [];
  compare("", key, desired, live, { changes }, true);
  return changes.length === 0;
}

function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function compare(path: string, key: string, desired: unknown, live: unknown, ctx: Ctx, quick = false): void {
  if (desired === undefined || desired === null) return;
  const k = key.toLowerCase();
  if (SENSITIVE_KEY.test(k)) return;
  if (JSON_STRING_KEYS.has(k) && typeof desired === "string") {
    const d = parseJsonString(desired);
    const l = parseJsonString(live);
    if (canonicalJson(d) !== canonicalJson(l)) {
      ctx.changes.push({ path, kind: live === undefined ? "add" : "change", before: live, after: desired });
    }
    return;
  }
  if (live === undefined || live === null) {
    // Services drop empty values: "" / [] / {} asked for and nothing returned is the same thing.
    if (!isEmpty(desired)) ctx.changes.push({ path, kind: "add", after: desired });
    return;
  }
  if (isObject(desired)) {
    if (!isObject(live)) {
      ctx.changes.push({ path, kind: "change", before: live, after: desired });
      return;
    }
    for (const [dk, dv] of Object.entries(desired)) {
      if (!path && TOP_LEVEL_IGNORED.has(dk.toLowerCase())) continue;
      compare(join(path, dk), dk, dv, live[dk] ?? caseInsensitiveGet(live, dk), ctx, quick);
      if (quick && ctx.changes.length) return;
    }
    return;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(live) || !arraysSatisfy(k, desired, live)) {
      ctx.changes.push({ path, kind: "change", before: live, after: desired });
    }
    return;
  }
  if (!scalarEqual(k, desired, live))
    ctx.changes.push({ path, kind: "change", before: live, after: desired });
}

function isEmpty(v: unknown): boolean {
  if (v === "" || (Array.isArray(v) && v.length === 0)) return true;
  return isObject(v) && Object.values(v).every((x) => x === undefined || x === null || isEmpty(x));
}

function caseInsensitiveGet(obj: Record<string, unknown>, key: string): unknown {
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function arraysSatisfy(key: string, desired: unknown[], live: unknown[]): boolean {
  const d = desired.filter((x) => x !== null && x !== undefined);
  const l = live.filter((x) => x !== null && x !== undefined);
  if (d.length !== l.length) return false;
  if (!UNORDERED_ARRAYS.has(key)) {
    return d.every((dv, i) => satisfies(key, dv, l[i]));
  }
  // Multiset match: every desired element finds its own live element.
  const used = new Set<number>();
  for (const dv of d) {
    const idx = l.findIndex((lv, i) => !used.has(i) && satisfies(key, dv, lv));
    if (idx === -1) return false;
    used.add(idx);
  }
  return true;
}

/** Per-type adjustments of the live body before comparing (service defaults with sentinels). */
function adjustLive(
  type: string,
  desired: Record<string, unknown>,
  live: Record<string, unknown>,
): Record<string, unknown> {
  if (!type.toLowerCase().endsWith("workspaces/tables")) return live;
  const dp = desired.properties as Record<string, unknown> | undefined;
  const lp = live.properties as Record<string, unknown> | undefined;
  if (!dp || !lp) return live;
  const p = { ...lp };
  if (dp.retentionInDays === -1 && (lp.retentionInDaysAsDefault === true || lp.retentionInDays === -1)) {
    p.retentionInDays = -1;
  }
  if (
    dp.totalRetentionInDays === -1 &&
    (lp.totalRetentionInDaysAsDefault === true || lp.totalRetentionInDays === -1)
  ) {
    p.totalRetentionInDays = -1;
  }
  return { ...live, properties: p };
}

/** Field-level differences that a PUT of `desired` would make to `live` (empty: unchanged). */
export function diffResource(
  type: string,
  desired: Record<string, unknown>,
  live: Record<string, unknown>,
): FieldChange[] {
  const ctx: Ctx = { changes: [] };
  compare("", "", desired, adjustLive(type, desired, live), ctx);
  return ctx.changes;
}

/** Replaces secret values with a marker, for plans and logs. */
export function maskSecrets(value: unknown, key = ""): unknown {
  if (SENSITIVE_KEY.test(key) && value !== null && value !== undefined && typeof value !== "object")
    return "(sensitive)";
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v));
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskSecrets(v, k);
    return out;
  }
  return value;
}

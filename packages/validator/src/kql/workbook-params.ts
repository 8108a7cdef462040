/**
 * Workbook parameter substitution, so that a workbook query can be analysed as plain KQL.
 *
 * Azure Workbooks expand `{Name}` / `{Name:format}` textually before a query runs (anywhere in the
 * text, including inside string literals). We replace each reference with a typed stand-in value
 * that parses and type-checks like the real expansion would, and keep an offset map so that
 * diagnostics on the substituted text can be reported at the original positions.
 *
 * Formats handled (Azure Monitor docs "Workbook parameters" / "Workbook time parameters"):
 * - time range: `{T}` `{T:value}` `{T:query}` → `between (datetime(S) .. datetime(E))` (the docs show
 *   `> ago(1d)` for relative ranges; both are a predicate continuation after a column), `{T:start}`
 *   `{T:end}` → `datetime(ISO)` (bare ISO text right after `datetime(` or inside a string literal),
 *   `{T:grain}` → a timespan literal, `{T:label}` → e.g. `Last 7 days`.
 * - other parameters: `{P}` `{P:value}` `{P:label}` `{P:escape}` `{P:escapejson}` `{P:base64}`
 *   `{P:$.json.path}`; multi-select values are quoted with `quote` (default `'`) and joined with
 *   `delimiter` (default `,`), as in `where x in ({P})`.
 *
 * Assumptions (documented because the service's exact expansion is not published):
 * - Inside a string literal a reference expands to raw text (no quotes added).
 * - Outside string literals, a single value given in the parameter declaration is inserted
 *   verbatim (workbooks do that, e.g. drop-downs whose values are KQL fragments); without a
 *   declared value a typed stand-in is used (`'value'` for strings, `1` for numbers, …).
 * - Times are computed from a fixed reference instant (deterministic output), default 2024-01-31Z.
 */
import type { KustoType } from "../schema/types.js";

export type WorkbookParameterKind =
  | "time"
  | "text"
  | "dropdown"
  | "options"
  | "resource"
  | "subscription"
  | "resourceType"
  | "location"
  | "multivalue"
  | "unknown";

export interface WorkbookParameter {
  name: string;
  /**
   * Parameter type: the workbook JSON `type` code (1 text, 2 drop down, 4 time range picker,
   * 5 resource picker, 6 subscription picker, 7 resource type, 8 location, 10 options group) or a kind.
   */
  type?: number | WorkbookParameterKind | undefined;
  multiSelect?: boolean | undefined;
  /** multi-select quoting character (workbook JSON `quote`); default `'` */
  quote?: string | undefined;
  /** multi-select delimiter (workbook JSON `delimiter`); default `,` */
  delimiter?: string | undefined;
  /** the declared value (JSON `value`): string, string[], or a time range `{ durationMs, startTime?, endTime? }` */
  value?: unknown;
  /** Kusto type of the value, for references outside string literals; default string */
  valueType?: KustoType | undefined;
}

export interface WorkbookSubstitutionOptions {
  /** reference "now" for time ranges; default 2024-01-31T00:00:00Z */
  now?: Date | string | undefined;
  /**
   * With a parameter list, only declared names are substituted (others are listed in `undeclared`).
   * Without one (undefined), every `{Name}` / `{Name:format}` is substituted and the kind is guessed
   * (names containing "time", or formats start/end/grain, are time ranges).
   */
  parameters?: readonly WorkbookParameter[] | undefined;
}

export interface ParameterReplacement {
  name: string;
  format: string | null;
  kind: WorkbookParameterKind;
  /** span of `{Name…}` in the original query */
  originalStart: number;
  originalLength: number;
  /** span of the stand-in in the substituted text */
  start: number;
  length: number;
  text: string;
}

export interface WorkbookSubstitution {
  /** the query with parameters replaced */
  text: string;
  replacements: ParameterReplacement[];
  /** `{Name}` references that are not declared parameters (left in the text) */
  undeclared: Array<{ name: string; start: number; length: number }>;
  /** maps an offset in `text` to the original query (inside a stand-in: the reference's start) */
  toOriginalOffset(offset: number): number;
  /** maps a span in `text` to the original query; a span touching a stand-in covers the whole reference */
  toOriginalSpan(start: number, length: number): { start: number; length: number };
  /** maps `start`/`length` of each item (e.g. KqlDiagnostic) back to the original query */
  mapToOriginal<T extends { start: number; length: number }>(items: readonly T[]): T[];
}

const TYPE_CODES: Readonly<Record<number, WorkbookParameterKind>> = {
  1: "text",
  2: "dropdown",
  4: "time",
  5: "resource",
  6: "subscription",
  7: "resourceType",
  8: "location",
  10: "options",
};

const DEFAULT_NOW = "2024-01-31T00:00:00.000Z";
const DEFAULT_DURATION_MS = 24 * 3600 * 1000;

const REFERENCE = /\{([A-Za-z_][A-Za-z0-9_]*)(?::([^{}\r\n]*))?\}/g;

export function substituteWorkbookParameters(
  query: string,
  options: WorkbookSubstitutionOptions = {},
): WorkbookSubstitution {
  const declared = options.parameters ? new Map(options.parameters.map((p) => [p.name, p])) : undefined;
  const now = new Date(options.now ?? DEFAULT_NOW);
  const strings = stringRegions(query);

  const replacements: ParameterReplacement[] = [];
  const undeclared: WorkbookSubstitution["undeclared"] = [];
  let out = "";
  let last = 0;
  for (const m of query.matchAll(REFERENCE)) {
    const start = m.index ?? 0;
    const name = m[1] ?? "";
    const format = m[2] !== undefined ? m[2].trim() : null;
    let param = declared?.get(name);
    if (declared && !param) {
      undeclared.push({ name, start, length: m[0].length });
      continue;
    }
    param ??= { name };
    const kind = kindOf(param, format);
    const inString = insideString(strings, start);
    const text = expand(param, kind, format, {
      inString,
      afterDatetime: afterDatetimeCall(query, start),
      now,
    });
    out += query.slice(last, start);
    replacements.push({
      name,
      format,
      kind,
      originalStart: start,
      originalLength: m[0].length,
      start: out.length,
      length: text.length,
      text,
    });
    out += text;
    last = start + m[0].length;
  }
  out += query.slice(last);

  const toOriginalOffset = (offset: number): number => {
    let delta = 0;
    for (const r of replacements) {
      if (offset < r.start) break;
      if (offset < r.start + r.length) return r.originalStart;
      delta += r.length - r.originalLength;
    }
    return offset - delta;
  };
  const toOriginalEnd = (end: number): number => {
    let delta = 0;
    for (const r of replacements) {
      if (end <= r.start) break;
      if (end <= r.start + r.length) return r.originalStart + r.originalLength;
      delta += r.length - r.originalLength;
    }
    return end - delta;
  };
  const toOriginalSpan = (start: number, length: number) => {
    const s = toOriginalOffset(start);
    const e = length > 0 ? toOriginalEnd(start + length) : s;
    return { start: s, length: Math.max(0, e - s) };
  };
  return {
    text: out,
    replacements,
    undeclared,
    toOriginalOffset,
    toOriginalSpan,
    mapToOriginal: (items) => items.map((d) => ({ ...d, ...toOriginalSpan(d.start, d.length) })),
  };
}

// ---------------------------------------------------------------------------------------------

function kindOf(param: WorkbookParameter, format: string | null): WorkbookParameterKind {
  if (typeof param.type === "number") return TYPE_CODES[param.type] ?? "unknown";
  if (typeof param.type === "string") return param.type;
  // undeclared: guess
  if (format && /^(start|end|grain)$/i.test(format)) return "time";
  if (/time/i.test(param.name)) return "time";
  return "unknown";
}

interface Context {
  inString: boolean;
  afterDatetime: boolean;
  now: Date;
}

function expand(
  param: WorkbookParameter,
  kind: WorkbookParameterKind,
  format: string | null,
  ctx: Context,
): string {
  if (kind === "time") return expandTime(param, format, ctx);
  const f = (format ?? "value").toLowerCase();
  const values = valuesOf(param, kind);
  const multi = param.multiSelect === true || Array.isArray(param.value);

  if (f === "base64") return Buffer.from(values.join(param.delimiter ?? ","), "utf8").toString("base64");
  if (f === "escapejson") return JSON.stringify(values.join(param.delimiter ?? ",")).slice(1, -1);
  const escaped = f === "escape";

  if (ctx.inString) {
    const raw = values.join(param.delimiter ?? ",");
    return escaped ? escapeKqlString(raw) : raw;
  }
  if (multi) {
    const q = param.quote ?? "'";
    return values.map((v) => `${q}${q ? escapeKqlString(v) : v}${q}`).join(param.delimiter ?? ",");
  }
  const declared = declaredSingleValue(param);
  if (declared !== undefined && (f === "value" || f === "label" || f === "escape")) return declared;
  return typedStandIn(param.valueType ?? "string", values[0] ?? "value", ctx.now);
}

function expandTime(param: WorkbookParameter, format: string | null, ctx: Context): string {
  const { start, end, durationMs } = timeRange(param.value, ctx.now);
  const f = (format ?? "").toLowerCase();
  const iso = (d: Date) => d.toISOString();
  switch (f) {
    case "start":
    case "end": {
      const t = iso(f === "start" ? start : end);
      return ctx.inString || ctx.afterDatetime ? t : `datetime(${t})`;
    }
    case "grain":
      return grainOf(durationMs);
    case "label":
      return labelOf(durationMs);
    default:
      // {T}, {T:value}, {T:query}
      if (ctx.inString) return labelOf(durationMs);
      return `between (datetime(${iso(start)}) .. datetime(${iso(end)}))`;
  }
}

function timeRange(value: unknown, now: Date): { start: Date; end: Date; durationMs: number } {
  const v = (value && typeof value === "object" ? value : {}) as {
    durationMs?: unknown;
    startTime?: unknown;
    endTime?: unknown;
  };
  if (typeof v.startTime === "string" && typeof v.endTime === "string") {
    const s = new Date(v.startTime);
    const e = new Date(v.endTime);
    if (!Number.isNaN(s.getTime()) && !Number.isNaN(e.getTime()) && e >= s) {
      return { start: s, end: e, durationMs: e.getTime() - s.getTime() };
    }
  }
  const durationMs =
    typeof v.durationMs === "number" && v.durationMs > 0 ? v.durationMs : DEFAULT_DURATION_MS;
  return { start: new Date(now.getTime() - durationMs), end: now, durationMs };
}

/** Roughly 100 buckets over the range, rounded to a usual bin size. */
function grainOf(durationMs: number): string {
  const steps: Array<[number, string]> = [
    [60_000, "1m"],
    [5 * 60_000, "5m"],
    [15 * 60_000, "15m"],
    [30 * 60_000, "30m"],
    [3600_000, "1h"],
    [6 * 3600_000, "6h"],
    [12 * 3600_000, "12h"],
    [24 * 3600_000, "1d"],
  ];
  const target = durationMs / 100;
  for (const [ms, text] of steps) if (ms >= target) return text;
  return "1d";
}

function labelOf(durationMs: number): string {
  const h = durationMs / 3600_000;
  if (h < 1) return `Last ${Math.round(durationMs / 60_000)} minutes`;
  if (h < 48 && Number.isInteger(h)) return h === 1 ? "Last hour" : `Last ${h} hours`;
  const d = Math.round(h / 24);
  return `Last ${d} days`;
}

function sampleValue(kind: WorkbookParameterKind, name: string): string {
  switch (kind) {
    case "resource":
      return "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/workspace";
    case "subscription":
      return "/subscriptions/00000000-0000-0000-0000-000000000000";
    case "resourceType":
      return "microsoft.operationalinsights/workspaces";
    case "location":
      return "westeurope";
    default:
      return name.toLowerCase();
  }
}

function valuesOf(param: WorkbookParameter, kind: WorkbookParameterKind): string[] {
  const v = param.value;
  if (Array.isArray(v)) {
    const list = v
      .filter((x) => typeof x === "string" || typeof x === "number" || typeof x === "boolean")
      .map(String);
    const usable = list.filter((x) => !x.startsWith("value::"));
    if (usable.length > 0) return usable;
  } else if (typeof v === "string" && v !== "" && !v.startsWith("value::")) {
    return [v];
  } else if (typeof v === "number" || typeof v === "boolean") {
    return [String(v)];
  }
  return [sampleValue(kind, param.name)];
}

function declaredSingleValue(param: WorkbookParameter): string | undefined {
  const v = param.value;
  if (typeof v === "string" && v.trim() !== "" && !v.startsWith("value::")) return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

function typedStandIn(type: KustoType, sample: string, now: Date): string {
  switch (type) {
    case "int":
    case "long":
    case "real":
    case "decimal":
      return Number.isFinite(Number(sample)) && sample.trim() !== "" ? sample : "1";
    case "bool":
      return sample === "false" ? "false" : "true";
    case "datetime":
      return `datetime(${now.toISOString()})`;
    case "timespan":
      return "1h";
    case "guid":
      return "guid(00000000-0000-0000-0000-000000000000)";
    case "dynamic":
      return "dynamic(null)";
    default:
      return `'${escapeKqlString(sample)}'`;
  }
}

function escapeKqlString(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/"/g, '\\"');
}

/** `datetime(` directly before the reference (whitespace allowed): the expansion must be bare ISO text. */
function afterDatetimeCall(query: string, start: number): boolean {
  return /\bdatetime\s*\(\s*$/i.test(query.slice(Math.max(0, start - 40), start));
}

/** Spans [start, end) of string literals (comments are skipped, not reported). */
function stringRegions(q: string): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  let i = 0;
  const n = q.length;
  while (i < n) {
    const c = q[i];
    if (c === "/" && q[i + 1] === "/") {
      while (i < n && q[i] !== "\n") i++;
      continue;
    }
    if (c === "`" && q.startsWith("```", i)) {
      const end = q.indexOf("```", i + 3);
      const stop = end < 0 ? n : end + 3;
      regions.push([i, stop]);
      i = stop;
      continue;
    }
    const verbatim =
      (c === "@" || c === "h" || c === "H") &&
      (q[i + 1] === "'" || q[i + 1] === '"') &&
      !/[A-Za-z0-9_]/.test(q[i - 1] ?? " ");
    if (c === "'" || c === '"' || verbatim) {
      const open = verbatim ? i + 1 : i;
      const quote = q[open];
      const isAt = verbatim && c === "@";
      let j = open + 1;
      while (j < n) {
        const d = q[j];
        if (!isAt && d === "\\") {
          j += 2;
          continue;
        }
        if (d === quote) {
          if (isAt && q[j + 1] === quote) {
            j += 2;
            continue;
          }
          break;
        }
        if (d === "\n" && !isAt) break; // unterminated: stop at end of line
        j++;
      }
      regions.push([i, Math.min(n, j + 1)]);
      i = j + 1;
      continue;
    }
    i++;
  }
  return regions;
}

function insideString(regions: Array<[number, number]>, offset: number): boolean {
  for (const [s, e] of regions) {
    if (offset < s) return false;
    if (offset < e) return true;
  }
  return false;
}

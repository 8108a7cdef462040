/** Kusto values as the engine returns them, turned into the text Sentinel shows (tostring()). */

const TICKS_PER_MS = 10_000n;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** Milliseconds (and sub-millisecond ticks) of a datetime value, in whatever form it comes. */
export function datetimeTicks(value: unknown): bigint | undefined {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? undefined : BigInt(value.getTime()) * TICKS_PER_MS;
  if (typeof value === "object" && value !== null && "ticks" in value)
    return BigInt((value as { ticks: bigint | number }).ticks);
  if (typeof value === "bigint") return value;
  if (typeof value === "string") {
    const m =
      /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,7})\d*)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
        value.trim(),
      );
    if (!m) return undefined;
    const ms = Date.parse(`${m[1]}T${m[2]}${m[4] ?? "Z"}`);
    if (Number.isNaN(ms)) return undefined;
    return BigInt(ms) * TICKS_PER_MS + BigInt(`${m[3] ?? ""}0000000`.slice(0, 7));
  }
  return undefined;
}

export function datetimeMs(value: unknown): number | undefined {
  const t = datetimeTicks(value);
  return t === undefined ? undefined : Number(t / TICKS_PER_MS);
}

/** Kusto's text of a datetime: ISO 8601 in UTC, the fraction only when not zero (trailing zeros dropped). */
export function datetimeText(ticks: bigint): string {
  const ms = Number(ticks / TICKS_PER_MS);
  const d = new Date(ms - (ticks % TICKS_PER_MS < 0n ? 1 : 0));
  const frac = ((ticks % 10_000_000n) + 10_000_000n) % 10_000_000n;
  const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${base}${frac ? `.${String(frac).padStart(7, "0").replace(/0+$/, "")}` : ""}Z`;
}

function timespanText(value: unknown): string {
  if (typeof value === "string") return value;
  const ticks =
    typeof value === "bigint"
      ? value
      : typeof value === "object" && value !== null && "ticks" in value
        ? BigInt((value as { ticks: bigint }).ticks)
        : typeof value === "number"
          ? BigInt(Math.round(value))
          : 0n;
  const neg = ticks < 0n;
  let t = neg ? -ticks : ticks;
  const frac = t % 10_000_000n;
  t /= 10_000_000n;
  const s = Number(t % 60n);
  const m = Number((t / 60n) % 60n);
  const h = Number((t / 3600n) % 24n);
  const d = t / 86400n;
  return `${neg ? "-" : ""}${d ? `${d}.` : ""}${pad(h)}:${pad(m)}:${pad(s)}${frac ? `.${String(frac).padStart(7, "0")}` : ""}`;
}

function jsonSafe(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? Number(v) : v)));
}

/** The text of a cell, as tostring() gives it; null and empty give "". */
export function cellText(value: unknown, type: string): string {
  if (value === null || value === undefined) return "";
  switch (type) {
    case "datetime": {
      const t = datetimeTicks(value);
      return t === undefined ? String(value) : datetimeText(t);
    }
    case "timespan":
      return timespanText(value);
    case "dynamic":
      return typeof value === "string" ? value : JSON.stringify(jsonSafe(value));
    default:
      return typeof value === "object" ? JSON.stringify(jsonSafe(value)) : String(value);
  }
}

/** A cell as plain JSON for reports and expectations (datetimes as ISO text, longs as numbers when safe). */
export function cellJson(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === "datetime" || type === "timespan") return cellText(value, type);
  if (typeof value === "bigint")
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (type === "dynamic") return typeof value === "object" ? jsonSafe(value) : value;
  return value;
}

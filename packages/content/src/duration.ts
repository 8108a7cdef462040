/**
 * The one reading of durations as content and the service write them, for validator checks,
 * builder mappings, deployer comparisons, importer read-back and detection tests:
 * - the Azure-Sentinel short form, one or more units: `5m`, `1h`, `14d`, `1d12h`, `90s`, `250ms`;
 * - ISO 8601 without years or months: `PT5M`, `P1D`, `PT1H30M`, `P1W`, `PT0.5S`;
 * - a .NET TimeSpan: `00:05:00`, `1.00:00:00`.
 */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

const SHORT = /^(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*(?:(\d+)\s*ms)?$/i;
const NUM = String.raw`(\d+(?:\.\d+)?)`;
const ISO = new RegExp(`^P(?:${NUM}W)?(?:${NUM}D)?(?:T(?=\\d)(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`, "i");
const ISO_ANY =
  /^P(?!$)(\d+(?:\.\d+)?[YMWD])*(T(?=\d)(\d+(?:\.\d+)?H)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?S)?)?$/i;
const TIMESPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

const sum = (parts: Array<string | number | undefined>, units: number[]): number =>
  parts.reduce<number>((total, part, i) => total + Number(part ?? 0) * units[i]!, 0);

/** Day, hour, minute, second and millisecond counts as written in the short or TimeSpan form. */
function writtenUnits(s: string): number[] | undefined {
  const short = SHORT.exec(s);
  if (short?.slice(1).some((x) => x !== undefined)) return short.slice(1).map((x) => Number(x ?? 0));
  const span = TIMESPAN.exec(s);
  if (span && Number(span[3]) <= 59 && Number(span[4] ?? 0) <= 59)
    return [...span.slice(1).map((x) => Number(x ?? 0)), 0];
  return undefined;
}

/** Milliseconds, or undefined when the text is none of the accepted forms. */
export function parseDuration(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  const s = text.trim();
  const units = writtenUnits(s);
  if (units) return sum(units, [DAY, HOUR, MINUTE, SECOND, 1]);
  const iso = ISO.exec(s);
  if (iso && s.length > 1) return Math.round(sum(iso.slice(1), [WEEK, DAY, HOUR, MINUTE, SECOND]));
  return undefined;
}

/**
 * The ISO 8601 form the service expects, keeping the units as written (as the V3 packager does):
 * "5m" -> PT5M, "90m" -> PT90M, "1d12h" -> P1DT12H, "01:00:00" -> PT1H. ISO input (years and
 * months included) is kept as written, upper-cased.
 */
export function toIsoDuration(text: string): string | undefined {
  const t = text.trim();
  if (ISO_ANY.test(t)) return t.toUpperCase();
  const units = writtenUnits(t);
  if (!units) return undefined;
  const [days, h, m, sec, ms] = units as [number, number, number, number, number];
  const seconds = sec + ms / 1000;
  const time = `${h ? `${h}H` : ""}${m ? `${m}M` : ""}${seconds ? `${seconds}S` : ""}`;
  if (!days && !time) return "PT0S";
  return `P${days ? `${days}D` : ""}${time ? `T${time}` : ""}`;
}

/**
 * The short form of an ISO duration, units as written: PT5M -> 5m, P1DT12H -> 1d12h (toIsoDuration
 * turns it back into the same text). Text the short form cannot hold (weeks, fractions, years,
 * months) is returned unchanged; a value that is not text gives undefined.
 */
export function fromIsoDuration(iso: unknown): string | undefined {
  if (typeof iso !== "string") return undefined;
  const m = ISO.exec(iso.trim());
  if (!m || iso.trim().length < 2 || m[1] !== undefined || m.some((x) => x?.includes("."))) return iso;
  const parts: Array<[string | undefined, string]> = [
    [m[2], "d"],
    [m[3], "h"],
    [m[4], "m"],
    [m[5], "s"],
  ];
  return parts.map(([n, unit]) => (n === undefined ? "" : `${Number(n)}${unit}`)).join("") || iso;
}

/** A human form of a duration: `5m`, `1h`, `14d`, `1h30m`. */
export function formatDuration(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  if (ms % MINUTE === 0)
    return ms >= HOUR ? `${Math.floor(ms / HOUR)}h${(ms % HOUR) / MINUTE}m` : `${ms / MINUTE}m`;
  return `${ms / 1000}s`;
}

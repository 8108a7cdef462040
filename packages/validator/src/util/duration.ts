/**
 * The one reading of durations as content and the service write them, for validator checks,
 * builder mappings and deployer comparisons:
 * - the Azure-Sentinel short form, one or more units: `5m`, `1h`, `14d`, `1d12h`, `90s`;
 * - ISO 8601 without years or months: `PT5M`, `P1D`, `PT1H30M`, `P1W`, `PT0.5S`;
 * - a .NET TimeSpan: `00:05:00`, `1.00:00:00`.
 */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

const SHORT = /^(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?$/i;
const NUM = String.raw`(\d+(?:\.\d+)?)`;
const ISO = new RegExp(`^P(?:${NUM}W)?(?:${NUM}D)?(?:T(?=\\d)(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`, "i");
const ISO_ANY =
  /^P(?!$)(\d+(?:\.\d+)?[YMWD])*(T(?=\d)(\d+(?:\.\d+)?H)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?S)?)?$/i;
const TIMESPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

const sum = (parts: Array<string | undefined>, units: number[]): number =>
  parts.reduce((total, part, i) => total + Number(part ?? 0) * units[i]!, 0);

/** Milliseconds, or undefined when the text is none of the accepted forms. */
export function parseDuration(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  const s = text.trim();
  const short = SHORT.exec(s);
  if (short?.slice(1).some((x) => x !== undefined)) {
    return sum(short.slice(1), [DAY, HOUR, MINUTE, SECOND]);
  }
  const iso = ISO.exec(s);
  if (iso && s.length > 1) return Math.round(sum(iso.slice(1), [WEEK, DAY, HOUR, MINUTE, SECOND]));
  const span = TIMESPAN.exec(s);
  if (span) {
    if (Number(span[3]) > 59 || Number(span[4] ?? 0) > 59) return undefined;
    return sum(span.slice(1), [DAY, HOUR, MINUTE, SECOND]);
  }
  return undefined;
}

/**
 * The ISO 8601 form the service expects: "5m" -> PT5M, "1d12h" -> P1DT12H, "01:00:00" -> PT1H.
 * ISO input (years and months included) is kept as written, upper-cased.
 */
export function toIsoDuration(text: string): string | undefined {
  const t = text.trim();
  if (ISO_ANY.test(t)) return t.toUpperCase();
  const ms = parseDuration(t);
  if (ms === undefined) return undefined;
  const days = Math.floor(ms / DAY);
  const h = Math.floor((ms % DAY) / HOUR);
  const m = Math.floor((ms % HOUR) / MINUTE);
  const sec = (ms % MINUTE) / SECOND;
  const time = `${h ? `${h}H` : ""}${m ? `${m}M` : ""}${sec ? `${sec}S` : ""}`;
  if (!days && !time) return "PT0S";
  return `P${days ? `${days}D` : ""}${time ? `T${time}` : ""}`;
}

/** A human form of a duration: `5m`, `1h`, `14d`, `1h30m`. */
export function formatDuration(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  if (ms % MINUTE === 0)
    return ms >= HOUR ? `${Math.floor(ms / HOUR)}h${(ms % HOUR) / MINUTE}m` : `${ms / MINUTE}m`;
  return `${ms / 1000}s`;
}

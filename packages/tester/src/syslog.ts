/**
 * Syslog lines (RFC 3164 and RFC 5424) to Syslog table rows, as the Log Analytics agent and the
 * Azure Monitor Agent fill them: facility and severity names from the priority, host, process
 * name and id from the tag, the rest as SyslogMessage.
 */

const FACILITIES = [
  "kern",
  "user",
  "mail",
  "daemon",
  "auth",
  "syslog",
  "lpr",
  "news",
  "uucp",
  "cron",
  "authpriv",
  "ftp",
  "ntp",
  "audit",
  "alert",
  "clock",
  "local0",
  "local1",
  "local2",
  "local3",
  "local4",
  "local5",
  "local6",
  "local7",
] as const;
const SEVERITIES = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export interface SyslogHeader {
  facility?: string;
  severity?: string;
  /** Milliseconds since the epoch; an RFC 3164 stamp has no year, so it needs `now` to place it. */
  time?: { ms: number } | { month: number; day: number; h: number; m: number; s: number };
  host?: string;
  processName?: string;
  processId?: number;
  /** What follows the header (the message, or the CEF payload). */
  rest: string;
}

const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[.*?\])+) ?(.*)$/s;
const RFC3164 = /^<(\d{1,3})>([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\S+) ?(.*)$/s;
const TAG = /^([^\s:[]+)(?:\[(\d+)\])?: ?(.*)$/s;

function priority(pri: string): Pick<SyslogHeader, "facility" | "severity"> {
  const n = Number(pri);
  return { facility: FACILITIES[n >> 3] ?? `facility${n >> 3}`, severity: SEVERITIES[n & 7] };
}

/** Parses a syslog header; text without one comes back as the message alone. */
export function parseSyslogHeader(raw: string): SyslogHeader {
  // Syslog over TCP may frame each message with its length (RFC 6587 octet counting): "123 <134>...".
  const text = raw.replace(/^\d+ (?=<\d{1,3}>)/, "");
  const trimmed = text.trimEnd();
  let m = RFC5424.exec(text);
  if (m) {
    const ms = Date.parse(m[2]!);
    return {
      ...priority(m[1]!),
      ...(Number.isNaN(ms) ? {} : { time: { ms } }),
      ...(m[3] !== "-" ? { host: m[3]! } : {}),
      ...(m[4] !== "-" ? { processName: m[4]! } : {}),
      ...(/^\d+$/.test(m[5]!) ? { processId: Number(m[5]) } : {}),
      rest: m[8] ?? "",
    };
  }
  m = RFC3164.exec(text);
  if (m) {
    const month = MONTHS.indexOf(m[2]!);
    const header: SyslogHeader = {
      ...priority(m[1]!),
      ...(month >= 0
        ? { time: { month, day: Number(m[3]), h: Number(m[4]), m: Number(m[5]), s: Number(m[6]) } }
        : {}),
      host: m[7]!,
      rest: m[8] ?? "",
    };
    const tag = TAG.exec(header.rest);
    if (tag && !header.rest.startsWith("CEF:")) {
      header.processName = tag[1]!;
      if (tag[2]) header.processId = Number(tag[2]);
      header.rest = tag[3] ?? "";
    }
    return header;
  }
  return { rest: trimmed };
}

/**
 * The instant of a header's time stamp. RFC 3164 stamps have no year: the agent takes the
 * current one, so the year of `nowMs` is used, or the year before when that would lie more than
 * a day in the future.
 */
export function headerTime(header: SyslogHeader, nowMs: number): number | undefined {
  const t = header.time;
  if (!t) return undefined;
  if ("ms" in t) return t.ms;
  const year = new Date(nowMs).getUTCFullYear();
  const at = Date.UTC(year, t.month, t.day, t.h, t.m, t.s);
  return at > nowMs + 86_400_000 ? Date.UTC(year - 1, t.month, t.day, t.h, t.m, t.s) : at;
}

/** One syslog line to Syslog fields (Computer and HostName are the sending host). */
export function parseSyslogLine(line: string): {
  header: SyslogHeader;
  fields: Record<string, string | number>;
} {
  const header = parseSyslogHeader(line);
  const fields: Record<string, string | number> = { SyslogMessage: header.rest };
  if (header.facility) fields.Facility = header.facility;
  if (header.severity) fields.SeverityLevel = header.severity;
  if (header.host) {
    fields.Computer = header.host;
    fields.HostName = header.host;
  }
  if (header.processName) fields.ProcessName = header.processName;
  if (header.processId !== undefined) fields.ProcessID = header.processId;
  return { header, fields };
}

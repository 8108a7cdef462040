/**
 * Durations as rule YAML writes them: `5m`, `1h`, `14d` (the Azure-Sentinel short form), ISO 8601
 * (`PT5M`, `P1D`, `PT1H30M`), or a .NET TimeSpan (`00:05:00`, `1.00:00:00`). Returns milliseconds,
 * or undefined when the text is none of these.
 */
export function parseDuration(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  const s = text.trim();
  const short = /^(\d+)\s*(s|m|h|d)$/i.exec(s);
  if (short) return Number(short[1]) * UNIT[short[2]!.toLowerCase() as keyof typeof UNIT];
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(s);
  if (iso && s.length > 1 && !/T$/i.test(s)) {
    const [, d, h, m, sec] = iso;
    if (d === undefined && h === undefined && m === undefined && sec === undefined) return undefined;
    return (
      (Number(d ?? 0) * 24 * 60 * 60 + Number(h ?? 0) * 60 * 60 + Number(m ?? 0) * 60 + Number(sec ?? 0)) *
      1000
    );
  }
  const span = /^(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(s);
  if (span) {
    const [, d, h, m, sec] = span;
    if (Number(m) > 59 || Number(sec ?? 0) > 59) return undefined;
    return (Number(d ?? 0) * 86400 + Number(h) * 3600 + Number(m) * 60 + Number(sec ?? 0)) * 1000;
  }
  return undefined;
}

const UNIT = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A human form of a duration: `5m`, `1h`, `14d`, `1h30m`. */
export function formatDuration(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  if (ms % MINUTE === 0)
    return ms >= HOUR ? `${Math.floor(ms / HOUR)}h${(ms % HOUR) / MINUTE}m` : `${ms / MINUTE}m`;
  return `${ms / 1000}s`;
}

/**
 * Detection YAML durations to ISO 8601, as the service expects them: "5m" -> PT5M, "1h" -> PT1H,
 * "14d" -> P14D, "1d12h" -> P1DT12H. ISO input is returned upper-cased; .NET TimeSpan text
 * ("01:00:00", "1.00:00:00") is converted too. Returns undefined for anything else.
 */
export function toIsoDuration(text: string): string | undefined {
  const t = text.trim();
  if (/^P(?!$)(\d+[YMWD])*(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/i.test(t)) return t.toUpperCase();
  let d = 0;
  let h = 0;
  let m = 0;
  let s = 0;
  const units = /^(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?$/i.exec(t);
  const span = /^(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (units && t.length > 0 && units.slice(1).some((x) => x !== undefined)) {
    d = Number(units[1] ?? 0);
    h = Number(units[2] ?? 0);
    m = Number(units[3] ?? 0);
    s = Number(units[4] ?? 0);
  } else if (span) {
    d = Number(span[1] ?? 0);
    h = Number(span[2]);
    m = Number(span[3]);
    s = Number(span[4] ?? 0);
  } else {
    return undefined;
  }
  const time = `${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s ? `${s}S` : ""}`;
  if (!d && !time) return "PT0S";
  return `P${d ? `${d}D` : ""}${time ? `T${time}` : ""}`;
}

/** Seconds of an ISO 8601 duration without years or months (for comparisons). */
export function isoSeconds(iso: string): number | undefined {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m) return undefined;
  return (
    Number(m[1] ?? 0) * 604800 +
    Number(m[2] ?? 0) * 86400 +
    Number(m[3] ?? 0) * 3600 +
    Number(m[4] ?? 0) * 60 +
    Number(m[5] ?? 0)
  );
}

/** datetime and timespan functions. */
import type { Fn } from "../context.js";
import {
  dateParts,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MINUTE,
  TICKS_PER_MS,
  TICKS_PER_SECOND,
  ticksOfParts,
} from "../values.js";
import { register, strict } from "./registry.js";

register("now", (fns, site) => {
  const now = site.ctx.engine.now;
  const off = fns[0];
  return off
    ? (r) => {
        const o = off(r);
        return o === null ? null : now + (o as bigint);
      }
    : () => now;
});

register("ago", (fns, site) => {
  const now = site.ctx.engine.now;
  const f = fns[0]!;
  return (r) => {
    const o = f(r);
    return o === null ? null : now - (o as bigint);
  };
});

function floorBig(v: bigint, size: bigint): bigint {
  const q = v / size;
  return (v % size !== 0n && v < 0n ? q - 1n : q) * size;
}

/** bin(value, size) and floor(): values rounded down to a multiple of size. */
const bin = (fns: Fn[], site: { argTypes: string[]; type: string; refuse(d: string): never }): Fn => {
  const [a, b] = fns as [Fn, Fn];
  const vt = site.argTypes[0];
  if (vt === "datetime" || vt === "timespan") {
    return (r) => {
      const v = a(r);
      const s = b(r);
      if (v === null || s === null) return null;
      const size = typeof s === "bigint" ? s : null;
      if (size === null || size <= 0n) return null;
      return floorBig(v as bigint, size);
    };
  }
  if (site.type === "real") {
    return (r) => {
      const v = a(r);
      const s = b(r);
      if (v === null || s === null) return null;
      const size = Number(s);
      if (!(size > 0)) return null;
      return Math.floor(Number(v) / size) * size;
    };
  }
  return (r) => {
    const v = a(r);
    const s = b(r);
    if (v === null || s === null) return null;
    if (typeof v === "bigint" || typeof s === "bigint") {
      const size = BigInt(s as number);
      if (size <= 0n) return null;
      return floorBig(BigInt(v as number), size);
    }
    const size = Number(s);
    if (!(size > 0)) return null;
    return Math.floor(Number(v) / size) * size;
  };
};
register(["bin", "floor"], bin as never);

register("bin_at", (fns) => {
  const [v, size, at] = fns as [Fn, Fn, Fn];
  return (r) => {
    const x = v(r);
    const s = size(r);
    const a = at(r);
    if (x === null || s === null || a === null) return null;
    if (typeof x === "bigint" && typeof s === "bigint" && typeof a === "bigint") {
      if (s <= 0n) return null;
      return floorBig(x - a, s) + a;
    }
    const sz = Number(s);
    if (!(sz > 0)) return null;
    return Math.floor((Number(x) - Number(a)) / sz) * sz + Number(a);
  };
});

type Unit =
  | "year"
  | "quarter"
  | "month"
  | "week"
  | "day"
  | "hour"
  | "minute"
  | "second"
  | "millisecond"
  | "microsecond"
  | "nanosecond";
const UNIT_ALIASES: Record<string, Unit> = {
  year: "year",
  quarter: "quarter",
  month: "month",
  week: "week",
  day: "day",
  hour: "hour",
  minute: "minute",
  second: "second",
  millisecond: "millisecond",
  microsecond: "microsecond",
  nanosecond: "nanosecond",
  years: "year",
  months: "month",
  weeks: "week",
  days: "day",
  hours: "hour",
  minutes: "minute",
  seconds: "second",
};
const FIXED: Partial<Record<Unit, bigint>> = {
  week: 7n * TICKS_PER_DAY,
  day: TICKS_PER_DAY,
  hour: TICKS_PER_HOUR,
  minute: TICKS_PER_MINUTE,
  second: TICKS_PER_SECOND,
  millisecond: TICKS_PER_MS,
  microsecond: 10n,
};

function unitOf(site: { constant(i: number): unknown; refuse(d: string): never }, i: number): Unit {
  const u = site.constant(i);
  const unit = typeof u === "string" ? UNIT_ALIASES[u.toLowerCase()] : undefined;
  if (!unit) return site.refuse(`unit ${JSON.stringify(u)}`);
  return unit;
}

function addMonths(t: bigint, months: number): bigint {
  const p = dateParts(t);
  const total = p.year * 12 + (p.month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  const last = new Date(Date.UTC(2000, m, 0)).getUTCDate();
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(y, m, 0);
  const d = Math.min(p.day, lastDay.getUTCDate() || last);
  return ticksOfParts(y, m, d, p.hour, p.minute, p.second, p.fraction);
}

register("datetime_add", (fns, site) => {
  const unit = unitOf(site, 0);
  const [, amount, dt] = fns as [Fn, Fn, Fn];
  return (r) => {
    const a = amount(r);
    const t = dt(r);
    if (a === null || t === null) return null;
    const k = Number(a);
    if (unit === "year") return addMonths(t as bigint, 12 * k);
    if (unit === "quarter") return addMonths(t as bigint, 3 * k);
    if (unit === "month") return addMonths(t as bigint, k);
    if (unit === "nanosecond") return (t as bigint) + BigInt(Math.trunc(k / 100));
    return (t as bigint) + BigInt(k) * FIXED[unit]!;
  };
});

register("datetime_diff", (fns, site) => {
  const unit = unitOf(site, 0);
  const [, a, b] = fns as [Fn, Fn, Fn];
  return (r) => {
    const x = a(r) as bigint | null;
    const y = b(r) as bigint | null;
    if (x === null || y === null) return null;
    const px = dateParts(x);
    const py = dateParts(y);
    switch (unit) {
      case "year":
        return px.year - py.year;
      case "quarter":
        return px.year * 4 + Math.floor((px.month - 1) / 3) - (py.year * 4 + Math.floor((py.month - 1) / 3));
      case "month":
        return px.year * 12 + px.month - (py.year * 12 + py.month);
      case "week": {
        // weeks start on Sunday: difference of the Sundays starting each date's week
        const sx = floorBig(x, TICKS_PER_DAY) - BigInt(px.weekday) * TICKS_PER_DAY;
        const sy = floorBig(y, TICKS_PER_DAY) - BigInt(py.weekday) * TICKS_PER_DAY;
        return Number((sx - sy) / (7n * TICKS_PER_DAY));
      }
      case "nanosecond":
        return Number(x - y) * 100;
      default: {
        const size = FIXED[unit]!;
        return Number(floorBig(x, size) / size - floorBig(y, size) / size);
      }
    }
  };
});

function startOf(kind: "day" | "week" | "month" | "year", end: boolean) {
  return (fns: Fn[]) => {
    const [f, off] = fns as [Fn, Fn | undefined];
    return (r: unknown[]) => {
      const t = f(r) as bigint | null;
      if (t === null) return null;
      const o = off ? Number(off(r) ?? 0) : 0;
      const p = dateParts(t);
      let s: bigint;
      let next: bigint;
      switch (kind) {
        case "day":
          s = floorBig(t, TICKS_PER_DAY) + BigInt(o) * TICKS_PER_DAY;
          next = s + TICKS_PER_DAY;
          break;
        case "week":
          s = floorBig(t, TICKS_PER_DAY) - BigInt(p.weekday) * TICKS_PER_DAY + BigInt(o) * 7n * TICKS_PER_DAY;
          next = s + 7n * TICKS_PER_DAY;
          break;
        case "month":
          s = addMonths(ticksOfParts(p.year, p.month, 1), o);
          next = addMonths(s, 1);
          break;
        case "year":
          s = ticksOfParts(p.year + o, 1, 1);
          next = ticksOfParts(p.year + o + 1, 1, 1);
          break;
      }
      return end ? next - 1n : s;
    };
  };
}
register("startofday", startOf("day", false));
register("startofweek", startOf("week", false));
register("startofmonth", startOf("month", false));
register("startofyear", startOf("year", false));
register("endofday", startOf("day", true));
register("endofweek", startOf("week", true));
register("endofmonth", startOf("month", true));
register("endofyear", startOf("year", true));

const part = (f: (p: ReturnType<typeof dateParts>, t: bigint) => number) =>
  strict((t: unknown) => f(dateParts(t as bigint), t as bigint));
register(
  ["getyear"],
  part((p) => p.year),
);
register(
  ["getmonth", "monthofyear"],
  part((p) => p.month),
);
register(
  "dayofmonth",
  part((p) => p.day),
);
register(
  "hourofday",
  part((p) => p.hour),
);
register(
  "dayofweek",
  strict((t: unknown) => BigInt(dateParts(t as bigint).weekday) * TICKS_PER_DAY),
);
register(
  "dayofyear",
  part((p, t) => Number((floorBig(t, TICKS_PER_DAY) - ticksOfParts(p.year, 1, 1)) / TICKS_PER_DAY) + 1),
);
register(
  ["week_of_year", "weekofyear"],
  part((p) => isoWeek(p.year, p.month, p.day)),
);

function isoWeek(y: number, m: number, d: number): number {
  const date = new Date(Date.UTC(y, m - 1, d));
  const day = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.ceil(((date.getTime() - yearStart) / 86400000 + 1) / 7);
}

register("datetime_part", (fns, site) => {
  const u = site.constant(0);
  const name = typeof u === "string" ? u.toLowerCase() : "";
  const f = fns[1]!;
  const pick: Record<string, (p: ReturnType<typeof dateParts>) => number> = {
    year: (p) => p.year,
    quarter: (p) => Math.floor((p.month - 1) / 3) + 1,
    month: (p) => p.month,
    day: (p) => p.day,
    hour: (p) => p.hour,
    minute: (p) => p.minute,
    second: (p) => p.second,
    millisecond: (p) => Math.floor(p.fraction / 10000),
    microsecond: (p) => Math.floor(p.fraction / 10),
    nanosecond: (p) => p.fraction * 100,
    dayofyear: (p) =>
      Number((ticksOfParts(p.year, p.month, p.day) - ticksOfParts(p.year, 1, 1)) / TICKS_PER_DAY) + 1,
    weekofyear: (p) => isoWeek(p.year, p.month, p.day),
    week_of_year: (p) => isoWeek(p.year, p.month, p.day),
  };
  const g = pick[name];
  if (!g) return site.refuse(`part ${JSON.stringify(u)}`);
  return (r) => {
    const t = f(r);
    return t === null ? null : g(dateParts(t as bigint));
  };
});

register("make_datetime", (fns) => (r) => {
  const v = fns.map((f) => f(r));
  if (v.slice(0, 3).some((x) => x === null)) return null;
  const [y, mo, d, h = 0, mi = 0, s = 0] = v.map((x) => Number(x ?? 0));
  const whole = Math.floor(s!);
  const frac = Math.round((s! - whole) * 1e7);
  return ticksOfParts(y!, mo!, d!, h, mi, whole, frac);
});
register("make_timespan", (fns) => (r) => {
  const v = fns.map((f) => Number(f(r) ?? 0));
  let days = 0,
    h = 0,
    mi = 0,
    s = 0;
  if (v.length === 2) [h, mi] = v as [number, number];
  else if (v.length === 3) [h, mi, s] = v as [number, number, number];
  else [days, h, mi, s] = v as [number, number, number, number];
  return BigInt(Math.round((((days * 24 + h) * 60 + mi) * 60 + s) * 1e7));
});

/** .NET-style custom format strings of format_datetime. */
const DT_TOKENS =
  /(yyyy|yy|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|fffffff|ffffff|fffff|ffff|fff|ff|f|FFFFFFF|FFFFFF|FFFFF|FFFF|FFF|FF|F|tt)/g;
export function formatWith(format: string, p: ReturnType<typeof dateParts>): string | null {
  const two = (n: number) => String(n).padStart(2, "0");
  const frac7 = String(p.fraction).padStart(7, "0");
  return format.replace(DT_TOKENS, (tok) => {
    switch (tok) {
      case "yyyy":
        return String(p.year).padStart(4, "0");
      case "yy":
        return two(p.year % 100);
      case "MM":
        return two(p.month);
      case "M":
        return String(p.month);
      case "dd":
        return two(p.day);
      case "d":
        return String(p.day);
      case "HH":
        return two(p.hour);
      case "H":
        return String(p.hour);
      case "hh":
        return two(p.hour % 12 || 12);
      case "h":
        return String(p.hour % 12 || 12);
      case "mm":
        return two(p.minute);
      case "m":
        return String(p.minute);
      case "ss":
        return two(p.second);
      case "s":
        return String(p.second);
      case "tt":
        return p.hour < 12 ? "AM" : "PM";
      default:
        if (tok[0] === "f") return frac7.slice(0, tok.length);
        return frac7.slice(0, tok.length).replace(/0+$/, "");
    }
  });
}

register("format_datetime", (fns, site) => {
  const fmt = site.constant(1);
  if (typeof fmt !== "string") return site.refuse("non-constant format");
  const f = fns[0]!;
  return (r) => {
    const t = f(r);
    return t === null ? "" : formatWith(fmt, dateParts(t as bigint));
  };
});

/** .NET-style custom timespan format: d…, h/H…, m…, s…, f…/F…; anything else is literal. */
register("format_timespan", (fns, site) => {
  const fmt = site.constant(1);
  if (typeof fmt !== "string") return site.refuse("non-constant format");
  const f = fns[0]!;
  return (r) => {
    const t = f(r) as bigint | null;
    if (t === null) return "";
    const a = t < 0n ? -t : t;
    const days = a / TICKS_PER_DAY;
    const rest = a % TICKS_PER_DAY;
    const hours = Number(rest / TICKS_PER_HOUR);
    const minutes = Number((rest % TICKS_PER_HOUR) / TICKS_PER_MINUTE);
    const seconds = Number((rest % TICKS_PER_MINUTE) / TICKS_PER_SECOND);
    const frac7 = String(rest % TICKS_PER_SECOND).padStart(7, "0");
    const text = fmt.replace(/d+|[hH]+|m+|s+|f+|F+/g, (tok) => {
      const n = tok.length;
      switch (tok[0]) {
        case "d":
          return String(days).padStart(n, "0");
        case "h":
        case "H":
          return String(hours).padStart(Math.min(n, 2), "0");
        case "m":
          return String(minutes).padStart(Math.min(n, 2), "0");
        case "s":
          return String(seconds).padStart(Math.min(n, 2), "0");
        case "f":
          return frac7.slice(0, n);
        default:
          return frac7.slice(0, n).replace(/0+$/, "");
      }
    });
    return (t < 0n ? "-" : "") + text;
  };
});

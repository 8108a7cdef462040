/** Conversion functions: tostring, toint, tolong, toreal, tobool, todatetime, totimespan, toguid. */
import {
  coerceCell,
  type KqlType,
  longFromNumber,
  longOf,
  parseDatetime,
  parseGuid,
  parseTimespan,
  toKqlString,
} from "../values.js";
import { lenient, register, strict } from "./registry.js";

register("tostring", (fns, site) => {
  const f = fns[0]!;
  const t = site.argTypes[0];
  return (r) => {
    const v = f(r);
    return v === null ? "" : toKqlString(v, t);
  };
});

function toInteger(v: unknown, from: KqlType | undefined): number | bigint | null {
  switch (typeof v) {
    case "number":
      return longFromNumber(v);
    case "bigint":
      return from === "datetime" || from === "timespan" ? longOf(v) : v;
    case "boolean":
      return v ? 1 : 0;
    case "string": {
      const t = v.trim();
      if (/^[-+]?\d+$/.test(t)) {
        const b = BigInt(t);
        return b === BigInt.asIntN(64, b) ? longOf(b) : null;
      }
      if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return longFromNumber(Number(t));
      return null;
    }
    default:
      return null;
  }
}

register(["tolong", "toint"], (fns, site) => {
  const f = fns[0]!;
  const from = site.argTypes[0];
  const asInt = site.type === "int";
  return (r) => {
    const v = toInteger(f(r), from);
    if (v === null) return null;
    if (asInt) {
      const n = Number(BigInt.asIntN(32, BigInt(v)));
      return n;
    }
    return v;
  };
});

function toReal(v: unknown): number | null {
  switch (typeof v) {
    case "number":
      return v;
    case "bigint":
      return Number(v);
    case "boolean":
      return v ? 1 : 0;
    case "string": {
      try {
        return coerceCell(v, "real") as number;
      } catch {
        return null;
      }
    }
    default:
      return null;
  }
}
register(
  ["toreal", "todouble"],
  lenient((v: unknown) => toReal(v)),
);

register(["tobool", "toboolean"], (fns) => {
  const f = fns[0]!;
  return (r) => {
    const v = f(r);
    if (typeof v === "boolean") return v;
    if (typeof v === "number") return v !== 0;
    if (typeof v === "bigint") return v !== 0n;
    if (typeof v === "string") {
      const t = v.trim().toLowerCase();
      if (t === "true") return true;
      if (t === "false") return false;
      const n = toInteger(t, "string");
      return n === null ? null : Number(n) !== 0;
    }
    return null;
  };
});

register("todatetime", (fns, site) => {
  const f = fns[0]!;
  const from = site.argTypes[0];
  return (r) => {
    const v = f(r);
    if (v === null) return null;
    if (from === "datetime") return v;
    if (typeof v === "string") return parseDatetime(v);
    if (typeof v === "bigint" && from === "long") return null;
    return null;
  };
});

register("totimespan", (fns, site) => {
  const f = fns[0]!;
  const from = site.argTypes[0];
  return (r) => {
    const v = f(r);
    if (v === null) return null;
    if (from === "timespan") return v;
    if (typeof v === "string") return parseTimespan(v);
    if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
    if (typeof v === "bigint") return v;
    return null;
  };
});

register(
  "toguid",
  strict((v: unknown) => (typeof v === "string" ? parseGuid(v) : null)),
);

register(
  "unixtime_milliseconds_todatetime",
  strict((v: unknown) => BigInt(Math.round(Number(v) * 10000))),
);
register(
  "unixtime_seconds_todatetime",
  strict((v: unknown) => BigInt(Math.round(Number(v) * 1e7))),
);
register(
  "unixtime_microseconds_todatetime",
  strict((v: unknown) => BigInt(Math.round(Number(v) * 10))),
);
register(
  "unixtime_nanoseconds_todatetime",
  strict((v: unknown) => BigInt(Math.round(Number(v) / 100))),
);

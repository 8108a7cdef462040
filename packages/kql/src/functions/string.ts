/** String functions. Kusto strings are never null: a null argument reads as "". */
import type { Fn } from "../context.js";
import { eachMatch, firstMatch, groupText, type RE2JS, re2 } from "../ops.js";
import { regexOrThrow } from "../scalar.js";
import { coerceCell, toKqlString } from "../values.js";
import { type CallSite, register, type ScalarImpl } from "./registry.js";

/** Arguments as strings (null → "") in the text form of their types. */
function asStrings(fns: Fn[], site: CallSite): Fn[] {
  return fns.map((f, i) => {
    const t = site.argTypes[i];
    if (t === "string") return (r) => (f(r) as string | null) ?? "";
    return (r) => toKqlString(f(r), t);
  });
}

function stringFn(f: (...s: string[]) => unknown): ScalarImpl {
  return (fns, site) => {
    const ss = asStrings(fns, site);
    if (ss.length === 1) {
      const a = ss[0]!;
      return (r) => f(a(r) as string);
    }
    return (r) => f(...(ss.map((g) => g(r)) as string[]));
  };
}

const codePoints = (s: string) => Array.from(s);

register(
  "strlen",
  stringFn((s) => codePoints(s).length),
);
register(
  "string_size",
  stringFn((s) => Buffer.byteLength(s, "utf8")),
);
register(
  "toupper",
  stringFn((s) => s.toUpperCase()),
);
register(
  "tolower",
  stringFn((s) => s.toLowerCase()),
);
register(
  "strcat",
  stringFn((...s) => s.join("")),
);
register(
  "strcat_delim",
  stringFn((d, ...s) => s.join(d)),
);
register(
  "reverse",
  stringFn((s) => codePoints(s).reverse().join("")),
);
register("strrep", (fns, site) => {
  const [s, , d] = asStrings(fns, site);
  const count = fns[1]!;
  return (r) => {
    const k = count(r);
    if (k === null) return "";
    const times = Math.max(0, Number(k));
    if (times > 1024 * 1024) site.refuse("repetition count above 1,048,576");
    return Array(times)
      .fill(s!(r))
      .join(d ? (d(r) as string) : "");
  };
});
register(
  "strcmp",
  stringFn((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
);
register("indexof", (fns, site) => {
  const [s, lookup] = asStrings(fns, site) as [Fn, Fn];
  const start = fns[2];
  const length = fns[3];
  const occurrence = fns[4];
  return (r) => {
    const text = s(r) as string;
    const look = lookup(r) as string;
    let from = start ? Number(start(r) ?? 0) : 0;
    if (from < 0) from = Math.max(0, text.length + from);
    if (from > text.length) return -1;
    const len = length ? Number(length(r) ?? -1) : -1;
    const occ = occurrence ? Number(occurrence(r) ?? 1) : 1;
    if (occ <= 0) return null;
    // the examined range is [start, start + length], both ends included
    const end = len < 0 ? text.length : Math.min(text.length, from + len + 1);
    let pos = from - 1;
    for (let k = 0; k < occ; k++) {
      pos = text.indexOf(look, pos + 1);
      if (pos < 0 || pos + look.length > end) return -1;
    }
    return pos;
  };
});
register("substring", (fns, site) => {
  const [s] = asStrings(fns, site) as [Fn];
  const start = fns[1]!;
  const length = fns[2];
  return (r) => {
    const cps = codePoints(s(r) as string);
    const st = start(r);
    if (st === null) return "";
    let from = Number(st);
    if (from < 0) from = Math.max(0, cps.length + from);
    const len = length ? length(r) : null;
    const n = len === null || len === undefined ? cps.length : Number(len);
    if (n < 0) return "";
    return cps.slice(from, from + n).join("");
  };
});
function trimmer(where: "both" | "start" | "end"): ScalarImpl {
  return (fns, site) => {
    const pattern = site.constant(0);
    if (typeof pattern !== "string") return site.refuse("non-constant pattern");
    const head = re2(`^(?:${pattern})+`);
    const tail = re2(`(?:${pattern})+$`);
    const [, s] = asStrings(fns, site) as [Fn, Fn];
    return (r) => {
      let t = s(r) as string;
      if (where !== "end") t = head.matcher(t).replaceFirst("");
      if (where !== "start") t = tail.matcher(t).replaceFirst("");
      return t;
    };
  };
}
register("trim", trimmer("both"));
register("trim_start", trimmer("start"));
register("trim_end", trimmer("end"));

register(
  "replace_string",
  stringFn((s, a, b) => (a === "" ? s : s.split(a).join(b))),
);
register(["replace_regex", "replace"], (fns, site) => {
  const pattern = site.constant(1);
  if (typeof pattern !== "string") return site.refuse("non-constant pattern");
  const re = regexOrThrow(pattern, site.args[1]);
  const [s, , rep] = asStrings(fns, site) as [Fn, Fn, Fn];
  return (r) => {
    // Kusto's replacement refers to groups as \1..\9
    const replacement = (rep(r) as string).replace(/\$/g, "$$$$").replace(/\\(\d)/g, "$$$1");
    return re.matcher(s(r) as string).replaceAll(replacement);
  };
});
register(
  "translate",
  stringFn((from, to, s) => {
    const f = codePoints(from);
    const t = codePoints(to);
    return codePoints(s)
      .flatMap((c) => {
        const i = f.indexOf(c);
        if (i < 0) return [c];
        if (t.length === 0) return [];
        return [t[Math.min(i, t.length - 1)]!];
      })
      .join("");
  }),
);

register("split", (fns, site) => {
  const [s, d] = asStrings(fns, site) as [Fn, Fn];
  const idx = fns[2];
  return (r) => {
    const parts = (s(r) as string).split(d(r) as string);
    if (!idx) return parts;
    const i = idx(r);
    if (i === null) return null;
    const k = Number(i);
    return k >= 0 && k < parts.length ? [parts[k]] : [];
  };
});

register("extract", (fns, site) => {
  const pattern = site.constant(0);
  if (typeof pattern !== "string") return site.refuse("non-constant pattern");
  const re = regexOrThrow(pattern, site.args[0]);
  const group = fns[1]!;
  const [, , s] = asStrings(fns, site) as [Fn, Fn, Fn];
  const typed = site.type !== "string";
  const none = typed ? null : "";
  const count = re.groupCount();
  return (r) => {
    const g = group(r);
    if (g === null) return none;
    const k = Number(g);
    const text = s(r) as string;
    const offsets = firstMatch(re, text);
    if (!offsets) return none;
    if (!Number.isInteger(k) || k < 0 || k > count) return none;
    const found = groupText(text, offsets, k) ?? "";
    if (!typed) return found;
    try {
      return coerceCell(found, site.type, true);
    } catch {
      return null;
    }
  };
});

register("extract_all", (fns, site) => {
  const pattern = site.constant(0);
  if (typeof pattern !== "string") return site.refuse("non-constant pattern");
  const re = regexOrThrow(pattern, site.args[0]);
  const withGroups = site.args.length === 3;
  const groups = withGroups ? site.constant(1) : undefined;
  if (withGroups && !Array.isArray(groups)) site.refuse("non-constant capture groups");
  const s = asStrings(fns, site)[withGroups ? 2 : 1]!;
  const count = re.groupCount();
  // each match gives the whole match (no groups), its one group, or an array of groups
  const picks: number[] | null =
    count === 0 ? null : groups ? (groups as unknown[]).map((g) => groupIndex(re, g, site)) : null;
  return (r) => {
    const text = s(r) as string;
    const out: unknown[] = [];
    eachMatch(re, text, (offsets) => {
      if (count === 0) out.push(groupText(text, offsets, 0));
      else if (picks) out.push(picks.map((g) => groupText(text, offsets, g) ?? ""));
      else if (count === 1) out.push(groupText(text, offsets, 1) ?? "");
      else out.push(Array.from({ length: count }, (_, i) => groupText(text, offsets, i + 1) ?? ""));
      return true;
    });
    return out.length ? out : null;
  };
});

/** The index of a capture group named by number or name in extract_all's list. */
function groupIndex(re: RE2JS, g: unknown, site: CallSite): number {
  const k = typeof g === "string" ? re.namedGroups()[g] : Number(g);
  if (k === undefined || !Number.isInteger(k) || k < 0 || k > re.groupCount())
    return site.refuse(`capture group ${JSON.stringify(g)}, not in the pattern`);
  return k;
}

register("countof", (fns, site) => {
  const kind = site.constant(2);
  const [s, search] = asStrings(fns, site) as [Fn, Fn];
  if (kind === "regex") {
    const pattern = site.constant(1);
    if (typeof pattern !== "string") return site.refuse("non-constant pattern");
    const re = regexOrThrow(pattern, site.args[1]);
    return (r) => {
      const m = re.matcher(s(r) as string);
      let n = 0;
      while (m.find()) n++;
      return n;
    };
  }
  return (r) => {
    const text = s(r) as string;
    const look = search(r) as string;
    if (!look) return 0;
    let n = 0;
    // overlapping matches, as documented (countof("aaa", "aa") == 2)
    for (let i = text.indexOf(look); i >= 0; i = text.indexOf(look, i + 1)) n++;
    return n;
  };
});

register(
  "regex_quote",
  stringFn((s) => s.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`)),
);

/** RFC 4180 fields of the first CSV record in the text. */
register(
  "parse_csv",
  stringFn((s) => {
    const out: string[] = [];
    let cell = "";
    let quoted = false;
    for (let i = 0; i < s.length; i++) {
      const ch = s[i]!;
      if (quoted) {
        if (ch === '"' && s[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cell += ch;
      } else if (ch === '"' && cell === "") quoted = true;
      else if (ch === ",") {
        out.push(cell);
        cell = "";
      } else if (ch === "\n" || ch === "\r")
        break; // only the first record is read
      else cell += ch;
    }
    out.push(cell);
    return out;
  }),
);

register(
  "isascii",
  stringFn((s) => {
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
    return true;
  }),
);
register(
  "isutf8",
  stringFn(() => true),
);
register(
  "unicode_codepoints_from_string",
  stringFn((s) => codePoints(s).map((c) => c.codePointAt(0))),
);
register("unicode_codepoints_to_string", (fns) => (r) => {
  const cps: number[] = [];
  for (const f of fns) {
    const v = f(r);
    if (Array.isArray(v)) cps.push(...v.map(Number));
    else if (v !== null) cps.push(Number(v));
  }
  return String.fromCodePoint(...cps);
});
register(
  "to_utf8",
  stringFn((s) => Array.from(Buffer.from(s, "utf8"))),
);

register(
  "base64_encode_tostring",
  stringFn((s) => Buffer.from(s, "utf8").toString("base64")),
);
register(
  "base64_encodestring",
  stringFn((s) => Buffer.from(s, "utf8").toString("base64")),
);
register(
  ["base64_decode_tostring", "base64_decodestring"],
  stringFn((s) => {
    const b = Buffer.from(s, "base64");
    const text = b.toString("utf8");
    return Buffer.from(text, "utf8").equals(b) ? text : null;
  }),
);
register(
  "base64_decode_toarray",
  stringFn((s) => Array.from(Buffer.from(s, "base64"))),
);
/** .NET's HttpUtility.UrlEncode: unreserved characters kept, space as +, other bytes as lower-case %xx. */
register(
  "url_encode",
  stringFn((s) => {
    let out = "";
    for (const b of Buffer.from(s, "utf8")) {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9\-_.!*()]/.test(c)) out += c;
      else if (c === " ") out += "+";
      else out += `%${b.toString(16).padStart(2, "0")}`;
    }
    return out;
  }),
);
register(
  "url_encode_component",
  stringFn((s) => encodeURIComponent(s)),
);
register(
  "url_decode",
  stringFn((s) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, " "));
    } catch {
      return null;
    }
  }),
);

/**
 * indexof_regex(text, pattern [, start [, length [, occurrence]]]): the position of the n-th
 * non-overlapping match inside text[start, start + length); null for start < 0, length < -1 or
 * occurrence < 0.
 */
register("indexof_regex", (fns, site) => {
  const pattern = site.constant(1);
  if (typeof pattern !== "string") return site.refuse("non-constant pattern");
  const re = regexOrThrow(pattern, site.args[1]);
  const [s] = asStrings(fns, site) as [Fn];
  const opt = (i: number, dflt: number, r: unknown[]): number | null => {
    const f = fns[i];
    if (!f) return dflt;
    const x = f(r);
    return x === null ? null : Number(x);
  };
  return (r) => {
    const text = s(r) as string;
    const start = opt(2, 0, r);
    const length = opt(3, -1, r);
    const occurrence = opt(4, 1, r);
    if (start === null || length === null || occurrence === null) return null;
    if (start < 0 || length < -1 || occurrence < 0) return null;
    if (start > text.length) return -1;
    const end = length === -1 ? text.length : Math.min(text.length, start + length);
    const m = re.matcher(text.slice(start, end));
    for (let k = 0; k < Math.max(1, occurrence); k++) if (!m.find()) return -1;
    return start + m.start();
  };
});

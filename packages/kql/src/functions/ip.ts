/** IPv4 functions, parse_url, parse_path and hashes. */
import { createHash } from "node:crypto";
import type { Fn } from "../context.js";
import { type Row, toKqlString } from "../values.js";
import { register, strict } from "./registry.js";

/** Address and prefix length of `a.b.c.d[/n]`; null when malformed. */
export function parseIpv4(text: string): { ip: number; prefix: number } | null {
  const m = /^\s*(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const parts = m.slice(1, 5).map(Number);
  if (parts.some((p) => p > 255)) return null;
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (prefix > 32) return null;
  return { ip: ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0, prefix };
}

function masked(ip: number, prefix: number): number {
  return prefix === 0 ? 0 : (ip & (0xffffffff << (32 - prefix))) >>> 0;
}

const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((r) => parseIpv4(r)!);

/** `ipv*_is_in_any_range`: the address, then ranges as arguments or arrays; a bad range gives null. */
function inAnyRange<T>(
  parse: (text: string) => { ip: T; prefix: number } | null,
  mask: (ip: T, prefix: number) => T,
) {
  return (fns: Fn[]) => (row: Row) => {
    const s = fns[0]!(row);
    if (s === null) return null;
    const p = parse(String(s));
    if (!p) return null;
    const ranges: unknown[] = [];
    for (const f of fns.slice(1)) {
      const v = f(row);
      if (Array.isArray(v)) ranges.push(...v);
      else ranges.push(v);
    }
    for (const x of ranges) {
      const r = parse(String(x));
      if (!r) return null;
      if (mask(p.ip, r.prefix) === mask(r.ip, r.prefix)) return true;
    }
    return false;
  };
}

register(
  "parse_ipv4",
  strict((s: unknown) => {
    const p = parseIpv4(String(s));
    return p ? masked(p.ip, p.prefix) : null;
  }),
);
register(
  "parse_ipv4_mask",
  strict((s: unknown, bits: unknown) => {
    const p = parseIpv4(String(s));
    const b = Number(bits);
    if (!p || b < 0 || b > 32) return null;
    return masked(p.ip, Math.min(p.prefix, b));
  }),
);
register(
  "ipv4_is_private",
  strict((s: unknown) => {
    const p = parseIpv4(String(s));
    if (!p) return null;
    return PRIVATE.some((r) => masked(p.ip, r.prefix) === r.ip);
  }),
);
register(
  "ipv4_is_in_range",
  strict((s: unknown, range: unknown) => {
    const p = parseIpv4(String(s));
    const r = parseIpv4(String(range));
    if (!p || !r) return null;
    return masked(p.ip, r.prefix) === masked(r.ip, r.prefix);
  }),
);
register("ipv4_is_in_any_range", inAnyRange(parseIpv4, masked));

/** ipv4_compare / ipv4_is_match: both sides masked with the smaller prefix (and the optional bits). */
function compareIps(fns: Fn[], row: unknown[]): number | null {
  const a = fns[0]!(row);
  const b = fns[1]!(row);
  if (a === null || b === null) return null;
  const x = parseIpv4(String(a));
  const y = parseIpv4(String(b));
  if (!x || !y) return null;
  let prefix = Math.min(x.prefix, y.prefix);
  if (fns[2]) {
    const bits = fns[2](row);
    if (bits === null) return null;
    const k = Number(bits);
    if (k < 0 || k > 32) return null;
    prefix = Math.min(prefix, k);
  }
  const mx = masked(x.ip, prefix);
  const my = masked(y.ip, prefix);
  return mx < my ? -1 : mx > my ? 1 : 0;
}
register("ipv4_compare", (fns) => (row) => compareIps(fns, row));
register("ipv4_is_match", (fns) => (row) => {
  const c = compareIps(fns, row);
  return c === null ? null : c === 0;
});

/**
 * has_ipv4_prefix: some IPv4 address in the text, delimited by non-alphanumeric characters other
 * than '.', starts with the prefix; the prefix must end with '.' or be a whole address.
 */
register(
  "has_ipv4_prefix",
  strict((text: unknown, prefix: unknown) => {
    const p = String(prefix);
    if (!/^(\d{1,3}\.){1,3}$/.test(p) && !parseIpv4(p)) return false;
    const re = /(?<![\w.])(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?![\w.])/g;
    for (const m of String(text).matchAll(re)) if (parseIpv4(m[1]!) && m[1]!.startsWith(p)) return true;
    return false;
  }),
);
register(
  "has_ipv4",
  strict((text: unknown, ip: unknown) => {
    const want = parseIpv4(String(ip));
    if (want?.prefix !== 32) return false;
    const re = /(?<![\w.])(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?![\w.])/g;
    for (const m of String(text).matchAll(re)) if (parseIpv4(m[1]!)?.ip === want.ip) return true;
    return false;
  }),
);
register("format_ipv4", (fns) => (r) => {
  const v = fns[0]!(r);
  if (v === null) return "";
  const p = typeof v === "string" ? parseIpv4(v) : { ip: Number(v) >>> 0, prefix: 32 };
  if (!p) return "";
  let ip = p.ip;
  if (fns[1]) {
    const bits = Number(fns[1](r));
    if (!(bits >= 0 && bits <= 32)) return "";
    ip = masked(ip, Math.min(bits, p.prefix));
  }
  return [24, 16, 8, 0].map((s) => (ip >>> s) & 255).join(".");
});

register(
  "parse_url",
  strict((s: unknown) => {
    const text = String(s);
    const m =
      /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d+))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(
        text,
      );
    if (!m) return {};
    const args: Record<string, string> = {};
    if (m[7]) {
      for (const kv of m[7].split("&")) {
        if (!kv) continue;
        const i = kv.indexOf("=");
        const k = i < 0 ? kv : kv.slice(0, i);
        args[k] = i < 0 ? "" : kv.slice(i + 1);
      }
    }
    return {
      Scheme: m[1],
      Host: m[4],
      Port: m[5] ?? "",
      Path: m[6] ?? "",
      Username: m[2] ?? "",
      Password: m[3] ?? "",
      "Query Parameters": args,
      Fragment: m[8] ?? "",
    };
  }),
);

register(
  "parse_path",
  strict((s: unknown) => {
    const text = String(s);
    const unc = text.startsWith("\\\\");
    const sep = text.includes("\\") ? "\\" : "/";
    const i = text.lastIndexOf(sep);
    const dir = i < 0 ? "" : text.slice(0, i);
    const file = i < 0 ? text : text.slice(i + 1);
    const dot = file.lastIndexOf(".");
    const ext = dot < 0 ? "" : file.slice(dot + 1);
    const root = unc ? "" : /^[A-Za-z]:/.test(text) ? text.slice(0, 2) : "";
    return {
      Scheme: "",
      RootPath: root,
      DirectoryPath: dir,
      DirectoryName: dir.slice(dir.lastIndexOf(sep) + 1),
      Filename: file,
      Extension: ext,
      AlternateDataStreamName: "",
    };
  }),
);

function hashFn(alg: string) {
  return (fns: Fn[], site: { argTypes: string[] }) => {
    const f = fns[0]!;
    const t = site.argTypes[0] as Parameters<typeof toKqlString>[1];
    return (r: unknown[]) => {
      const v = f(r);
      if (v === null) return null;
      return createHash(alg).update(toKqlString(v, t), "utf8").digest("hex");
    };
  };
}
register("hash_sha256", hashFn("sha256"));
register("hash_sha1", hashFn("sha1"));
register("hash_md5", hashFn("md5"));

/** format_ipv4_mask(ip [, prefix]): the masked address and the smaller of both prefixes, `a.b.c.d/n`. */
register("format_ipv4_mask", (fns) => (r) => {
  const v = fns[0]!(r);
  if (v === null) return "";
  const p = typeof v === "string" ? parseIpv4(v) : { ip: Number(v) >>> 0, prefix: 32 };
  if (!p) return "";
  let prefix = p.prefix;
  if (fns[1]) {
    const bits = fns[1](r);
    if (bits === null) return "";
    const b = Number(bits);
    if (!(b >= 0 && b <= 32)) return "";
    prefix = Math.min(b, prefix);
  }
  const ip = masked(p.ip, prefix);
  return `${[24, 16, 8, 0].map((s) => (ip >>> s) & 255).join(".")}/${prefix}`;
});

/** The CIDR blocks covering [start, end] exactly, largest aligned block first. */
register(
  "ipv4_range_to_cidr_list",
  strict((a: unknown, b: unknown) => {
    const s = parseIpv4(String(a));
    const e = parseIpv4(String(b));
    if (!s || !e || s.prefix !== 32 || e.prefix !== 32) return null;
    let lo = s.ip;
    const hi = e.ip;
    if (lo > hi) return null;
    const out: string[] = [];
    while (lo <= hi) {
      let size = 0; // block of 2^size addresses
      while (size < 32 && lo % 2 ** (size + 1) === 0 && lo + 2 ** (size + 1) - 1 <= hi) size++;
      out.push(`${[24, 16, 8, 0].map((sh) => (lo >>> sh) & 255).join(".")}/${32 - size}`);
      lo += 2 ** size;
    }
    return out;
  }),
);

/**
 * An IPv6 address (with `::` and an embedded dotted IPv4 tail allowed) or an IPv4 address (mapped
 * to ::ffff:a.b.c.d), with its prefix length (an IPv4 prefix counts from bit 96).
 */
export function parseIpv6(text: string): { ip: bigint; prefix: number } | null {
  const t = text.trim();
  const v4 = parseIpv4(t);
  if (v4) return { ip: 0xffff00000000n | BigInt(v4.ip), prefix: 96 + v4.prefix };
  const m = /^([0-9A-Fa-f:.]+)(?:\/(\d{1,3}))?$/.exec(t);
  if (!m) return null;
  const prefix = m[2] === undefined ? 128 : Number(m[2]);
  if (prefix > 128) return null;
  let addr = m[1]!;
  let tail: number[] = [];
  const dotted = /:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(addr);
  if (dotted) {
    const p = parseIpv4(dotted[1]!);
    if (!p) return null;
    tail = [p.ip >>> 16, p.ip & 0xffff];
    // keep a `::` that ends right before the IPv4 tail; drop the single separating ':'
    addr = addr.slice(0, dotted.index);
    if (addr.endsWith(":")) addr += ":";
  }
  const halves = addr.split("::");
  if (halves.length > 2) return null;
  const group = (s: string) => (s === "" ? [] : s.split(":"));
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  if ([...head, ...rest].some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return null;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return null;
  const groups = [
    ...head.map((g) => parseInt(g, 16)),
    ...new Array(8 - known).fill(0),
    ...rest.map((g) => parseInt(g, 16)),
    ...tail,
  ];
  let ip = 0n;
  for (const g of groups) ip = (ip << 16n) | BigInt(g);
  return { ip, prefix };
}

function masked6(ip: bigint, prefix: number): bigint {
  const keep = BigInt(prefix);
  return (ip >> (128n - keep)) << (128n - keep);
}

/** parse_ipv6: the masked address as eight 4-digit hexadecimal groups. */
register(
  "parse_ipv6",
  strict((s: unknown) => {
    const p = parseIpv6(String(s));
    if (!p) return null;
    const hex = masked6(p.ip, p.prefix).toString(16).padStart(32, "0");
    return hex.match(/.{4}/g)!.join(":");
  }),
);
register(
  "parse_ipv6_mask",
  strict((s: unknown, bits: unknown) => {
    const p = parseIpv6(String(s));
    const b = Number(bits);
    if (!p || !(b >= 0 && b <= 128)) return null;
    const hex = masked6(p.ip, Math.min(p.prefix, b)).toString(16).padStart(32, "0");
    return hex.match(/.{4}/g)!.join(":");
  }),
);

/** ipv6_compare / ipv6_is_match: both sides masked with the smaller prefix (and the optional bits). */
function compareIpv6(fns: Fn[], row: unknown[]): number | null {
  const a = fns[0]!(row);
  const b = fns[1]!(row);
  if (a === null || b === null) return null;
  const x = parseIpv6(String(a));
  const y = parseIpv6(String(b));
  if (!x || !y) return null;
  let prefix = Math.min(x.prefix, y.prefix);
  if (fns[2]) {
    const bits = fns[2](row);
    if (bits === null) return null;
    const k = Number(bits);
    if (!(k >= 0 && k <= 128)) return null;
    prefix = Math.min(prefix, k);
  }
  const mx = masked6(x.ip, prefix);
  const my = masked6(y.ip, prefix);
  return mx < my ? -1 : mx > my ? 1 : 0;
}
register("ipv6_compare", (fns) => (row) => compareIpv6(fns, row));
register("ipv6_is_match", (fns) => (row) => {
  const c = compareIpv6(fns, row);
  return c === null ? null : c === 0;
});
register(
  "ipv6_is_in_range",
  strict((s: unknown, range: unknown) => {
    const p = parseIpv6(String(s));
    const r = parseIpv6(String(range));
    if (!p || !r) return null;
    return masked6(p.ip, r.prefix) === masked6(r.ip, r.prefix);
  }),
);
register("ipv6_is_in_any_range", inAnyRange(parseIpv6, masked6));

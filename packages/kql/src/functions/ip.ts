/** IPv4 functions, parse_url, parse_path and hashes. */
import { createHash } from "node:crypto";
import type { Fn } from "../context.js";
import { toKqlString } from "../values.js";
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
register("ipv4_is_in_any_range", (fns) => (row) => {
  const s = fns[0]!(row);
  if (s === null) return null;
  const p = parseIpv4(String(s));
  if (!p) return null;
  const ranges: unknown[] = [];
  for (const f of fns.slice(1)) {
    const v = f(row);
    if (Array.isArray(v)) ranges.push(...v);
    else ranges.push(v);
  }
  for (const x of ranges) {
    const r = parseIpv4(String(x));
    if (!r) return null;
    if (masked(p.ip, r.prefix) === masked(r.ip, r.prefix)) return true;
  }
  return false;
});

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

/**
 * hash() and hash_xxhash64(): XXH64 (seed 0) of the value's bytes. Only the byte forms checked
 * against Kusto's documented outputs are hashed: a string's UTF-8 text and a datetime's .NET ticks
 * (since 0001-01-01) as 8 little-endian bytes; other types are refused.
 */
import type { Fn } from "../context.js";
import { longOf } from "../values.js";
import { type CallSite, register } from "./registry.js";
import { xxhash64 } from "./xxhash64.js";

/** 100 ns ticks from 0001-01-01 to 1970-01-01. */
const UNIX_EPOCH_DOTNET_TICKS = 621355968000000000n;
const utf8 = new TextEncoder();

function bytesOf(site: CallSite): (v: unknown) => Uint8Array {
  const t = site.argTypes[0];
  if (t === "string") return (v) => utf8.encode(v as string);
  if (t === "datetime")
    return (v) => {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setBigInt64(0, (v as bigint) + UNIX_EPOCH_DOTNET_TICKS, true);
      return b;
    };
  return site.refuse(`hashing a ${t} value`);
}

const hashImpl = (fns: Fn[], site: CallSite): Fn => {
  const bytes = bytesOf(site);
  const [value, modulo] = fns as [Fn, Fn | undefined];
  return (r) => {
    const v = value(r);
    if (v === null) return null;
    const h = BigInt.asIntN(64, xxhash64(bytes(v)));
    if (!modulo) return longOf(h);
    const m = modulo(r);
    if (m === null) return null;
    const mod = BigInt(m as number | bigint);
    if (mod <= 0n) return null;
    // the docs give the result as 0..mod-1 without saying how a negative hash is folded
    if (h < 0n) return site.refuse("the modulo of a negative hash");
    return longOf(h % mod);
  };
};
register(["hash", "hash_xxhash64"], hashImpl);

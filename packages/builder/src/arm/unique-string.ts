/**
 * ARM's `uniqueString(...)`, computed offline.
 *
 * ARM joins the arguments with '-', hashes the UTF-8 bytes with a 64-bit MurmurHash variant
 * (two interleaved 32-bit lanes, MurmurHash3-style mixing with its own constants and seeds) and
 * writes the top 65 bits of the 64-bit value (zero-padded) as 13 characters of RFC 4648 base32,
 * lower case. The algorithm is not published by Microsoft; this implementation follows the
 * public reverse-engineered description and is checked against values ARM itself produced
 * (see test/arm-functions.test.ts for the pairs and where they were published).
 */

const C1 = 0xab0e9789; // 2869860233
const C2 = 0x239b961b; // 597399067
const C3 = 0x85ebca6b; // 2246822507
const C4 = 0xc2b2ae35; // 3266489909
const N1 = 0x561ccd1b; // 1444728091
const N2 = 0x0bcaa747; // 197830471

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
const encoder = new TextEncoder();

function rotl(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}

function fmix(h: number): number {
  let x = h >>> 0;
  x = Math.imul(x ^ (x >>> 16), C3) >>> 0;
  x = Math.imul(x ^ (x >>> 13), C4) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

function le32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

/** Partial little-endian read of 1 to 3 bytes. */
function lePartial(b: Uint8Array, i: number, n: number): number {
  let v = 0;
  for (let j = n - 1; j >= 0; j--) v = (v << 8) | b[i + j]!;
  return v >>> 0;
}

/** The 64-bit hash as [high, low] 32-bit halves. */
export function murmurHash64(bytes: Uint8Array): [number, number] {
  const length = bytes.length;
  let h1 = 0;
  let h2 = 0;
  let i = 0;
  for (; i + 7 < length; i += 8) {
    let k1 = le32(bytes, i);
    let k2 = le32(bytes, i + 4);
    k1 = Math.imul(rotl(Math.imul(k1, C2) >>> 0, 15), C1) >>> 0;
    k2 = Math.imul(rotl(Math.imul(k2, C1) >>> 0, 17), C2) >>> 0;
    h1 = (rotl((h1 ^ k1) >>> 0, 19) + h2) >>> 0;
    h1 = (Math.imul(h1, 5) + N1) >>> 0;
    h2 = (rotl((h2 ^ k2) >>> 0, 13) + h1) >>> 0;
    h2 = (Math.imul(h2, 5) + N2) >>> 0;
  }
  const rest = length - i;
  if (rest > 0) {
    let k1 = rest >= 4 ? le32(bytes, i) : lePartial(bytes, i, rest);
    k1 = Math.imul(rotl(Math.imul(k1, C2) >>> 0, 15), C1) >>> 0;
    h1 = (h1 ^ k1) >>> 0;
    if (rest > 4) {
      let k2 = lePartial(bytes, i + 4, rest - 4);
      k2 = Math.imul(rotl(Math.imul(k2, C1) >>> 0, 17), C2) >>> 0;
      h2 = (h2 ^ k2) >>> 0;
    }
  }
  const a = (h2 ^ length) >>> 0;
  let lo = (((h1 ^ length) >>> 0) + a) >>> 0;
  let hi = (a + lo) >>> 0;
  lo = fmix(lo);
  hi = fmix(hi);
  lo = (lo + hi) >>> 0;
  hi = (hi + lo) >>> 0;
  return [hi, lo];
}

/** ARM `uniqueString(a, b, ...)`: 13 lower-case base32 characters. */
export function uniqueString(...args: string[]): string {
  if (args.length === 0) throw new Error("uniqueString needs at least one argument");
  const [hi, lo] = murmurHash64(encoder.encode(args.join("-")));
  let h = (BigInt(hi) << 32n) | BigInt(lo);
  const mask = (1n << 64n) - 1n;
  let out = "";
  for (let n = 0; n < 13; n++) {
    out += BASE32[Number((h >> 59n) & 31n)];
    h = (h << 5n) & mask;
  }
  return out;
}

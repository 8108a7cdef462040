/** XXH64 (xxHash, 64-bit variant) over bytes, as specified by its reference implementation. */
const M64 = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;

const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & M64;
const mul = (a: bigint, b: bigint) => (a * b) & M64;
const add = (a: bigint, b: bigint) => (a + b) & M64;

function round(acc: bigint, lane: bigint): bigint {
  return mul(rotl(add(acc, mul(lane, P2)), 31n), P1);
}
function merge(acc: bigint, v: bigint): bigint {
  return add(mul(acc ^ round(0n, v), P1), P4);
}
function u64(b: Uint8Array, i: number): bigint {
  let v = 0n;
  for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(b[i + k]!);
  return v;
}
function u32(b: Uint8Array, i: number): bigint {
  return BigInt((b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0);
}

/** The unsigned 64-bit hash of `data` with `seed`. */
export function xxhash64(data: Uint8Array, seed = 0n): bigint {
  const n = data.length;
  let i = 0;
  let h: bigint;
  if (n >= 32) {
    let v1 = add(add(seed, P1), P2);
    let v2 = add(seed, P2);
    let v3 = seed;
    let v4 = (seed - P1) & M64;
    for (; i + 32 <= n; i += 32) {
      v1 = round(v1, u64(data, i));
      v2 = round(v2, u64(data, i + 8));
      v3 = round(v3, u64(data, i + 16));
      v4 = round(v4, u64(data, i + 24));
    }
    h = add(add(rotl(v1, 1n), rotl(v2, 7n)), add(rotl(v3, 12n), rotl(v4, 18n)));
    h = merge(merge(merge(merge(h, v1), v2), v3), v4);
  } else h = add(seed, P5);
  h = add(h, BigInt(n));
  for (; i + 8 <= n; i += 8) h = add(mul(rotl(h ^ round(0n, u64(data, i)), 27n), P1), P4);
  if (i + 4 <= n) {
    h = add(mul(rotl(h ^ mul(u32(data, i), P1), 23n), P2), P3);
    i += 4;
  }
  for (; i < n; i++) h = mul(rotl(h ^ mul(BigInt(data[i]!), P5), 11n), P1);
  h = mul(h ^ (h >> 33n), P2);
  h = mul(h ^ (h >> 29n), P3);
  return h ^ (h >> 32n);
}

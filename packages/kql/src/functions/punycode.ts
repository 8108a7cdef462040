/** punycode_from_string / punycode_to_string: Punycode (RFC 3492) without the `xn--` prefix. */
import { register, strict } from "./registry.js";

const BASE = 36;
const TMIN = 1;
const TMAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - TMIN) * TMAX) >> 1) {
    d = Math.floor(d / (BASE - TMIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - TMIN + 1) * d) / (d + SKEW));
}
const digitChar = (d: number) => String.fromCharCode(d < 26 ? 97 + d : 22 + d);
function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 22;
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 97;
  return BASE;
}
const threshold = (k: number, bias: number) => (k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias);

export function punycodeEncode(input: string): string {
  const cps = Array.from(input, (c) => c.codePointAt(0)!);
  let out = cps
    .filter((c) => c < 128)
    .map((c) => String.fromCodePoint(c))
    .join("");
  const basic = out.length;
  let handled = basic;
  if (basic > 0) out += "-";
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < cps.length) {
    const m = Math.min(...cps.filter((c) => c >= n));
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of cps) {
      if (c < n) delta++;
      if (c !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const t = threshold(k, bias);
        if (q < t) break;
        out += digitChar(t + ((q - t) % (BASE - t)));
        q = Math.floor((q - t) / (BASE - t));
      }
      out += digitChar(q);
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return out;
}

/** The decoded text, or null when the input is not valid Punycode. */
export function punycodeDecode(input: string): string | null {
  const cut = input.lastIndexOf("-");
  const out: number[] = [];
  for (let j = 0; j < Math.max(0, cut); j++) {
    const c = input.charCodeAt(j);
    if (c >= 128) return null;
    out.push(c);
  }
  let n = INITIAL_N;
  let bias = INITIAL_BIAS;
  let i = 0;
  for (let pos = cut > 0 ? cut + 1 : 0; pos < input.length; ) {
    const oldi = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (pos >= input.length) return null;
      const d = digitValue(input.charCodeAt(pos++));
      if (d >= BASE) return null;
      i += d * w;
      const t = threshold(k, bias);
      if (d < t) break;
      w *= BASE - t;
      if (!Number.isSafeInteger(i) || !Number.isSafeInteger(w)) return null;
    }
    bias = adapt(i - oldi, out.length + 1, oldi === 0);
    n += Math.floor(i / (out.length + 1));
    i %= out.length + 1;
    if (n > 0x10ffff) return null;
    out.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...out);
}

register(
  "punycode_from_string",
  strict((s: unknown) => punycodeEncode(String(s))),
);
register("punycode_to_string", (fns, site) => {
  const f = fns[0]!;
  return (r) => {
    const s = f(r);
    if (s === null) return null;
    const text = punycodeDecode(String(s));
    // what Kusto returns for text that does not decode is not documented
    return text ?? site.refuse("text that is not valid Punycode");
  };
});

/** Kusto's binary operators on values: arithmetic, comparison and the string predicates. */
import { MatcherInput, RE2JS, RE2Set } from "re2js";
import { compareValues, type KqlType, type Long, longOf, sameValue, toBig, toKqlString } from "./values.js";

// ---------------------------------------------------------------------------------------------
// arithmetic
// ---------------------------------------------------------------------------------------------

export type ArithOp = "+" | "-" | "*" | "/" | "%";

function num(v: unknown): number {
  return typeof v === "bigint" ? Number(v) : (v as number);
}

function longArith(op: ArithOp, a: Long, b: Long): Long | null {
  if (typeof a === "number" && typeof b === "number") {
    let r: number;
    switch (op) {
      case "+":
        r = a + b;
        break;
      case "-":
        r = a - b;
        break;
      case "*":
        r = a * b;
        break;
      case "/":
        if (b === 0) return null;
        r = Math.trunc(a / b);
        break;
      case "%":
        if (b === 0) return null;
        r = kustoMod(a, b);
        break;
    }
    if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
  }
  const x = toBig(a);
  const y = toBig(b);
  switch (op) {
    case "+":
      return longOf(x + y);
    case "-":
      return longOf(x - y);
    case "*":
      return longOf(x * y);
    case "/":
      return y === 0n ? null : longOf(x / y);
    case "%": {
      if (y === 0n) return null;
      const ay = y < 0n ? -y : y;
      return longOf(((x % ay) + ay) % ay);
    }
  }
}

/** Kusto's integer modulo: the result lies in [0, |b|) whatever the signs (-14 % 12 == 10). */
function kustoMod(a: number, b: number): number {
  const ab = Math.abs(b);
  const r = a % ab;
  return r < 0 ? r + ab : r === 0 ? 0 : r;
}

function realArith(op: ArithOp, a: number, b: number): number {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return a / b;
    case "%":
      return a % b;
  }
}

/** ticks × or ÷ a number, rounded to a whole tick */
function scaleTicks(op: ArithOp, ticks: bigint, n: unknown): bigint | null {
  if (typeof n === "bigint" || Number.isInteger(n)) {
    const k = toBig(n as Long);
    if (op === "*") return ticks * k;
    if (op === "/") return k === 0n ? null : ticks / k;
    return null;
  }
  const f = n as number;
  const r = op === "*" ? Number(ticks) * f : Number(ticks) / f;
  return Number.isFinite(r) ? BigInt(Math.round(r)) : null;
}

const isTicks = (t: KqlType) => t === "datetime" || t === "timespan";

/**
 * The closure for `a op b` given the operand types and the result type the analyser bound.
 * Returns undefined for a combination this engine does not implement.
 */
export function arithmetic(
  op: ArithOp,
  lt: KqlType,
  rt: KqlType,
  type: KqlType,
): ((a: unknown, b: unknown) => unknown) | undefined {
  if (type === "real") return (a, b) => realArith(op, num(a), num(b));
  if (type === "long") {
    return (a, b) => longArith(op, a as Long, b as Long);
  }
  if (type === "int") {
    return (a, b) => {
      const r = longArith(op, a as Long, b as Long);
      return r === null ? null : Number(BigInt.asIntN(32, toBig(r)));
    };
  }
  if (isTicks(type)) {
    if (isTicks(lt) && isTicks(rt) && (op === "+" || op === "-"))
      return (a, b) => (op === "+" ? (a as bigint) + (b as bigint) : (a as bigint) - (b as bigint));
    if (isTicks(lt) && !isTicks(rt)) return (a, b) => scaleTicks(op, a as bigint, b);
    if (!isTicks(lt) && isTicks(rt) && op === "*") return (a, b) => scaleTicks(op, b as bigint, a);
    if (isTicks(lt) && isTicks(rt) && op === "%")
      return (a, b) => ((b as bigint) === 0n ? null : (a as bigint) % (b as bigint));
    return undefined;
  }
  return undefined;
}

/** timespan / timespan → real */
export function ticksRatio(a: unknown, b: unknown): number {
  return Number(a as bigint) / Number(b as bigint);
}

// ---------------------------------------------------------------------------------------------
// comparison
// ---------------------------------------------------------------------------------------------

export function equals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "object" || typeof b === "object") return sameValue(a, b);
  // biome-ignore lint/suspicious/noDoubleEquals: a long may be a number on one side and a bigint on the other
  if (typeof a === "bigint" || typeof b === "bigint") return a == b;
  return false;
}

export function compare(a: unknown, b: unknown): number {
  return compareValues(a, b);
}

// ---------------------------------------------------------------------------------------------
// strings
// ---------------------------------------------------------------------------------------------

export function str(v: unknown, type?: KqlType): string {
  return typeof v === "string" ? v : toKqlString(v, type);
}

/** Kusto's term characters: letters and digits (ASCII and beyond); anything else separates terms. */
function isTermChar(code: number): boolean {
  if (code < 128)
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return /[\p{L}\p{N}]/u.test(String.fromCharCode(code));
}

/**
 * Term search: the needle occurs in the haystack starting at a term start (when the needle starts
 * with a term character) and ending at a term end (when it ends with one); `prefix` and `suffix`
 * relax the end or the start.
 */
export function hasTerm(haystack: string, needle: string, mode: "whole" | "prefix" | "suffix"): boolean {
  if (needle.length === 0) return true;
  const checkStart = mode !== "suffix" && isTermChar(needle.charCodeAt(0));
  const checkEnd = mode !== "prefix" && isTermChar(needle.charCodeAt(needle.length - 1));
  let from = 0;
  for (;;) {
    const i = haystack.indexOf(needle, from);
    if (i < 0) return false;
    const startOk = !checkStart || i === 0 || !isTermChar(haystack.charCodeAt(i - 1));
    const end = i + needle.length;
    const endOk = !checkEnd || end === haystack.length || !isTermChar(haystack.charCodeAt(end));
    if (startOk && endOk) return true;
    from = i + 1;
  }
}

export type StringPredicate = (haystack: string, needle: string) => boolean;

const lower = (s: string) => s.toLowerCase();

export const STRING_PREDICATES: Record<string, { cs: boolean; negate: boolean; test: StringPredicate }> = {};
function def(names: [string, string, string, string], test: StringPredicate): void {
  const [ci, cs, notCi, notCs] = names;
  STRING_PREDICATES[ci] = { cs: false, negate: false, test };
  STRING_PREDICATES[cs] = { cs: true, negate: false, test };
  STRING_PREDICATES[notCi] = { cs: false, negate: true, test };
  STRING_PREDICATES[notCs] = { cs: true, negate: true, test };
}
def(["HasExpression", "HasCsExpression", "NotHasExpression", "NotHasCsExpression"], (h, n) =>
  hasTerm(h, n, "whole"),
);
def(
  ["HasPrefixExpression", "HasPrefixCsExpression", "NotHasPrefixExpression", "NotHasPrefixCsExpression"],
  (h, n) => hasTerm(h, n, "prefix"),
);
def(
  ["HasSuffixExpression", "HasSuffixCsExpression", "NotHasSuffixExpression", "NotHasSuffixCsExpression"],
  (h, n) => hasTerm(h, n, "suffix"),
);
def(
  ["ContainsExpression", "ContainsCsExpression", "NotContainsExpression", "NotContainsCsExpression"],
  (h, n) => h.includes(n),
);
def(
  ["StartsWithExpression", "StartsWithCsExpression", "NotStartsWithExpression", "NotStartsWithCsExpression"],
  (h, n) => h.startsWith(n),
);
def(
  ["EndsWithExpression", "EndsWithCsExpression", "NotEndsWithExpression", "NotEndsWithCsExpression"],
  (h, n) => h.endsWith(n),
);
STRING_PREDICATES.EqualTildeExpression = { cs: false, negate: false, test: (h, n) => h === n };
STRING_PREDICATES.BangTildeExpression = { cs: false, negate: true, test: (h, n) => h === n };

export function foldCase(s: string, cs: boolean): string {
  return cs ? s : lower(s);
}

// ---------------------------------------------------------------------------------------------
// regular expressions (RE2)
// ---------------------------------------------------------------------------------------------

const regexCache = new Map<string, RE2JS>();

export class RegexError extends Error {}

/** An RE2 pattern (Kusto's dialect); flags as RE2JS flags. Compiled once per text. */
export function re2(pattern: string, flags = 0): RE2JS {
  const key = `${flags}/${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    try {
      re = RE2JS.compile(pattern, flags);
    } catch (e) {
      throw new RegexError(`invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
    }
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

/**
 * Calls `each` with the offsets of every successive match of `re` in `text` and of its groups
 * (`[start0, end0, start1, end1, …]`, -1 for a group that took no part), stepping as re2js's
 * Matcher.find() does (after an empty match the search goes on one character further). Matcher
 * runs the engine twice per match (its bounds, then again from its start for the groups); this
 * asks the same engine for bounds and groups in one run, which gives the same offsets: RE2's
 * groups are those of the leftmost-first match, whichever start the search began at. Stops when
 * `each` returns false (true goes on).
 */
export function eachMatch(re: RE2JS, text: string, each: (offsets: number[]) => boolean): void {
  const engine = re.re2();
  const lookbehind = engine.createLookbehindState();
  if (lookbehind !== null) {
    eachMatchByMatcher(re, text, each);
    return;
  }
  const input = MatcherInput.utf16(text);
  const groups = 1 + engine.numberOfCapturingGroups();
  const end = text.length;
  let pos = 0;
  while (pos <= end) {
    const [found, offsets] = engine.matchMachineInput(input, pos, end, RE2Set.UNANCHORED, groups) as [
      boolean,
      number[],
    ];
    if (!found || !each(offsets)) return;
    pos = offsets[1]!;
    if (offsets[0] === pos) pos += charWidthAt(text, pos);
  }
}

/** The same walk through Matcher (a pattern with lookbehind carries state from match to match). */
function eachMatchByMatcher(re: RE2JS, text: string, each: (offsets: number[]) => boolean): void {
  const m = re.matcher(text);
  const n = m.groupCount();
  while (m.find()) {
    const offsets: number[] = [];
    for (let g = 0; g <= n; g++) offsets.push(m.start(g), m.end(g));
    if (!each(offsets)) return;
  }
}

/** The offsets of the first match (as eachMatch gives them), null when there is none. */
export function firstMatch(re: RE2JS, text: string): number[] | null {
  let first: number[] | null = null;
  eachMatch(re, text, (offsets) => {
    first = offsets;
    return false;
  });
  return first;
}

/** Code units of the character at `pos` (a surrogate pair is one), 1 past the end (as re2js steps). */
function charWidthAt(text: string, pos: number): number {
  if (pos + 1 >= text.length) return 1;
  const c = text.charCodeAt(pos);
  const d = text.charCodeAt(pos + 1);
  return c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
}

/** The text of group `g` of a match (eachMatch's offsets), null when it took no part. */
export function groupText(text: string, offsets: readonly number[], g: number): string | null {
  const start = offsets[2 * g]!;
  const end = offsets[2 * g + 1]!;
  return start < 0 && end < 0 ? null : text.substring(start, end);
}

export { RE2JS };

/** evaluate plugins over ordered or binned rows: rows_near, rolling_percentile. */
import type { Fn } from "../context.js";
import { compare } from "../ops.js";
import { callArgs, compileScalar, constantOf } from "../scalar.js";
import { ctxFor } from "../tabular.js";
import { type KNode, resultColumns, unsupported } from "../tree.js";
import { keyOf, type Row } from "../values.js";
import { plugins } from "./evaluate.js";

function wholeNumber(v: unknown, call: KNode, what: string): number {
  const n = typeof v === "bigint" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0)
    throw unsupported(call, "evaluate", `${what} is not a non-negative whole number`);
  return n;
}

/**
 * rows_near(predicate, before [, after]): the rows where the predicate holds, with `before` rows
 * before and `after` (default `before`) rows after each, once each and in input order.
 */
plugins.set("rows_near", (op, call, input, engine, scope) => {
  const args = callArgs(call);
  if (args.length < 2 || args.length > 3) throw unsupported(call, "evaluate rows_near", "arguments");
  const ctx = ctxFor(engine, scope, input);
  const predicate = compileScalar(args[0], ctx);
  const count = (i: number) => {
    const v = constantOf(args[i], ctx);
    return wholeNumber(v === undefined ? compileScalar(args[i], ctx)([]) : v, call, "the row count");
  };
  const before = count(1);
  const after = args.length === 3 ? count(2) : before;
  const keep = new Uint8Array(input.rows.length);
  const cursor = ctx.cursor;
  cursor.rows = input.rows;
  for (let i = 0; i < input.rows.length; i++) {
    cursor.i = i;
    if (predicate(input.rows[i]!) !== true) continue;
    const end = Math.min(input.rows.length - 1, i + after);
    for (let j = Math.max(0, i - before); j <= end; j++) keep[j] = 1;
  }
  const columns = resultColumns(op);
  if (columns.length !== input.columns.length) throw unsupported(op, "evaluate rows_near", "schema");
  return { columns, rows: input.rows.filter((_, i) => keep[i] === 1) };
});

/** Rounds a datetime/timespan (ticks) or a number down to a multiple of `size`. */
function binOf(v: unknown, size: unknown): bigint | number | null {
  if (typeof v === "bigint" && typeof size === "bigint" && size > 0n) {
    const q = v / size;
    return (v < 0n && q * size !== v ? q - 1n : q) * size;
  }
  if (typeof v === "number" && typeof size === "number" && size > 0) return Math.floor(v / size) * size;
  return null;
}

/**
 * rolling_percentile(value, p, index, binSize, window [, dimension…]): per bin of the index (and
 * per dimension), the nearest-rank percentile of the values in that bin and the window − 1 bins
 * before it. A bin is reported where the group has rows; a group with an empty bin between its
 * first and last is refused (whether Kusto reports such a bin is not documented).
 */
plugins.set("rolling_percentile", (op, call, input, engine, scope) => {
  const args = callArgs(call);
  if (args.length < 5) throw unsupported(call, "evaluate rolling_percentile", "arguments");
  const ctx = ctxFor(engine, scope, input);
  const constant = (i: number) => {
    const v = constantOf(args[i], ctx);
    return v === undefined ? compileScalar(args[i], ctx)([]) : v;
  };
  const value = compileScalar(args[0], ctx);
  const p = Number(constant(1));
  if (!(p >= 0 && p <= 100))
    throw unsupported(call, "evaluate rolling_percentile", "percentile outside 0..100");
  const index = compileScalar(args[2], ctx);
  const size = constant(3);
  const window = wholeNumber(constant(4), call, "the window");
  if (window < 1) throw unsupported(call, "evaluate rolling_percentile", "an empty window");
  const dims: Fn[] = args.slice(5).map((a: KNode) => compileScalar(a, ctx));

  const groups = new Map<
    string,
    { dims: unknown[]; bins: Map<string, { bin: bigint | number; values: unknown[] }> }
  >();
  for (const row of input.rows) {
    const b = binOf(index(row), size);
    if (b === null) {
      if (index(row) === null) continue;
      throw unsupported(
        call,
        "evaluate rolling_percentile",
        "an index that is not a datetime, timespan or number",
      );
    }
    const d = dims.map((f) => f(row));
    const gk = d.map(keyOf).join("\u0001");
    let g = groups.get(gk);
    if (!g) {
      g = { dims: d, bins: new Map() };
      groups.set(gk, g);
    }
    const bk = String(b);
    let cell = g.bins.get(bk);
    if (!cell) {
      cell = { bin: b, values: [] };
      g.bins.set(bk, cell);
    }
    const v = value(row);
    if (v !== null && !(typeof v === "number" && Number.isNaN(v))) cell.values.push(v);
  }
  const rows: Row[] = [];
  for (const g of groups.values()) {
    const bins = [...g.bins.values()].sort((a, b) => compare(a.bin, b.bin));
    for (let i = 0; i < bins.length; i++) {
      if (i > 0 && compare(next(bins[i - 1]!.bin, size), bins[i]!.bin) !== 0)
        throw unsupported(call, "evaluate rolling_percentile", "a bin without rows inside the range");
      const values = bins.slice(Math.max(0, i - window + 1), i + 1).flatMap((c) => c.values);
      values.sort(compare);
      const rank = Math.max(1, Math.ceil((p / 100) * values.length));
      const result = values.length ? values[Math.min(values.length, rank) - 1] : null;
      rows.push([bins[i]!.bin, ...g.dims, result]);
    }
  }
  const columns = resultColumns(op);
  if (columns.length !== 2 + dims.length) throw unsupported(op, "evaluate rolling_percentile", "schema");
  return { columns, rows };
});

function next(bin: bigint | number, size: unknown): bigint | number {
  return typeof bin === "bigint" ? bin + (size as bigint) : bin + (size as number);
}

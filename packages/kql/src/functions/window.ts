/** Window functions over serialized rows: row_number, prev, next, row_cumsum. */
import type { Fn } from "../context.js";
import { register } from "./registry.js";

register("row_number", (fns, site) => {
  const cursor = site.ctx.cursor;
  const start = fns[0];
  const restart = fns[1];
  if (restart) return site.refuse("the restart argument");
  return (r) => {
    const s = start ? Number(start(r) ?? 1) : 1;
    return cursor.i + s;
  };
});

function neighbour(direction: -1 | 1) {
  return (fns: Fn[], site: Parameters<Parameters<typeof register>[1]>[1]) => {
    const cursor = site.ctx.cursor;
    const [value, offset, dflt] = fns as [Fn, Fn | undefined, Fn | undefined];
    return (r: unknown[]) => {
      const k = offset ? Number(offset(r) ?? 1) : 1;
      const j = cursor.i + direction * k;
      const other = cursor.rows[j];
      if (other === undefined) return dflt ? dflt(r) : null;
      return value(other);
    };
  };
}
register("prev", neighbour(-1));
register("next", neighbour(1));

register("row_cumsum", (fns, site) => {
  if (fns.length > 1) return site.refuse("the restart argument");
  const f = fns[0]!;
  const cursor = site.ctx.cursor;
  let lastRows: unknown[] | null = null;
  let lastI = -1;
  let sum = 0;
  return (r) => {
    if (cursor.rows !== lastRows || cursor.i !== lastI + 1) {
      lastRows = cursor.rows;
      sum = 0;
    }
    lastI = cursor.i;
    const v = f(r);
    if (v !== null) sum += Number(v);
    return sum;
  };
});

/**
 * row_window_session(value, maxFromFirst, maxFromPrevious [, restart]): the value that started the
 * current session. A row starts a new session when there is no session (first row, or after a
 * null value), when `restart` is true, or when its value equals or exceeds the session's start
 * plus maxFromFirst or the previous value plus maxFromPrevious. A null value gives null.
 */
register("row_window_session", (fns, site) => {
  const [value, fromFirst, fromPrevious, restart] = fns as [Fn, Fn, Fn, Fn | undefined];
  const cursor = site.ctx.cursor;
  let lastRows: unknown[] | null = null;
  let lastI = -1;
  let start: bigint | null = null;
  let previous: bigint | null = null;
  return (r) => {
    if (cursor.rows !== lastRows || cursor.i !== lastI + 1) start = previous = null;
    lastRows = cursor.rows;
    lastI = cursor.i;
    const v = value(r);
    if (v === null) {
      start = previous = null;
      return null;
    }
    const first = fromFirst(r);
    const neighbour = fromPrevious(r);
    if (typeof v !== "bigint" || typeof first !== "bigint" || typeof neighbour !== "bigint")
      return site.refuse("a null limit");
    if (
      start === null ||
      previous === null ||
      (restart && restart(r) === true) ||
      v - start >= first ||
      v - previous >= neighbour
    )
      start = v;
    previous = v;
    return start;
  };
});

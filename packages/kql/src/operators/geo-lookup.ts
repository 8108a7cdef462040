/**
 * evaluate geo_line_lookup(lines, lineColumn, longitude, latitude, radius [, return_unmatched]
 * [, lookup_area_radius] [, return_lookup_key]): each input row joined with every line (a
 * LineString or MultiLineString) whose geodesic distance on Kusto's sphere from the row's point is
 * at most `radius` metres. Unmatched rows are kept (empty line columns) with return_unmatched;
 * the line column is output only with return_lookup_key. Refused: `lookup_area_radius`, invalid
 * line shapes, and a distance within a centimetre of the radius (rounding decides the answer).
 */
import type { Fn } from "../context.js";
import { coordinate, EARTH_RADIUS_M, type Polyline, readLines, toPoint } from "../functions/geo-shapes.js";
import type { CallSite } from "../functions/registry.js";
import { callArgs, compileScalar, constantOf } from "../scalar.js";
import { ctxFor, evalTabular } from "../tabular.js";
import { type KNode, kindOf, resultColumns, scalarTypeOf, unsupported } from "../tree.js";
import type { Row } from "../values.js";
import { plugins } from "./evaluate.js";

const BOUNDARY_M = 0.01;

plugins.set("geo_line_lookup", (op, call, input, engine, scope) => {
  const all = callArgs(call);
  const positional = all.filter((a: KNode) => kindOf(a) !== "SimpleNamedExpression");
  const named = new Map<string, KNode>(
    all
      .filter((a: KNode) => kindOf(a) === "SimpleNamedExpression")
      .map((a: KNode) => [String(a.Name.SimpleName).toLowerCase(), a.Expression]),
  );
  const optionalNames = ["return_unmatched", "lookup_area_radius", "return_lookup_key"];
  positional.slice(5).forEach((a: KNode, i: number) => {
    named.set(optionalNames[i] ?? `#${i}`, a);
  });
  if (positional.length < 5) throw unsupported(call, "evaluate geo_line_lookup", "arguments");
  for (const name of named.keys())
    if (name !== "return_unmatched" && name !== "return_lookup_key")
      throw unsupported(call, "evaluate geo_line_lookup", name);
  const ctx = ctxFor(engine, scope, input);
  const flag = (name: string): boolean => {
    const node = named.get(name);
    if (!node) return false;
    const v = constantOf(node, ctx);
    if (typeof v !== "boolean")
      throw unsupported(node, "evaluate geo_line_lookup", `${name} is not a constant bool`);
    return v;
  };
  const returnUnmatched = flag("return_unmatched");
  const returnKey = flag("return_lookup_key");
  const [linesArg, columnArg, lngArg, latArg, radiusArg] = positional as KNode[];
  const lines = evalTabular(linesArg, engine, scope);
  if (kindOf(columnArg) !== "NameReference")
    throw unsupported(columnArg, "evaluate geo_line_lookup", "line column");
  const lineIdx = lines.columns.findIndex((c) => c.name === columnArg.SimpleName);
  if (lineIdx < 0) throw unsupported(columnArg, "evaluate geo_line_lookup", `column ${columnArg.SimpleName}`);
  const lng: Fn = compileScalar(lngArg, ctx);
  const lat: Fn = compileScalar(latArg, ctx);
  const radiusValue = constantOf(radiusArg, ctx);
  const radius = typeof radiusValue === "bigint" ? Number(radiusValue) : radiusValue;
  if (typeof radius !== "number" || !(radius >= 0))
    throw unsupported(radiusArg, "evaluate geo_line_lookup", "radius");

  const site: CallSite = {
    node: call,
    args: all,
    argTypes: all.map((a: KNode) => scalarTypeOf(a)),
    type: "dynamic",
    ctx,
    constant: () => undefined,
    refuse: (detail) => {
      throw unsupported(call, "evaluate geo_line_lookup", detail);
    },
  };
  const shapes: Array<Polyline[] | null> = lines.rows.map((r) => readLines(site, r[lineIdx]));
  if (shapes.some((s) => s === null))
    throw unsupported(call, "evaluate geo_line_lookup", "a line that is not a valid LineString");

  const columns = resultColumns(op);
  const keptLineColumns = lines.columns.map((_, i) => i).filter((i) => returnKey || i !== lineIdx);
  const names = [...input.columns.map((c) => c.name), ...keptLineColumns.map((i) => lines.columns[i]!.name)];
  if (columns.length !== names.length || columns.some((c, i) => c.name !== names[i]))
    throw unsupported(op, "evaluate geo_line_lookup", "output columns");
  const emptyLine = keptLineColumns.map((i) => (lines.columns[i]!.type === "string" ? "" : null));
  const rows: Row[] = [];
  for (const r of input.rows) {
    const p = coordinate(lng(r), lat(r));
    let matched = false;
    if (p !== null) {
      const x = toPoint(...p);
      lines.rows.forEach((line, li) => {
        let angle = Number.POSITIVE_INFINITY;
        for (const polyline of shapes[li]!) {
          const [q] = polyline.project(x);
          angle = Math.min(angle, x.distance(q));
        }
        const metres = angle * EARTH_RADIUS_M;
        if (Math.abs(metres - radius) < BOUNDARY_M)
          throw unsupported(call, "evaluate geo_line_lookup", "a point at the radius's distance from a line");
        if (metres <= radius) {
          matched = true;
          rows.push([...r, ...keptLineColumns.map((i) => line[i])]);
        }
      });
    }
    if (!matched && returnUnmatched) rows.push([...r, ...emptyLine]);
  }
  return { columns, rows };
});

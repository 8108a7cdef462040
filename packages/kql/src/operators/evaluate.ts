/** evaluate plugins (bag_unpack) and invoke. */

import type { Engine, Scope } from "../context.js";
import { callArgs, callScope } from "../scalar.js";
import { ctxFor, operators, runFunctionBody } from "../tabular.js";
import { type KNode, kindOf, unsupported } from "../tree.js";
import type { KqlColumn, KqlType, Row, Table } from "../values.js";
import { literalValue } from "./basic.js";

/** The type of a column unpacked from bags: the values' common type, else dynamic. */
function inferType(values: unknown[]): KqlType {
  let t: KqlType | undefined;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const vt: KqlType =
      typeof v === "string"
        ? "string"
        : typeof v === "boolean"
          ? "bool"
          : typeof v === "number"
            ? Number.isInteger(v)
              ? "long"
              : "real"
            : "dynamic";
    if (t === undefined) t = vt;
    else if (t !== vt) {
      if ((t === "long" && vt === "real") || (t === "real" && vt === "long")) t = "real";
      else return "dynamic";
    }
  }
  return t ?? "dynamic";
}

function bagUnpack(op: KNode, input: Table, call: KNode): Table {
  const args = callArgs(call);
  if (args.length === 0 || kindOf(args[0]) !== "NameReference")
    throw unsupported(call, "bag_unpack()", "a column");
  const prefix = args[1] ? String(literalValue(args[1]) ?? "") : "";
  if (args.length > 2)
    throw unsupported(call, "bag_unpack()", "column conflict or ignored-property arguments");
  const name: string = args[0].SimpleName;
  const bagIdx = input.columns.findIndex((c) => c.name === name);
  if (bagIdx < 0) throw unsupported(call, "bag_unpack()", `column ${name}`);
  const keys = new Set<string>();
  for (const r of input.rows) {
    const b = r[bagIdx];
    if (b !== null && typeof b === "object" && !Array.isArray(b)) for (const k of Object.keys(b)) keys.add(k);
  }
  const sorted = [...keys].sort();
  const kept = input.columns.map((c, i) => ({ c, i })).filter(({ i }) => i !== bagIdx);
  for (const k of sorted)
    if (kept.some(({ c }) => c.name === prefix + k))
      throw unsupported(op, "bag_unpack()", `column ${prefix + k} exists`);
  const values = sorted.map((k) =>
    input.rows.map((r) => {
      const b = r[bagIdx] as Record<string, unknown> | null;
      return b && typeof b === "object" && Object.hasOwn(b, k) ? b[k] : null;
    }),
  );
  const types = values.map(inferType);
  const columns: KqlColumn[] = [
    ...kept.map(({ c }) => c),
    ...sorted.map((k, j) => ({ name: prefix + k, type: types[j]! })),
  ];
  const rows: Row[] = input.rows.map((r, ri) => [
    ...kept.map(({ i }) => r[i]),
    ...values.map((col, j) => {
      const v = col[ri];
      if (v === null || v === undefined) return types[j] === "string" ? "" : null;
      return v;
    }),
  ]);
  return { columns, rows };
}

export type PluginImpl = (op: KNode, call: KNode, input: Table, engine: Engine, scope: Scope) => Table;

/** evaluate plugins beyond bag_unpack, by lower-case name (filled by ./plugins.ts). */
export const plugins = new Map<string, PluginImpl>();

operators.set("EvaluateOperator", (op, input, engine, scope) => {
  const call = op.FunctionCall;
  const name = String(call?.Name?.SimpleName ?? "").toLowerCase();
  if (name === "bag_unpack") return bagUnpack(op, input, call);
  const plugin = plugins.get(name);
  if (plugin) return plugin(op, call, input, engine, scope);
  throw unsupported(op, `evaluate ${name}`);
});

/** `T | invoke f(args)`: f's first (tabular) parameter is T. */
operators.set("InvokeOperator", (op, input, engine, scope) => {
  const call = op.Function;
  const expansion = call.GetExpansion?.();
  if (!expansion) throw unsupported(op, "invoke");
  const inner = callScope(call, ctxFor(engine, scope, { columns: [], rows: [] }), input);
  return runFunctionBody(expansion, engine, inner);
});

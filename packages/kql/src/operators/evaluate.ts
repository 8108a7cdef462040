/** evaluate plugins (bag_unpack) and invoke. */
import { bindParameters, callArgs, compileScalar } from "../scalar.js";
import { ctxFor, evalQueryBlock, evalTabular, operators, Scope } from "../tabular.js";
import { elements, type KNode, kindOf, scalarTypeOf, unsupported } from "../tree.js";
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

operators.set("EvaluateOperator", (op, input) => {
  const call = op.FunctionCall;
  const name = String(call?.Name?.SimpleName ?? "").toLowerCase();
  if (name === "bag_unpack") return bagUnpack(op, input, call);
  throw unsupported(op, `evaluate ${name}`);
});

/** `T | invoke f(args)`: f's first (tabular) parameter is T. */
operators.set("InvokeOperator", (op, input, engine, scope) => {
  const call = op.Function;
  const expansion = call.GetExpansion?.();
  if (!expansion) throw unsupported(op, "invoke");
  const ctx = ctxFor(engine, scope, { columns: [], rows: [] });
  const inner = new Scope(scope);
  const bound = bindParameters(call, ctx, 1);
  const first = bound.shift();
  if (!first) throw unsupported(op, "invoke", "a function without parameters");
  inner.set(first.name, { kind: "table", get: () => input });
  for (const p of bound) {
    if (!p.arg) throw unsupported(op, "invoke", `missing argument ${p.name}`);
    const arg = p.arg;
    if (p.tabular) {
      let t: Table | undefined;
      inner.set(p.name, { kind: "table", get: () => (t ??= evalTabular(arg, engine, scope)) });
    } else {
      const v = compileScalar(arg, ctx)([]);
      inner.set(p.name, { kind: "scalar", fn: () => v, type: p.type ?? scalarTypeOf(arg) });
    }
  }
  if (kindOf(expansion) === "FunctionBody")
    return evalQueryBlock(elements(expansion.Statements), engine, inner, expansion.Expression);
  return evalTabular(expansion, engine, inner);
});

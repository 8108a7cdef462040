/** project-by-names: columns picked, in the order given, by names, dynamic arrays of names or `*` patterns. */
import { compileScalar } from "../scalar.js";
import { ctxFor, elements, operators } from "../tabular.js";
import { resultColumns, unsupported } from "../tree.js";

/** A column name pattern where `*` stands for any run of characters; names match case-sensitively. */
export function namePatternMatcher(pattern: string): (name: string) => boolean {
  if (!pattern.includes("*")) return (name) => name === pattern;
  const parts = pattern.split("*");
  return (name) => {
    const first = parts[0]!;
    const last = parts[parts.length - 1]!;
    if (name.length < first.length + last.length) return false;
    if (!name.startsWith(first) || !name.endsWith(last)) return false;
    let at = first.length;
    const end = name.length - last.length;
    for (let i = 1; i < parts.length - 1; i++) {
      const p = parts[i]!;
      const found = name.indexOf(p, at);
      if (found < 0 || found + p.length > end) return false;
      at = found + p.length;
    }
    return true;
  };
}

operators.set("ProjectByNamesOperator", (op, input, engine, scope) => {
  const ctx = ctxFor(engine, scope, input);
  const picked: number[] = [];
  const taken = new Set<number>();
  for (const expr of elements(op.Expressions)) {
    const value = compileScalar(expr, ctx)([]);
    const specs = Array.isArray(value) ? value : [value];
    for (const spec of specs) {
      if (spec === null || spec === undefined) continue;
      if (typeof spec !== "string")
        throw unsupported(expr, "project-by-names", "a column specifier that is not a string");
      const matches = namePatternMatcher(spec);
      input.columns.forEach((c, i) => {
        if (!taken.has(i) && matches(c.name)) {
          taken.add(i);
          picked.push(i);
        }
      });
    }
  }
  // the analyser's schema is what the operators after this one read: the data must agree with it
  const declared = resultColumns(op);
  const names = picked.map((i) => input.columns[i]!.name);
  if (declared.length !== names.length || declared.some((c, i) => c.name !== names[i]))
    throw unsupported(op, "project-by-names", "columns that the analyser could not infer");
  return { columns: declared, rows: input.rows.map((r) => picked.map((i) => r[i])) };
});

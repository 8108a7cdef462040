import { Expr, type Json } from "./expr.js";

/**
 * ARM evaluates a string value as an expression when it starts with '[' and ends with ']'; a
 * leading '[[' on such a string is the escape and yields the literal with one bracket removed.
 * A string that starts with '[' but does not end with ']' is already a literal, and must NOT be
 * escaped (ARM would keep the doubled bracket): "[Deprecated] Foo" stays as it is.
 * Why the builder follows ARM's rule exactly: docs/adr/0001-arm-escaping.md.
 */
export function isArmExpressionString(s: string): boolean {
  return s.length >= 2 && s.startsWith("[") && s.endsWith("]") && !s.startsWith("[[");
}

/** The template form of a literal string: escaped exactly when ARM would otherwise evaluate it. */
export function escapeLiteral(s: string): string {
  return s.startsWith("[") && s.endsWith("]") ? `[${s}` : s;
}

/** The literal a template string stands for, when it is not an expression. */
export function unescapeLiteral(s: string): string {
  return s.startsWith("[[") && s.endsWith("]") ? s.slice(1) : s;
}

/**
 * Renders a graph value to plain JSON for a template: expressions become "[...]" strings,
 * literal strings are escaped, `undefined` members are dropped.
 */
export function renderTemplateJson(value: Json | undefined): unknown {
  if (value === undefined) return undefined;
  if (value === null || typeof value === "boolean" || typeof value === "number") return value;
  if (typeof value === "string") return escapeLiteral(value);
  if (value instanceof Expr) return value.toString();
  if (Array.isArray(value)) return value.map((v) => renderTemplateJson(v) ?? null);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const r = renderTemplateJson(v);
    if (r !== undefined) out[k] = r;
  }
  return out;
}

/**
 * ARM template expressions as a small syntax tree.
 *
 * The builder never writes an expression as a raw string: it builds an `Expr`, which renders to
 * `"[...]"` in a package and evaluates to a concrete value for one workspace. Every plain string in
 * the resource graph is user or static text, and is escaped when rendered (see escape.ts), so a
 * user string can never turn into an expression.
 */

export type Node =
  | { k: "s"; v: string }
  | { k: "n"; v: number }
  | { k: "call"; fn: string; args: Node[] }
  | { k: "prop"; of: Node; name: string }
  | { k: "index"; of: Node; at: Node };

export class Expr {
  constructor(readonly node: Node) {}
  /** The template form, with its brackets: `[concat(...)]`. */
  toString(): string {
    return `[${renderNode(this.node)}]`;
  }
  /** `.name` property access. */
  get(name: string): Expr {
    return new Expr({ k: "prop", of: this.node, name });
  }
}

export type Arg = Expr | string | number;

/** A JSON value of the resource graph: plain JSON plus expressions; `undefined` members are dropped. */
export type Json = null | boolean | number | string | Expr | Json[] | { [key: string]: Json | undefined };

export function isExpr(v: unknown): v is Expr {
  return v instanceof Expr;
}

function toNode(a: Arg): Node {
  if (a instanceof Expr) return a.node;
  if (typeof a === "number") return { k: "n", v: a };
  return { k: "s", v: a };
}

export function call(fn: string, ...args: Arg[]): Expr {
  return new Expr({ k: "call", fn, args: args.map(toNode) });
}

export const parameters = (name: string): Expr => call("parameters", name);
export const variables = (name: string): Expr => call("variables", name);
export const concat = (...args: Arg[]): Expr => call("concat", ...args);

export function renderNode(n: Node): string {
  switch (n.k) {
    case "s":
      return `'${n.v.replace(/'/g, "''")}'`;
    case "n":
      return String(n.v);
    case "call":
      return `${n.fn}(${n.args.map(renderNode).join(",")})`;
    case "prop":
      return /^[A-Za-z_][A-Za-z0-9_]*$/.test(n.name)
        ? `${renderNode(n.of)}.${n.name}`
        : `${renderNode(n.of)}[${renderNode({ k: "s", v: n.name })}]`;
    case "index":
      return `${renderNode(n.of)}[${renderNode(n.at)}]`;
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing (for templates read back from disk: baselines, committed packages, V3 output)

export class ExprSyntaxError extends Error {}

type Tok = { t: "id" | "str" | "num" | "p"; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
    } else if (c === "'") {
      let v = "";
      i++;
      for (;;) {
        if (i >= src.length) throw new ExprSyntaxError(`Unterminated string in ${src}`);
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += src[i++];
      }
      out.push({ t: "str", v });
    } else if (/[0-9-]/.test(c) && !(c === "-" && !/[0-9]/.test(src[i + 1] ?? ""))) {
      let j = i + 1;
      while (j < src.length && /[0-9.]/.test(src[j]!)) j++;
      out.push({ t: "num", v: src.slice(i, j) });
      i = j;
    } else if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < src.length && /[A-Za-z0-9_$]/.test(src[j]!)) j++;
      out.push({ t: "id", v: src.slice(i, j) });
      i = j;
    } else if ("(),.[]".includes(c)) {
      out.push({ t: "p", v: c });
      i++;
    } else {
      throw new ExprSyntaxError(`Unexpected '${c}' in expression ${src}`);
    }
  }
  return out;
}

/** Parses the inside of an expression (without the outer brackets). */
export function parseExpression(src: string): Expr {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const expectP = (v: string) => {
    const t = toks[p++];
    if (t?.t !== "p" || t.v !== v) throw new ExprSyntaxError(`Expected '${v}' in expression ${src}`);
  };
  function primary(): Node {
    const t = toks[p++];
    if (!t) throw new ExprSyntaxError(`Unexpected end of expression ${src}`);
    let node: Node;
    if (t.t === "str") node = { k: "s", v: t.v };
    else if (t.t === "num") node = { k: "n", v: Number(t.v) };
    else if (t.t === "id") {
      expectP("(");
      const args: Node[] = [];
      if (!(peek()?.t === "p" && peek()?.v === ")")) {
        for (;;) {
          args.push(primary());
          const n = peek();
          if (n?.t === "p" && n.v === ",") {
            p++;
            continue;
          }
          break;
        }
      }
      expectP(")");
      node = { k: "call", fn: t.v, args };
    } else throw new ExprSyntaxError(`Unexpected '${t.v}' in expression ${src}`);
    for (;;) {
      const n = peek();
      if (n?.t === "p" && n.v === ".") {
        p++;
        const id = toks[p++];
        if (id?.t !== "id") throw new ExprSyntaxError(`Expected a property name in ${src}`);
        node = { k: "prop", of: node, name: id.v };
      } else if (n?.t === "p" && n.v === "[") {
        p++;
        const at = primary();
        expectP("]");
        node = at.k === "s" ? { k: "prop", of: node, name: at.v } : { k: "index", of: node, at };
      } else break;
    }
    return node;
  }
  const node = primary();
  if (p !== toks.length) throw new ExprSyntaxError(`Trailing input in expression ${src}`);
  return new Expr(node);
}

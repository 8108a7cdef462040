/**
 * Narrow accessors over Kusto.Language's bound syntax tree (Bridge.NET objects, see kusto.ts).
 * Node kinds are read by their C# SyntaxKind names (`AddExpression`, `FilterOperator`…), lists are
 * turned into arrays, and types come from the analyser's ResultType.
 */
import { KqlUnsupportedError, positionIn } from "./errors.js";
import { type KqlColumn, type KqlType, kqlTypeOf } from "./values.js";

// biome-ignore lint/suspicious/noExplicitAny: Bridge.NET objects; the package's typings do not compile under strict
export type KNode = any;

interface Runtime {
  // biome-ignore lint/suspicious/noExplicitAny: see KNode
  K: any;
  // biome-ignore lint/suspicious/noExplicitAny: see KNode
  Bridge: any;
  kindNames: Map<number, string>;
}

let runtime: Runtime | undefined;

export function setRuntime(language: unknown, bridge: unknown): void {
  if (runtime) return;
  const kindNames = new Map<number, string>();
  // biome-ignore lint/suspicious/noExplicitAny: see KNode
  const K = language as any;
  for (const [name, value] of Object.entries(K.Syntax.SyntaxKind as Record<string, unknown>)) {
    if (typeof value === "number") kindNames.set(value, name);
  }
  runtime = { K, Bridge: bridge, kindNames };
}

function rt(): Runtime {
  if (!runtime) throw new Error("Kusto runtime not set");
  return runtime;
}

export function kindOf(node: KNode): string {
  return rt().kindNames.get(node.Kind) ?? "?";
}

export function toArray<T = KNode>(list: unknown): T[] {
  return list ? (rt().Bridge.toArray(list) as T[]) : [];
}

export function walkNodes(root: KNode, visit: (node: KNode) => void): void {
  rt().K.Syntax.SyntaxElement.WalkNodes(root, visit);
}

/** Elements of a SyntaxList, unwrapping SeparatedElement. */
export function elements(list: KNode): KNode[] {
  if (!list) return [];
  const out: KNode[] = [];
  for (let i = 0; i < list.ChildCount; i++) {
    const c = list.GetChild(i);
    if (!c) continue;
    out.push(kindOf(c) === "SeparatedElement" ? c.Element : c);
  }
  return out;
}

export function symbolClass(sym: KNode): string {
  const n: string = sym?.constructor?.$$name ?? "";
  return n.slice(n.lastIndexOf(".") + 1);
}

/** Scalar type of an expression as the analyser bound it. */
export function scalarTypeOf(node: KNode): KqlType {
  const name: string | undefined = node?.ResultType?.Name;
  const t = name ? kqlTypeOf(name) : undefined;
  return t ?? "dynamic";
}

export function isTabular(node: KNode): boolean {
  const r = node?.ResultType;
  return !!r && symbolClass(r) === "TableSymbol";
}

export function tableColumnsOf(sym: KNode): KqlColumn[] {
  return toArray(sym.Columns).map((c: KNode) => ({
    name: c.Name as string,
    type: kqlTypeOf(c.Type.Name) ?? "dynamic",
  }));
}

/** The output schema the analyser computed for a tabular node. */
export function resultColumns(node: KNode): KqlColumn[] {
  const r = node?.ResultType;
  if (!r || symbolClass(r) !== "TableSymbol") return [];
  return tableColumnsOf(r);
}

export function textOf(node: KNode): string {
  return String(node.ToString(rt().K.Syntax.IncludeTrivia.Minimal ?? 0)).trim();
}

/** Position context: the query text is set per evaluation so errors can name line and column. */
let currentText = "";
export function setQueryText(text: string): void {
  currentText = text;
}

export function unsupported(node: KNode, feature: string, detail?: string): KqlUnsupportedError {
  const start = typeof node?.TextStart === "number" ? node.TextStart : null;
  return new KqlUnsupportedError(feature, start === null ? null : positionIn(currentText, start), detail);
}

export function locationOf(node: KNode): string {
  if (typeof node?.TextStart !== "number") return "";
  const p = positionIn(currentText, node.TextStart);
  return ` at line ${p.line}, column ${p.column}`;
}

/** The lower-case name of the operator keyword or function named by a node, for messages. */
export function describe(node: KNode): string {
  const k = kindOf(node);
  if (k === "FunctionCallExpression") return `${node.Name?.SimpleName ?? "?"}()`;
  return k
    .replace(/Operator$|Expression$/, "")
    .replace(/([a-z])([A-Z])/g, "$1-$2")
    .toLowerCase();
}

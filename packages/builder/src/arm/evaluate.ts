import { isArmExpressionString, unescapeLiteral } from "./escape.js";
import { Expr, type Json, type Node, parseExpression } from "./expr.js";
import { armGuid } from "./guid.js";
import { uniqueString } from "./unique-string.js";

/** Raised when an expression cannot be evaluated offline (unknown function, missing parameter). */
export class ArmEvalError extends Error {
  override name = "ArmEvalError";
}

/** Marks a member to drop from the evaluated output (an optional parameter left unset). */
export const OMIT: unique symbol = Symbol("omit");

export interface EvalScope {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  tenantId?: string;
}

export interface EvalEnv {
  scope: EvalScope;
  /** Parameter values; a value may itself hold expressions (a default value), evaluated on use. */
  parameters: Record<string, unknown>;
  /** Template variables, evaluated lazily and once. */
  variables: Record<string, unknown>;
}

type Value = unknown;

function str(v: Value, fn: string): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new ArmEvalError(`${fn}() expects a string, got ${JSON.stringify(v)}`);
}

function rgId(scope: EvalScope, sub = scope.subscriptionId, rg = scope.resourceGroup): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}`;
}

/** `{provider}/{t1}/{t2}` with names n1, n2 -> `/providers/{provider}/{t1}/{n1}/{t2}/{n2}`. */
function typedPath(type: string, names: string[]): string {
  const [ns, ...types] = type.split("/");
  if (!ns || types.length !== names.length) {
    throw new ArmEvalError(`resource type '${type}' needs ${types.length} name(s), got ${names.length}`);
  }
  return `/providers/${ns}${types.map((t, i) => `/${t}/${names[i]}`).join("")}`;
}

function resourceId(scope: EvalScope, args: string[]): string {
  const at = args.findIndex((a) => a.includes("/"));
  if (at < 0) throw new ArmEvalError(`resourceId() needs a resource type: ${args.join(", ")}`);
  const before = args.slice(0, at);
  const sub = before.length === 2 ? before[0]! : scope.subscriptionId;
  const rg = before.length >= 1 ? before[before.length - 1]! : scope.resourceGroup;
  return `${rgId(scope, sub, rg)}${typedPath(args[at]!, args.slice(at + 1))}`;
}

function formatString(fmt: string, args: Value[]): string {
  return fmt.replace(/\{(\d+)(:[^}]*)?\}/g, (_, i: string) => str(args[Number(i)], "format"));
}

const FUNCTIONS: Record<string, (args: Value[], env: EvalEnv, ev: Evaluator) => Value> = {
  concat: (a) =>
    a.length > 0 && a.every(Array.isArray)
      ? (a as Value[][]).flat()
      : a.map((x) => str(x ?? "", "concat")).join(""),
  take: ([x, n]) =>
    Array.isArray(x) ? x.slice(0, Number(n)) : str(x, "take").slice(0, Math.max(0, Number(n))),
  skip: ([x, n]) => (Array.isArray(x) ? x.slice(Number(n)) : str(x, "skip").slice(Number(n))),
  substring: ([s, start, len]) => {
    const t = str(s, "substring");
    const b = Number(start ?? 0);
    if (b < 0 || b > t.length) throw new ArmEvalError(`substring() start ${b} is out of range`);
    if (len === undefined) return t.slice(b);
    if (b + Number(len) > t.length) throw new ArmEvalError(`substring() length exceeds the string`);
    return t.slice(b, b + Number(len));
  },
  uniquestring: (a) => uniqueString(...a.map((x) => str(x, "uniqueString"))),
  guid: (a) => armGuid(...a.map((x) => str(x, "guid"))),
  resourceid: (a, env) =>
    resourceId(
      env.scope,
      a.map((x) => str(x, "resourceId")),
    ),
  subscriptionresourceid: (a, env) => {
    const s = a.map((x) => str(x, "subscriptionResourceId"));
    const at = s.findIndex((x) => x.includes("/"));
    const sub = at === 1 ? s[0]! : env.scope.subscriptionId;
    return `/subscriptions/${sub}${typedPath(s[at]!, s.slice(at + 1))}`;
  },
  extensionresourceid: ([base, type, ...names]) =>
    `${str(base, "extensionResourceId")}${typedPath(
      str(type, "extensionResourceId"),
      names.map((n) => str(n, "extensionResourceId")),
    )}`,
  resourcegroup: (_a, env) => ({
    id: rgId(env.scope),
    name: env.scope.resourceGroup,
    type: "Microsoft.Resources/resourceGroups",
    location: env.scope.location,
  }),
  subscription: (_a, env) => ({
    id: `/subscriptions/${env.scope.subscriptionId}`,
    subscriptionId: env.scope.subscriptionId,
    tenantId: env.scope.tenantId ?? "",
  }),
  last: ([x]) => (Array.isArray(x) ? x[x.length - 1] : str(x, "last").slice(-1)),
  first: ([x]) => (Array.isArray(x) ? x[0] : str(x, "first").slice(0, 1)),
  split: ([s, d]) => {
    const t = str(s, "split");
    const delims = Array.isArray(d) ? d.map((x) => str(x, "split")) : [str(d, "split")];
    let parts = [t];
    for (const delim of delims) parts = parts.flatMap((p) => p.split(delim));
    return parts;
  },
  replace: ([s, a, b]) => str(s, "replace").split(str(a, "replace")).join(str(b, "replace")),
  json: ([s]) => {
    try {
      return JSON.parse(str(s, "json")) as Value;
    } catch {
      throw new ArmEvalError(`json() got invalid JSON`);
    }
  },
  tolower: ([s]) => str(s, "toLower").toLowerCase(),
  toupper: ([s]) => str(s, "toUpper").toUpperCase(),
  trim: ([s]) => str(s, "trim").trim(),
  string: ([x]) => (typeof x === "string" ? x : JSON.stringify(x)),
  int: ([x]) => Number.parseInt(str(x, "int"), 10),
  bool: ([x]) => (typeof x === "string" ? x.toLowerCase() === "true" : Boolean(x)),
  length: ([x]) =>
    Array.isArray(x) ? x.length : typeof x === "string" ? x.length : Object.keys((x as object) ?? {}).length,
  empty: ([x]) =>
    x === null ||
    x === undefined ||
    x === "" ||
    (Array.isArray(x) ? x.length === 0 : typeof x === "object" && Object.keys(x as object).length === 0),
  equals: ([a, b]) => JSON.stringify(a) === JSON.stringify(b),
  not: ([a]) => !a,
  and: (a) => a.every(Boolean),
  or: (a) => a.some(Boolean),
  if: ([c, a, b]) => (c ? a : b),
  coalesce: (a) => a.find((x) => x !== null && x !== undefined) ?? null,
  createarray: (a) => a,
  createobject: (a) => {
    const o: Record<string, Value> = {};
    for (let i = 0; i + 1 < a.length; i += 2) o[str(a[i], "createObject")] = a[i + 1];
    return o;
  },
  format: ([fmt, ...rest]) => formatString(str(fmt, "format"), rest),
  startswith: ([s, p]) => str(s, "startsWith").toLowerCase().startsWith(str(p, "startsWith").toLowerCase()),
  endswith: ([s, p]) => str(s, "endsWith").toLowerCase().endsWith(str(p, "endsWith").toLowerCase()),
  contains: ([c, x]) =>
    Array.isArray(c)
      ? c.includes(x)
      : typeof c === "string"
        ? c.includes(str(x, "contains"))
        : Object.hasOwn(c as object, str(x, "contains")),
  add: ([a, b]) => Number(a) + Number(b),
  base64: ([s]) => Buffer.from(str(s, "base64"), "utf8").toString("base64"),
  null: () => null,
  true: () => true,
  false: () => false,
};

class Evaluator {
  private readonly varCache = new Map<string, Value>();
  private readonly inProgress = new Set<string>();
  private readonly paramCache = new Map<string, Value>();

  constructor(private readonly env: EvalEnv) {}

  node(n: Node): Value {
    switch (n.k) {
      case "s":
        return n.v;
      case "n":
        return n.v;
      case "prop": {
        const of = this.node(n.of) as Record<string, Value> | null;
        if (of === null || typeof of !== "object" || !(n.name in of)) {
          throw new ArmEvalError(`The value has no property '${n.name}'`);
        }
        return of[n.name];
      }
      case "index": {
        const of = this.node(n.of);
        const at = this.node(n.at);
        if (Array.isArray(of)) return of[Number(at)];
        return (of as Record<string, Value>)[str(at, "index")];
      }
      case "call":
        return this.call(n.fn, n.args);
    }
  }

  private call(fn: string, args: Node[]): Value {
    const name = fn.toLowerCase();
    if (name === "parameters") return this.parameter(str(this.node(args[0]!), "parameters"));
    if (name === "variables") return this.variable(str(this.node(args[0]!), "variables"));
    if (name === "if") {
      // Only the branch taken is evaluated, as in ARM.
      return this.node(args[0]!) ? this.node(args[1]!) : this.node(args[2]!);
    }
    const impl = FUNCTIONS[name];
    if (!impl) throw new ArmEvalError(`The function '${fn}' cannot be evaluated offline`);
    return impl(
      args.map((a) => this.node(a)),
      this.env,
      this,
    );
  }

  private parameter(name: string): Value {
    if (this.paramCache.has(name)) return this.paramCache.get(name);
    if (!Object.hasOwn(this.env.parameters, name)) throw new ArmEvalError(`No value for parameter '${name}'`);
    const v = this.json(this.env.parameters[name]);
    this.paramCache.set(name, v);
    return v;
  }

  private variable(name: string): Value {
    if (this.varCache.has(name)) return this.varCache.get(name);
    if (!Object.hasOwn(this.env.variables, name)) throw new ArmEvalError(`No variable '${name}'`);
    if (this.inProgress.has(name)) throw new ArmEvalError(`Variable '${name}' refers to itself`);
    this.inProgress.add(name);
    const v = this.json(this.env.variables[name]);
    this.inProgress.delete(name);
    this.varCache.set(name, v);
    return v;
  }

  /** Evaluates a graph value or a template value read from disk. */
  json(value: unknown): Value {
    if (value === undefined || value === OMIT) return OMIT;
    if (value === null || typeof value === "boolean" || typeof value === "number") return value;
    if (typeof value === "string") {
      if (isArmExpressionString(value)) return this.node(parseExpression(value.slice(1, -1)).node);
      return unescapeLiteral(value);
    }
    if (value instanceof Expr) return this.node(value.node);
    if (Array.isArray(value)) return value.map((v) => this.json(v)).filter((v) => v !== OMIT);
    const out: Record<string, Value> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const r = this.json(v);
      if (r !== OMIT) out[k] = r;
    }
    return out;
  }
}

/** An evaluator bound to one environment (variables are evaluated once per evaluator). */
export function createEvaluator(env: EvalEnv): { evaluate(value: Json | unknown): unknown } {
  const ev = new Evaluator(env);
  return { evaluate: (value) => ev.json(value) };
}

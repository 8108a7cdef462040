/** The scalar-function registry: one module per family registers its functions here. */
import type { Ctx, Fn } from "../context.js";
import type { KNode } from "../tree.js";
import type { KqlType } from "../values.js";

export interface CallSite {
  node: KNode;
  /** argument expressions as written */
  args: KNode[];
  argTypes: KqlType[];
  /** the result type the analyser bound */
  type: KqlType;
  ctx: Ctx;
  /** constant value of argument i when it is a literal or a constant let, else undefined */
  constant(i: number): unknown;
  /** refuse this call (KqlUnsupportedError at the call's position) */
  refuse(detail: string): never;
}

export type ScalarImpl = (fns: Fn[], site: CallSite) => Fn;

export const scalarFunctions = new Map<string, ScalarImpl>();

export function register(names: string | string[], impl: ScalarImpl): void {
  for (const n of Array.isArray(names) ? names : [names]) scalarFunctions.set(n, impl);
}

/** A function whose result is null when any argument is null; `f` sees the argument values. */
export function strict(f: (...values: never[]) => unknown): ScalarImpl {
  return (fns) => {
    switch (fns.length) {
      case 0:
        return () => (f as () => unknown)();
      case 1: {
        const [a] = fns as [Fn];
        const g = f as (x: unknown) => unknown;
        return (r) => {
          const x = a(r);
          return x === null ? null : g(x);
        };
      }
      case 2: {
        const [a, b] = fns as [Fn, Fn];
        const g = f as (x: unknown, y: unknown) => unknown;
        return (r) => {
          const x = a(r);
          if (x === null) return null;
          const y = b(r);
          return y === null ? null : g(x, y);
        };
      }
      default: {
        const g = f as (...xs: unknown[]) => unknown;
        return (r) => {
          const xs = new Array<unknown>(fns.length);
          for (let i = 0; i < fns.length; i++) {
            const x = fns[i]!(r);
            if (x === null) return null;
            xs[i] = x;
          }
          return g(...xs);
        };
      }
    }
  };
}

/** A function that sees every argument value, nulls included. */
export function lenient(f: (...values: never[]) => unknown): ScalarImpl {
  return (fns) => {
    const g = f as (...xs: unknown[]) => unknown;
    if (fns.length === 1) {
      const a = fns[0]!;
      return (r) => g(a(r));
    }
    return (r) => g(...fns.map((fn) => fn(r)));
  };
}

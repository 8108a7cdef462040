/**
 * Transient graphs: make-graph, graph-match, graph-shortest-paths and graph-to-table.
 *
 * A graph travels between operators as an empty table registered in `graphs`. graph-match follows
 * the docs' default `cycles=unique_edges`: a match never uses one edge twice (nodes may repeat).
 * Refused, where the docs leave the answer open or the engine does not model it: several node
 * tables, `partitioned-by`, node tables with a repeated key, the hashed ids of graph-to-table
 * (`with_node_id`, `with_source_id`, `with_target_id`), `cycles=` other than unique_edges,
 * graph-shortest-paths with `output=any` when two shortest paths tie, and properties of
 * variable-length edges other than through `map(edge, expression)`.
 */
import type { Ctx, Engine, Fn, Scope } from "../context.js";
import { register } from "../functions/registry.js";
import { callArgs, compileScalar, literalValue } from "../scalar.js";
import { ctxFor, elements, evalTabular, operators, unnamed } from "../tabular.js";
import { type KNode, kindOf, resultColumns, textOf, unsupported } from "../tree.js";
import { type KqlColumn, keyOf, type Row, type Table } from "../values.js";

interface Edge {
  row: Row;
  src: number;
  dst: number;
}

interface Graph {
  nodeColumns: KqlColumn[];
  nodes: Row[];
  edgeColumns: KqlColumn[];
  edges: Edge[];
  /** edge indexes leaving / entering each node */
  outgoing: number[][];
  incoming: number[][];
}

const graphs = new WeakMap<Table, Graph>();

// map(edges, expression) exists only inside graph patterns, where compileOverBinding handles it
register("map", (_fns, site) => site.refuse("outside graph-match and graph-shortest-paths"));

function graphOf(op: KNode, input: Table): Graph {
  const g = graphs.get(input);
  if (!g) throw unsupported(op, "graph operator", "its input is not a graph made by make-graph");
  return g;
}

/** Upper bound on partial matches explored, so a pattern over a dense graph cannot run away. */
const MAX_STEPS = 2_000_000;

// ---------------------------------------------------------------------------------------------
// make-graph
// ---------------------------------------------------------------------------------------------

operators.set("MakeGraphOperator", (op, input, engine, scope) => {
  if (elements(op.Parameters).length > 0) throw unsupported(op, "make-graph", "parameters");
  if (op.PartitionedByClause) throw unsupported(op, "make-graph", "partitioned-by");
  if (String(op.DirectionToken?.Text) !== "-->")
    throw unsupported(op, "make-graph", "an edge direction other than -->");
  const colIdx = (name: string, table: Table, at: KNode): number => {
    const i = table.columns.findIndex((c) => c.name === name);
    if (i < 0) throw unsupported(at, "make-graph", `column ${name}`);
    return i;
  };
  const srcIdx = colIdx(op.SourceColumn.SimpleName, input, op.SourceColumn);
  const dstIdx = colIdx(op.TargetColumn.SimpleName, input, op.TargetColumn);

  let nodeColumns: KqlColumn[];
  const nodes: Row[] = [];
  const byKey = new Map<string, number>();
  let keyIdx = 0;
  const clause = op.WithClause;
  const kind = clause ? kindOf(clause) : "";
  if (kind === "MakeGraphWithTablesAndKeysClause") {
    const tables = elements(clause.TablesAndKeys);
    if (tables.length !== 1) throw unsupported(clause, "make-graph", "several node tables");
    const t = evalTabular(tables[0].Table, engine, scope);
    keyIdx = colIdx(tables[0].Column.SimpleName, t, tables[0].Column);
    nodeColumns = t.columns;
    for (const r of t.rows) {
      const k = keyOf(r[keyIdx]);
      if (byKey.has(k)) throw unsupported(tables[0], "make-graph", "a node key that repeats");
      byKey.set(k, nodes.length);
      nodes.push(r);
    }
  } else if (kind === "MakeGraphWithImplicitIdClause") {
    nodeColumns = [{ name: String(clause.Name.SimpleName), type: input.columns[srcIdx]!.type }];
  } else if (!clause) {
    throw unsupported(op, "make-graph", "without nodes or with_node_id");
  } else throw unsupported(clause, "make-graph");

  // a node an edge names but no node table holds: its key only (strings are never null in Kusto)
  const nodeFor = (v: unknown): number => {
    if (v === null) throw unsupported(op, "make-graph", "an edge with a null end");
    const k = keyOf(v);
    let i = byKey.get(k);
    if (i === undefined) {
      const row: Row = nodeColumns.map((c) => (c.type === "string" ? "" : null));
      row[keyIdx] = v;
      i = nodes.length;
      nodes.push(row);
      byKey.set(k, i);
    }
    return i;
  };
  const edges: Edge[] = input.rows.map((row) => ({
    row,
    src: nodeFor(row[srcIdx]),
    dst: nodeFor(row[dstIdx]),
  }));
  const outgoing = nodes.map((): number[] => []);
  const incoming = nodes.map((): number[] => []);
  edges.forEach((e, i) => {
    outgoing[e.src]!.push(i);
    incoming[e.dst]!.push(i);
  });
  const marker: Table = { columns: [], rows: [] };
  graphs.set(marker, { nodeColumns, nodes, edgeColumns: input.columns, edges, outgoing, incoming });
  return marker;
});

// ---------------------------------------------------------------------------------------------
// graph-to-table
// ---------------------------------------------------------------------------------------------

operators.set("GraphToTableOperator", (op, input) => {
  const g = graphOf(op, input);
  const clauses = elements(op.OutputClause);
  if (clauses.length !== 1) throw unsupported(op, "graph-to-table", "several outputs");
  const out = clauses[0];
  if (out.AsClause) throw unsupported(out, "graph-to-table", "as");
  if (elements(out.Parameters).length > 0)
    throw unsupported(out, "graph-to-table", "node and edge ids (their hash is not documented)");
  const entity = String(out.EntityKeyword?.Text ?? "").toLowerCase();
  const columns = resultColumns(op);
  const [sourceColumns, rows] =
    entity === "nodes"
      ? [g.nodeColumns, g.nodes]
      : entity === "edges"
        ? [g.edgeColumns, g.edges.map((e) => e.row)]
        : [];
  if (!sourceColumns || !rows) throw unsupported(out, "graph-to-table", entity);
  const picks = columns.map((c) => {
    const i = sourceColumns.findIndex((s) => s.name === c.name);
    if (i < 0) throw unsupported(op, "graph-to-table", `column ${c.name}`);
    return i;
  });
  return { columns, rows: rows.map((r) => picks.map((i) => r[i])) };
});

// ---------------------------------------------------------------------------------------------
// patterns
// ---------------------------------------------------------------------------------------------

type Direction = "out" | "in" | "any";

interface PatternEdge {
  slot: number;
  direction: Direction;
  /** null for a single edge */
  range: { min: number; max: number } | null;
}

interface Chain {
  nodes: number[];
  edges: PatternEdge[];
}

interface Pattern {
  chains: Chain[];
  /** variable name → slot; node slots hold a node index, edge slots an edge index or a list */
  slots: Map<string, { slot: number; kind: "node" | "edge" | "path" }>;
  size: number;
}

function rangeBound(node: KNode, at: KNode): number {
  const v = literalValue(node);
  const n = typeof v === "bigint" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0)
    throw unsupported(at, "graph pattern", "a variable-length range that is not a whole number");
  return n;
}

function readPatterns(op: KNode): Pattern {
  const slots = new Map<string, { slot: number; kind: "node" | "edge" | "path" }>();
  let size = 0;
  const slotFor = (nameNode: KNode, kind: "node" | "edge" | "path", at: KNode): number => {
    const name = nameNode ? String(nameNode.SimpleName ?? "") : "";
    if (!name) return size++;
    const known = slots.get(name);
    if (known) {
      if (known.kind !== kind || kind !== "node")
        throw unsupported(at, "graph pattern", `edge ${name} named twice`);
      return known.slot;
    }
    slots.set(name, { slot: size, kind });
    return size++;
  };
  const chains: Chain[] = elements(op.Patterns).map((p: KNode) => {
    const chain: Chain = { nodes: [], edges: [] };
    for (const el of elements(p.PatternElements)) {
      const k = kindOf(el);
      if (k === "GraphMatchPatternNode") chain.nodes.push(slotFor(el.Name, "node", el));
      else if (k === "GraphMatchPatternEdge") {
        const first = String(el.FirstToken?.Text ?? "");
        const last = String(el.LastToken?.Text ?? "");
        const direction: Direction = first.startsWith("<") ? "in" : last.endsWith(">") ? "out" : "any";
        if (first.startsWith("<") && last.endsWith(">")) throw unsupported(el, "graph pattern", "<-->");
        let range: PatternEdge["range"] = null;
        if (el.Range) {
          const min = rangeBound(el.Range.RangeStart, el);
          const max = el.Range.RangeEnd ? rangeBound(el.Range.RangeEnd, el) : min;
          if (max < min) throw unsupported(el, "graph pattern", "an empty range");
          range = { min, max };
        }
        chain.edges.push({ slot: slotFor(el.Name, range ? "path" : "edge", el), direction, range });
      } else throw unsupported(el, "graph pattern", k);
    }
    if (chain.nodes.length !== chain.edges.length + 1) throw unsupported(p, "graph pattern");
    return chain;
  });
  return { chains, slots, size };
}

/** The (edge, next node) pairs reachable from a node in one step of the given direction. */
function steps(g: Graph, node: number, direction: Direction): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (direction !== "in") for (const e of g.outgoing[node]!) out.push([e, g.edges[e]!.dst]);
  if (direction !== "out") for (const e of g.incoming[node]!) out.push([e, g.edges[e]!.src]);
  // an any-direction self-loop would otherwise be found twice
  if (direction === "any") return out.filter(([e], i) => out.findIndex(([f]) => f === e) === i);
  return out;
}

/** Every binding of the pattern's slots, edges used at most once per match. */
function matchAll(op: KNode, g: Graph, pattern: Pattern, visit: (binding: unknown[]) => void): void {
  const binding: unknown[] = new Array(pattern.size).fill(undefined);
  const used = new Set<number>();
  let work = 0;
  const tick = () => {
    if (++work > MAX_STEPS)
      throw unsupported(op, "graph pattern", "more partial matches than the engine explores");
  };
  const bindNode = (slot: number, node: number, next: () => void) => {
    const bound = binding[slot];
    if (bound !== undefined) {
      if (bound === node) next();
      return;
    }
    binding[slot] = node;
    next();
    binding[slot] = undefined;
  };
  const chainFrom = (c: number): void => {
    if (c === pattern.chains.length) {
      visit(binding.slice());
      return;
    }
    const chain = pattern.chains[c]!;
    const edgeAt = (i: number, at: number): void => {
      tick();
      if (i === chain.edges.length) {
        chainFrom(c + 1);
        return;
      }
      const pe = chain.edges[i]!;
      const target = chain.nodes[i + 1]!;
      if (!pe.range) {
        for (const [e, next] of steps(g, at, pe.direction)) {
          if (used.has(e)) continue;
          used.add(e);
          binding[pe.slot] = e;
          bindNode(target, next, () => edgeAt(i + 1, next));
          binding[pe.slot] = undefined;
          used.delete(e);
        }
        return;
      }
      const { min, max } = pe.range;
      const path: number[] = [];
      const walk = (node: number): void => {
        tick();
        if (path.length >= min) {
          binding[pe.slot] = path.slice();
          bindNode(target, node, () => edgeAt(i + 1, node));
          binding[pe.slot] = undefined;
        }
        if (path.length === max) return;
        for (const [e, next] of steps(g, node, pe.direction)) {
          if (used.has(e)) continue;
          used.add(e);
          path.push(e);
          walk(next);
          path.pop();
          used.delete(e);
        }
      };
      walk(at);
    };
    const first = chain.nodes[0]!;
    const bound = binding[first];
    if (bound !== undefined) edgeAt(0, bound as number);
    else
      for (let n = 0; n < g.nodes.length; n++) {
        binding[first] = n;
        edgeAt(0, n);
      }
    if (bound === undefined) binding[first] = undefined;
  };
  chainFrom(0);
}

/**
 * Compiles a where/project expression over a binding: `v.p` reads property p of node or edge v,
 * `map(path, expr)` evaluates expr over each edge of a variable-length edge.
 */
function compileOverBinding(
  expr: KNode,
  g: Graph,
  pattern: Pattern,
  base: Ctx,
  engine: Engine,
  scope: Scope,
): Fn {
  const edgeCtx = ctxFor(engine, scope, { columns: g.edgeColumns, rows: [] });
  const ctx: Ctx = {
    ...base,
    aggregateSlot: (node: KNode) => {
      const kind = kindOf(node);
      if (kind === "NameReference") {
        if (pattern.slots.has(node.SimpleName) && symbolIsVariable(node))
          throw unsupported(node, "graph pattern", "a node or edge used as a value");
        return undefined;
      }
      if (kind === "FunctionCallExpression" && node.Name?.SimpleName === "map") {
        const args = callArgs(node);
        const v =
          args[0] && kindOf(args[0]) === "NameReference" ? pattern.slots.get(args[0].SimpleName) : undefined;
        if (v?.kind !== "path" || args.length !== 2)
          throw unsupported(node, "map()", "other than map(edges, expression)");
        const f = compileScalar(args[1], edgeCtx);
        return (binding) =>
          (binding[v.slot] as number[]).map((e) => {
            const x = f(g.edges[e]!.row);
            if (x !== null && typeof x !== "string" && typeof x !== "number" && typeof x !== "boolean")
              throw unsupported(node, "map()", "values other than strings, numbers and booleans");
            return x;
          });
      }
      if (kind !== "PathExpression" || kindOf(node.Expression) !== "NameReference") return undefined;
      const v = pattern.slots.get(node.Expression.SimpleName);
      if (!v || !symbolIsVariable(node.Expression)) return undefined;
      const prop = String(node.Selector?.SimpleName ?? "");
      if (v.kind === "path") throw unsupported(node, "graph pattern", "a property of a variable-length edge");
      const columns = v.kind === "node" ? g.nodeColumns : g.edgeColumns;
      const at = columns.findIndex((c) => c.name === prop);
      if (at < 0) return () => null;
      return v.kind === "node"
        ? (binding) => g.nodes[binding[v.slot] as number]![at]
        : (binding) => g.edges[binding[v.slot] as number]!.row[at];
    },
  } as Ctx;
  return compileScalar(expr, ctx);
}

function symbolIsVariable(ref: KNode): boolean {
  return ref.ReferencedSymbol?.constructor?.$$name?.endsWith("VariableSymbol") ?? false;
}

function whereAndProject(op: KNode, g: Graph, pattern: Pattern, engine: Engine, scope: Scope) {
  const base = ctxFor(engine, scope, { columns: [], rows: [] });
  const where = op.WhereClause
    ? compileOverBinding(op.WhereClause.Condition, g, pattern, base, engine, scope)
    : null;
  if (!op.ProjectClause) throw unsupported(op, "graph pattern", "without project");
  const project = elements(op.ProjectClause.Expressions).map((e: KNode) =>
    compileOverBinding(unnamed(e), g, pattern, base, engine, scope),
  );
  const columns = resultColumns(op);
  if (columns.length !== project.length)
    throw unsupported(op.ProjectClause, "graph pattern", "output columns");
  return { where, project, columns };
}

function parameter(op: KNode, name: string): string | undefined {
  for (const p of elements(op.Parameters))
    if (String(p.Name?.SimpleName ?? "").toLowerCase() === name) {
      const e = p.Expression;
      return textOf(e).toLowerCase();
    }
  for (const p of elements(op.Parameters))
    throw unsupported(p, "graph pattern", `parameter ${String(p.Name?.SimpleName ?? "")}`);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// graph-match
// ---------------------------------------------------------------------------------------------

operators.set("GraphMatchOperator", (op, input, engine, scope) => {
  const g = graphOf(op, input);
  const cycles = parameter(op, "cycles");
  if (cycles !== undefined && cycles !== "unique_edges")
    throw unsupported(op, "graph-match", `cycles=${cycles}`);
  const pattern = readPatterns(op);
  const { where, project, columns } = whereAndProject(op, g, pattern, engine, scope);
  const rows: Row[] = [];
  matchAll(op, g, pattern, (binding) => {
    if (where && where(binding) !== true) return;
    rows.push(project.map((f) => f(binding)));
  });
  return { columns, rows };
});

// ---------------------------------------------------------------------------------------------
// graph-shortest-paths: (start)-[e*min..max]->(end), shortest edge count per (start, end) pair
// ---------------------------------------------------------------------------------------------

operators.set("GraphShortestPathsOperator", (op, input, engine, scope) => {
  const g = graphOf(op, input);
  const output = parameter(op, "output") ?? "any";
  if (output !== "any" && output !== "all") throw unsupported(op, "graph-shortest-paths", `output=${output}`);
  const pattern = readPatterns(op);
  const chain = pattern.chains[0]!;
  const pe = chain.edges[0];
  if (pattern.chains.length !== 1 || chain.edges.length !== 1 || !pe?.range || pe.range.min > 1)
    throw unsupported(op, "graph-shortest-paths", "a pattern other than (a)-[e*1..n]-(b)");
  const [startSlot, endSlot] = chain.nodes as [number, number];
  if (startSlot === endSlot) throw unsupported(op, "graph-shortest-paths", "a path back to its start");
  const { where, project, columns } = whereAndProject(op, g, pattern, engine, scope);
  const { max } = pe.range;
  const rows: Row[] = [];
  for (let s = 0; s < g.nodes.length; s++) {
    // breadth-first: distance and the edges reaching each node on a shortest path
    const dist = new Map<number, number>([[s, 0]]);
    const via = new Map<number, number[]>();
    let frontier = [s];
    for (let d = 1; d <= max && frontier.length; d++) {
      const next: number[] = [];
      for (const n of frontier)
        for (const [e, m] of steps(g, n, pe.direction)) {
          const seen = dist.get(m);
          if (seen === undefined) {
            dist.set(m, d);
            via.set(m, [e]);
            next.push(m);
          } else if (seen === d) via.get(m)!.push(e);
        }
      frontier = next;
    }
    for (const [t, d] of dist) {
      if (t === s || d === 0) continue;
      const binding: unknown[] = new Array(pattern.size).fill(undefined);
      binding[startSlot] = s;
      binding[endSlot] = t;
      binding[pe.slot] = [];
      if (where && where(binding) !== true) continue;
      const paths = pathsTo(g, t, s, via, pe.direction);
      if (output === "any" && paths.length > 1)
        throw unsupported(
          op,
          "graph-shortest-paths",
          "output=any with several shortest paths (which one is kept is not documented)",
        );
      for (const path of paths) {
        binding[pe.slot] = path;
        rows.push(project.map((f) => f(binding)));
      }
    }
  }
  return { columns, rows };
});

/** All shortest paths (edge lists, start to end) recorded by the breadth-first search. */
function pathsTo(
  g: Graph,
  node: number,
  start: number,
  via: Map<number, number[]>,
  direction: Direction,
): number[][] {
  if (node === start) return [[]];
  const out: number[][] = [];
  for (const e of via.get(node) ?? []) {
    const edge = g.edges[e]!;
    const from =
      direction === "in"
        ? edge.dst
        : direction === "out"
          ? edge.src
          : edge.src === node
            ? edge.dst
            : edge.src;
    for (const p of pathsTo(g, from, start, via, direction)) out.push([...p, e]);
  }
  return out;
}

/**
 * scan: the documented matching logic. Each record is checked against the steps from the last to
 * the first. Check 1: when the previous step's state is non-empty and the record meets the step's
 * condition (read against that state), the state moves up to this step, extended by the record.
 * Check 2 (only when check 1 did not match): when the step has an active sequence, or is the first
 * step, and the record meets the condition (read against the step's own state), the record
 * replaces this step's entry; on the first step with no active sequence it starts a new match.
 * Declared columns a step does not assign take their default. Refused: `output=last`, `optional`
 * steps, `order by`/`partition by` clauses, and declared columns named without a step.
 */
import type { Ctx, Fn } from "../context.js";
import { compileScalar } from "../scalar.js";
import { ctxFor, elements, operators } from "../tabular.js";
import { type KNode, kindOf, resultColumns, unsupported } from "../tree.js";
import type { Row } from "../values.js";

/** One step's state: an extended record per step up to it (null where that step has none), and its match id. */
interface State {
  records: (Row | null)[];
  matchId: number;
}

interface Step {
  name: string;
  output: boolean;
  condition: Fn;
  /** assignments by declared-column position */
  assignments: Array<{ at: number; fn: Fn }>;
}

operators.set("ScanOperator", (op, input, engine, scope) => {
  if (op.OrderByClause || op.PartitionByClause) throw unsupported(op, "scan", "order by / partition by");
  const columns = resultColumns(op);
  const n = input.columns.length;
  const declarations = op.DeclareClause ? elements(op.DeclareClause.Declarations) : [];
  const declared: string[] = declarations.map((d: KNode) => String(d.NameAndType.Name.SimpleName));
  const withMatchId = elements(op.Parameters).some(
    (p: KNode) => String(p.Name?.SimpleName ?? "").toLowerCase() === "with_match_id",
  );
  const width = n + declared.length;
  // without with_match_id the analyser still appends a match_id column, which the documented
  // output (the input's columns and the declared ones) does not have
  if (!withMatchId && columns.length === width + 1) columns.pop();
  if (columns.length !== width + (withMatchId ? 1 : 0)) throw unsupported(op, "scan", "output columns");
  const stepNodes = elements(op.Steps);
  const stepIndex = new Map<string, number>(
    stepNodes.map((s: KNode, i: number) => [String(s.Name.SimpleName), i]),
  );
  const columnIndex = new Map<string, number>(columns.slice(0, width).map((c, i) => [c.name, i]));

  const base = ctxFor(engine, scope, { columns: columns.slice(0, width), rows: [] });
  const defaults: unknown[] = declarations.map((d: KNode) =>
    d.DefaultValue ? compileScalar(d.DefaultValue.Value, base)([]) : null,
  );
  // the state the condition or assignment being computed reads (`step.column`)
  let reading: State | null = null;
  const ctx: Ctx = {
    ...base,
    aggregateSlot: (node: KNode) => {
      const kind = kindOf(node);
      if (kind === "NameReference" && declared.includes(node.SimpleName))
        throw unsupported(node, "scan", "a declared column named without its step");
      if (kind !== "PathExpression" || kindOf(node.Expression) !== "NameReference") return undefined;
      const step = stepIndex.get(node.Expression.SimpleName);
      const at = columnIndex.get(node.Selector?.SimpleName);
      if (step === undefined || at === undefined) return undefined;
      const fallback = at >= n ? defaults[at - n] : null;
      return () => {
        const rec = reading?.records[step];
        return rec ? rec[at] : fallback;
      };
    },
  } as Ctx;

  const steps: Step[] = stepNodes.map((s: KNode) => {
    if (s.OptionalKeyword) throw unsupported(s, "scan", "optional steps");
    const kind = String(s.ScanStepOutput?.OutputKind?.Text ?? "all").toLowerCase();
    if (kind !== "all" && kind !== "none") throw unsupported(s, "scan", `output=${kind}`);
    const assignments = s.ComputationClause ? elements(s.ComputationClause.Assignments) : [];
    return {
      name: String(s.Name.SimpleName),
      output: kind === "all",
      condition: compileScalar(s.Condition, ctx),
      assignments: assignments.map((a: KNode) => {
        const at = declared.indexOf(String(a.Name.SimpleName));
        if (at < 0) throw unsupported(a, "scan", "an assignment to a column that is not declared");
        return { at: n + at, fn: compileScalar(a.Expression, ctx) };
      }),
    };
  });

  const states: (State | null)[] = steps.map(() => null);
  let nextMatchId = 0;
  const out: Row[] = [];
  const meets = (step: Step, state: State | null, evalRow: Row): boolean => {
    reading = state;
    return step.condition(evalRow) === true;
  };
  const extend = (step: Step, state: State | null, evalRow: Row): Row => {
    reading = state;
    const ext = evalRow.slice();
    for (const a of step.assignments) ext[a.at] = a.fn(evalRow);
    return ext;
  };
  for (const r of input.rows) {
    const evalRow = [...r, ...defaults];
    for (let k = steps.length - 1; k >= 0; k--) {
      const step = steps[k]!;
      const previous = k > 0 ? states[k - 1]! : null;
      if (previous && meets(step, previous, evalRow)) {
        const ext = extend(step, previous, evalRow);
        const records = previous.records.slice();
        records[k] = ext;
        states[k] = { records, matchId: previous.matchId };
        states[k - 1] = null;
        if (step.output) out.push(withMatchId ? [...ext, previous.matchId] : ext);
        continue;
      }
      const own = states[k] ?? null;
      if ((own || k === 0) && meets(step, own, evalRow)) {
        const ext = extend(step, own, evalRow);
        const state: State = own
          ? { records: own.records.slice(), matchId: own.matchId }
          : { records: steps.map(() => null), matchId: nextMatchId++ };
        state.records[k] = ext;
        states[k] = state;
        if (step.output) out.push(withMatchId ? [...ext, state.matchId] : ext);
      }
    }
  }
  reading = null;
  return { columns, rows: out };
});

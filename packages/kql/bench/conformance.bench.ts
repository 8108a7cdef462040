/**
 * Conformance of the engine against the cases taken from Microsoft's Kusto documentation
 * (../shared/kql-conformance, beside the repository; its README gives the attribution).
 *   node --import tsx packages/kql/bench/conformance.bench.ts [--failures]
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { evaluate, KqlQueryError, KqlUnsupportedError } from "@sentinelctl/kql";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const dir = path.resolve(root, "../shared/kql-conformance");

interface Case {
  id: string;
  source: string;
  query: string;
  nondeterministic: string[];
  sentinel_core: boolean;
}
type Verdict = { pass: boolean; reason?: string };

export interface CaseOutcome {
  id: string;
  source: string;
  core: boolean;
  deterministic: boolean;
  outcome: "pass" | "wrong" | "unsupported" | "rejected" | "crash";
  detail: string;
}

export async function runConformance(): Promise<CaseOutcome[]> {
  const { compareCase } = (await import(pathToFileURL(path.join(dir, "compare.mjs")).href)) as {
    compareCase(c: Case, r: unknown): Verdict;
  };
  const cases = readFileSync(path.join(dir, "cases.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Case);
  const out: CaseOutcome[] = [];
  for (const c of cases) {
    const base = {
      id: c.id,
      source: c.source,
      core: c.sentinel_core,
      deterministic: c.nondeterministic.length === 0,
    };
    try {
      const result = evaluate(c.query, { now: "2026-12-01T00:00:00Z" });
      const v = compareCase(c, result);
      out.push({ ...base, outcome: v.pass ? "pass" : "wrong", detail: v.reason ?? "" });
    } catch (e) {
      const outcome =
        e instanceof KqlUnsupportedError ? "unsupported" : e instanceof KqlQueryError ? "rejected" : "crash";
      out.push({ ...base, outcome, detail: (e as Error).message.slice(0, 200) });
    }
  }
  return out;
}

/**
 * Cases the package README lists, each with its reason, as documentation errors: the doc page's
 * output table disagrees with its own query. They still count as wrong answers above; the rows
 * below say how many wrong answers nobody has explained.
 */
function listedDocErrors(): Set<string> {
  const readme = readFileSync(path.join(root, "packages/kql/README.md"), "utf8");
  return new Set([...readme.matchAll(/^\| ([0-9a-f]{10}) +\| [\w-]+\.md +\|/gm)].map((m) => m[1]!));
}

function pct(n: number, d: number): string {
  return d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)} % (${n}/${d})`;
}

export async function benchConformance(): Promise<Record<string, string | number>> {
  const all = await runConformance();
  const det = all.filter((c) => c.deterministic);
  const core = all.filter((c) => c.core && c.deterministic);
  const count = (xs: CaseOutcome[], o: CaseOutcome["outcome"]) => xs.filter((x) => x.outcome === o).length;
  const listed = listedDocErrors();
  return {
    "cases (deterministic / all)": `${det.length} / ${all.length}`,
    "pass, all deterministic cases": pct(count(det, "pass"), det.length),
    "pass, sentinel_core cases": pct(count(core, "pass"), core.length),
    "wrong answers, all deterministic": pct(count(det, "wrong"), det.length),
    "wrong answers, sentinel_core": count(core, "wrong"),
    "… of which listed as documentation errors in packages/kql/README.md (with the reason)": det.filter(
      (c) => c.outcome === "wrong" && listed.has(c.id),
    ).length,
    "wrong answers not explained by a listed documentation error, all deterministic / sentinel_core": `${
      det.filter((c) => c.outcome === "wrong" && !listed.has(c.id)).length
    } / ${core.filter((c) => c.outcome === "wrong" && !listed.has(c.id)).length}`,
    "unsupported refusals (all deterministic)": count(det, "unsupported"),
    "rejected by the analyser / engine errors (KqlQueryError)": count(det, "rejected"),
    "crashes (any other exception)": count(det, "crash"),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes("--failures")) {
    for (const c of await runConformance())
      if (c.outcome !== "pass")
        console.log(
          `${c.outcome}\t${c.core ? "core" : "-"}\t${c.deterministic ? "det" : "nondet"}\t${c.id}\t${c.source.replace(/.*\//, "")}\t${c.detail.replace(/\s+/g, " ")}`,
        );
  } else console.log(await benchConformance());
}

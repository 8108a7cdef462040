/**
 * Builder benchmark (called by the repository's `pnpm bench`, bench/run.ts).
 * Targets: every solution of the repository built in under 1 s; a generated solution of 1,000
 * analytics rules in under 5 s, growing linearly (250 / 500 / 1,000).
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadContent } from "@sentinelctl/content";
import { writeGeneratedSolution } from "@sentinelctl/content/testing";
import { buildSolution, resolveSolution } from "../src/index.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const TARGET = {
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  resourceGroup: "rg",
  workspace: "ws",
  location: "westeurope",
};

function generate(count: number): string {
  return writeGeneratedSolution(count).solutionDir;
}

const ms = (t: number) => Math.round(t);
const best = (xs: number[]) => Math.min(...xs);

export async function benchBuild(): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};

  // Every solution in the repository: load + build (package files in memory), best of 3 after a warm-up.
  const repoRuns: Array<{ load: number; build: number }> = [];
  let solutionNames = "";
  for (let run = 0; run < 4; run++) {
    const t0 = performance.now();
    const load = await loadContent([], { cwd: REPO });
    const t1 = performance.now();
    for (const model of load.solutions)
      if (!buildSolution(model)) throw new Error(`${model.folderName} does not build`);
    const t2 = performance.now();
    if (run > 0) repoRuns.push({ load: t1 - t0, build: t2 - t1 });
    else out["repository: first run (cold: TypeScript content compiled), ms"] = ms(t2 - t0);
    solutionNames = load.solutions.map((s) => s.folderName).join(", ");
  }
  out["repository solutions"] = solutionNames || "(none)";
  out["repository: load + build, ms (best of 3)"] = ms(best(repoRuns.map((r) => r.load + r.build)));
  out["repository: build only, ms (best of 3)"] = ms(best(repoRuns.map((r) => r.build)));

  // Generated solutions: 250 / 500 / 1,000 rules.
  for (const n of [250, 500, 1000]) {
    const dir = generate(n);
    try {
      const runs: Array<{ load: number; build: number; resolve: number }> = [];
      for (let run = 0; run < 3; run++) {
        const t0 = performance.now();
        const load = await loadContent([dir], { cwd: path.dirname(dir) });
        const t1 = performance.now();
        const model = load.solutions[0]!;
        if (model.analyticRules.length !== n || !buildSolution(model))
          throw new Error(`generated ${n} rules did not build`);
        const t2 = performance.now();
        resolveSolution(model, TARGET, { mode: "content" });
        const t3 = performance.now();
        runs.push({ load: t1 - t0, build: t2 - t1, resolve: t3 - t2 });
      }
      out[`${n} rules: load + build, ms (best of 3)`] = ms(best(runs.map((r) => r.load + r.build)));
      out[`${n} rules: build only, ms`] = ms(best(runs.map((r) => r.build)));
      out[`${n} rules: resolve (content mode), ms`] = ms(best(runs.map((r) => r.resolve)));
    } finally {
      rmSync(path.resolve(dir, "../.."), { recursive: true, force: true });
    }
  }
  const per = (n: number) => Number(out[`${n} rules: build only, ms`]) / n;
  out["build ms per rule at 250 / 500 / 1,000"] = [250, 500, 1000].map((n) => per(n).toFixed(2)).join(" / ");
  return out;
}

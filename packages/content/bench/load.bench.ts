import { rmSync } from "node:fs";
import { loadContent } from "../src/index.js";
import { writeGeneratedSolution } from "../src/testing.js";

export async function benchLoad(): Promise<Record<string, number | string>> {
  const { root: dir } = writeGeneratedSolution(1000);
  try {
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      const result = await loadContent([], { cwd: dir });
      times.push(performance.now() - start);
      if (result.diagnostics.length || result.solutions[0]?.analyticRules.length !== 1000) {
        throw new Error(`generated rules did not load cleanly: ${JSON.stringify(result.diagnostics[0])}`);
      }
    }
    return {
      "load 1,000 rule files, first run (ms)": Math.round(times[0]!),
      "load 1,000 rule files, median of 3 (ms)": Math.round([...times].sort((a, b) => a - b)[1]!),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadContent } from "../src/index.js";

function ruleYaml(i: number): string {
  const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
  return `id: ${id}
name: Generated rule ${i}
description: Generated to measure the loader.
severity: Medium
kind: Scheduled
requiredDataConnectors:
  - connectorId: SecurityEvents
    dataTypes: [SecurityEvent]
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics: [Execution]
relevantTechniques: [T1059]
query: |
  SecurityEvent
  | where TimeGenerated > ago(1h)
  | where EventID == ${4600 + (i % 100)}
  | summarize count() by Computer, Account
entityMappings:
  - entityType: Host
    fieldMappings:
      - identifier: FullName
        columnName: Computer
version: 1.0.${i % 10}
`;
}

/** A solution folder with `count` generated rule files; returns its path. */
export function generateRuleSolution(count: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), "sentinelctl-bench-"));
  const sol = path.join(dir, "Solutions", "Generated");
  mkdirSync(path.join(sol, "analytics"), { recursive: true });
  writeFileSync(
    path.join(sol, "solution.yaml"),
    `id: bench.generated\nname: Generated\nversion: 1.0.0\ndescription: Generated.\nauthor: { name: Bench }\nsupport: { tier: Community, name: Bench, link: https://example.org }\ncategories: { domains: [Security - Others] }\nproviders: [Bench]\nfirstPublishDate: 2024-01-01\n`,
  );
  for (let i = 0; i < count; i++) writeFileSync(path.join(sol, "analytics", `rule-${i}.yaml`), ruleYaml(i));
  return dir;
}

export async function benchLoad(): Promise<Record<string, number | string>> {
  const dir = generateRuleSolution(1000);
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

// Synthetic content for benchmarks and tests: a solution of N valid, distinct rule files.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** One Scheduled rule over SecurityEvent; `i` makes its id, query and version distinct. */
export function generatedRuleYaml(i: number): string {
  const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
  return `id: ${id}
name: Generated rule ${i}
description: Generated for benchmarks.
severity: Medium
kind: Scheduled
requiredDataConnectors:
  - connectorId: SecurityEvents
    dataTypes: [SecurityEvent]
queryFrequency: 1h
queryPeriod: 1d
triggerOperator: gt
triggerThreshold: 0
tactics: [Execution, Persistence]
relevantTechniques: [T1059.001, T1053]
query: |
  SecurityEvent
  | where TimeGenerated > ago(1d)
  | where EventID == ${4600 + (i % 100)}
  | summarize count() by Computer, Account
entityMappings:
  - entityType: Host
    fieldMappings:
      - identifier: FullName
        columnName: Computer
customDetails:
  Account: Account
incidentConfiguration:
  createIncident: true
  groupingConfiguration:
    enabled: true
    lookbackDuration: 5h
    matchingMethod: AllEntities
version: 1.0.${i % 10}
`;
}

/**
 * Writes `<temp>/Solutions/Generated/` with a solution.yaml and `count` rule files
 * (`ruleYaml(i)` gives file i; the default is `generatedRuleYaml`).
 * Returns the repository root (the temp dir) and the solution folder; the caller removes `root`.
 */
export function writeGeneratedSolution(
  count: number,
  ruleYaml: (i: number) => string = generatedRuleYaml,
): { root: string; solutionDir: string } {
  const root = mkdtempSync(path.join(tmpdir(), "sentinelctl-generated-"));
  const solutionDir = path.join(root, "Solutions", "Generated");
  mkdirSync(path.join(solutionDir, "analytics"), { recursive: true });
  writeFileSync(
    path.join(solutionDir, "solution.yaml"),
    "id: bench.generated\nname: Generated\nversion: 1.0.0\ndescription: Generated.\nauthor: { name: Bench }\n" +
      "support: { tier: Community, name: Bench, link: https://example.org }\n" +
      'categories: { domains: [Security - Others] }\nproviders: [Bench]\nfirstPublishDate: "2024-01-01"\n',
  );
  for (let i = 0; i < count; i++) {
    writeFileSync(
      path.join(solutionDir, "analytics", `rule-${String(i).padStart(4, "0")}.yaml`),
      ruleYaml(i),
    );
  }
  return { root, solutionDir };
}

import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { loadContent, queriesOf } from "@sentinelctl/content";

const here = path.dirname(fileURLToPath(import.meta.url));
const solutionsDir = path.resolve(here, "..", "..");
const repo = path.dirname(solutionsDir);

const loaded = await loadContent([
  path.join(solutionsDir, "Darktrace"),
  path.join(solutionsDir, "AIAnalystDarktrace"),
]);
const rules = loaded.solutions.flatMap((s) =>
  s.analyticRules.map((r) => ({ solution: s.folderName, rule: r.data })),
);

describe("Darktrace content", () => {
  it("loads both solutions without diagnostics", () => {
    expect(loaded.diagnostics).toEqual([]);
    const counts = Object.fromEntries(
      loaded.solutions.map((s) => [
        s.folderName,
        [
          s.tables.length,
          s.dataConnectors.length,
          s.parsers.length,
          s.analyticRules.length,
          s.huntingQueries.length,
          s.workbooks.length,
          s.playbooks.length,
        ],
      ]),
    );
    expect(counts).toEqual({ Darktrace: [8, 2, 1, 10, 5, 2, 2], AIAnalystDarktrace: [0, 2, 1, 2, 3, 1, 0] });
  });

  // Microsoft's rule constraints (customDetails, alertDetailsOverride placeholders, techniques versus
  // tactics, version format, ...) are the validator's checks: run it as CI does. A child process,
  // because Kusto loads several times slower inside Jest's module sandbox.
  it("passes `sentinelctl validate` with no errors and no warnings", async () => {
    // Exit code 1 (errors found) still prints the report: read it either way.
    const stdout = await promisify(execFile)(
      process.execPath,
      [
        path.join(repo, "packages", "cli", "bin", "sentinelctl.js"),
        "validate",
        path.join(solutionsDir, "Darktrace"),
        path.join(solutionsDir, "AIAnalystDarktrace"),
        "--format",
        "json",
        "--no-cache",
      ],
      { cwd: repo },
    ).then(
      (r) => r.stdout,
      (e: { stdout?: string }) => e.stdout ?? "",
    );
    const report = JSON.parse(stdout) as {
      diagnostics: Array<{ severity: string; code: string; file: string }>;
    };
    expect(report.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
  }, 60_000);

  it.each(rules.map((r) => [r.rule.name, r] as const))(
    "%s: names and alert formats without stray spaces; NRT queries without ago()",
    (_name, { rule }) => {
      const ado = rule.alertDetailsOverride;
      for (const format of [ado?.alertDisplayNameFormat, ado?.alertDescriptionFormat]) {
        if (format) expect(format).toBe(format.trim());
      }
      if (rule.kind === "NRT") expect(rule.query).not.toMatch(/\bago\(/);
      expect(rule.name).toBe(rule.name.trim());
    },
  );

  it("keeps the official ids and never reuses the placeholder id", () => {
    const ids = rules.map((r) => r.rule.id);
    for (const official of [
      "a3c7b8ed-56a9-47b7-98e5-2555c16e17c9",
      "ffa2977f-3077-4bba-b1bf-f3417699cbb0",
      "2e629769-60eb-4a14-8bfc-bde9be66ebeb",
      "05de0eaf-01bc-4615-99fc-2ec769864b34",
      "9392a06f-63a4-4a5d-8ca3-647064b13c28",
    ]) {
      expect(ids).toContain(official);
    }
    expect(
      JSON.stringify(loaded.solutions.map((s) => s.workbooks.map((w) => w.template?.value))),
    ).not.toContain("a1b2c3d4");
    expect(ids).not.toContain("a1b2c3d4-e5f6-7890-abcd-ef1234567890");
  });

  it("gives the playbooks the custom details they read", () => {
    const byName = new Map(rules.map((r) => [r.rule.name, r.rule]));
    expect(Object.keys(byName.get("Darktrace Model Alert")?.customDetails ?? {})).toContain(
      "ThreatIdentifier",
    );
    expect(Object.keys(byName.get("Darktrace Email Held For Release")?.customDetails ?? {})).toEqual(
      expect.arrayContaining(["emailUuid", "recipients"]),
    );
  });

  it("builds workbooks whose queries are all time-scoped by {Timeframe}", () => {
    const workbooks = loaded.solutions.flatMap((s) => s.workbooks);
    expect(workbooks.map((w) => w.data.id).sort()).toEqual([
      "DarktraceActiveAISecurityPlatformWorkbook",
      "DarktraceSummaryWorkbook",
      "DarktraceWorkbook",
    ]);
    for (const w of workbooks) {
      const queries = queriesOf(w.template?.value ?? {});
      expect(queries.length).toBeGreaterThan(8);
      for (const { item } of queries) expect(item.content.query).toContain("{Timeframe");
    }
  });
});

/**
 * The built CLI answers an unchanged repeated `validate` from the cache without loading content or
 * Kusto, and notices every change a run depends on, including files that `.ts` content imports.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/sentinelctl.js");
let dir: string;

function write(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
}

interface Run {
  status: number | null;
  codes: string[];
  stats: { fromCache: boolean; kustoLoaded: boolean; errors: number };
}

function validate(...args: string[]): Run {
  const r = spawnSync(process.execPath, [bin, "validate", "--format", "json", ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", CI: "true" },
    timeout: 60_000,
  });
  const report = JSON.parse(r.stdout) as { diagnostics: Array<{ code: string }>; stats: Run["stats"] };
  return { status: r.status, codes: report.diagnostics.map((d) => d.code).sort(), stats: report.stats };
}

const QUERY_RULE = `id: 0b5e3f8a-2c4d-4e6f-8a0b-1c2d3e4f5a6b
name: Heartbeats
description: Finds heartbeats.
severity: Low
requiredDataConnectors: []
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics: [Discovery]
relevantTechniques: [T1082]
query: |
  Heartbeat
  | where Computer != ""
entityMappings:
  - entityType: Host
    fieldMappings: [{ identifier: HostName, columnName: Computer }]
version: 1.0.0
kind: Scheduled
`;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "sentinelctl-cached-cli-"));
  write("content/analytics/heartbeats.yaml", QUERY_RULE);
  // A content module importing a helper outside the validated folder.
  write(
    "content/workbooks/Helper.ts",
    'import { title } from "../../shared/parts";\nexport const helper = { title };\n',
  );
  write("shared/parts.ts", 'export const title: string = "Parts";\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("an unchanged run comes from the cache; a change to any input, imported helpers included, is seen", () => {
  const first = validate("content");
  expect(first.stats.fromCache).toBe(false);
  expect(first.codes).not.toContain("LOAD-TS-THROW");

  const second = validate("content");
  expect(second.stats).toMatchObject({ fromCache: true, kustoLoaded: false });
  expect(second.codes).toEqual(first.codes);
  expect(second.status).toBe(first.status);

  // The helper outside content/ now throws when imported.
  write("shared/parts.ts", 'throw new Error("parts are broken");\n');
  const broken = validate("content");
  expect(broken.stats.fromCache).toBe(false);
  expect(broken.codes).toContain("LOAD-TS-THROW");
  expect(broken.status).toBe(1);

  // A query that Kusto rejects: analysed, not answered from the cache.
  write("content/analytics/heartbeats.yaml", QUERY_RULE.replace("Computer !=", "NoSuchColumn !="));
  const edited = validate("content");
  expect(edited.stats.fromCache).toBe(false);
  expect(edited.codes.some((c) => c.startsWith("KQL-"))).toBe(true);

  expect(validate("content", "--no-cache").stats.fromCache).toBe(false);
});

test("a folder with nothing to validate is a usage error on every run, cached or not", () => {
  mkdirSync(path.join(dir, "empty"));
  for (let i = 0; i < 2; i++) {
    const r = spawnSync(process.execPath, [bin, "validate", "empty"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", CI: "true" },
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Nothing to validate/);
  }
});

/** `sentinelctl validate` end to end, as a spawned process (exit codes, formats, loose inputs). */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, "fixtures");
const bin = path.resolve(here, "../../cli/bin/sentinelctl.js");

function cli(args: string[], cwd = fixtures) {
  const r = spawnSync(process.execPath, [bin, "validate", ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", CI: "true" },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("errors exit 1; SARIF goes to --output; no stack traces", () => {
  const out = mkdtempSync(path.join(tmpdir(), "sentinelctl-cli-"));
  try {
    const file = path.join(out, "report.sarif");
    const r = cli(["broken-solution", "--format", "sarif", "--output", file, "--no-cache"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("9 errors");
    const log = JSON.parse(readFileSync(file, "utf8"));
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0].results).toHaveLength(10);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 60_000);

test("a loose .kql file validates against the built-in tables; clean exits 0", () => {
  const r = cli(["public-style/Hunting/OfficeMailForwarding.kql", "--format", "json", "--no-cache"]);
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout);
  expect(report.summary).toEqual({ errors: 0, warnings: 0, infos: 0 });
  expect(report.stats.queries).toBe(1);
}, 60_000);

test("unreadable input and bad usage exit 2 with a plain message", () => {
  const missing = cli(["no/such/path", "--no-cache"]);
  expect(missing.code).toBe(2);
  expect(missing.stdout).toContain("Path not found: no/such/path");
  const usage = cli(["--max-warnings", "many"]);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain("--max-warnings");
  const empty = mkdtempSync(path.join(tmpdir(), "sentinelctl-empty-"));
  try {
    const nothing = cli(["."], empty);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("Nothing to validate");
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
  expect(`${missing.stderr}${usage.stderr}`).not.toMatch(/\n\s+at /);
}, 60_000);

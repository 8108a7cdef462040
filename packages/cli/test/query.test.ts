/** `sentinelctl query` end to end, as a spawned process. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/sentinelctl.js");
let dir: string;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, "query", ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", CI: "true" },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "sentinelctl-query-"));
  writeFileSync(
    path.join(dir, "csl.jsonl"),
    [
      { TimeGenerated: "2026-11-30T10:00:00Z", DeviceVendor: "Darktrace", SourceIP: "10.0.0.1" },
      { TimeGenerated: "2026-11-30T11:00:00Z", DeviceVendor: "Other", SourceIP: "8.8.8.8" },
    ]
      .map((o) => JSON.stringify(o))
      .join("\n"),
  );
  writeFileSync(
    path.join(dir, "u.csv"),
    'user,n,when\nbob,3,2026-01-01T00:00:00Z\n"al, ice",5,2026-01-02 00:00:00\n',
  );
  writeFileSync(path.join(dir, "bad.jsonl"), '{"a":1}\n{"a":\n');
  writeFileSync(path.join(dir, "badtype.jsonl"), '{"TimeGenerated":"yesterday"}\n');
  writeFileSync(path.join(dir, "q.kql"), "U | summarize total = sum(n)");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a declared table is typed by its declaration; json output", () => {
  const r = cli([
    "CommonSecurityLog | where TimeGenerated > ago(1d) and ipv4_is_private(SourceIP) | project DeviceVendor",
    "--table",
    "CommonSecurityLog=csl.jsonl",
    "--now",
    "2026-12-01T00:00:00Z",
    "--format",
    "json",
  ]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({
    columns: [{ name: "DeviceVendor", type: "string" }],
    rows: [["Darktrace"]],
  });
}, 60_000);

test("an undeclared CSV table is typed from its values; --file; table and csv output", () => {
  const t = cli(["--file", "q.kql", "-t", "U=u.csv"]);
  expect(t.code).toBe(0);
  expect(t.stdout).toBe("total\n-----\n8\n(1 row)\n");
  const c = cli(["U | project user, when", "-t", "U=u.csv", "-f", "csv"]);
  expect(c.stdout).toBe(
    'user,when\nbob,2026-01-01T00:00:00.0000000Z\n"al, ice",2026-01-02T00:00:00.0000000Z\n',
  );
}, 60_000);

test("--solution types its tables, offers its parsers, and leaves tables nobody gave empty", () => {
  const solution = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../Solutions/Darktrace");
  const r = cli([
    "DarktraceModelBreaches | summarize n = count() by EventSource | sort by EventSource asc",
    "--solution",
    solution,
    "-t",
    `DarktraceModelAlerts_CL=${path.join(solution, "samples/DarktraceModelAlerts_CL.jsonl")}`,
    "-f",
    "json",
  ]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout) as { rows: unknown[][] };
  expect(out.rows.length).toBe(1);
  expect(out.rows[0]![0]).toBe("DarktraceModelAlerts_CL");
  expect(out.rows[0]![1]).toBeGreaterThan(0);
}, 60_000);

test("bad input exits 2 with the place of the problem and no stack trace", () => {
  const malformed = cli(["B | take 1", "-t", "B=bad.jsonl"]);
  expect(malformed.code).toBe(2);
  expect(malformed.stderr).toContain("bad.jsonl:2: not valid JSON");
  const mismatch = cli(["CommonSecurityLog | take 1", "-t", "CommonSecurityLog=badtype.jsonl"]);
  expect(mismatch.code).toBe(2);
  expect(mismatch.stderr).toContain('badtype.jsonl:1: column TimeGenerated: "yesterday" is not a datetime');
  const unknown = cli(["Nope | take 1"]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/Nope.*line 1, column 1/);
  const regex = cli(['print x = "a" matches regex "("']);
  expect(regex.code).toBe(2);
  expect(regex.stderr).toContain("invalid regular expression");
  for (const r of [malformed, mismatch, unknown, regex]) expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
}, 60_000);

import { cp, mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { evaluate } from "@sentinelctl/kql";
import { run } from "./run-cli.js";

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "Acme");

let root: string;
const testFile = () => path.join(root, "Solutions", "Acme", "tests", "HighScore.test.yaml");

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "sentinelctl-test-"));
  await cp(fixture, path.join(root, "Solutions", "Acme"), { recursive: true });
});
afterEach(() => rm(root, { recursive: true, force: true }));

test("every case passes: exit 0, a summary", async () => {
  const r = await run(root);
  expect(r.code).toBe(0);
  expect(r.out).toContain(
    "PASS Solutions/Acme/tests/HighScore.test.yaml (analytics rule 'High score', 3 cases)",
  );
  expect(r.out).toContain("Tests: 7 passed, 0 failed, 0 errors (7 cases in 5 files)");
});

test("a failing expectation: exit 1, the expectation's file:line and a diff", async () => {
  const text = await readFile(testFile(), "utf8");
  await writeFile(testFile(), text.replace("severity: High", "severity: Low"));
  const r = await run(root);
  expect(r.code).toBe(1);
  expect(r.out).toContain("FAIL Solutions/Acme/tests/HighScore.test.yaml");
  expect(r.out).toContain("✗ a high score fires");
  expect(r.out).toContain("Solutions/Acme/tests/HighScore.test.yaml:13:21  severity differs");
  expect(r.out).toContain('- expected: "Low"');
  expect(r.out).toContain('+ actual:   "High"');
});

test("--update writes what came out into the failing case, keeping comments; the next run passes", async () => {
  const text = await readFile(testFile(), "utf8");
  await writeFile(
    testFile(),
    `# reviewed by the SOC\n${text.replace("severity: High", "severity: Low").replace("incidents: 1", "incidents: 3")}`,
  );
  const r = await run(root, "--update");
  expect(r.code).toBe(0);
  expect(r.err).toContain("updated Solutions/Acme/tests/HighScore.test.yaml: 1 case(s)");
  const updated = await readFile(testFile(), "utf8");
  expect(updated).toContain("# reviewed by the SOC");
  expect(updated).toContain("severity: High");
  expect(updated).toContain("incidents: 1");
  expect((await run(root)).code).toBe(0);
});

test("junit report to a file: one testcase per case, failures with their location", async () => {
  const text = await readFile(testFile(), "utf8");
  await writeFile(testFile(), text.replace("alerts: 0", "alerts: 2"));
  const r = await run(root, "--format", "junit", "--output", "out/report.xml");
  expect(r.code).toBe(1);
  expect(r.out).toBe("");
  const xml = await readFile(path.join(root, "out", "report.xml"), "utf8");
  expect(xml).toMatch(
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="sentinelctl test" tests="7" failures="1" errors="0"/,
  );
  expect(xml).toContain(
    '<testcase classname="analytics rule &apos;High score&apos;"'
      .replace("&apos;", "'")
      .replace("&apos;", "'"),
  );
  expect(xml).toContain(
    '<failure message="expected 2 alerts, got 0">Solutions/Acme/tests/HighScore.test.yaml:23:15  expected 2 alerts, got 0',
  );
});

test("json report: cases with status and located mismatches", async () => {
  const r = await run(root, "--format", "json");
  const report = JSON.parse(r.out);
  expect(report.totals).toEqual({ files: 5, cases: 7, passed: 7, failed: 0, errors: 0 });
  expect(report.files[3]).toMatchObject({
    file: "Solutions/Acme/tests/HighScore.test.yaml",
    item: { kind: "analyticRule", id: "8c1d2e3f-4a5b-4c6d-9e8f-0a1b2c3d4e5f" },
  });
  expect(report.files[3].cases[0]).toMatchObject({
    status: "passed",
    outcome: {
      alerts: [
        {
          displayName: "High score on ws-1",
          severity: "High",
          entities: [{ type: "Host", HostName: "ws-1" }],
        },
      ],
      incidents: [{ title: "High score on ws-1", alerts: 1 }],
      rows: 1,
    },
  });
});

test("a test naming no item: exit 2 with its location", async () => {
  const text = await readFile(testFile(), "utf8");
  await writeFile(testFile(), text.replace("item: High score", "item: High scores"));
  const r = await run(root);
  expect(r.code).toBe(2);
  expect(r.out).toContain(
    "Solutions/Acme/tests/HighScore.test.yaml:1:7: No analytics rule, hunting query, parser or DCR transformation is called 'High scores'.",
  );
});

test("an input column the table lacks: exit 2, pointing at the row, with a hint", async () => {
  const text = await readFile(testFile(), "utf8");
  await writeFile(
    testFile(),
    text.replace("{ DeviceName: ws-1, Score: 95 }", "{ devicename: ws-1, Score: 95 }"),
  );
  const r = await run(root);
  expect(r.code).toBe(2);
  expect(r.out).toContain(
    "HighScore.test.yaml:8:27: AcmeEvents_CL row 1: AcmeEvents_CL has no column 'devicename'.",
  );
  expect(r.out).toContain("hint: Did you mean 'DeviceName'?");
});

test("--require-tests: an item without a test fails the run", async () => {
  await unlink(path.join(root, "Solutions", "Acme", "tests", "RareDevices.test.yaml"));
  const loose = await run(root);
  expect(loose.code).toBe(0);
  expect(loose.out).toContain(
    "untested: 1 item without a test:\n  hunting query 'Rare devices'  Solutions/Acme/hunting/RareDevices.yaml",
  );
  expect((await run(root, "--require-tests")).code).toBe(1);
});

test("a DCR record with a field the stream does not declare fails with the stream and field", async () => {
  const file = path.join(root, "Solutions", "Acme", "tests", "AcmePush.test.yaml");
  const text = await readFile(file, "utf8");
  await writeFile(
    file,
    text
      .replace("Score: 7 }", "Score: 7, score2: 1 }")
      .replace("DeviceName: ws-1, Score: 7,", "DeviceName: ws-1, Score: 7,"),
  );
  const r = await run(root, "Solutions/Acme/tests/AcmePush.test.yaml");
  expect(r.code).toBe(1);
  expect(r.out).toContain(
    "record 1: field 'score2' is not declared by stream Custom-AcmeEvents; the DCR drops it.",
  );
});

test("--shard i/n runs a share of the files; the shares together run each file once", async () => {
  const files = [];
  // One at a time: run() swaps the process's stdout and working directory.
  for (const share of ["1/3", "2/3", "3/3"])
    files.push(JSON.parse((await run(root, "--format", "json", "--shard", share)).out));
  const names = files.flatMap((r) => r.files.map((f: { file: string }) => f.file));
  expect(names.sort()).toEqual([
    "Solutions/Acme/tests/AcmePush.test.yaml",
    "Solutions/Acme/tests/AcmeWorkbook.test.yaml",
    "Solutions/Acme/tests/AnyEvent.test.yaml",
    "Solutions/Acme/tests/HighScore.test.yaml",
    "Solutions/Acme/tests/RareDevices.test.yaml",
  ]);
  expect(files.map((r) => r.files.length)).toEqual([2, 2, 1]);
  const bad = await run(root, "--shard", "4/3");
  expect(bad.code).toBe(2);
  expect(bad.err).toContain("must be i/n with 1 <= i <= n");
});

test("a DCR record whose value the stream type cannot hold fails, naming the stream and field", async () => {
  const file = path.join(root, "Solutions", "Acme", "tests", "AcmePush.test.yaml");
  await writeFile(file, (await readFile(file, "utf8")).replace("Score: 7 }", 'Score: "high" }'));
  const r = await run(root, "Solutions/Acme/tests/AcmePush.test.yaml");
  expect(r.code).toBe(1);
  expect(r.out).toContain(
    "AcmePush.test.yaml:8:79  record 1: field 'Score' is int in stream Custom-AcmeEvents, but the record sends the text \"high\"; it would arrive empty.",
  );
});

test("rows from a CSV file next to the test, typed by the table", async () => {
  const dir = path.join(root, "Solutions", "Acme", "tests");
  await writeFile(path.join(dir, "events.csv"), 'DeviceName,Score\n"ws-1",95\nws-2,10\n');
  const text = await readFile(testFile(), "utf8");
  await writeFile(
    testFile(),
    text.replace(
      "        rows:\n          - { DeviceName: ws-1, Score: 95 }\n          - { DeviceName: ws-2, Score: 10 }",
      "        file: events.csv",
    ),
  );
  expect(await readFile(testFile(), "utf8")).toContain("file: events.csv");
  const r = await run(root, "Solutions/Acme/tests/HighScore.test.yaml");
  expect(r.out).toContain("PASS Solutions/Acme/tests/HighScore.test.yaml");
  await unlink(path.join(dir, "events.csv"));
  const missing = await run(root, "Solutions/Acme/tests/HighScore.test.yaml");
  expect(missing.code).toBe(2);
  expect(missing.out).toContain("HighScore.test.yaml:7:15: Cannot read input file events.csv (ENOENT).");
});

test("--emit-kql writes each case as one self-contained query that gives the same result", async () => {
  const r = await run(root, "--emit-kql", "kql");
  expect(r.code).toBe(0);
  const text = await readFile(
    path.join(root, "kql", "Solutions", "Acme", "tests", "HighScore", "01.kql"),
    "utf8",
  );
  expect(text).toMatch(
    /^\/\/ Solutions\/Acme\/tests\/HighScore.test.yaml: a high score fires\nset query_now = datetime\(2026-11-20T09:00:00Z\);\nlet \['AcmeEvents_CL'\] = datatable\(/,
  );
  // Nothing else is needed to run it: no tables, no functions (the clock is the set statement's).
  const result = evaluate(text.replace(/^set query_now.*$/m, ""), { now: "2026-11-20T09:00:00Z" });
  const device = result.columns.findIndex((c) => c.name === "DeviceName");
  expect(result.rows.map((row) => row[device])).toEqual(["ws-1"]);
  const workbook = await readFile(
    path.join(root, "kql", "Solutions", "Acme", "tests", "AcmeWorkbook", "01.kql"),
    "utf8",
  );
  expect(evaluate(workbook.replace(/^set query_now.*$/m, ""), { now: "2026-11-20T09:00:00Z" }).rows).toEqual([
    ["ws-1", 2],
  ]);
});

test("no tests anywhere: a usage error", async () => {
  const r = await run(path.join(root, "Solutions", "Acme", "tables"));
  expect(r.code).toBe(2);
  expect(r.err).toContain("No detection tests found");
});

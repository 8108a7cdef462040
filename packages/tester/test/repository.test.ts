import path from "node:path";
import { fileURLToPath } from "node:url";
import { localEngine, runSuite } from "../src/index.js";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

// The repository's own detection tests (Solutions/*/tests). Every case must match its expectation;
// a case the offline engine refuses to run is listed by `sentinelctl test` (and fails CI there), but
// is not a wrong detection, so it does not fail this suite.
test("every detection test of the repository holds, and every item has one", async () => {
  const result = await runSuite([], { cwd: root, engine: localEngine() });
  expect(result.diagnostics).toEqual([]);
  expect(result.untested).toEqual([]);
  const wrong = result.files.flatMap((f) =>
    f.cases
      .filter((c) => c.status === "failed")
      .map((c) => ({ file: f.test.file, case: c.name, mismatches: c.mismatches })),
  );
  expect(wrong).toEqual([]);
  const refused = result.files.flatMap((f) =>
    f.cases.filter((c) => c.status === "error").flatMap((c) => c.errors),
  );
  // Anything other than an engine refusal (a DCR that drops a record, say) is a real failure.
  expect(refused.filter((e) => !e.message.startsWith("the offline engine cannot run this:"))).toEqual([]);
  expect(result.totals.files).toBeGreaterThanOrEqual(30);
}, 60_000);

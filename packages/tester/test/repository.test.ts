import path from "node:path";
import { fileURLToPath } from "node:url";
import { localEngine, runSuite } from "../src/index.js";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

// The repository's own detection tests (Solutions/*/tests): every case runs and holds, and every
// analytics rule, hunting query, parser and DCR transformation has a test.
test("every detection test of the repository holds, and every item has one", async () => {
  const result = await runSuite([], { cwd: root, engine: localEngine() });
  expect(result.diagnostics).toEqual([]);
  expect(result.untested).toEqual([]);
  const notPassed = result.files.flatMap((f) =>
    f.cases
      .filter((c) => c.status !== "passed")
      .map((c) => ({ file: f.test.file, case: c.name, errors: c.errors, mismatches: c.mismatches })),
  );
  expect(notPassed).toEqual([]);
  expect(result.totals.files).toBeGreaterThanOrEqual(30);
}, 60_000);

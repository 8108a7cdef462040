/** A whole test run: load the content and its tests, run every file, list the items nothing tests. */
import path from "node:path";
import {
  compareText,
  type Diagnostic,
  diagnostic,
  hasErrors,
  loadContent,
  loadDetectionTests,
  type SolutionModel,
} from "@sentinelctl/content";
import type { Engine } from "./engine.js";
import { type FileResult, InvalidTestError, type RunContext, runTestFile, targetOf } from "./runner.js";
import { tableSchemas } from "./tables.js";
import { itemFile, testableItems } from "./targets.js";

export interface SuiteResult {
  files: FileResult[];
  /** Problems that make a test file unusable (exit 2): syntax, schema, unknown item, bad input. */
  diagnostics: Diagnostic[];
  /** Testable items of the solutions tested as a whole that no test file names. */
  untested: Array<{ id: string; label: string; file: string }>;
  totals: { files: number; cases: number; passed: number; failed: number; errors: number };
}

export interface SuiteOptions {
  cwd?: string;
  engine: Engine;
  /** Run only every `count`-th test file, starting at the `index`-th (1-based), for parallel CI jobs. */
  shard?: { index: number; count: number };
  /** Told about every query a case runs. */
  onQuery?: RunContext["onQuery"];
}

export async function runSuite(paths: string[], options: SuiteOptions): Promise<SuiteResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const loadedTests = await loadDetectionTests(paths, { cwd });
  const diagnostics: Diagnostic[] = [...loadedTests.diagnostics];
  // The content of every solution under test, plus its siblings (a test may read a sibling's parser or table).
  const solutionRoots = new Set(loadedTests.solutionDirs.map((d) => path.dirname(d)));
  const content = solutionRoots.size
    ? await loadContent(
        [...solutionRoots].map((r) => path.relative(cwd, r) || "."),
        { cwd },
      )
    : { solutions: [] as SolutionModel[], diagnostics: [] as Diagnostic[] };
  if (hasErrors(content.diagnostics)) {
    diagnostics.push(
      diagnostic(
        "TEST-CONTENT-INVALID",
        "error",
        `The content under test does not load (${content.diagnostics.filter((d) => d.severity === "error").length} errors); run \`sentinelctl validate\` for details.`,
        {},
      ),
    );
  }
  const models = content.solutions;
  const schemas = tableSchemas(models);
  const files: FileResult[] = [];
  const tested = new Set<string>();
  for (const [position, test] of loadedTests.tests.entries()) {
    try {
      const target = targetOf({ models, cwd }, test);
      tested.add(`${target.kind}:${target.id}`);
      const shard = options.shard;
      if (shard && position % shard.count !== shard.index - 1) continue;
      files.push(
        await runTestFile(
          {
            models,
            engine: options.engine,
            cwd,
            schemas,
            ...(options.onQuery ? { onQuery: options.onQuery } : {}),
          },
          test,
          target,
        ),
      );
    } catch (e) {
      if (!(e instanceof InvalidTestError)) throw e;
      diagnostics.push(
        diagnostic(
          "TEST-INVALID",
          "error",
          e.message,
          { file: test.file, range: test.source.range(e.path) },
          e.hint,
        ),
      );
    }
  }
  const underTest = new Set(loadedTests.wholeSolutions.map((d) => path.resolve(d)));
  const untested = models
    .filter((m) => underTest.has(path.resolve(m.dir)))
    .flatMap(testableItems)
    .filter((t) => !tested.has(`${t.kind}:${t.id}`))
    .map((t) => ({ id: t.id, label: t.label, file: itemFile(t) }))
    .sort((a, b) => compareText(a.file, b.file) || compareText(a.id, b.id));
  const cases = files.flatMap((f) => f.cases);
  return {
    files,
    diagnostics,
    untested,
    totals: {
      files: files.length,
      cases: cases.length,
      passed: cases.filter((c) => c.status === "passed").length,
      failed: cases.filter((c) => c.status === "failed").length,
      errors: cases.filter((c) => c.status === "error").length,
    },
  };
}

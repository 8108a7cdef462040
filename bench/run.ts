// `pnpm bench`: runs every package's benchmark and rewrites BENCHMARKS.md with the figures.
import { existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");

const suites: Array<{ title: string; module: string; fn: string; targets: string }> = [
  {
    title: "Loader",
    module: "packages/content/bench/load.bench.ts",
    fn: "benchLoad",
    targets: "1,000 rule files < 2 s",
  },
  {
    title: "Validator and start-up",
    module: "packages/validator/bench/validate.bench.ts",
    fn: "benchValidate",
    targets:
      "`sentinelctl --version` <= 2× a bare `node -e 0`; warm `validate` of the repository (cache hit) <= 4×; cold `validate` of the repository (no cache) <= 2.5 s; a 1,000-rule cold validate uses both cores, speed-up over 1 thread recorded; in-process warm re-validation < 0.5 s; ≥ 100 queries/s; overhead vs bare Kusto loop < 20 %",
  },
  {
    title: "Builder",
    module: "packages/builder/bench/build.bench.ts",
    fn: "benchBuild",
    targets: "all solutions < 1 s; 1,000 rules < 5 s, linear",
  },
  {
    title: "Detection tests",
    module: "packages/tester/bench/tests.bench.ts",
    fn: "benchTests",
    targets: "warm run of every detection test in the repository <= 3 s",
  },
  {
    title: "Deployer",
    module: "packages/deployer/bench/deploy.bench.ts",
    fn: "benchDeploy",
    targets: "plan vs 1,000 rules (requests, time); apply 200 rules at 50 ms latency < 5 s",
  },
  {
    title: "KQL conformance",
    module: "packages/kql/bench/conformance.bench.ts",
    fn: "benchConformance",
    targets:
      "cases from Microsoft's Kusto docs (../shared/kql-conformance): sentinel_core ≥ 95 % pass with 0 wrong answers; all deterministic cases ≥ 85 % pass, ≤ 2 % wrong",
  },
  {
    title: "KQL engine",
    module: "packages/kql/bench/engine.bench.ts",
    fn: "benchEngine",
    targets:
      "1M rows: where + summarize count(), dcount() by two keys and bin(1h) ≤ 2 s single-threaded, ≤ 1.5 GB peak; Darktrace rule over 100k rows ≤ 0.5 s; ours/DuckDB recorded",
  },
];

const only = process.argv.slice(2);
const sections: string[] = [];
for (const suite of suites) {
  if (only.length && !only.some((o) => suite.title.toLowerCase().includes(o.toLowerCase()))) continue;
  const file = path.join(root, suite.module);
  if (!existsSync(file)) {
    sections.push(`## ${suite.title}\n\nNo benchmark yet (\`${suite.module}\`).\n`);
    continue;
  }
  process.stderr.write(`bench: ${suite.title}...\n`);
  const mod = (await import(pathToFileURL(file).href)) as Record<
    string,
    () => Promise<Record<string, number | string>>
  >;
  const figures = await mod[suite.fn]!();
  const rows = Object.entries(figures).map(([k, v]) => `| ${k} | ${v} |`);
  sections.push(
    `## ${suite.title}\n\nTargets: ${suite.targets}.\n\n| measure | value |\n| --- | --- |\n${rows.join("\n")}\n`,
  );
  process.stderr.write(`${rows.join("\n")}\n`);
}

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const header = `# Benchmarks\n\nWritten by \`pnpm bench\` (bench/run.ts). Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. Figures are single runs unless the row says otherwise; re-run to refresh.\n\nSpawned-CLI figures are whole processes (Node start-up included; the CLI runs its compiled JavaScript, and tsx loads only for \`.ts\` content) and are also given as ratios to a bare \`node -e 0\` started in turn with them in the same run; the in-process rows measure the validator's own work, whatever the CLI's start-up.\n\n`;
if (only.length) {
  process.stdout.write(sections.join("\n"));
} else {
  writeFileSync(path.join(root, "BENCHMARKS.md"), `${header}${sections.join("\n")}`);
  process.stderr.write("bench: wrote BENCHMARKS.md\n");
}

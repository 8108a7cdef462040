import path from "node:path";
import {
  type CaseQuery,
  type Engine,
  formatResults,
  kustoEngine,
  localEngine,
  runSuite,
  selfContainedQuery,
  TEST_REPORT_FORMATS,
  type TestReportFormat,
  updateExpectations,
  workspaceEngine,
} from "@sentinelctl/tester";
import { type Command, InvalidArgumentError, Option } from "commander";
import { createOutput, EXIT, UsageError, useColor } from "../ui.js";
import { writeWhole } from "../write-whole.js";
import { remoteCredential, type WorkspaceAccessFlags, workspaceAccess } from "./remote-credential.js";

interface TestFlags extends WorkspaceAccessFlags {
  format: TestReportFormat;
  engine: "local" | "kusto" | "workspace";
  workspaceId?: string;
  cluster?: string;
  database?: string;
  emitKql?: string;
  shard?: { index: number; count: number };
  output?: string;
  update?: boolean;
  requireTests?: boolean;
}

/** Writes through a temporary file and a rename, so a failed write leaves nothing half-written. */
function shard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new InvalidArgumentError("must be i/n with 1 <= i <= n, e.g. 2/4.");
  }
  return { index, count };
}

/**
 * One .kql file per query a case ran: `<dir>/<test file path>/<case>[-<n>].kql`. The clock travels
 * as `set query_now`, which Kusto honours for now() and ago().
 */
function emittedKql(queries: readonly CaseQuery[], dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const q of queries) {
    const base = path.join(
      dir,
      q.file.file.replace(/\.test\.ya?ml$/i, ""),
      String(q.caseIndex + 1).padStart(2, "0"),
    );
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    const name = q.file.data.cases[q.caseIndex]!.name;
    const header = `// ${q.file.file}: ${name}\nset query_now = datetime(${q.request.now});\n`;
    out.set(`${base}${n > 1 ? `-${n}` : ""}.kql`, `${header}${selfContainedQuery(q.query, q.request)}`);
  }
  return out;
}

/** The engine the flags ask for; a remote one gets its token from the deploy command's credential chain. */
async function engineFor(flags: TestFlags): Promise<Engine> {
  if (flags.engine === "local") return localEngine();
  if (flags.engine === "workspace") {
    if (!flags.workspaceId) {
      throw new UsageError(
        "--engine workspace needs --workspace-id.",
        "The workspace id is the GUID on the workspace's overview page.",
      );
    }
    return workspaceEngine({
      workspaceId: flags.workspaceId,
      ...(await workspaceAccess(flags, process.cwd())),
    });
  }
  if (!flags.cluster || !flags.database) {
    throw new UsageError(
      "--engine kusto needs --cluster and --database.",
      "e.g. --cluster https://mycluster.westeurope.kusto.windows.net --database Tests",
    );
  }
  let url: URL;
  try {
    url = new URL(flags.cluster);
  } catch {
    throw new UsageError(`--cluster '${flags.cluster}' is not a URL.`);
  }
  const { isLoopback } = await import("@sentinelctl/deployer");
  const local = isLoopback(flags.cluster);
  if (url.protocol !== "https:" && !local) {
    throw new UsageError(`--cluster must use https (tokens are only sent over TLS): ${flags.cluster}`);
  }
  const { readCa } = await import("./deploy.js");
  const ca = readCa(flags.ca, process.cwd());
  if (local && !flags.credential) {
    // With a CA, the cluster on this machine is the ARM emulator's Kusto endpoint: its own identity,
    // as deploy uses it. Without one, the Kusto emulator container, which takes requests without a token.
    if (ca) {
      const { emulatorCredential } = await import("../emulator-credential.js");
      const cluster = flags.cluster.replace(/\/+$/, "");
      return kustoEngine({
        cluster,
        database: flags.database,
        ca,
        credential: await emulatorCredential(cluster, { ca }),
      });
    }
    return kustoEngine({ cluster: flags.cluster, database: flags.database, token: async () => "" });
  }
  return kustoEngine({
    cluster: flags.cluster,
    database: flags.database,
    ...(ca ? { ca } : {}),
    credential: await remoteCredential(flags.credential),
  });
}

export function registerTestCommand(program: Command): void {
  program
    .command("test")
    .description(
      "Run detection tests (tests/*.test.yaml of each solution): events in, alerts or rows out, with Microsoft Sentinel's rule semantics.\n" +
        "Paths: the repository, a Solutions/ folder, solution folders, or test files (default: the current directory).",
    )
    .argument("[paths...]", "what to test")
    .addOption(
      new Option("-f, --format <format>", "report format")
        .choices([...TEST_REPORT_FORMATS])
        .default("pretty"),
    )
    .option("-o, --output <file>", "write the report to a file instead of standard output")
    .addOption(
      new Option(
        "--engine <engine>",
        "where queries run: the offline engine, a Kusto cluster or a Log Analytics workspace (inputs travel inside the query)",
      )
        .choices(["local", "kusto", "workspace"])
        .default("local"),
    )
    .option(
      "--cluster <uri>",
      "with --engine kusto: the cluster (Azure Data Explorer, Fabric Eventhouse, the Kusto emulator)",
    )
    .option("--database <name>", "with --engine kusto: the database queries run in (nothing is ingested)")
    .option(
      "--workspace-id <guid>",
      "with --engine workspace: the Log Analytics workspace queries run in (nothing is ingested)",
    )
    .option(
      "--credential <kind>",
      "with a remote engine: how to get a token: default, cli, env, workload or secret (default: the deploy command's chain)",
    )
    .option(
      "--endpoint <url>",
      "with --engine workspace: the Log Analytics query API (default: the public cloud's; the local emulator: https://127.0.0.1:PORT)",
    )
    .option(
      "--ca <file>",
      "with --endpoint or a --cluster on this machine: extra CA certificate (PEM) to trust, e.g. the emulator's",
    )
    .option("--update", "write what actually came out into the expectations of failing cases, for review")
    .option(
      "--emit-kql <dir>",
      "also write each case's query with its inputs as datatable let-bindings, to run unchanged on a real workspace or cluster",
    )
    .option(
      "--shard <i/n>",
      "run only the i-th of n equal shares of the test files (parallel CI jobs)",
      shard,
    )
    .option(
      "--require-tests",
      "fail when an analytics rule, hunting query, parser or DCR transformation has no test",
    )
    .addHelpText(
      "after",
      "\nExit codes: 0 every case passed, 1 a case failed (or an item is untested with --require-tests), 2 an unreadable or invalid test file.",
    )
    .action(async (paths: string[], flags: TestFlags) => {
      process.exitCode = await runTests(paths, flags);
    });
}

/** Runs the suite, writes the report, the updated expectations and the emitted KQL; returns the exit code. */
async function runTests(paths: string[], flags: TestFlags): Promise<number> {
  const cwd = process.cwd();
  const output = createOutput({ json: flags.format !== "pretty" || Boolean(flags.output) });
  output.progress("running detection tests...");
  const queries: CaseQuery[] = [];
  const result = await runSuite(paths, {
    ...(flags.emitKql ? { onQuery: (q: CaseQuery) => queries.push(q) } : {}),
    cwd,
    engine: await engineFor(flags),
    ...(flags.shard ? { shard: flags.shard } : {}),
  });
  output.done();
  if (result.files.length === 0 && result.diagnostics.length === 0) {
    throw new UsageError(
      `No detection tests found under ${paths.length ? paths.join(", ") : "the current directory"}.`,
      "Tests live in <solution>/tests/*.test.yaml.",
    );
  }
  const updated = flags.update ? updateExpectations(result) : [];
  const color = !flags.output && flags.format === "pretty" && useColor();
  const text = formatResults(result, flags.format, { color, requireTests: Boolean(flags.requireTests) });
  for (const u of updated) writeWhole(u.absolute, u.text);
  if (flags.emitKql) {
    for (const [file, text] of emittedKql(queries, path.resolve(cwd, flags.emitKql))) writeWhole(file, text);
  }
  if (flags.output) {
    writeWhole(path.resolve(cwd, flags.output), text, "--output");
    const t = result.totals;
    output.err(
      `${t.passed} passed, ${t.failed} failed, ${t.errors} errors; report written to ${flags.output}`,
    );
  } else {
    process.stdout.write(text);
  }
  for (const u of updated)
    output.err(`updated ${u.file}: ${u.cases.length} case(s) now expect what came out; review the diff.`);
  // Updated cases now expect what came out; cases that could not run stay failures.
  const unresolved = result.totals.errors + (flags.update ? 0 : result.totals.failed);
  const untested = Boolean(flags.requireTests) && result.untested.length > 0;
  return result.diagnostics.length ? EXIT.input : unresolved > 0 || untested ? EXIT.findings : EXIT.ok;
}

import { accessSync, constants, existsSync, statSync } from "node:fs";
import path from "node:path";
import {
  type BuildResult,
  buildSolutions,
  type CheckedFile,
  checkCommittedPackage,
  writeBuild,
} from "@sentinelctl/builder";
import type { Diagnostic, LoadResult } from "@sentinelctl/content";
import { formatDiagnostics, validateContent } from "@sentinelctl/validator";
import type { Command } from "commander";
import { createOutput, EXIT, type Output, paint, UsageError, useColor } from "../ui.js";

interface BuildFlags {
  out: string;
  check?: boolean;
  baseline?: string;
  allowRemoved?: string[];
  json?: boolean;
  validate: boolean;
}

/** Loader findings that mean an input could not be read at all (a usage problem, exit 2). */
const UNREADABLE = new Set(["LOAD-UNREADABLE", "BUILD-BASELINE-UNREADABLE"]);

/** `build Darktrace` means Solutions/Darktrace when no such path exists. */
function resolveTargets(args: string[], cwd: string): string[] {
  return args.map((arg) => {
    if (existsSync(path.resolve(cwd, arg))) return arg;
    const inSolutions = path.join("Solutions", arg);
    if (existsSync(path.resolve(cwd, inSolutions))) return inSolutions;
    throw new UsageError(
      `No such solution or path: ${arg}`,
      "Give a solution folder, a Solutions/ folder, or a folder name under Solutions/.",
    );
  });
}

/**
 * `--out` must be a folder that exists or can be created: not a file, not below a file, and in a
 * writable place. Checked before building, so a wrong path is an input error, not a crash.
 */
function checkOutDir(flag: string, dir: string): void {
  let existing = dir;
  while (!existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  const hint = "Give a folder path (it is created if missing) in a writable location.";
  if (!statSync(existing).isDirectory()) {
    throw new UsageError(
      existing === dir
        ? `${flag} ${dir} is a file, not a folder.`
        : `${flag} ${dir}: ${existing} is a file, not a folder.`,
      hint,
    );
  }
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${dir}: ${existing} is not writable.`, hint);
  }
}

/** A write that failed for a reason of the file system: an input error, with nothing left behind. */
function outputError(flag: string, dir: string, e: unknown): UsageError | undefined {
  const code = (e as NodeJS.ErrnoException).code;
  if (!code || !/^(EACCES|EPERM|EROFS|ENOTDIR|EEXIST|EISDIR|ENOSPC|EDQUOT)$/.test(code)) return undefined;
  return new UsageError(
    `${flag} ${dir}: cannot write the packages there (${code}); nothing was written.`,
    "Give a folder path (it is created if missing) in a writable location with free space.",
  );
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function summary(
  result: BuildResult,
  cwd: string,
  outDir: string | undefined,
  checked: Map<string, CheckedFile[]>,
  stale: boolean,
) {
  return {
    ok: result.ok && !stale,
    solutions: result.solutions.map((s) => ({
      folder: s.folderName,
      id: s.solutionId,
      name: s.name,
      version: s.version,
      counts: Object.fromEntries(s.counts),
      ...(outDir ? { outDir: path.relative(cwd, path.join(outDir, s.folderName)) || "." } : {}),
      files: s.files.map((f) => ({ path: f.path, bytes: f.data.length })),
      ...(s.baseline
        ? {
            baseline: {
              source: s.baseline.baseline.source,
              version: s.baseline.baseline.version,
              changes: s.baseline.changes,
              releaseNotes: s.baseline.releaseNotes,
            },
          }
        : {}),
      ...(checked.has(s.folderName)
        ? {
            check: checked
              .get(s.folderName)!
              .map((f) => ({ path: path.relative(cwd, f.path), status: f.status })),
          }
        : {}),
    })),
    diagnostics: result.diagnostics,
  };
}

export function registerBuildCommand(program: Command): void {
  program
    .command("build")
    .description(
      "Build each solution into its Content Hub package (Package/mainTemplate.json, createUiDefinition.json, " +
        "testParameters.json, <version>.zip) under <out>/<SolutionFolder>/. Default: every solution in ./Solutions.",
    )
    .argument("[solution...]", "solution folders, a Solutions/ folder, or folder names under Solutions/")
    .option("-o, --out <dir>", "output folder", "dist")
    .option("--check", "verify that each solution's committed Package/ folder is up to date (writes nothing)")
    .option(
      "--baseline <dir|zip|git-ref>",
      "compare with the last released package (a Package folder, a <version>.zip, or a git ref) and write ReleaseNotes.entry.md",
    )
    .option(
      "--allow-removed <contentId>",
      "with --baseline: content that may disappear from the package (repeatable)",
      collect,
    )
    .option("--json", "print a JSON summary (files, counts, changes, diagnostics) instead of text")
    .option("--no-validate", "skip the validator (KQL and CI checks); schema and build checks still run")
    .addHelpText(
      "after",
      "\nNothing is written unless every solution builds: output goes to a temporary folder first.\n" +
        "Exit codes: 0 built (or up to date with --check), 1 errors or an out-of-date package, 2 unreadable input, bad usage or an --out that cannot be written.",
    )
    .action(async (args: string[], flags: BuildFlags) => {
      process.exitCode = await runBuild(args, flags);
    });
}

/** Builds, then checks the committed packages (--check) or writes them all (only when every one built). */
async function runBuild(args: string[], flags: BuildFlags): Promise<number> {
  const cwd = process.cwd();
  const output = createOutput({ json: Boolean(flags.json) });
  const targets = resolveTargets(args, cwd);
  if (!flags.check) checkOutDir("--out", path.resolve(cwd, flags.out));
  const validate = flags.validate
    ? async (load: LoadResult): Promise<Diagnostic[]> =>
        (await validateContent(load, { cwd, onProgress: (m) => output.progress(m) })).diagnostics
    : undefined;
  const result = await buildSolutions(targets, {
    cwd,
    ...(flags.baseline ? { baseline: flags.baseline } : {}),
    ...(flags.allowRemoved ? { allowRemoved: flags.allowRemoved } : {}),
    ...(validate ? { validate } : {}),
    onProgress: (m) => output.progress(m),
  });
  output.done();

  const checked = new Map<string, CheckedFile[]>();
  let outDir: string | undefined;
  if (result.ok && flags.check) {
    for (const s of result.solutions) checked.set(s.folderName, await checkCommittedPackage(s));
  } else if (result.ok) {
    outDir = path.resolve(cwd, flags.out);
    output.progress(`writing ${flags.out}`);
    try {
      await writeBuild(result, outDir);
    } catch (e) {
      output.done();
      throw outputError("--out", flags.out, e) ?? e;
    }
    output.done();
  }

  const unreadable = result.diagnostics.some((d) => UNREADABLE.has(d.code));
  const stale = [...checked.values()].some((fs) => fs.some((f) => f.status !== "same"));
  if (flags.json) output.out(JSON.stringify(summary(result, cwd, outDir, checked, stale), null, 2));
  else printBuildReport(result, { check: Boolean(flags.check), checked, outDir, stale, cwd, output });
  return unreadable ? EXIT.input : !result.ok || stale ? EXIT.findings : EXIT.ok;
}

/** Text report: the findings on stderr, then per solution where it was written or what is out of date. */
function printBuildReport(
  result: BuildResult,
  r: {
    check: boolean;
    checked: Map<string, CheckedFile[]>;
    outDir: string | undefined;
    stale: boolean;
    cwd: string;
    output: Output;
  },
): void {
  const { checked, outDir, cwd, output } = r;
  const color = useColor(process.stderr);
  if (result.diagnostics.length) {
    process.stderr.write(formatDiagnostics(result.diagnostics, "pretty", { color, cwd }));
  }
  if (!result.ok) {
    output.err(paint(color, "red", "Build failed: nothing was written."));
    return;
  }
  for (const s of result.solutions) {
    if (r.check) {
      const files = checked.get(s.folderName) ?? [];
      const bad = files.filter((f) => f.status !== "same");
      if (!bad.length) output.out(`${s.folderName} ${s.version}: committed package is up to date`);
      for (const f of bad) output.out(`${s.folderName}: ${path.relative(cwd, f.path)} is ${f.status}`);
      continue;
    }
    const dest = path.relative(cwd, path.join(outDir!, s.folderName)) || ".";
    const counts = s.counts.map(([label, n]) => `${n} ${label.toLowerCase()}`).join(", ");
    output.out(`${s.folderName} ${s.version} -> ${dest}/Package (${counts || "no content"})`);
    if (s.baseline) {
      const c = s.baseline.changes;
      output.out(
        `  vs ${s.baseline.baseline.source} (${s.baseline.baseline.version ?? "?"}): ${c.filter((x) => x.change === "Added").length} added, ${c.filter((x) => x.change === "Updated").length} updated, ${c.filter((x) => x.change === "Removed").length} removed; release notes in ${dest}/ReleaseNotes.entry.md`,
      );
    }
  }
  if (r.stale)
    output.err("Committed package is out of date: run `sentinelctl build` and commit the Package folder.");
}

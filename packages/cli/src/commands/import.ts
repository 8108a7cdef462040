/**
 * `sentinelctl import`: existing content brought into this repository's layout, from a Content Hub
 * package (--from-package), a solution folder (--from-solution) or a live workspace (--from-workspace). Every import validates what it
 * wrote, lists what it could not import and why, and never overwrites a file without --force.
 *
 * Exit codes: 0 imported and valid, 1 imported but the written content has validation errors,
 * 2 bad usage or input, files that would be overwritten, credentials, unreachable endpoint.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { Diagnostic } from "@sentinelctl/content";
import {
  existingFiles,
  type ImportResult,
  importFromPackage,
  importFromSolution,
  importFromWorkspace,
  WORKSPACE_KINDS,
  type WorkspaceKind,
  writeFiles,
} from "@sentinelctl/importer";
import { formatDiagnostics, runValidation } from "@sentinelctl/validator";
import type { Command } from "commander";
import { emulatorCredential } from "../emulator-credential.js";
import { createOutput, EXIT, type Output, paint, UsageError, useColor } from "../ui.js";
import type { DeployCommandOptions } from "./deploy.js";

interface ImportFlags {
  fromPackage?: string;
  fromSolution?: string;
  fromWorkspace?: boolean;
  out: string;
  force?: boolean;
  json?: boolean;
  kind?: string[];
  name?: string;
  includeOwned?: boolean;
  solutionId?: string;
  solutionName?: string;
  subscription?: string;
  resourceGroup?: string;
  workspace?: string;
  endpoint?: string;
  ca?: string;
  environment?: string;
  authorityHost?: string;
  credential?: string;
}

function checkOut(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new UsageError(
      `--out ${dir} is a file, not a folder.`,
      "Give the folder to write the solution into.",
    );
  }
}

function kinds(values: string[] | undefined): WorkspaceKind[] | undefined {
  const list = (values ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  for (const k of list) {
    if (!(WORKSPACE_KINDS as readonly string[]).includes(k)) {
      throw new UsageError(`Unknown --kind '${k}'.`, `Use one or more of ${WORKSPACE_KINDS.join(", ")}.`);
    }
  }
  return list.length ? (list as WorkspaceKind[]) : undefined;
}

async function fromWorkspace(flags: ImportFlags, cwd: string, output: Output): Promise<ImportResult> {
  // The deployer (Azure SDKs) loads only for this source.
  const deploy = await import("./deploy.js");
  const { DeployError, isLoopback, openReadClient } = await import("@sentinelctl/deployer");
  const env = process.env;
  const notes: string[] = [];
  const options = { ...flags, mode: "content", concurrency: "1" } as DeployCommandOptions;
  const [target] = deploy.targetsFrom(options, env, notes, await deploy.emulatorSeedFor(options));
  for (const n of notes) if (!flags.json) output.err(n);
  const ca = deploy.readCa(flags.ca, cwd);
  const credential =
    deploy.credentialKind(flags, env) ??
    (flags.endpoint && isLoopback(flags.endpoint)
      ? await emulatorCredential(flags.endpoint, { ca })
      : undefined);
  try {
    output.progress(`reading ${target!.name}`);
    const client = await openReadClient(target!, {
      env,
      ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
      ...(flags.environment ? { environment: flags.environment } : {}),
      ...(flags.authorityHost ? { authorityHost: flags.authorityHost } : {}),
      ...(ca ? { ca } : {}),
      ...(credential ? { credential } : {}),
    });
    const selected = kinds(flags.kind);
    return await importFromWorkspace(client, target!, {
      ...(selected ? { kinds: selected } : {}),
      ...(flags.name ? { name: flags.name } : {}),
      ...(flags.includeOwned ? { includeOwned: true } : {}),
      ...(flags.solutionId ? { solutionId: flags.solutionId } : {}),
      ...(flags.solutionName ? { solutionName: flags.solutionName } : {}),
    });
  } catch (e) {
    if (e instanceof DeployError) throw new UsageError(e.message, e.hint);
    throw e;
  }
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function registerImportCommand(program: Command): void {
  program
    .command("import")
    .description(
      "Bring existing content into this repository's layout: a Content Hub package or a live workspace becomes a\n" +
        "solution folder (YAML), then the written folder is validated. What cannot be imported is listed, never dropped.",
    )
    .option("--from-package <mainTemplate.json>", "a Content Hub package's mainTemplate.json")
    .option(
      "--from-solution <dir>",
      "a solution folder (this repository's layout or the Azure-Sentinel repository's)",
    )
    .option("--from-workspace", "the content of a live workspace (name it with -s, -g, -w)")
    .requiredOption("--out <dir>", "the solution folder to write (created if missing)")
    .option("--force", "overwrite files that already exist in --out")
    .option("--json", "print one JSON document (files written, items not imported, validation)")
    .option(
      "--kind <kinds>",
      `workspace: only these kinds (${WORKSPACE_KINDS.join(", ")}); repeatable or comma-separated`,
      collect,
    )
    .option(
      "--name <pattern>",
      "workspace: only items whose display name matches (* and ?, case-insensitive)",
    )
    .option("--include-owned", "workspace: also items whose metadata names another solution")
    .option(
      "--solution-id <id>",
      "workspace: the solution the folder becomes (default: the one sentinelctl deployed there)",
    )
    .option("--solution-name <name>", "workspace: its display name")
    .option("-s, --subscription <id>", "workspace: subscription id (default: $AZURE_SUBSCRIPTION_ID)")
    .option("-g, --resource-group <name>", "workspace: resource group")
    .option("-w, --workspace <name>", "workspace: Log Analytics workspace name")
    .option("--endpoint <url>", "ARM endpoint (private cloud, or the local emulator: https://127.0.0.1:PORT)")
    .option("--ca <file>", "extra CA certificate (PEM) to trust, e.g. the emulator's")
    .option("--environment <cloud>", "AzureCloud | AzureUSGovernment | AzureChinaCloud")
    .option("--authority-host <url>", "Entra authority host")
    .option("--credential <kind>", "default | cli | env | workload | secret (as for plan and deploy)")
    .addHelpText(
      "after",
      "\nExit codes: 0 imported and valid, 1 imported but the written content has validation errors,\n" +
        "2 bad usage or input, files in --out that would be overwritten without --force (nothing written),\n" +
        "credentials, unreachable or untrusted endpoint.",
    )
    .action(async (flags: ImportFlags) => {
      process.exitCode = await runImport(flags);
    });
}

/** Reads the source, writes the solution folder (never over existing files without --force), validates it. */
async function runImport(flags: ImportFlags): Promise<number> {
  const cwd = process.cwd();
  const output = createOutput({ json: flags.json });
  checkOneSource(flags);
  const out = path.resolve(cwd, flags.out);
  checkOut(out);
  output.progress("reading");
  const result = flags.fromPackage
    ? await importFromPackage(path.resolve(cwd, flags.fromPackage))
    : flags.fromSolution
      ? await importFromSolution(path.resolve(cwd, flags.fromSolution))
      : await fromWorkspace(flags, cwd, output);
  const clashes = existingFiles(out, result.files);
  if (clashes.length && !flags.force) {
    output.done();
    throw new UsageError(
      `${clashes.length} file(s) already exist in ${flags.out} (e.g. ${clashes[0]}); nothing was written.`,
      "Import into an empty folder, or pass --force to overwrite them.",
    );
  }
  output.progress("writing files");
  await writeFiles(out, result.files);
  output.progress("validating what was written");
  const validation = await runValidation([out], { cwd, cache: false });
  output.done();
  if (flags.json) output.out(importJson(result, validation.diagnostics, out, cwd));
  else printImportSummary(result, validation.diagnostics, flags.out, cwd, output);
  return validation.diagnostics.some((d) => d.severity === "error") ? EXIT.findings : EXIT.ok;
}

function checkOneSource(flags: ImportFlags): void {
  const sources = [flags.fromPackage, flags.fromSolution, flags.fromWorkspace].filter(Boolean).length;
  if (sources !== 1) {
    throw new UsageError(
      sources
        ? "Give one source: --from-package, --from-solution or --from-workspace."
        : "Say what to import from.",
      "Pass --from-package <Package/mainTemplate.json>, --from-solution <folder>, or --from-workspace -s S -g G -w W.",
    );
  }
}

/** --json: the files written, what was not imported, and the validator's findings on them. */
function importJson(result: ImportResult, diagnostics: Diagnostic[], out: string, cwd: string): string {
  const where = (file: string | undefined) =>
    file && path.isAbsolute(file) ? path.relative(cwd, file) : file;
  return JSON.stringify(
    {
      out: path.relative(cwd, out) || ".",
      files: result.files.map((f) => f.path),
      counts: result.counts,
      skipped: result.skipped.map((s) => ({ ...s, file: where(s.file) })),
      validation: JSON.parse(formatDiagnostics(diagnostics, "json", { cwd, toolVersion: "0.1.0" })),
    },
    null,
    2,
  );
}

function printImportSummary(
  result: ImportResult,
  diagnostics: Diagnostic[],
  outFlag: string,
  cwd: string,
  output: Output,
): void {
  const color = useColor();
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const summary = Object.entries(result.counts)
    .map(([k, n]) => `${n} ${k}`)
    .join(", ");
  output.out(`imported ${result.files.length} files into ${outFlag}${summary ? ` (${summary})` : ""}`);
  if (result.skipped.length) {
    output.out(paint(color, "yellow", `not imported (${result.skipped.length}):`));
    for (const s of result.skipped) output.out(`  - ${s.item}: ${s.reason}`);
  }
  const text = formatDiagnostics(diagnostics, "pretty", { color, cwd, toolVersion: "0.1.0" });
  if (text) process.stdout.write(text);
  output.out(
    errors ? paint(color, "red", `validation: ${errors} error(s) in the imported content`) : "validation: ok",
  );
}

import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  checkAgainst,
  compareText,
  type Diagnostic,
  type DiagnosticSeverity,
  diagnostic,
  InputError,
  parseYamlSource,
  ValidatorConfigFile,
} from "@sentinelctl/content";
import picomatch from "picomatch";
import { RENAMED_CODES } from "../checks/renamed.js";
import type { SchemaDeclarations } from "../schema/types.js";
import { findConfigFile } from "./config-file.js";
import { KQL_TESTS_DIR } from "./repository.js";

export { CONFIG_FILE_NAMES, findConfigFile } from "./config-file.js";

export type CheckSetting = DiagnosticSeverity | "off";

/**
 * sentinelctl.config.yaml:
 *
 * ```yaml
 * checks:                      # severity per code (or code pattern with a trailing *): off | error | warning | info
 *   RULE-DATATYPES-COVERAGE: off
 *   KQL-KS5*: warning
 * declarations: schema/extra-tables.yaml   # extra tables/functions for the schema registry
 * tables: [...]                # ...or inline, same format as the declarations file
 * functions: [...]
 * knownConnectors: [MyVendorConnector]      # connector ids that exist outside this repository
 * exclude: ["Solutions/Legacy/**"]          # paths (globs, relative to the config file) not validated
 * azureSentinelRepo: ../Azure-Sentinel      # a checkout whose CustomTables/CustomFunctions are schema sources
 * ```
 *
 * Inside an Azure-Sentinel checkout its `.script/tests/KqlvalidationsTests` schemas are found
 * without configuration.
 */
export interface ValidatorConfig {
  /** The file the configuration came from (absolute), if any. */
  file?: string;
  /** Directory relative paths in the configuration are resolved against. */
  root: string;
  checks: Record<string, CheckSetting>;
  declarations: SchemaDeclarations;
  /** File holding the declarations, when given separately (for locating its problems). */
  declarationsFile?: string;
  knownConnectors: string[];
  exclude: string[];
  /** An Azure-Sentinel checkout (absolute) whose CI schema files are schema sources. */
  azureSentinelRepo?: string;
  /** Hash of everything above that changes results (part of cache keys). */
  hash: string;
  /** Findings about the configuration itself (renamed codes), reported with every run's findings. */
  notes?: Diagnostic[];
}

const SETTINGS = new Set<CheckSetting>(["off", "error", "warning", "info"]);

export function emptyConfig(root: string): ValidatorConfig {
  return finish({ root, checks: {}, declarations: {}, knownConnectors: [], exclude: [], hash: "" });
}

function finish(config: ValidatorConfig): ValidatorConfig {
  config.hash = createHash("sha256")
    .update(
      JSON.stringify({
        checks: Object.entries(config.checks).sort(([a], [b]) => compareText(a, b)),
        declarations: config.declarations,
        knownConnectors: [...config.knownConnectors].sort(),
        exclude: config.exclude,
        azureSentinelRepo: config.azureSentinelRepo ?? null,
      }),
    )
    .digest("hex");
  return config;
}

function fail(file: string, message: string, range?: Diagnostic["range"], hint?: string): never {
  throw new InputError(
    diagnostic("CONFIG-INVALID", "error", message, { file, ...(range ? { range } : {}) }, hint),
  );
}

/**
 * Reads a configuration file. Problems are thrown as InputError (a usage problem: exit 2), with
 * the position of the offending entry.
 */
export function loadConfig(options: { file?: string; cwd: string }): ValidatorConfig {
  const file = options.file ? path.resolve(options.cwd, options.file) : findConfigFile(options.cwd);
  if (!file) return emptyConfig(options.cwd);
  const shown = displayPath(options.cwd, file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    fail(
      shown,
      `Cannot read configuration file ${shown} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
    );
  }
  const parsed = parseYamlSource(shown, text);
  if (parsed.errors.length)
    fail(shown, `Configuration file: ${parsed.errors[0]!.message}`, parsed.errors[0]!.range);
  const src = parsed.source;
  // The shape (known keys, types) is the ValidatorConfigFile schema's, checked like content.
  const shapeError = checkAgainst(ValidatorConfigFile, parsed.value ?? {}, src, [], {
    unknownFields: "error",
  }).find((d) => d.severity === "error");
  if (shapeError) fail(shown, `Configuration file: ${shapeError.message}`, shapeError.range, shapeError.hint);
  const value = (parsed.value ?? {}) as ValidatorConfigFile;
  const root = path.dirname(file);
  const checks: Record<string, CheckSetting> = {};
  const rawChecks = value.checks ?? {};
  for (const [code, setting] of Object.entries(rawChecks)) {
    const s = setting === false ? "off" : String(setting).toLowerCase();
    if (!SETTINGS.has(s as CheckSetting)) {
      fail(
        shown,
        `checks.${code} must be off, error, warning or info (got '${String(setting)}').`,
        src.range(["checks", code]),
      );
    }
    checks[code.toUpperCase()] = s as CheckSetting;
  }
  const notes = applyRenamedCodes(checks, shown, (code) => {
    const key = Object.keys(rawChecks).find((k) => k.toUpperCase() === code) ?? code;
    return src.range(["checks", key], "key");
  });
  const declarations: SchemaDeclarations = {};
  let declarationsFile: string | undefined;
  if (value.declarations !== undefined) {
    declarationsFile = path.resolve(root, value.declarations);
    Object.assign(
      declarations,
      readDeclarations(declarationsFile, options.cwd, src.range(["declarations"]), shown),
    );
  }
  const inline = normaliseDeclarations({ tables: value.tables, functions: value.functions }, shown, (p) =>
    src.range(p),
  );
  if (inline.tables) declarations.tables = [...(declarations.tables ?? []), ...inline.tables];
  if (inline.functions) declarations.functions = [...(declarations.functions ?? []), ...inline.functions];
  let azureSentinelRepo: string | undefined;
  if (value.azureSentinelRepo !== undefined) {
    azureSentinelRepo = path.resolve(root, value.azureSentinelRepo);
    if (!existsSync(path.join(azureSentinelRepo, KQL_TESTS_DIR)))
      fail(
        shown,
        `'azureSentinelRepo' (${value.azureSentinelRepo}) has no .script/tests/KqlvalidationsTests folder.`,
        src.range(["azureSentinelRepo"]),
        "Point it at the root of an Azure/Azure-Sentinel checkout.",
      );
  }
  return finish({
    file,
    root,
    checks,
    declarations,
    ...(declarationsFile ? { declarationsFile } : {}),
    ...(azureSentinelRepo ? { azureSentinelRepo } : {}),
    knownConnectors: value.knownConnectors ?? [],
    exclude: value.exclude ?? [],
    hash: "",
    ...(notes.length ? { notes } : {}),
  });
}

/**
 * A setting for a renamed code applies to its new codes (unless they are set themselves); each
 * such entry gets a deprecation warning.
 */
function applyRenamedCodes(
  checks: Record<string, CheckSetting>,
  shown: string,
  rangeOf: (code: string) => Diagnostic["range"],
): Diagnostic[] {
  const notes: Diagnostic[] = [];
  const written = new Set(Object.keys(checks));
  for (const [old, setting] of Object.entries(checks)) {
    const now = RENAMED_CODES[old];
    if (!now) continue;
    for (const code of now) if (!written.has(code)) checks[code] = setting;
    delete checks[old];
    notes.push(
      diagnostic(
        "CONFIG-RENAMED-CODE",
        "warning",
        `checks.${old}: ${old} is now reported as ${now.join(" and ")}; this setting applies to ${now.length > 1 ? "them" : "it"}.`,
        { file: shown, range: rangeOf(old) },
        `Write ${now.join(", ")} instead; the old name stops working in the next release.`,
      ),
    );
  }
  return notes;
}

function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith("..") ? rel.split(path.sep).join("/") : file;
}

function readDeclarations(
  file: string,
  cwd: string,
  range: Diagnostic["range"],
  configShown: string,
): SchemaDeclarations {
  const shown = displayPath(cwd, file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    fail(configShown, `The declarations file ${shown} cannot be read.`, range);
  }
  const parsed = parseYamlSource(shown, text);
  if (parsed.errors.length)
    fail(shown, `Declarations file: ${parsed.errors[0]!.message}`, parsed.errors[0]!.range);
  return normaliseDeclarations((parsed.value ?? {}) as Record<string, unknown>, shown, (p) =>
    parsed.source.range(p),
  );
}

/**
 * Accepts our format (`tables: [{name, columns: [{name, type}]}]`, `functions: [{name, parameters,
 * body | resultColumns}]`) and Azure-Sentinel's CI formats (`{Name, Properties: [{Name, Type}]}`
 * tables and `{FunctionName, FunctionParameters, FunctionResultColumns}` functions).
 */
function normaliseDeclarations(
  value: Record<string, unknown>,
  shown: string,
  rangeOf: (p: Array<string | number>) => Diagnostic["range"],
): SchemaDeclarations {
  const out: { tables?: SchemaDeclarations["tables"]; functions?: SchemaDeclarations["functions"] } = {};
  if (value.tables !== undefined) {
    if (!Array.isArray(value.tables)) fail(shown, "'tables' must be a list.", rangeOf(["tables"]));
    out.tables = (value.tables as Array<Record<string, unknown>>).map((t, i) => {
      const name = (t?.name ?? t?.Name) as unknown;
      const cols = (t?.columns ?? t?.Properties) as unknown;
      if (typeof name !== "string" || !Array.isArray(cols)) {
        fail(shown, `tables[${i}] needs 'name' and a 'columns' list.`, rangeOf(["tables", i]));
      }
      return {
        name,
        columns: (cols as Array<Record<string, unknown>>).map((c) => ({
          name: String(c?.name ?? c?.Name ?? ""),
          type: String(c?.type ?? c?.Type ?? ""),
        })),
        ...(t.classic === true ? { kind: "classic" as const } : {}),
      };
    });
  }
  if (value.functions !== undefined) {
    if (!Array.isArray(value.functions)) fail(shown, "'functions' must be a list.", rangeOf(["functions"]));
    out.functions = (value.functions as Array<Record<string, unknown>>).map((f, i) => {
      const name = (f?.name ?? f?.FunctionName) as unknown;
      if (typeof name !== "string") fail(shown, `functions[${i}] needs a 'name'.`, rangeOf(["functions", i]));
      const params = (f.parameters ?? f.FunctionParameters ?? []) as Array<Record<string, unknown>>;
      const result = (f.resultColumns ?? f.FunctionResultColumns) as
        | Array<Record<string, unknown>>
        | undefined;
      return {
        name,
        parameters: params.map((p) => ({
          name: String(p?.name ?? p?.Name ?? ""),
          type: String(p?.type ?? p?.Type ?? "string"),
          ...(p?.default !== undefined || p?.Default !== undefined
            ? { default: String(p.default ?? p.Default) }
            : {}),
        })),
        ...(typeof f.body === "string" ? { body: f.body } : {}),
        ...(result
          ? {
              resultColumns: result.map((c) => ({
                name: String(c?.name ?? c?.Name ?? ""),
                type: String(c?.type ?? c?.Type ?? ""),
              })),
            }
          : {}),
      };
    });
  }
  return out;
}

/** The severity a code gets under this configuration (undefined = off). */
export function resolveSeverity(
  config: ValidatorConfig,
  code: string,
  fallback: DiagnosticSeverity,
): DiagnosticSeverity | undefined {
  const exact = config.checks[code.toUpperCase()];
  let setting: CheckSetting | undefined = exact;
  if (!setting) {
    let best = -1;
    for (const [pattern, s] of Object.entries(config.checks)) {
      if (!pattern.endsWith("*")) continue;
      const prefix = pattern.slice(0, -1);
      if (code.toUpperCase().startsWith(prefix) && prefix.length > best) {
        best = prefix.length;
        setting = s;
      }
    }
  }
  if (setting === "off") return undefined;
  return setting ?? fallback;
}

/** A predicate telling whether a file (relative to cwd, or absolute) is excluded by the configuration. */
export function excluder(config: ValidatorConfig, cwd: string): (file: string) => boolean {
  if (!config.exclude.length) return () => false;
  const match = picomatch(config.exclude, { dot: true });
  return (file) => {
    const abs = path.resolve(cwd, file);
    const rel = path.relative(config.root, abs).split(path.sep).join("/");
    return match(rel) || match(`${rel}/`);
  };
}

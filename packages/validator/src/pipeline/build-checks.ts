import path from "node:path";
import type { Diagnostic, SolutionModel } from "@sentinelctl/content";
import { BUILD_CHECKS } from "../checks/registry.js";
import { excluder, loadConfig, type ValidatorConfig } from "./config.js";
import { finaliseFindings, sourcesOf } from "./finalise.js";
import { buildProjectIndex, type SolutionSchema, solutionSchema } from "./project.js";
import { runChecks } from "./run-checks.js";
import { filterModel } from "./validate.js";

export interface BuildCheckOptions {
  /** Working directory: the configuration is looked up from it (default: the process's). */
  cwd?: string;
  /** A resolved configuration (instead of looking it up). */
  config?: ValidatorConfig;
}

/**
 * Findings as a validator run reports them (configured severities, inline suppressions), for
 * findings made outside one (the builder's own). Suppressions that match nothing here are not
 * reported: the rest of the run may be what they suppress.
 */
export function configureFindings(
  raw: readonly Diagnostic[],
  models: readonly SolutionModel[],
  options: BuildCheckOptions = {},
): Diagnostic[] {
  const config = options.config ?? loadConfig({ cwd: path.resolve(options.cwd ?? process.cwd()) });
  return finaliseFindings(raw, { ...config, notes: [] }, sourcesOf(models)).filter(
    (d) => d.code !== "SUPPRESS-UNUSED",
  );
}

/**
 * The checks `build` always runs (BUILD_CHECKS: packaging and the rules the builder relies on) over
 * one solution, configured as `validate` configures them. Synchronous and without query analysis:
 * the builder and the resolver call it before rendering anything.
 */
export function runBuildChecks(model: SolutionModel, options: BuildCheckOptions = {}): Diagnostic[] {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const config = options.config ?? loadConfig({ cwd });
  const filtered = filterModel(model, excluder(config, cwd));
  if (!filtered) return [];
  const project = buildProjectIndex({ solutions: [filtered], diagnostics: [], files: [] }, config, {
    ids: new Set(),
    dataTypes: new Set(),
  });
  let schema: SolutionSchema | undefined;
  const raw: Diagnostic[] = [];
  runChecks(
    {
      model: filtered,
      project,
      // Only worked out when a check asks; the engine version only feeds cache keys, unused here.
      get schema() {
        schema ??= solutionSchema(filtered, config, "build-checks");
        return schema;
      },
      queries: [],
    },
    BUILD_CHECKS,
    raw,
  );
  return configureFindings(raw, [filtered], { config });
}

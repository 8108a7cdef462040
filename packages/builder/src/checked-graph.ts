import { type Diagnostic, diagnostic, hasErrors, type SolutionModel } from "@sentinelctl/content";
import {
  type BuildCheckOptions,
  configureFindings,
  readSolutionLogo,
  runBuildChecks,
} from "@sentinelctl/validator";
import { iconHtml } from "./description.js";
import { buildGraph, type PackageGraph } from "./graph.js";

/**
 * The package icon from the solution's logo: an https URL as is, an SVG file as a data URI. None
 * when the logo is unusable (BUILD-LOGO, BUILD-PATH-ESCAPE say why, even when configured off).
 */
export function packageIcon(model: SolutionModel): string | undefined {
  const logo = readSolutionLogo(model);
  if (!logo || "problem" in logo) return undefined;
  return iconHtml("url" in logo ? logo.url : `data:image/svg+xml;base64,${logo.svg.toString("base64")}`);
}

/**
 * What building and resolving a solution share: the checks `build` always runs (the validator's
 * BUILD_CHECKS, configured as `validate` configures them) and, when none of their findings is an
 * error, the resource graph. The builder runs no rules of its own: `diagnostics` holds those
 * checks' findings and what rendering the graph found (BUILD-SECURE-DEFAULT).
 */
export function checkedGraph(
  model: SolutionModel,
  options: BuildCheckOptions = {},
): { graph?: PackageGraph; icon?: string; diagnostics: Diagnostic[] } {
  if (!model.solution) {
    const missing = diagnostic(
      "BUILD-NO-SOLUTION",
      "error",
      `No solution.yaml in ${model.dir}: only a solution folder can be built.`,
      { file: model.dir },
    );
    // Configured like every code; the build still cannot go on without a solution.
    return { diagnostics: configureFindings([missing], [model], options) };
  }
  const diagnostics = runBuildChecks(model, options);
  if (hasErrors(diagnostics)) return { diagnostics };
  const icon = packageIcon(model);
  const found: Diagnostic[] = [];
  const graph = buildGraph(model, { ...(icon ? { icon } : {}), diagnostics: found });
  diagnostics.push(...configureFindings(found, [model], options));
  return { graph, ...(icon ? { icon } : {}), diagnostics };
}

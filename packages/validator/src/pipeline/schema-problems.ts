import path from "node:path";
import type { Diagnostic, Range, SolutionModel } from "@sentinelctl/content";
import type { SchemaProblem } from "../schema/types.js";
import type { ValidatorConfig } from "./config.js";

/**
 * The schema registry's problems with a solution's declarations, as findings at the declaring
 * table, parser or configuration file.
 */
export function schemaProblemFindings(
  problems: readonly SchemaProblem[],
  model: SolutionModel,
  config: ValidatorConfig,
  cwd: string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of problems) {
    // KQL-NOT-TABULAR reports the same thing as an error at the query's end.
    if (p.code === "SCHEMA-FUNCTION-NOT-TABULAR") continue;
    // Problems of the enclosing solution's own tables and parsers belong to its own validation.
    if (fromContextOnly(p, model)) continue;
    out.push({
      code: p.code,
      severity: p.severity,
      message: p.message,
      ...schemaProblemTarget(p, model, config, cwd),
    });
  }
  return out;
}

function schemaProblemTarget(
  problem: SchemaProblem,
  model: SolutionModel,
  config: ValidatorConfig,
  cwd: string,
): { file?: string; range?: Range } {
  if (problem.origin === "project") {
    const file = config.declarationsFile ?? config.file;
    return file ? { file: path.relative(cwd, file).split(path.sep).join("/") || file } : {};
  }
  if (problem.table) {
    const t = model.tables.find((x) => x.data.name === problem.table);
    if (t) {
      const col = problem.column ? t.data.columns.findIndex((c) => c.name === problem.column) : -1;
      const idx = problem.column ? t.data.columns.map((c) => c.name).lastIndexOf(problem.column) : -1;
      const at = problem.code === "SCHEMA-DUPLICATE-COLUMN" ? idx : col;
      return {
        file: t.source.file,
        range: t.source.range(at >= 0 ? [...t.path, "columns", at, "name"] : [...t.path, "name"]),
      };
    }
  }
  if (problem.function) {
    const p = model.parsers.find((x) => x.data.FunctionAlias === problem.function);
    if (p) {
      const param = problem.parameter
        ? (p.data.FunctionParams ?? []).findIndex((x) => x.Name === problem.parameter)
        : -1;
      return {
        file: p.source.file,
        range: p.source.range(
          param >= 0 ? [...p.path, "FunctionParams", param, "Type"] : [...p.path, "FunctionAlias"],
        ),
      };
    }
  }
  return {};
}

function fromContextOnly(problem: SchemaProblem, model: SolutionModel): boolean {
  if (!model.context || problem.origin !== "solution") return false;
  if (problem.function) return !model.parsers.some((p) => p.data.FunctionAlias === problem.function);
  if (problem.table) return !model.tables.some((t) => t.data.name === problem.table);
  return false;
}

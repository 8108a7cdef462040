// Programmatic API of @sentinelctl/validator.

export {
  type Explanation,
  explainableCodes,
  explainCode,
  explanationText,
  renderDiagnosticsPage,
} from "./checks/explain.js";
export { LOAD_CODES, SCHEMA_CODES } from "./checks/loader-codes.js";
export {
  BUILD_CHECKS,
  BUILD_CODES,
  CHECKS,
  checkRegistry,
  metaForCode,
  OTHER_CODES,
  type RegistryEntry,
} from "./checks/registry.js";
export { currentCodes, RENAMED_CODES } from "./checks/renamed.js";
export type { Check, CheckCategory, CheckContext, CheckMeta, Report, Where } from "./checks/types.js";
// The KQL service and the schema registry (another module's API, re-exported).
export * from "./kql/index.js";
// Facts about packaging the checks and the builder share.
export * from "./packaging/index.js";
export { type BuildCheckOptions, configureFindings, runBuildChecks } from "./pipeline/build-checks.js";
export { AnalysisCache, CACHE_DIR, getEngineVersion } from "./pipeline/cache.js";
export {
  type CheckSetting,
  CONFIG_FILE_NAMES,
  emptyConfig,
  findConfigFile,
  loadConfig,
  resolveSeverity,
  type ValidatorConfig,
} from "./pipeline/config.js";
// Content items as schema declarations (used by `sentinelctl query --solution`).
export { parserDeclaration, tableDeclaration } from "./pipeline/project.js";
export { type QueryResult, type QueryRole, type QuerySite, querySites } from "./pipeline/query-sites.js";
export { applySuppressions, parseSuppressions, type Suppression } from "./pipeline/suppressions.js";
export {
  queryRange,
  type RunOptions,
  runValidation,
  type ValidateOptions,
  type ValidationResult,
  type ValidationStats,
  validateContent,
} from "./pipeline/validate.js";
export { type WorkbookQuery, workbookQueryText } from "./pipeline/workbook-queries.js";
export { FORMATS, type FormatOptions, formatDiagnostics, type ReportFormat } from "./reporters/index.js";
export * from "./schema/index.js";

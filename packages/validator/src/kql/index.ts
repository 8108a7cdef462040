export {
  DEFAULT_MAX_QUERY_LENGTH,
  getKqlService,
  KQL_CODES,
  type KqlAnalysis,
  type KqlAnalyzeOptions,
  type KqlColumn,
  type KqlColumnType,
  type KqlDiagnostic,
  KqlService,
  type KqlServiceOptions,
  type KqlServiceStats,
  type KqlSeverity,
  lineColInQuery,
} from "./service.js";
export {
  type ParameterReplacement,
  substituteWorkbookParameters,
  type WorkbookParameter,
  type WorkbookParameterKind,
  type WorkbookSubstitution,
  type WorkbookSubstitutionOptions,
} from "./workbook-params.js";

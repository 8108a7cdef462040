export { KqlQueryError, type KqlPosition, type KqlQueryDiagnostic, KqlUnsupportedError } from "./errors.js";
export {
  type EvaluateOptions,
  type EvaluateResult,
  evaluate,
  type InputFunction,
  type InputTable,
  MAX_QUERY_LENGTH,
} from "./evaluate.js";
export * from "./kusto.js";
export type { KqlColumn, KqlType } from "./values.js";

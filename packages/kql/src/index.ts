export { type KqlPosition, type KqlQueryDiagnostic, KqlQueryError, KqlUnsupportedError } from "./errors.js";
export {
  type EvaluateOptions,
  type EvaluateResult,
  evaluate,
  type InputFunction,
  type InputTable,
  MAX_QUERY_LENGTH,
} from "./evaluate.js";
export * from "./kusto.js";
export { CellError, coerceCell, type KqlColumn, type KqlType, kqlTypeOf } from "./values.js";

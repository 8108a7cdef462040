export { CLASSIC_EXTRA_COLUMNS, STANDARD_COLUMNS } from "./builtin-tables.js";
export { isKustoType, normalizeKustoType, type TypeNormalization } from "./kusto-types.js";
export { type BuildSchemaOptions, buildSchema } from "./registry.js";
export * from "./types.js";

export * from "./api-versions.js";
export * from "./automation-rules.js";
export * from "./catalogue.js";
export * from "./define.js";
export * from "./detection-tests.js";
export * from "./diagnostics.js";
export * from "./did-you-mean.js";
export {
  DAY,
  formatDuration,
  fromIsoDuration,
  HOUR,
  MINUTE,
  parseDuration,
  SECOND,
  toIsoDuration,
} from "./duration.js";
export * from "./json-schemas.js";
export * from "./loader.js";
export * from "./model.js";
export * from "./reference-docs.js";
export * from "./resources.js";
export * from "./schema-check.js";
export * from "./schemas/index.js";
export * from "./source.js";
export * from "./workbook/index.js";

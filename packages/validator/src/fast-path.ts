// The part of the validator a cache hit needs: find the cached run, render its findings. Nothing
// here imports the content model, the checks or Kusto (SARIF's rule catalogue is the caller's).
export { type CachedStats, type RunRequest, readCachedRun } from "./pipeline/cached-run.js";
export { FORMATS, formatReport, type ReportFormat, type ReportOptions } from "./reporters/format.js";

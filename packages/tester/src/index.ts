// Programmatic API of @sentinelctl/tester.
export { type BacktestDay, type BacktestResult, backtest, runTimes, type WindowQuery } from "./backtest.js";
export { CEF_EXTENSION_COLUMNS, type CefEvent, CefParseError, parseCefLine, parseExtension } from "./cef.js";
export {
  type Engine,
  EngineError,
  type EngineFunction,
  type EngineRequest,
  type EngineTable,
} from "./engine.js";
export { type KustoEngineOptions, kustoEngine } from "./engines/kusto.js";
export { localEngine } from "./engines/local.js";
export { type WorkspaceEngineOptions, workspaceEngine, workspaceWindowQuery } from "./engines/workspace.js";
export { DEFAULT_AGO, TestFileError } from "./inputs.js";
export { alertView, compareOutcome, type Mismatch, type Outcome, valueMatches } from "./match.js";
export { formatResults, TEST_REPORT_FORMATS, type TestReportFormat } from "./report.js";
export {
  type CaseQuery,
  type CaseResult,
  type CaseStatus,
  type FileResult,
  InvalidTestError,
  runTestFile,
} from "./runner.js";
export { kqlLiteral, selfContainedQuery } from "./self-contained.js";
export {
  type Alert,
  alertsOf,
  type Entity,
  type Incident,
  incidentsOf,
  MAX_ALERTS_PER_RUN,
  NRT_WINDOW_MS,
  type QueryResult,
  type RuleRun,
  runWindow,
  simulateRun,
  triggers,
} from "./semantics.js";
export { runSuite, type SuiteOptions, type SuiteResult } from "./suite.js";
export { headerTime, parseSyslogHeader, parseSyslogLine, type SyslogHeader } from "./syslog.js";
export { type TableSchemas, tableSchemas } from "./tables.js";
export { resolveTarget, type Target, testableItems } from "./targets.js";
export { updateExpectations } from "./update.js";
export { cellText } from "./values.js";

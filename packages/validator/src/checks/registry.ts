import { automationPlaybookReference, automationRuleReference } from "./automation-references.js";
import { buildAutomationNotPackaged } from "./build-automation-not-packaged.js";
import { buildDuplicateContentId } from "./build-duplicate-content-id.js";
import { buildLogo } from "./build-logo.js";
import { buildPathEscape } from "./build-path-escape.js";
import { ccfStreams } from "./ccf-streams.js";
import { connectorDataTypes } from "./connector-datatypes.js";
import { connectorPermissions } from "./connector-permissions.js";
import { kqlDiagnostics } from "./kql-diagnostics.js";
import { kqlNotTabular } from "./kql-not-tabular.js";
import { LOAD_CODES, SCHEMA_CODES } from "./loader-codes.js";
import { playbookTemplate } from "./playbook-template.js";
import { ruleAlertDetails } from "./rule-alert-details.js";
import { ruleColumnTypes } from "./rule-column-types.js";
import { ruleCustomDetails } from "./rule-custom-details.js";
import { ruleDataTypesCoverage } from "./rule-datatypes-coverage.js";
import { ruleEntityIdentifiers } from "./rule-entity-identifiers.js";
import { ruleEntityLimits } from "./rule-entity-limits.js";
import { ruleFieldLengths } from "./rule-field-lengths.js";
import { ruleIdGuid } from "./rule-id-guid.js";
import { ruleIncidentGrouping } from "./rule-incident-grouping.js";
import { ruleLegacyEntityColumns } from "./rule-legacy-entity-columns.js";
import { ruleNrt } from "./rule-nrt.js";
import { rulePeriodFrequency } from "./rule-period-frequency.js";
import { ruleQuerySchedule } from "./rule-query-schedule.js";
import { ruleRequiredConnectors } from "./rule-required-connectors.js";
import { ruleRequiredDataTypes } from "./rule-required-datatypes.js";
import { ruleResultColumns } from "./rule-result-columns.js";
import { ruleTechniqueTactic } from "./rule-technique-tactic.js";
import { ruleTechniqueUnknown } from "./rule-technique-unknown.js";
import { ruleTiFreshness } from "./rule-ti-freshness.js";
import { solutionBranding } from "./solution-branding.js";
import { solutionSupport } from "./solution-support.js";
import { tableColumnType } from "./table-column-type.js";
import { tableName } from "./table-name.js";
import { tableTimeGenerated } from "./table-timegenerated.js";
import { tableWriter } from "./table-writer.js";
import type { Check, CheckMeta } from "./types.js";
import { versionFormat } from "./version-format.js";
import { workbookDependencies } from "./workbook-dependencies.js";
import { workbookParameters } from "./workbook-parameters.js";
import { workbookPreviewImages } from "./workbook-preview-images.js";
import { workbookTemplate } from "./workbook-template.js";

/** Every check, in the order they run. */
export const CHECKS: readonly Check[] = [
  kqlDiagnostics,
  kqlNotTabular,
  ruleIdGuid,
  ruleQuerySchedule,
  rulePeriodFrequency,
  ruleTechniqueUnknown,
  ruleTechniqueTactic,
  versionFormat,
  ruleCustomDetails,
  ruleEntityLimits,
  ruleEntityIdentifiers,
  ruleAlertDetails,
  ruleRequiredConnectors,
  ruleRequiredDataTypes,
  ruleDataTypesCoverage,
  ruleLegacyEntityColumns,
  ruleFieldLengths,
  ruleResultColumns,
  ruleColumnTypes,
  ruleTiFreshness,
  ruleNrt,
  ruleIncidentGrouping,
  tableTimeGenerated,
  tableName,
  tableColumnType,
  tableWriter,
  connectorDataTypes,
  connectorPermissions,
  ccfStreams,
  workbookDependencies,
  workbookTemplate,
  workbookParameters,
  workbookPreviewImages,
  playbookTemplate,
  automationPlaybookReference,
  automationRuleReference,
  solutionSupport,
  solutionBranding,
  buildDuplicateContentId,
  buildLogo,
  buildPathEscape,
  buildAutomationNotPackaged,
];

/** The checks `build` runs even with --no-validate (see CheckMeta.alwaysInBuild). */
export const BUILD_CHECKS: readonly Check[] = CHECKS.filter((c) => c.meta.alwaysInBuild);

/**
 * Codes produced outside the checks by suppressions, the configuration and the validator itself
 * (the loader's and the schema registry's codes are LOAD_CODES and SCHEMA_CODES).
 */
export const OTHER_CODES: readonly CheckMeta[] = [
  {
    code: "SUPPRESS-NO-REASON",
    severity: "error",
    category: "meta",
    doc: "An inline sentinelctl-disable-next-line comment without a reason (`-- why`) or without a code; it suppresses nothing.",
  },
  {
    code: "SUPPRESS-UNUSED",
    severity: "warning",
    category: "meta",
    doc: "An inline suppression with no matching finding on the next line.",
  },
  {
    code: "VALIDATOR-INTERNAL",
    severity: "error",
    category: "meta",
    doc: "A check failed unexpectedly on this input (a bug in sentinelctl); the other checks still ran.",
  },
  {
    code: "CONFIG-RENAMED-CODE",
    severity: "warning",
    category: "meta",
    doc: "sentinelctl.config.yaml names a code that was renamed (the builder's former BUILD-* duplicates of validator checks); the setting applies to the new codes for one more release.",
  },
  {
    code: "CONFIG-INVALID",
    severity: "error",
    category: "meta",
    doc: "sentinelctl.config.yaml (or the declarations file it names) is malformed.",
  },
];

/**
 * Codes the builder reports itself, from facts only it has (the package it renders, the released
 * package it compares with). Configured and suppressed like the checks' codes.
 */
export const BUILD_CODES: readonly CheckMeta[] = [
  {
    code: "BUILD-NO-SOLUTION",
    severity: "error",
    category: "package",
    doc: "`build` was given a folder without solution.yaml: only a solution folder can be packaged.",
  },
  {
    code: "BUILD-SECURE-DEFAULT",
    severity: "warning",
    category: "package",
    doc: "A playbook's securestring/secureobject parameter has a default value; the package leaves it out (secrets never ship).",
  },
  {
    code: "BUILD-BASELINE-UNREADABLE",
    severity: "error",
    category: "package",
    doc: "The --baseline package cannot be read (not a file, folder or git ref; no mainTemplate.json; invalid JSON or zip): an input error (exit 2), so not configurable.",
  },
  {
    code: "BUILD-BASELINE-MISSING",
    severity: "warning",
    category: "package",
    doc: "The --baseline holds no package for this solution; the build is treated as a first release.",
  },
  {
    code: "BUILD-VERSION-NOT-INCREASED",
    severity: "error",
    category: "package",
    doc: "With --baseline: the solution version is greater than the released one (semantic-version order).",
  },
  {
    code: "BUILD-ITEM-VERSION",
    severity: "error",
    category: "package",
    doc: "With --baseline: an item whose packaged content changed has a higher version than the released one.",
  },
  {
    code: "BUILD-ITEM-VERSION-BACKWARDS",
    severity: "error",
    category: "package",
    doc: "With --baseline: an item's version never goes below the released one.",
  },
  {
    code: "BUILD-ID-CHANGED",
    severity: "error",
    category: "package",
    doc: "With --baseline: a released item keeps its content id (an item gone and a new one of the same kind and name means the id changed).",
  },
  {
    code: "BUILD-ITEM-REMOVED",
    severity: "error",
    category: "package",
    doc: "With --baseline: a released item does not vanish from the package unless --allow-removed names it.",
  },
];

export interface RegistryEntry extends CheckMeta {}

/** Code, default severity and doc of every check, every builder, loader and schema code, and every other code family. */
export function checkRegistry(): RegistryEntry[] {
  return [...CHECKS.map((c) => c.meta), ...BUILD_CODES, ...LOAD_CODES, ...SCHEMA_CODES, ...OTHER_CODES];
}

/** The registry entry that documents a concrete code (exact, or the family `PREFIX-*`). */
export function metaForCode(code: string): RegistryEntry | undefined {
  const all = checkRegistry();
  return (
    all.find((m) => m.code === code) ??
    all
      .filter((m) => m.code.endsWith("*") && code.startsWith(m.code.slice(0, -1)))
      .sort((a, b) => b.code.length - a.code.length)[0]
  );
}

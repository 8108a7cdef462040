// Programmatic API of @sentinelctl/builder.

export { toIsoDuration } from "@sentinelctl/content";
export { escapeLiteral, isArmExpressionString, renderTemplateJson, unescapeLiteral } from "./arm/escape.js";
export { ArmEvalError, createEvaluator, type EvalEnv, type EvalScope, OMIT } from "./arm/evaluate.js";
export {
  call,
  concat,
  Expr,
  type Json,
  parameters,
  parseExpression,
  renderNode,
  variables,
} from "./arm/expr.js";
export { ARM_GUID_NAMESPACE, armGuid, uuidV5 } from "./arm/guid.js";
export { murmurHash64, uniqueString } from "./arm/unique-string.js";
export {
  type Baseline,
  type BaselineComparison,
  compareWithBaseline,
  type PackageItem,
  type PackageSummary,
  type ReleaseChange,
  readBaseline,
  releaseNotesEntry,
  summarisePackage,
} from "./baseline.js";
export {
  type BuildOptions,
  type BuildResult,
  type BuiltFile,
  buildSolution,
  buildSolutions,
  type CheckedFile,
  checkCommittedPackage,
  type SolutionBuild,
  writeBuild,
} from "./build.js";
export { checkedGraph, packageIcon } from "./checked-graph.js";
export {
  type ArmContentKind,
  buildGraph,
  CONTENT_SCHEMA_VERSION,
  type GraphItem,
  KIND_CODES,
  type PackageGraph,
} from "./graph.js";
export { automationRuleProperties, logicAppName } from "./mappings/automation-rule.js";
export { createUiDefinitionJson, mainTemplateJson, type PackageFiles, renderPackage } from "./package.js";
export {
  installEnvironment,
  prepareGraph,
  type ResolveOptions,
  resolveSolution,
  templateResourceId,
} from "./resolve.js";
export { toJsonText } from "./util/json.js";
export { markdownToHtml } from "./util/markdown.js";
export { compareVersions, parseVersion } from "./util/semver.js";
export { readZip, writeZip, type ZipEntry } from "./zip.js";

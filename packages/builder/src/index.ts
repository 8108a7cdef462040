// Programmatic API of @sentinelctl/builder.
export { uniqueString, murmurHash64 } from "./arm/unique-string.js";
export { armGuid, uuidV5, ARM_GUID_NAMESPACE } from "./arm/guid.js";
export {
  Expr,
  type Json,
  call,
  concat,
  parameters,
  variables,
  parseExpression,
  renderNode,
} from "./arm/expr.js";
export { escapeLiteral, unescapeLiteral, isArmExpressionString, renderTemplateJson } from "./arm/escape.js";
export { ArmEvalError, createEvaluator, type EvalEnv, type EvalScope, OMIT } from "./arm/evaluate.js";
export {
  buildGraph,
  type PackageGraph,
  type GraphItem,
  type ArmContentKind,
  KIND_CODES,
  CONTENT_SCHEMA_VERSION,
} from "./graph.js";
export { checkedGraph, packageIcon } from "./checked-graph.js";
export { mainTemplateJson, createUiDefinitionJson, renderPackage, type PackageFiles } from "./package.js";
export {
  resolveSolution,
  type ResolveOptions,
  installEnvironment,
  prepareGraph,
  templateResourceId,
} from "./resolve.js";
export {
  buildSolution,
  buildSolutions,
  writeBuild,
  checkCommittedPackage,
  type BuildOptions,
  type BuildResult,
  type SolutionBuild,
  type BuiltFile,
  type CheckedFile,
} from "./build.js";
export {
  readBaseline,
  summarisePackage,
  compareWithBaseline,
  releaseNotesEntry,
  type Baseline,
  type BaselineComparison,
  type PackageItem,
  type PackageSummary,
  type ReleaseChange,
} from "./baseline.js";
export { writeZip, readZip, type ZipEntry } from "./zip.js";
export { automationRuleProperties, logicAppName } from "./mappings/automation-rule.js";
export { toJsonText } from "./util/json.js";
export { compareVersions, parseVersion } from "./util/semver.js";
export { toIsoDuration } from "@sentinelctl/content";
export { markdownToHtml } from "./util/markdown.js";

// Programmatic API of @sentinelctl/importer: existing content brought into this repository's layout.

export {
  type DriftField,
  type DriftItem,
  type DriftTarget,
  driftJson,
  driftOf,
  hasDrift,
  renderDriftText,
} from "./drift.js";
export { type DriftWriteResult, writeDrift } from "./drift-write.js";
export { existingFiles, fileStem, writeFiles, yamlText } from "./files.js";
export {
  importFromPackage,
  importReadPackage,
  parseFunctionParameters,
} from "./from-package.js";
export { importFromSolution } from "./from-solution.js";
export {
  importFromWorkspace,
  WORKSPACE_KINDS,
  type WorkspaceImportOptions,
  type WorkspaceKind,
  type WorkspaceTarget,
} from "./from-workspace.js";
export {
  IMPORT_SCOPE,
  type PackageEntry,
  type PackageResource,
  type ReadPackage,
  readPackage,
} from "./read-package.js";
export type { ImportedFile, ImportResult, Skipped } from "./result.js";

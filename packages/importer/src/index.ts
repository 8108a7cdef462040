// Programmatic API of @sentinelctl/importer: existing content brought into this repository's layout.

export { existingFiles, fileStem, writeFiles, yamlText } from "./files.js";
export {
  fromIsoDuration,
  importFromPackage,
  importReadPackage,
  parseFunctionParameters,
} from "./from-package.js";
export {
  IMPORT_SCOPE,
  type PackageEntry,
  type PackageResource,
  type ReadPackage,
  readPackage,
} from "./read-package.js";
export type { ImportedFile, ImportResult, Skipped } from "./result.js";

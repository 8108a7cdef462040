// Programmatic API of @sentinelctl/importer: existing content brought into this repository's layout.
export { importFromPackage, importReadPackage, fromIsoDuration, parseFunctionParameters } from "./from-package.js";
export { readPackage, IMPORT_SCOPE, type PackageEntry, type PackageResource, type ReadPackage } from "./read-package.js";
export { existingFiles, fileStem, writeFiles, yamlText } from "./files.js";
export type { ImportResult, ImportedFile, Skipped } from "./result.js";

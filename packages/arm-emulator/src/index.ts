/**
 * @sentinelctl/arm-emulator: a local HTTPS emulator of the Azure Resource Manager and Entra
 * endpoints a Sentinel deployer uses. See README.md.
 */
export * from "./constants.js";
export { startEmulator } from "./emulator.js";
export { ALL_FAULT_KINDS, type FaultKind, type FaultSettings } from "./faults.js";
export type {
  EmulatorHandle,
  EmulatorOptions,
  IngestedBatch,
  RecordedRequest,
  SeedWorkspace,
} from "./options.js";
export { PERMISSION_TYPES, type PermissionSettings } from "./permissions.js";
export { KINDS, type KindDef } from "./resources.js";
export { DEFAULT_SPECS_DIR, SpecRegistry, sharedSpecRegistry, typeKeyOfTemplate } from "./specs.js";
export type { StateSnapshot, StoredResource } from "./store.js";

/**
 * @sentinelctl/arm-emulator: a local HTTPS emulator of the Azure Resource Manager and Entra
 * endpoints a Sentinel deployer uses. See README.md.
 */
export {
  ARM_AUDIENCES,
  ARM_SCOPE,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_LOCATION,
  DEFAULT_PAGE_SIZE,
  DEFAULT_RESOURCE_GROUP,
  DEFAULT_SUBSCRIPTION_ID,
  DEFAULT_TENANT_ID,
  DEFAULT_WORKSPACE,
  MONITOR_AUDIENCE,
} from "./constants.js";
export {
  ALL_FAULT_KINDS,
  type EmulatorHandle,
  type EmulatorOptions,
  type FaultKind,
  type FaultSettings,
  type IngestedBatch,
  type RecordedRequest,
  type SeedWorkspace,
  startEmulator,
} from "./emulator.js";
export { KINDS, type KindDef } from "./resources.js";
export { DEFAULT_SPECS_DIR, SpecRegistry, sharedSpecRegistry, typeKeyOfTemplate } from "./specs.js";
export type { StateSnapshot, StoredResource } from "./store.js";

/**
 * Fixed, obviously fake identifiers of the emulator's built-in identity and seed workspace.
 * None of these values exists in any real Entra tenant or Azure subscription.
 */

/** Tenant id accepted by the emulator's Entra endpoints. */
export const DEFAULT_TENANT_ID = "00000000-0000-0000-0000-0000000e1a70";
/** Client (application) id accepted by the emulator's token endpoint. */
export const DEFAULT_CLIENT_ID = "00000000-0000-0000-0000-00000c11e470";
/**
 * Client secret accepted by the emulator's token endpoint. Any other secret gets
 * 401 `invalid_client`, so "bad credentials" paths can be tested. Not a secret: it is a
 * published constant that only this local emulator accepts.
 */
export const DEFAULT_CLIENT_SECRET = "arm-emulator-dev-secret-not-a-real-secret";

/** Seed workspace used when `startEmulator` gets no `workspaces` option. */
export const DEFAULT_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
export const DEFAULT_RESOURCE_GROUP = "sentinel-rg";
export const DEFAULT_WORKSPACE = "sentinel-ws";
export const DEFAULT_LOCATION = "westeurope";

/** The token scope ARM clients must ask for (also what the emulator checks as audience). */
export const ARM_SCOPE = "https://management.azure.com/.default";
/** Audiences the ARM surface accepts in bearer tokens. */
export const ARM_AUDIENCES = ["https://management.azure.com", "https://management.core.windows.net"];
/** Audience of the Logs Ingestion data plane. */
export const MONITOR_AUDIENCE = "https://monitor.azure.com";
/** Audiences of the Log Analytics query API (what `@azure/monitor-query-logs` asks for). */
export const LOGS_QUERY_AUDIENCES = ["https://api.loganalytics.io", "https://api.loganalytics.azure.com"];

/** Page size of LIST responses (ARM-style `nextLink` paging above it). */
export const DEFAULT_PAGE_SIZE = 100;

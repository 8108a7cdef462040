/**
 * The local ARM emulator's credential: its published development identity (not a secret; it
 * exists in no real tenant) through a real `ClientSecretCredential` whose authority host is the
 * emulator itself. The CLI hands it to the deployer when it targets the emulator; the deployer
 * never picks it on its own.
 */
import type { TokenCredential } from "@azure/core-auth";
import { ClientSecretCredential } from "@azure/identity";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_TENANT_ID,
} from "@sentinelctl/arm-emulator/constants";
import { registerSecret } from "@sentinelctl/deployer";

registerSecret(DEFAULT_CLIENT_SECRET);

export const EMULATOR_IDENTITY = { tenantId: DEFAULT_TENANT_ID, clientId: DEFAULT_CLIENT_ID } as const;

export function emulatorCredential(
  endpoint: string,
  options: { ca?: string; retry?: { maxRetries?: number; retryDelayInMs?: number } } = {},
): TokenCredential {
  return new ClientSecretCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, {
    authorityHost: endpoint.replace(/\/+$/, ""),
    disableInstanceDiscovery: true,
    ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
    ...(options.retry ? { retryOptions: options.retry } : {}),
  });
}

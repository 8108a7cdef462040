/**
 * The local ARM emulator's credential: its published development identity (not a secret; it
 * exists in no real tenant) through a real `ClientSecretCredential` whose authority host is the
 * emulator itself. The CLI hands it to the deployer when it targets the emulator; the deployer
 * never picks it on its own.
 *
 * The identity and the seed workspace are the emulator's own constants. They are imported lazily,
 * and only on the emulator-specific path (a loopback endpoint), so that no production path loads
 * the emulator package; the CLI still lists it as a dependency for its `emulator` command.
 */
import type { TokenCredential } from "@azure/core-auth";
import { ClientSecretCredential } from "@azure/identity";
import { registerSecret } from "@sentinelctl/deployer";

export interface EmulatorIdentity {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export interface EmulatorCredentialOptions {
  ca?: string;
  retry?: { maxRetries?: number; retryDelayInMs?: number };
}

function emulatorConstants() {
  return import("@sentinelctl/arm-emulator/constants");
}

/** The emulator's published development identity. */
export async function emulatorIdentity(): Promise<EmulatorIdentity> {
  const c = await emulatorConstants();
  return {
    tenantId: c.DEFAULT_TENANT_ID,
    clientId: c.DEFAULT_CLIENT_ID,
    clientSecret: c.DEFAULT_CLIENT_SECRET,
  };
}

/** The workspace the emulator seeds when started without options: the default target of a loopback endpoint. */
export async function emulatorSeedWorkspace(): Promise<{
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
}> {
  const c = await emulatorConstants();
  return {
    subscriptionId: c.DEFAULT_SUBSCRIPTION_ID,
    resourceGroup: c.DEFAULT_RESOURCE_GROUP,
    workspace: c.DEFAULT_WORKSPACE,
  };
}

/** A credential for `identity` whose token endpoint is the emulator at `endpoint`. */
export function emulatorCredentialFor(
  identity: EmulatorIdentity,
  endpoint: string,
  options: EmulatorCredentialOptions = {},
): TokenCredential {
  registerSecret(identity.clientSecret);
  return new ClientSecretCredential(identity.tenantId, identity.clientId, identity.clientSecret, {
    authorityHost: endpoint.replace(/\/+$/, ""),
    disableInstanceDiscovery: true,
    ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
    ...(options.retry ? { retryOptions: options.retry } : {}),
  });
}

/** The emulator's published identity as a credential for the emulator at `endpoint`. */
export async function emulatorCredential(
  endpoint: string,
  options: EmulatorCredentialOptions = {},
): Promise<TokenCredential> {
  return emulatorCredentialFor(await emulatorIdentity(), endpoint, options);
}

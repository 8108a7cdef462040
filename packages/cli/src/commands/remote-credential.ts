import { UsageError } from "../ui.js";

/**
 * A token credential from the deploy command's chain, for a remote query engine. The deployer (and
 * its Azure SDKs) loads only here, so commands that stay offline start fast.
 */
export async function remoteCredential(kindText: string | undefined) {
  const { CREDENTIAL_KINDS, createCredential, resolveCloud } = await import("@sentinelctl/deployer");
  const kind = CREDENTIAL_KINDS.find((k) => k === kindText);
  if (kindText && !kind) throw new UsageError(`--credential must be one of: ${CREDENTIAL_KINDS.join(", ")}.`);
  return createCredential({ cloud: resolveCloud(), ...(kind ? { kind } : {}) }).credential;
}

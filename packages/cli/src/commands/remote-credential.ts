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

export interface WorkspaceAccessFlags {
  credential?: string;
  endpoint?: string;
  ca?: string;
}

/**
 * Where the Log Analytics query API is and how to get a token for it: the public cloud's with the
 * deploy command's chain, or another endpoint (`--endpoint`, `--ca`). An endpoint on this machine is
 * the local emulator: its published identity, unless `--credential` says otherwise (as for deploy).
 */
export async function workspaceAccess(flags: WorkspaceAccessFlags, cwd: string) {
  const { readCa } = await import("./deploy.js");
  const ca = readCa(flags.ca, cwd);
  if (!flags.endpoint) return { ...(ca ? { ca } : {}), credential: await remoteCredential(flags.credential) };
  const { isLoopback } = await import("@sentinelctl/deployer");
  let url: URL;
  try {
    url = new URL(flags.endpoint);
  } catch {
    throw new UsageError(`--endpoint '${flags.endpoint}' is not a URL.`);
  }
  if (url.protocol !== "https:") {
    throw new UsageError(`--endpoint must use https (tokens are only sent over TLS): ${flags.endpoint}`);
  }
  const endpoint = flags.endpoint.replace(/\/+$/, "");
  if (isLoopback(endpoint) && !flags.credential) {
    const { emulatorCredential } = await import("../emulator-credential.js");
    return {
      endpoint,
      ...(ca ? { ca } : {}),
      credential: await emulatorCredential(endpoint, ca ? { ca } : {}),
    };
  }
  return { endpoint, ...(ca ? { ca } : {}), credential: await remoteCredential(flags.credential) };
}

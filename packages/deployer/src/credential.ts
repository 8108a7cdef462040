/**
 * Clouds and credentials.
 *
 * - `--environment` picks the ARM endpoint and Entra authority of a sovereign cloud;
 *   `--endpoint` / `--authority-host` override them (private clouds, the local emulator).
 * - `--credential` pins one credential class; without it `DefaultAzureCredential` is used
 *   (environment, workload identity, managed identity, Azure CLI, ...). A pinned kind whose
 *   inputs are missing is an error, never a fall-back to something else.
 * - The deployer knows nothing of the local emulator: whoever targets it (the CLI) passes its
 *   credential as a ready `TokenCredential`.
 */

import type { TokenCredential } from "@azure/core-auth";
import {
  AzureAuthorityHosts,
  AzureCliCredential,
  ClientAssertionCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  EnvironmentCredential,
  WorkloadIdentityCredential,
} from "@azure/identity";
import { DeployError } from "./errors.js";
import { registerSecret } from "./redact.js";

export type CloudName = "AzureCloud" | "AzureUSGovernment" | "AzureChinaCloud";

export interface CloudSettings {
  name: CloudName | "custom";
  /** ARM endpoint, no trailing slash. */
  endpoint: string;
  /** Entra authority host, no trailing slash. */
  authorityHost: string;
  /** Token scope for ARM. */
  scope: string;
}

export const CLOUDS: Record<CloudName, CloudSettings> = {
  AzureCloud: {
    name: "AzureCloud",
    endpoint: "https://management.azure.com",
    authorityHost: AzureAuthorityHosts.AzurePublicCloud.replace(/\/$/, ""),
    scope: "https://management.azure.com/.default",
  },
  AzureUSGovernment: {
    name: "AzureUSGovernment",
    endpoint: "https://management.usgovcloudapi.net",
    authorityHost: AzureAuthorityHosts.AzureGovernment.replace(/\/$/, ""),
    scope: "https://management.usgovcloudapi.net/.default",
  },
  AzureChinaCloud: {
    name: "AzureChinaCloud",
    endpoint: "https://management.chinacloudapi.cn",
    authorityHost: AzureAuthorityHosts.AzureChina.replace(/\/$/, ""),
    scope: "https://management.chinacloudapi.cn/.default",
  },
};

export const CREDENTIAL_KINDS = ["default", "cli", "env", "workload", "secret"] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

export function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
    return host === "127.0.0.1" || host === "localhost" || host === "::1" || host.startsWith("127.");
  } catch {
    return false;
  }
}

export interface CloudOptions {
  environment?: string;
  endpoint?: string;
  authorityHost?: string;
}

export function resolveCloud(options: CloudOptions = {}): CloudSettings {
  let base: CloudSettings = CLOUDS.AzureCloud;
  if (options.environment) {
    const match = (Object.keys(CLOUDS) as CloudName[]).find(
      (k) => k.toLowerCase() === options.environment!.toLowerCase(),
    );
    if (!match) {
      throw new DeployError("input", `Unknown --environment '${options.environment}'.`, {
        hint: `Use one of ${Object.keys(CLOUDS).join(", ")}, or --endpoint URL with --authority-host URL.`,
      });
    }
    base = CLOUDS[match];
  }
  if (!options.endpoint && !options.authorityHost) return base;
  const endpoint = options.endpoint ? checkUrl(options.endpoint, "--endpoint") : base.endpoint;
  const authorityHost = options.authorityHost
    ? checkUrl(options.authorityHost, "--authority-host")
    : options.endpoint && isLoopback(endpoint)
      ? endpoint
      : base.authorityHost;
  // A custom endpoint keeps the cloud's ARM audience: ARM tokens are always for the cloud's
  // management resource, whatever host serves the API (the emulator accepts the public one).
  return { name: options.endpoint ? "custom" : base.name, endpoint, authorityHost, scope: base.scope };
}

function checkUrl(value: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DeployError("input", `${flag} '${value}' is not a URL.`, { hint: "Use https://host[:port]." });
  }
  if (url.protocol !== "https:") {
    throw new DeployError("input", `${flag} must use https (got '${url.protocol}').`, {
      hint: "Bearer tokens are only sent over TLS. The local emulator serves https; pass its CA with --ca.",
    });
  }
  return url.toString().replace(/\/+$/, "");
}

export interface CredentialOptions {
  kind?: CredentialKind;
  cloud: CloudSettings;
  env?: NodeJS.ProcessEnv;
  /** PEM of an extra CA the token endpoint is trusted with (the local emulator's). */
  ca?: string;
  /** Retry settings of token requests (tests make them fast). */
  retry?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
}

export interface CredentialChoice {
  credential: TokenCredential;
  /** Human description of what was chosen, e.g. "Azure CLI" (never contains a secret). */
  description: string;
  /** What the credential tries, for "no credential found" messages. */
  tried: string[];
}

const DEFAULT_CHAIN = [
  "environment variables (AZURE_TENANT_ID, AZURE_CLIENT_ID + AZURE_CLIENT_SECRET or certificate)",
  "workload identity (AZURE_FEDERATED_TOKEN_FILE)",
  "managed identity",
  "Azure CLI (az login)",
  "Azure Developer CLI (azd auth login)",
  "Azure PowerShell (Connect-AzAccount)",
];

export function createCredential(options: CredentialOptions): CredentialChoice {
  const env = options.env ?? process.env;
  const { cloud } = options;
  // Instance discovery only knows Microsoft's authorities: skip it for any other (the emulator).
  const custom = !Object.values(CLOUDS).some((c) => c.authorityHost === cloud.authorityHost);
  const common = {
    authorityHost: cloud.authorityHost,
    ...(custom ? { disableInstanceDiscovery: true } : {}),
    ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
    ...(options.retry ? { retryOptions: options.retry } : {}),
  };
  const kind = options.kind;
  registerSecret(env.AZURE_CLIENT_SECRET);
  switch (kind) {
    case "cli":
      return {
        credential: new AzureCliCredential(),
        description: "Azure CLI",
        tried: ["Azure CLI (az login)"],
      };
    case "env":
      return {
        credential: new EnvironmentCredential(common),
        description: "environment variables",
        tried: [DEFAULT_CHAIN[0]!],
      };
    case "workload":
      return workloadCredential(env, common);
    case "secret": {
      const tenantId = env.AZURE_TENANT_ID;
      const clientId = env.AZURE_CLIENT_ID;
      const secret = env.AZURE_CLIENT_SECRET;
      const missing = [
        ["AZURE_TENANT_ID", tenantId],
        ["AZURE_CLIENT_ID", clientId],
        ["AZURE_CLIENT_SECRET", secret],
      ]
        .filter(([, v]) => !v)
        .map(([k]) => k);
      if (missing.length) {
        throw new DeployError(
          "credential",
          `--credential secret needs ${missing.join(", ")} in the environment.`,
          {
            hint: "Secrets are read from the environment only, never from flags. Prefer OIDC (--credential workload) in CI.",
          },
        );
      }
      return {
        credential: new ClientSecretCredential(tenantId!, clientId!, secret!, common),
        description: `client secret for ${clientId}`,
        tried: ["client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET)"],
      };
    }
    default:
      return {
        credential: new DefaultAzureCredential(common),
        description: "DefaultAzureCredential",
        tried: DEFAULT_CHAIN,
      };
  }
}

/**
 * Workload identity: a federated token file (AKS, any CI that writes one), or in GitHub Actions
 * the job's OIDC token fetched from ACTIONS_ID_TOKEN_REQUEST_URL (needs `permissions: id-token:
 * write`), exchanged through ClientAssertionCredential: no az CLI and no stored secret.
 */
function workloadCredential(env: NodeJS.ProcessEnv, common: Record<string, unknown>): CredentialChoice {
  const tenantId = env.AZURE_TENANT_ID;
  const clientId = env.AZURE_CLIENT_ID;
  const tried = ["workload identity (AZURE_FEDERATED_TOKEN_FILE, or GitHub Actions OIDC)"];
  if (tenantId && clientId && env.AZURE_FEDERATED_TOKEN_FILE) {
    return {
      credential: new WorkloadIdentityCredential({
        ...common,
        tenantId,
        clientId,
        tokenFilePath: env.AZURE_FEDERATED_TOKEN_FILE,
      }),
      description: `workload identity for ${clientId}`,
      tried,
    };
  }
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (tenantId && clientId && url && bearer) {
    registerSecret(bearer);
    const getAssertion = async (): Promise<string> => {
      const u = new URL(url);
      u.searchParams.set("audience", env.SENTINELCTL_OIDC_AUDIENCE ?? "api://AzureADTokenExchange");
      const res = await fetch(u, { headers: { authorization: `bearer ${bearer}` } });
      if (!res.ok) throw new Error(`the GitHub OIDC token request failed with HTTP ${res.status}`);
      const value = ((await res.json()) as { value?: unknown }).value;
      if (typeof value !== "string" || !value) throw new Error("the GitHub OIDC token response has no value");
      return value;
    };
    return {
      credential: new ClientAssertionCredential(tenantId, clientId, getAssertion, common),
      description: `GitHub Actions OIDC for ${clientId}`,
      tried,
    };
  }
  throw new DeployError(
    "credential",
    "--credential workload needs AZURE_TENANT_ID and AZURE_CLIENT_ID, plus AZURE_FEDERATED_TOKEN_FILE or (in GitHub Actions) an OIDC token.",
    {
      hint: "In GitHub Actions grant `permissions: id-token: write` to the job; elsewhere point AZURE_FEDERATED_TOKEN_FILE at the federated token.",
    },
  );
}

/**
 * `sentinelctl emulator start`: runs the local ARM + Entra emulator (@sentinelctl/arm-emulator)
 * until SIGINT/SIGTERM, so a deploy can be tried without Azure.
 *
 * stdout carries only the machine-readable result (two lines `endpoint: ...` / `ca: ...` plus the
 * identity, or with --json one JSON line); progress and hints go to stderr.
 */

import {
  ALL_FAULT_KINDS,
  DEFAULT_RESOURCE_GROUP,
  DEFAULT_SUBSCRIPTION_ID,
  DEFAULT_WORKSPACE,
  type EmulatorHandle,
  type EmulatorOptions,
  type FaultKind,
  PERMISSION_TYPES,
  startEmulator,
} from "@sentinelctl/arm-emulator";
import type { Command } from "commander";

export interface EmulatorCommandDeps {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Stops the emulator when aborted (in addition to SIGINT/SIGTERM). For tests and embedding. */
  stopSignal?: AbortSignal;
  /** Called once the emulator listens. */
  onStarted?: (handle: EmulatorHandle) => void;
}

interface StartOptions {
  port: string;
  state?: string;
  faultRate: string;
  faultKinds?: string;
  latencyMs: string;
  seed: string;
  certDir?: string;
  acceptAnyToken?: boolean;
  denyWrites?: string;
  denyReads?: string;
  json?: boolean;
}

/** Parses and checks the options; returns the emulator options or a message for the user. */
export function parseStartOptions(o: StartOptions): EmulatorOptions | string {
  const int = (v: string): number | undefined => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined);
  const port = int(o.port);
  if (port === undefined || port > 65535)
    return `--port must be an integer between 0 and 65535 (got '${o.port}')`;
  const faultRate = Number(o.faultRate);
  if (o.faultRate.trim() === "" || !Number.isFinite(faultRate) || faultRate < 0 || faultRate > 1) {
    return `--fault-rate must be a number between 0 and 1 (got '${o.faultRate}')`;
  }
  const latencyMs = int(o.latencyMs);
  if (latencyMs === undefined) return `--latency-ms must be a non-negative integer (got '${o.latencyMs}')`;
  const seed = int(o.seed);
  if (seed === undefined) return `--seed must be a non-negative integer (got '${o.seed}')`;
  const options: EmulatorOptions = { port, faultRate, latencyMs, seed };
  if (o.faultKinds !== undefined) {
    const kinds = o.faultKinds
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean);
    const bad = kinds.filter((k) => !ALL_FAULT_KINDS.includes(k as FaultKind));
    if (kinds.length === 0 || bad.length) {
      return `--fault-kinds must list some of ${ALL_FAULT_KINDS.join(",")} (got '${o.faultKinds}')`;
    }
    options.faultKinds = kinds as FaultKind[];
  }
  if (o.state !== undefined) {
    if (!o.state.trim()) return "--state needs a file path";
    options.stateFile = o.state;
  }
  if (o.certDir !== undefined) options.certDir = o.certDir;
  if (o.acceptAnyToken) options.acceptAnyToken = true;
  for (const [flag, value, key] of [
    ["--deny-writes", o.denyWrites, "denyWrites"],
    ["--deny-reads", o.denyReads, "denyReads"],
  ] as const) {
    if (value === undefined) continue;
    const types = value
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    const known = new Set(PERMISSION_TYPES.map((t) => t.toLowerCase()));
    const bad = types.filter((t) => !known.has(t.toLowerCase()));
    if (types.length === 0 || bad.length) {
      return `${flag} must list resource types among ${PERMISSION_TYPES.join(",")} (got '${value}')`;
    }
    options[key] = types;
  }
  return options;
}

export function registerEmulatorCommand(program: Command, deps: EmulatorCommandDeps = {}): Command {
  const out = deps.stdout ?? ((t: string) => void process.stdout.write(t));
  const errOut = deps.stderr ?? ((t: string) => void process.stderr.write(t));
  const emulator = program
    .command("emulator")
    .description("local HTTPS emulator of the Azure Resource Manager and Entra endpoints the deployer uses");
  emulator
    .command("start")
    .description("start the emulator on 127.0.0.1 and run until interrupted (SIGINT/SIGTERM)")
    .option("--port <n>", "TCP port (0 picks a free one)", "0")
    .option("--state <file>", "JSON file that keeps the emulated resources across restarts")
    .option("--fault-rate <r>", "probability (0..1) that an ARM request fails with an injected fault", "0")
    .option("--fault-kinds <list>", `comma-separated faults to inject (${ALL_FAULT_KINDS.join(",")})`)
    .option("--latency-ms <n>", "delay added to every response, in ms", "0")
    .option("--seed <n>", "seed of the fault generator (reproducible fault sequences)", "1")
    .option("--cert-dir <dir>", "directory for ca.pem and the server certificate (reused while valid)")
    .option(
      "--accept-any-token",
      "accept any bearer token instead of only tokens from the emulator's token endpoint",
    )
    .option(
      "--deny-writes <types>",
      "comma-separated resource types whose writes answer 403 (e.g. Microsoft.OperationalInsights/workspaces/tables)",
    )
    .option("--deny-reads <types>", "comma-separated resource types whose reads answer 403")
    .option("--json", "print one JSON line {endpoint, ca, tenantId, clientId, ...} instead of text lines")
    .action(async function (this: Command) {
      const opts = this.opts<StartOptions>();
      const parsed = parseStartOptions(opts);
      if (typeof parsed === "string") {
        this.error(`error: ${parsed}`, { exitCode: 2, code: "sentinelctl.invalidOption" });
        return;
      }
      let handle: EmulatorHandle;
      try {
        handle = await startEmulator(parsed);
      } catch (e) {
        this.error(`error: the emulator could not start: ${(e as Error).message}`, {
          exitCode: 2,
          code: "sentinelctl.emulatorStart",
        });
        return;
      }
      if (opts.json) {
        out(
          `${JSON.stringify({
            endpoint: handle.url,
            ca: handle.caCertPath,
            tenantId: handle.tenantId,
            clientId: handle.clientId,
            subscriptionId: DEFAULT_SUBSCRIPTION_ID,
            resourceGroup: DEFAULT_RESOURCE_GROUP,
            workspace: DEFAULT_WORKSPACE,
          })}\n`,
        );
      } else {
        out(
          `endpoint: ${handle.url}\nca: ${handle.caCertPath}\ntenant-id: ${handle.tenantId}\nclient-id: ${handle.clientId}\n`,
        );
      }
      errOut(
        `ARM emulator listening on ${handle.url} (workspace ${DEFAULT_SUBSCRIPTION_ID}/${DEFAULT_RESOURCE_GROUP}/${DEFAULT_WORKSPACE}` +
          `${parsed.stateFile ? `, state in ${parsed.stateFile}` : ", state in memory"}). ` +
          "Client secret: DEFAULT_CLIENT_SECRET of @sentinelctl/arm-emulator. Stop with Ctrl+C.\n",
      );
      deps.onStarted?.(handle);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          deps.stopSignal?.removeEventListener("abort", stop);
          resolve();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
        deps.stopSignal?.addEventListener("abort", stop, { once: true });
        if (deps.stopSignal?.aborted) stop();
      });
      await handle.close();
      errOut(`ARM emulator stopped${parsed.stateFile ? `; state saved to ${parsed.stateFile}` : ""}.\n`);
    });
  return emulator;
}

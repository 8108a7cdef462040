/**
 * The CLI's own guard rails, end to end against the emulator: credentials that are never
 * silently swapped, the emulator reached as https://localhost:PORT, a wrong CA, 500s that are not
 * called throttling, SIGTERM during a deploy and a signal during start-up.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EmulatorHandle } from "@sentinelctl/arm-emulator";
import {
  DEFAULT_RESOURCE_GROUP,
  DEFAULT_SUBSCRIPTION_ID,
  DEFAULT_WORKSPACE,
} from "@sentinelctl/arm-emulator/constants";
import type { DeployMode } from "@sentinelctl/content";
import {
  type DeployCommandDeps,
  type DeployCommandOptions,
  runDeployCommand,
} from "../../cli/src/commands/deploy.js";
import type { Output } from "../../cli/src/ui.js";
import type { DesiredSolution, ResolvedTarget } from "../src/index.js";
import { type ContosoRepo, contosoRepo } from "./contoso.js";
import { fixtureSolution } from "./fixtures.js";
import { startTestEmulator, writes } from "./helpers.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const resolveDesired = (t: ResolvedTarget, _mode: DeployMode): DesiredSolution[] => [
  fixtureSolution(t, { rules: 4 }),
];

let emu: EmulatorHandle;
let other: EmulatorHandle;
let repo: ContosoRepo;
let caFile: string;
let otherCaFile: string;
beforeAll(async () => {
  // a small page size: LISTs follow nextLinks, which must stay on the name the client used
  emu = await startTestEmulator({ pageSize: 2 });
  other = await startTestEmulator();
  repo = contosoRepo();
  caFile = path.join(repo.root, "ca.pem");
  otherCaFile = path.join(repo.root, "other-ca.pem");
  writeFileSync(caFile, emu.caCertPem);
  writeFileSync(otherCaFile, other.caCertPem);
});
afterAll(async () => {
  await Promise.all([emu.close(), other.close()]);
  repo.dispose();
});

async function run(
  kind: "plan" | "deploy",
  extra: Partial<DeployCommandOptions> = {},
  env: NodeJS.ProcessEnv = {},
  deps: Partial<DeployCommandDeps> = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const output: Output = {
    progress: () => {},
    done: () => {},
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    color: false,
  };
  const code = await runDeployCommand(
    kind,
    [],
    { mode: "content", concurrency: "4", endpoint: emu.url, ca: caFile, ...extra },
    {
      output,
      env,
      resolveDesired,
      ...deps,
      deployer: {
        retry: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 2, maxRetryAfterMs: 2 },
        lroPollIntervalMs: 2,
        ...deps.deployer,
      },
    },
  );
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

test("--endpoint https://localhost:PORT works exactly like https://127.0.0.1:PORT", async () => {
  const localhost = emu.url.replace("127.0.0.1", "localhost");
  const first = await run("deploy", { endpoint: localhost, json: true });
  expect(first.stderr).toBe("");
  expect(first.code).toBe(0);
  // the table is a long-running PUT: its operation URL was followed on localhost too
  expect(JSON.parse(first.stdout)).toMatchObject({ created: 13, failed: 0 });
  const again = await run("plan", { endpoint: localhost, json: true });
  expect(JSON.parse(again.stdout)).toMatchObject({ create: 0, update: 0, unchanged: 13 });
  const viaIp = await run("plan", { json: true });
  expect(JSON.parse(viaIp.stdout)).toMatchObject({ create: 0, update: 0, unchanged: 13 });
});

test("--credential secret without a secret is an error, never the emulator's identity", async () => {
  emu.resetRequests();
  const r = await run("plan", { credential: "secret" });
  expect(r.code).toBe(2);
  expect(r.stderr + r.stdout).toContain(
    "--credential secret needs AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET in the environment.",
  );
  expect(emu.requests()).toEqual([]);
  // the deployer itself knows nothing of the emulator
  const pkg = JSON.parse(readFileSync(path.join(here, "../package.json"), "utf8"));
  expect(Object.keys(pkg.dependencies)).not.toContain("@sentinelctl/arm-emulator");
  for (const f of readdirSync(path.join(here, "../src")))
    expect(readFileSync(path.join(here, "../src", f), "utf8")).not.toContain("arm-emulator");
});

test("another emulator's CA: a hint and exit 2", async () => {
  const r = await run("plan", { ca: otherCaFile });
  expect(r.code).toBe(2);
  const text = r.stdout + r.stderr;
  expect(text).toContain("is not trusted (CERT_SIGNATURE_FAILURE)");
  expect(text).toContain("--ca names another CA");
});

test("HTTP 500 after retries: no throttling hint", async () => {
  emu.setFaults({ rate: 1, kinds: ["500"] });
  try {
    const r = await run("deploy");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("HTTP 500");
    expect(r.stdout).not.toMatch(/throttl/i);
    expect(r.stdout).toContain("on the service's side");
  } finally {
    emu.setFaults({ rate: 0 });
  }
});

test("SIGTERM during a deploy: in-flight requests finish, nothing new starts, the summary is printed; a rerun converges", async () => {
  const fresh = await startTestEmulator({ latencyMs: 5 });
  try {
    let sent = false;
    const r = await run(
      "deploy",
      { endpoint: fresh.url, ca: undefined, concurrency: "1" },
      {},
      {
        deployer: {
          ca: fresh.caCertPem,
          onProgress: (_t, e) => {
            if (!sent && e.result.status === "created") {
              sent = true;
              process.emit("SIGTERM", "SIGTERM");
            }
          },
        },
      },
    );
    expect(sent).toBe(true);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("stopping (SIGTERM): waiting for the requests in flight");
    expect(r.stdout).toMatch(/FAILED .*: 1 created, 0 updated, 0 deleted, 0 unchanged, 0 failed, 12 skipped/);
    expect(r.stdout).toContain("error: Cancelled: in-flight requests finished, nothing else was started.");
    expect(writes(fresh).filter((w) => w.status < 300)).toHaveLength(1);

    const rerun = await run(
      "deploy",
      { endpoint: fresh.url, ca: undefined, json: true },
      {},
      {
        deployer: { ca: fresh.caCertPem },
      },
    );
    expect(JSON.parse(rerun.stdout)).toMatchObject({ created: 12, unchanged: 1, failed: 0 });
  } finally {
    await fresh.close();
  }
});

test("a signal during start-up says what was interrupted and writes nothing", async () => {
  emu.resetRequests();
  const out: string[] = [];
  const err: string[] = [];
  const running = runDeployCommand(
    "deploy",
    [],
    // the target is named: finding the emulator's seeded workspace would itself be awaited
    {
      mode: "content",
      concurrency: "8",
      endpoint: emu.url,
      ca: caFile,
      validate: false,
      subscription: DEFAULT_SUBSCRIPTION_ID,
      resourceGroup: DEFAULT_RESOURCE_GROUP,
      workspace: DEFAULT_WORKSPACE,
    },
    {
      output: {
        progress: () => {},
        done: () => {},
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        color: false,
      },
      cwd: repo.root,
      env: {},
    },
  );
  // the command is loading the repository's content now
  process.emit("SIGINT", "SIGINT");
  expect(await running).toBe(130);
  expect(err.join("\n")).toBe("interrupted (SIGINT) while loading content; nothing was written.");
  expect(out).toEqual([]);
  expect(emu.requests()).toEqual([]);
});

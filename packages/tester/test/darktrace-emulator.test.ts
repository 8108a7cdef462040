/**
 * End to end on the local ARM emulator: the Darktrace solution deployed by the deployer, an
 * attack-surface risk sent through the Logs Ingestion API of the DCR it created (so the solution's own
 * transformation lands it in its table), then the solution's rule replayed over the workspace by
 * `backtest` through the Log Analytics query API.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { resolveSolution } from "@sentinelctl/builder";
import { loadContent, type SolutionModel } from "@sentinelctl/content";
import { deployTargets } from "@sentinelctl/deployer";
import { fastOptions, TARGET } from "../../deployer/test/helpers.js";
import { backtest, workspaceWindowQuery } from "../src/index.js";
import { startTestEmulator, type TestEmulator } from "./emulator.js";
import { runCommand } from "./run-cli.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
let emulator: TestEmulator;
let model: SolutionModel;

beforeAll(async () => {
  emulator = await startTestEmulator();
  const loaded = await loadContent([path.join(root, "Solutions/Darktrace")]);
  model = loaded.solutions.find((m) => m.solution)!;
}, 60_000);
afterAll(() => emulator.emu.close());

test("deploy Darktrace, ingest an attack-surface risk through its DCR, and the rule's backtest alerts on it", async () => {
  const { emu } = emulator;
  const deployed = await deployTargets(
    [TARGET],
    (t) => [
      { id: model.solution!.data.id, name: model.solution!.data.name, resources: resolveSolution(model, t) },
    ],
    fastOptions(emu),
  );
  expect(deployed.targets[0]!.failures).toEqual([]);

  // The deployed DCR whose data flow lands in DarktraceASM_CL, and its input stream.
  const dcr = emu
    .state()
    .resources.filter((r) => r.kind === "dataCollectionRules")
    .map(
      (r) =>
        r.body.properties as {
          immutableId: string;
          dataFlows: Array<{ streams: string[]; outputStream?: string }>;
        },
    )
    .find((p) => p.dataFlows.some((f) => f.outputStream === "Custom-DarktraceASM_CL"))!;
  expect(dcr).toBeDefined();
  const stream = dcr.dataFlows.find((f) => f.outputStream === "Custom-DarktraceASM_CL")!.streams[0]!;

  const end = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
  const alertTime = new Date(end.getTime() - 3 * 3_600_000 + 5 * 60_000).toISOString();
  // An attack-surface risk as Darktrace sends it (the sample's fields), rated E, three hours ago.
  const record = {
    action: "new",
    alertTime,
    alertTitle: "Exposed administration interface",
    alertType: "Misconfiguration",
    assetId: 5531,
    assetName: "vpn-admin.corp.example",
    darktraceProduct: "Darktrace / Attack Surface Management",
    description: "A login page for network device administration is reachable from the internet.",
    previousRating: "",
    rating: "E",
    riskId: 77120,
    startTime: alertTime,
    state: "open",
  };
  const monitor = (await emulator.credential.getToken("https://monitor.azure.com/.default"))!.token;
  const { request } = await import("node:https");
  const status = await new Promise<number>((resolve, reject) => {
    const body = JSON.stringify([record]);
    request(
      `${emu.url}/dataCollectionRules/${dcr.immutableId}/streams/${stream}?api-version=2023-01-01`,
      {
        method: "POST",
        ca: emu.caCertPem,
        agent: false,
        headers: { authorization: `Bearer ${monitor}`, "content-type": "application/json" },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    )
      .on("error", reject)
      .end(body);
  });
  expect(status).toBe(204);

  const rule = model.analyticRules.find((r) => r.data.name === "Darktrace Attack Surface High Risk")!.data;
  const result = await backtest(rule, {
    days: 1,
    end,
    query: workspaceWindowQuery({
      workspaceId: emulator.workspaceId,
      credential: emulator.credential,
      endpoint: emu.url,
      ca: emu.caCertPem,
    }),
  });
  // Hourly runs over the hour before each: only the run just after the risk arrived sees it.
  expect(result.totals.firedRuns).toBe(1);
  expect(result.totals.alerts).toBe(1);

  // The same through the command line, the emulator named by --endpoint and trusted by --ca.
  const dir = await mkdtemp(path.join(tmpdir(), "sentinelctl-backtest-"));
  try {
    await writeFile(path.join(dir, "ca.pem"), emu.caCertPem);
    const cli = await runCommand(
      root,
      "backtest",
      "Darktrace Attack Surface High Risk",
      "--workspace-id",
      emulator.workspaceId,
      "--endpoint",
      emu.url,
      "--ca",
      path.join(dir, "ca.pem"),
      "--days",
      "1",
      "--end",
      end.toISOString(),
      "--json",
    );
    expect([cli.code, cli.err]).toEqual([0, ""]);
    expect((JSON.parse(cli.out) as { totals: unknown }).totals).toEqual(result.totals);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);

/**
 * Switching between `--mode content` and `--mode package` settles: after one deploy in a mode, a
 * second deploy in the same mode writes nothing, whichever mode ran before.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EmulatorHandle } from "@sentinelctl/arm-emulator";
import { resolveSolution } from "@sentinelctl/builder";
import { type DeployMode, loadContent, type SolutionModel } from "@sentinelctl/content";
import { type DesiredSolution, deployTargets, type ResolvedTarget } from "../src/index.js";
import { fastOptions, startTestEmulator, TARGET, writes } from "./helpers.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
let models: SolutionModel[];
let emu: EmulatorHandle;

beforeAll(async () => {
  const loaded = await loadContent([
    path.join(root, "Solutions/Darktrace"),
    path.join(root, "Solutions/AIAnalystDarktrace"),
  ]);
  models = loaded.solutions.filter((m) => m.solution);
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.close();
});

const desired =
  (mode: DeployMode) =>
  (t: ResolvedTarget): DesiredSolution[] =>
    models.map((m) => ({
      id: m.solution!.data.id,
      resources: resolveSolution(m, t, { mode }),
      // what the CLI passes: every id the repository declares, in either mode
      declared: (["content", "package"] as const).flatMap((any) =>
        resolveSolution(m, t, { mode: any }).map((r) => r.id),
      ),
    }));

async function deploy(mode: DeployMode, prune = false) {
  emu.resetRequests();
  const result = await deployTargets([TARGET], desired(mode), fastOptions(emu, { mode, prune }));
  expect(result.targets[0]!.failures).toEqual([]);
  expect(result.exitCode).toBe(0);
  const changed = result.targets[0]!.apply!.results.filter((r) => r.status !== "unchanged");
  return { result, changed: changed.map((r) => `${r.status} ${r.item.contentKind} ${r.item.displayName}`) };
}

test("content -> package -> package -> content -> content: each second run writes nothing", async () => {
  await deploy("content");
  await deploy("package");
  const packageAgain = await deploy("package");
  expect(packageAgain.changed).toEqual([]);
  expect(writes(emu)).toHaveLength(0);
  await deploy("content");
  const contentAgain = await deploy("content");
  expect(contentAgain.changed).toEqual([]);
  expect(writes(emu)).toHaveLength(0);
  // and back once more: a switch itself is allowed to write, the run after it is not
  await deploy("package");
  expect((await deploy("package")).changed).toEqual([]);
});

test("prune across a mode switch deletes nothing the repository declares", async () => {
  await deploy("content", true);
  const before = emu.state().resources.length;
  const packageRun = await deploy("package", true);
  expect(packageRun.result.totals.deleted).toBe(0);
  expect(packageRun.result.targets[0]!.plan!.items.filter((i) => i.action === "delete")).toEqual([]);
  expect(emu.state().resources.length).toBeGreaterThanOrEqual(before);
  const back = await deploy("content", true);
  expect(back.result.totals.deleted).toBe(0);
  expect((await deploy("content", true)).changed).toEqual([]);
});

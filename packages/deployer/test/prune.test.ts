/**
 * Prune deletes only what sentinelctl's metadata marks as owned by this solution and that is
 * gone from the repository; never anything without such metadata, with another source, with
 * another solution's id, or claimed by someone else's metadata too.
 */
import type { EmulatorHandle } from "@sentinelctl/arm-emulator";
import { API_VERSIONS, OWNER_SOURCE_NAME, type ResolvedResource } from "@sentinelctl/content";
import { type ArmClient, deployTargets, planTargets, type ResolvedTarget } from "../src/index.js";
import { DEFAULT_WHERE, fixtureSolution, metadataFor, rule } from "./fixtures.js";
import { armClientFor, fastOptions, startTestEmulator, TARGET, writes } from "./helpers.js";

let emu: EmulatorHandle;
let client: ArmClient;
beforeAll(async () => {
  emu = await startTestEmulator();
  client = armClientFor(emu);
});
afterAll(async () => {
  await emu.close();
});

const SOLUTION = "sentinelctl.fixture";
const v1 = (t: ResolvedTarget) => [fixtureSolution(t, { solutionId: SOLUTION, rules: 4 })];
const v2 = (t: ResolvedTarget) => [
  fixtureSolution(t, { solutionId: SOLUTION, rules: 2, withWorkbook: false }),
];

async function put(r: ResolvedResource): Promise<void> {
  await client.put(r.id, r.apiVersion, r.body);
}

async function exists(id: string, apiVersion: string): Promise<boolean> {
  return (await client.get(id, apiVersion)) !== undefined;
}

test("prune deletes owned items gone from the repository, and nothing else", async () => {
  expect((await deployTargets([TARGET], v1, fastOptions(emu))).exitCode).toBe(0);

  // Items sentinelctl does not own, or does not own for this solution:
  const w = DEFAULT_WHERE;
  const noMetadata = rule(w, "hand-made-no-metadata");
  const otherSource = rule(w, "content-hub-rule");
  const otherSolution = rule(w, "other-solution-rule");
  const localKind = rule(w, "local-kind-rule");
  const shared = rule(w, 3); // the v1 rule 3 is ALSO claimed by a Content Hub metadata
  for (const r of [noMetadata, otherSource, otherSolution, localKind]) await put(r);
  await put(
    metadataFor(w, SOLUTION, otherSource, "AnalyticsRule", {
      kind: "Solution",
      name: "Darktrace",
      sourceId: SOLUTION,
    }),
  );
  await put(metadataFor(w, "sentinelctl.someone-else", otherSolution, "AnalyticsRule"));
  await put(
    metadataFor(w, SOLUTION, localKind, "AnalyticsRule", {
      kind: "LocalWorkspace",
      name: OWNER_SOURCE_NAME,
      sourceId: SOLUTION,
    }),
  );
  const claim = metadataFor(w, SOLUTION, shared, "AnalyticsRule", {
    kind: "Solution",
    name: "ContentHub",
    sourceId: "azuresentinel.contenthub",
  });
  claim.id = claim.id.replace(/\/metadata\/([^/]+)$/, "/metadata/contenthub-$1");
  await put(claim);

  // Without --prune nothing is planned for deletion.
  const noPrune = await planTargets([TARGET], v2, fastOptions(emu));
  expect(noPrune.targets[0]!.plan!.counts.delete).toBe(0);

  const plan = await planTargets([TARGET], v2, fastOptions(emu, { prune: true }));
  const deletes = plan.targets[0]!.plan!.items.filter((i) => i.action === "delete");
  const v1Resources = v1({ ...TARGET, location: "westeurope" })[0]!.resources;
  const rule4 = v1Resources.find((r) => r.displayName === "Fixture rule 4")!;
  const workbook = v1Resources.find((r) => r.contentKind === "Workbook")!;
  const metaOf = (r: ResolvedResource) =>
    v1Resources.find(
      (m) => m.contentKind === "Metadata" && (m.body.properties as { parentId: string }).parentId === r.id,
    )!;
  const rule3 = v1Resources.find((r) => r.displayName === "Fixture rule 3")!;
  expect(deletes.map((d) => d.id).sort()).toEqual(
    [rule4.id, metaOf(rule4).id, workbook.id, metaOf(workbook).id, metaOf(rule3).id].sort(),
  );
  expect(plan.targets[0]!.plan!.warnings.join("\n")).toMatch(
    /also claimed by metadata sentinelctl does not own/,
  );

  emu.resetRequests();
  const result = await deployTargets([TARGET], v2, fastOptions(emu, { prune: true }));
  expect(result.exitCode).toBe(0);
  expect(result.totals.deleted).toBe(5);
  const deleted = writes(emu).filter((r) => r.method === "DELETE" && r.status < 300);
  expect(deleted).toHaveLength(5);
  // resources are deleted before their metadata
  const paths = deleted.map((r) => r.path.toLowerCase());
  expect(paths.indexOf(rule4.id.toLowerCase())).toBeLessThan(paths.indexOf(metaOf(rule4).id.toLowerCase()));

  const rv = API_VERSIONS.live.alertRules;
  expect(await exists(rule4.id, rv)).toBe(false);
  expect(await exists(workbook.id, API_VERSIONS.live.workbooks)).toBe(false);
  for (const r of [noMetadata, otherSource, otherSolution, localKind, shared])
    expect(await exists(r.id, rv)).toBe(true);
  expect(await exists(claim.id, API_VERSIONS.live.metadata)).toBe(true);

  // Converged: pruning again deletes nothing.
  emu.resetRequests();
  const again = await deployTargets([TARGET], v2, fastOptions(emu, { prune: true }));
  expect(again.totals).toMatchObject({ deleted: 0, created: 0, updated: 0 });
  expect(writes(emu)).toHaveLength(0);
});

test("prune is skipped when a write failed, so a broken deploy never also deletes", async () => {
  const broken = (t: ResolvedTarget) => {
    const s = fixtureSolution(t, { solutionId: SOLUTION, rules: 1, withWorkbook: false });
    const r = s.resources.find((x) => x.contentKind === "AnalyticsRule")!;
    (r.body.properties as Record<string, unknown>).triggerOperator = "Bigger";
    return [s];
  };
  const result = await deployTargets([TARGET], broken, fastOptions(emu, { prune: true }));
  expect(result.exitCode).toBe(1);
  const o = result.targets[0]!;
  expect(o.counts.failed).toBe(1);
  expect(o.counts.deleted).toBe(0);
  // rule 2 and its metadata (deployed by the first test) are owned and gone: their deletes were planned
  const deletes = o.apply!.results.filter((r) => r.item.action === "delete");
  expect(deletes.map((r) => r.item.contentKind).sort()).toEqual(["AnalyticsRule", "Metadata"]);
  expect(deletes.every((r) => r.status === "skipped")).toBe(true);
  expect(o.failures[0]!.message).toMatch(
    /rejected AnalyticsRule 'Fixture rule 1' at field 'properties\.triggerOperator'/,
  );
});

/**
 * End to end against the local ARM emulator: real SDK clients, a real credential class
 * (ClientSecretCredential against the emulator's Entra endpoints), plan, apply, re-plan,
 * re-apply with zero writes, updates with field-level diffs, drift.
 */
import type { EmulatorHandle } from "@sentinelctl/arm-emulator";
import { API_VERSIONS } from "@sentinelctl/content";
import { deployTargets, planTargets, type ResolvedTarget } from "../src/index.js";
import { fixtureSolution } from "./fixtures.js";
import { armClientFor, armRequests, fastOptions, startTestEmulator, TARGET, writes } from "./helpers.js";

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.close();
});

const solution = (t: ResolvedTarget, severity = "Medium") => [
  fixtureSolution(t, { rules: 5, ruleOptions: (n) => (n === 2 ? { severity } : {}) }),
];

describe("deploy into the emulator", () => {
  test("first plan: everything to create, read with LIST calls only", async () => {
    emu.resetRequests();
    const result = await planTargets([TARGET], (t) => solution(t), fastOptions(emu));
    expect(result.targets[0]!.error?.message).toBeUndefined();
    expect(result.exitCode).toBe(0);
    const plan = result.targets[0]!.plan!;
    // table, parser, 5 rules, workbook + 7 metadata
    expect(plan.counts).toEqual({ create: 15, update: 0, delete: 0, unchanged: 0, kept: 0 });
    const arm = armRequests(emu);
    expect(arm.every((r) => r.method === "GET")).toBe(true);
    // workspace GET + one LIST per collection (metadata, tables, savedSearches, alertRules, workbooks)
    expect(arm.length).toBe(6);
    expect(result.targets[0]!.requests).toBe(6);
    // the real credential went to the emulator's Entra token endpoint
    expect(
      emu
        .requests()
        .some((r) => r.area === "entra" && r.method === "POST" && /oauth2\/v2\.0\/token$/.test(r.path)),
    ).toBe(true);
  });

  test("apply creates everything in phase order with the pinned api-versions", async () => {
    emu.resetRequests();
    const result = await deployTargets([TARGET], (t) => solution(t), fastOptions(emu));
    expect(result.exitCode).toBe(0);
    expect(result.totals).toMatchObject({ created: 15, updated: 0, deleted: 0, unchanged: 0, failed: 0 });
    const puts = writes(emu).filter((r) => r.status !== 0 && r.status < 300);
    expect(puts).toHaveLength(15);
    const order = puts.map((r) => r.kind);
    expect(order[0]).toBe("tables");
    expect(order.lastIndexOf("alertRules")).toBeLessThan(order.indexOf("workbooks"));
    expect(order.slice(-7).every((k) => k === "metadata")).toBe(true);
    const versions = new Map(puts.map((r) => [r.kind, r.apiVersion]));
    expect(versions.get("alertRules")).toBe(API_VERSIONS.live.alertRules);
    expect(versions.get("metadata")).toBe(API_VERSIONS.live.metadata);
    expect(versions.get("tables")).toBe(API_VERSIONS.live.tables);
    expect(versions.get("workbooks")).toBe(API_VERSIONS.live.workbooks);
    // the table PUT is a long-running operation that was polled to completion
    expect(armRequests(emu).some((r) => r.path.includes("/operationStatuses/"))).toBe(true);
    expect(result.totals.requests).toBe(armRequests(emu).length);
  });

  test("a re-plan shows no changes, and a second apply makes zero writes", async () => {
    emu.resetRequests();
    const plan = await planTargets([TARGET], (t) => solution(t), fastOptions(emu));
    expect(plan.targets[0]!.plan!.counts).toEqual({
      create: 0,
      update: 0,
      delete: 0,
      unchanged: 15,
      kept: 0,
    });
    emu.resetRequests();
    const again = await deployTargets([TARGET], (t) => solution(t), fastOptions(emu));
    expect(again.totals).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: 15, writes: 0 });
    expect(writes(emu)).toHaveLength(0);
  });

  test("a changed field is an update with a field-level diff, applied with one PUT", async () => {
    const plan = await planTargets([TARGET], (t) => solution(t, "High"), fastOptions(emu));
    const updates = plan.targets[0]!.plan!.items.filter((i) => i.action === "update");
    expect(updates).toHaveLength(1);
    expect(updates[0]!.displayName).toBe("Fixture rule 2");
    expect(updates[0]!.changes).toEqual([
      { path: "properties.severity", kind: "change", before: "Medium", after: "High" },
    ]);
    emu.resetRequests();
    const result = await deployTargets([TARGET], (t) => solution(t, "High"), fastOptions(emu));
    expect(result.totals).toMatchObject({ updated: 1, unchanged: 14 });
    expect(writes(emu).map((r) => r.method)).toEqual(["PUT"]);
  });

  test("drift made outside the repository is detected and reverted", async () => {
    const client = armClientFor(emu);
    const ruleId = solution({ ...TARGET, location: "westeurope" }, "High")[0]!.resources.find(
      (r) => r.displayName === "Fixture rule 3",
    )!.id;
    const live = await client.get(ruleId, API_VERSIONS.live.alertRules);
    const props = live!.properties as Record<string, unknown>;
    await client.put(ruleId, API_VERSIONS.live.alertRules, {
      kind: live!.kind,
      properties: { ...props, enabled: false, tactics: ["Impact"], lastModifiedUtc: undefined },
    });
    const plan = await planTargets([TARGET], (t) => solution(t, "High"), fastOptions(emu));
    const update = plan.targets[0]!.plan!.items.find((i) => i.action === "update");
    expect(update?.displayName).toBe("Fixture rule 3");
    expect(update?.changes?.map((c) => c.path).sort()).toEqual(["properties.enabled", "properties.tactics"]);
    const result = await deployTargets([TARGET], (t) => solution(t, "High"), fastOptions(emu));
    expect(result.totals).toMatchObject({ updated: 1, failed: 0 });
  });

  test("LIST follows nextLink across pages through the SDK clients", async () => {
    const many = await startTestEmulator({ pageSize: 4 });
    try {
      const opts = fastOptions(many);
      const first = await deployTargets([TARGET], (t) => [fixtureSolution(t, { rules: 11 })], opts);
      expect(first.totals.failed).toBe(0);
      many.resetRequests();
      const plan = await planTargets([TARGET], (t) => [fixtureSolution(t, { rules: 11 })], opts);
      expect(plan.targets[0]!.plan!.counts.unchanged).toBe(first.totals.created);
      const pages = armRequests(many).filter((r) => r.path.endsWith("/alertRules"));
      expect(pages.length).toBe(3); // 11 rules, 4 per page
      expect(pages.every((r) => r.apiVersion === API_VERSIONS.live.alertRules)).toBe(true);
    } finally {
      await many.close();
    }
  });

  test("the location comes from the workspace itself", async () => {
    const result = await planTargets(
      [TARGET],
      (t) => {
        expect(t.location).toBe("westeurope");
        return solution(t, "High");
      },
      fastOptions(emu),
    );
    expect(result.targets[0]!.location).toBe("westeurope");
  });
});

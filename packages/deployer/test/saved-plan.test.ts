/**
 * Saved plans and concurrent runs, end to end against the emulator:
 * - `plan --out FILE` records every intended write with its body hash and the live etag (or
 *   "absent"); `deploy --plan FILE` applies exactly that, with If-None-Match / If-Match;
 * - a live change after the plan: the deploy stops before writing, reports `conflict:` and exits 1;
 * - two deploys at once (kept in step by the emulator's latency): each item is created once; the
 *   loser reports `unchanged` for the same body and `conflict` for a different one.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_CLIENT_SECRET, type EmulatorHandle } from "@sentinelctl/arm-emulator";
import { API_VERSIONS, type DeployMode } from "@sentinelctl/content";
import { type DeployCommandOptions, runDeployCommand } from "../../cli/src/commands/deploy.js";
import type { Output } from "../../cli/src/ui.js";
import { type ArmClient, type DesiredSolution, deployTargets, type ResolvedTarget } from "../src/index.js";
import { fixtureSolution } from "./fixtures.js";
import { armClientFor, fastOptions, startTestEmulator, TARGET, writes } from "./helpers.js";

let severity = "Medium";
/** Extra properties of the parser's body (to put a secret-named field in a plan). */
let parserExtra: Record<string, unknown> = {};
const resolveDesired = (t: ResolvedTarget, _mode: DeployMode): DesiredSolution[] => {
  const s = fixtureSolution(t, { rules: 2, ruleOptions: (n) => (n === 1 ? { severity } : {}) });
  const parser = s.resources.find((r) => r.contentKind === "Parser")!;
  Object.assign(parser.body.properties as Record<string, unknown>, parserExtra);
  return [s];
};

describe("saved plans", () => {
  let emu: EmulatorHandle;
  let client: ArmClient;
  let dir: string;
  beforeAll(async () => {
    emu = await startTestEmulator();
    client = armClientFor(emu);
    dir = mkdtempSync(path.join(os.tmpdir(), "sentinelctl-plan-"));
    writeFileSync(path.join(dir, "ca.pem"), emu.caCertPem);
  });
  afterAll(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(kind: "plan" | "deploy", extra: Partial<DeployCommandOptions> = {}) {
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
      { mode: "content", concurrency: "8", endpoint: emu.url, ca: path.join(dir, "ca.pem"), ...extra },
      {
        output,
        cwd: dir,
        env: {},
        resolveDesired,
        deployer: { retry: { maxRetries: 3, retryDelayInMs: 1, maxRetryDelayInMs: 2 }, lroPollIntervalMs: 2 },
      },
    );
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
  }

  test("plan --out records the writes; deploy --plan applies exactly them", async () => {
    const planned = await run("plan", { out: "plan.json" });
    expect(planned.code).toBe(0);
    expect(planned.stderr).toContain(
      "plan saved to plan.json; apply it with: sentinelctl deploy --plan plan.json",
    );
    const text = readFileSync(path.join(dir, "plan.json"), "utf8");
    const plan = JSON.parse(text);
    expect(plan).toMatchObject({
      format: "sentinelctl-plan",
      version: 1,
      endpoint: emu.url,
      mode: "content",
    });
    const items = plan.targets[0].items as Array<{ action: string; etag: string; bodySha256: string }>;
    // table, parser, 2 rules, workbook and the metadata of all but the table
    expect(items.length).toBe(9);
    for (const i of items) {
      expect(i).toMatchObject({ action: "create", etag: "absent" });
      expect(i.bodySha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(text).not.toContain(DEFAULT_CLIENT_SECRET);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);

    // content edited after the plan: the saved plan, not the repository, is applied
    severity = "High";
    emu.resetRequests();
    const applied = await run("deploy", { plan: "plan.json", json: true });
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ created: 9, conflict: 0, failed: 0 });
    const rule1 = emu
      .state()
      .resources.find(
        (r) =>
          r.body.properties &&
          (r.body.properties as { displayName?: string }).displayName === "Fixture rule 1",
      );
    expect((rule1!.body.properties as { severity: string }).severity).toBe("Medium");
    expect(writes(emu).filter((w) => w.method === "PUT")).toHaveLength(9);

    // applying the same plan again: every create now meets an existing resource
    emu.resetRequests();
    const again = await run("deploy", { plan: "plan.json" });
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(
      "The plan is stale: 9 item(s) changed since it was made; nothing was written.",
    );
    expect(writes(emu)).toHaveLength(0);
  });

  test("a live change after the plan: conflict, nothing written, exit 1", async () => {
    severity = "High";
    expect((await run("plan", { out: "update.json" })).code).toBe(0);
    const saved = JSON.parse(readFileSync(path.join(dir, "update.json"), "utf8"));
    const update = saved.targets[0].items.find((i: { action: string }) => i.action === "update");
    expect(update).toMatchObject({ displayName: "Fixture rule 1", etag: expect.stringMatching(/^"/) });

    // someone edits the rule in the portal
    const live = (await client.get(update.id, API_VERSIONS.live.alertRules))!;
    (live.properties as Record<string, unknown>).description = "edited in the portal";
    await client.put(update.id, API_VERSIONS.live.alertRules, {
      kind: live.kind,
      properties: live.properties,
    });

    emu.resetRequests();
    const r = await run("deploy", { plan: "update.json" });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("x conflict: AnalyticsRule 'Fixture rule 1' changed since the plan");
    expect(r.stdout).toContain("nothing was written");
    expect(writes(emu)).toHaveLength(0);
  });

  test("a hand-edited plan, an unreadable plan, --plan with --prune, --allow-data-loss alone are input errors", async () => {
    const saved = JSON.parse(readFileSync(path.join(dir, "update.json"), "utf8"));
    saved.targets[0].items[0].body.properties.severity = "Low";
    writeFileSync(path.join(dir, "edited.json"), JSON.stringify(saved));
    const edited = await run("deploy", { plan: "edited.json" });
    expect(edited.code).toBe(2);
    expect(edited.stderr).toContain(
      "does not match its recorded hash; the plan was edited after it was made",
    );
    writeFileSync(path.join(dir, "junk.json"), "{}");
    const junk = await run("deploy", { plan: "junk.json" });
    expect(junk.code).toBe(2);
    expect(junk.stderr).toContain("junk.json is not a sentinelctl plan");
    const lossy = await run("deploy", { allowDataLoss: true });
    expect(lossy.code).toBe(2);
    expect(lossy.stderr).toContain("--allow-data-loss only applies to prune.");
    const both = await run("deploy", { plan: "update.json", prune: true });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--plan cannot be combined with --prune");
  });

  test("a plan never holds a secret: a secret-named value refuses the file, a placeholder does not", async () => {
    // a changed query makes the parser an update, so its whole body goes into the plan
    parserExtra = { apiKey: "{{apiKey}}", query: "Fixture_CL | take 2" };
    try {
      expect((await run("plan", { out: "placeholder.json" })).code).toBe(0);
      parserExtra = { apiKey: "s3cr3t-looking-value", query: "Fixture_CL | take 2" };
      const r = await run("plan", { out: "secret.json" });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        "Parser 'FixtureParser' has a secret-looking value at properties.apiKey; a saved plan never holds secrets, so none was written.",
      );
      expect(existsSync(path.join(dir, "secret.json"))).toBe(false);
    } finally {
      parserExtra = {};
    }
  });

  test("a target that cannot be planned: the plan says why, and no plan file is written", async () => {
    const r = await run("plan", {
      out: "broken.json",
      subscription: "00000000-0000-0000-0000-000000000000",
      resourceGroup: "sentinel-rg",
      workspace: "not-there",
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("Workspace 'not-there' not found");
    expect(r.stderr).toContain("could not be planned); no plan file was written.");
    expect(existsSync(path.join(dir, "broken.json"))).toBe(false);
  });

  test("bad --out paths are input errors, checked before anything is read", async () => {
    emu.resetRequests();
    const missing = await run("plan", { out: "no-such-folder/plan.json" });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("folder");
    const folder = await run("plan", { out: "." });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain("is a folder");
    expect(emu.requests()).toEqual([]);
  });
});

describe("two deploys at once", () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    // every response 40 ms late: both runs read the (empty) workspace before either writes
    emu = await startTestEmulator({ latencyMs: 40 });
  });
  afterAll(() => emu.close());

  test("the same content: every item is created once; the other run reports it unchanged", async () => {
    const solution = (t: ResolvedTarget) => [fixtureSolution(t, { rules: 3 })];
    const [a, b] = await Promise.all([
      deployTargets([TARGET], solution, fastOptions(emu)),
      deployTargets([TARGET], solution, fastOptions(emu)),
    ]);
    expect([a!.exitCode, b!.exitCode]).toEqual([0, 0]);
    // both planned everything as a create ...
    for (const r of [a!, b!]) expect(r.targets[0]!.plan!.counts.create).toBe(11);
    // ... but each item was created by exactly one of them
    expect(a!.totals.created + b!.totals.created).toBe(11);
    expect(a!.totals.unchanged + b!.totals.unchanged).toBe(11);
    const raced = [...a!.targets[0]!.apply!.results, ...b!.targets[0]!.apply!.results].filter(
      (r) => r.status === "unchanged",
    );
    for (const r of raced) expect(r.reason).toBe("another run wrote the same content");
    const puts = writes(emu).filter((w) => w.method === "PUT");
    expect(puts.filter((w) => w.status === 412)).toHaveLength(11);
  });

  test("different content: the loser reports a conflict instead of overwriting", async () => {
    const rule = (sev: string) => (t: ResolvedTarget) => [
      fixtureSolution(t, {
        solutionId: "sentinelctl.race",
        rules: 1,
        firstRule: 10,
        withTable: false,
        withParser: false,
        withWorkbook: false,
        ruleOptions: () => ({ severity: sev }),
      }),
    ];
    const [a, b] = await Promise.all([
      deployTargets([TARGET], rule("High"), fastOptions(emu)),
      deployTargets([TARGET], rule("Low"), fastOptions(emu)),
    ]);
    const outcomes = [a!, b!].map((r) => r.targets[0]!);
    const winner = outcomes.find((o) => o.counts.created === 2)!;
    const loser = outcomes.find((o) => o.counts.conflict === 1)!;
    expect(winner).toBeDefined();
    expect(loser).toBeDefined();
    expect(winner.status).toBe("ok");
    expect(loser.status).toBe("failed");
    expect(loser.failures[0]!.message).toBe(
      "conflict: AnalyticsRule 'Fixture rule 10' changed since the plan",
    );
    // its metadata depended on the rule: skipped, not written
    expect(loser.apply!.results.find((r) => r.item.contentKind === "Metadata")!.status).toBe("skipped");
    expect([a!.exitCode, b!.exitCode].sort()).toEqual([0, 1]);
  });
});

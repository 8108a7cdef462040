/**
 * With 20 % of ARM requests failing at random (429, 500, 503, connection resets), a deploy
 * converges to exactly the state of a fault-free deploy: nothing lost, nothing duplicated.
 */
import type { EmulatorHandle } from "@sentinelctl/arm-emulator";
import { deployTargets, planTargets, type ResolvedTarget } from "../src/index.js";
import { fixtureSolution } from "./fixtures.js";
import { armRequests, fastOptions, normalizedState, startTestEmulator, TARGET, writes } from "./helpers.js";

let clean: EmulatorHandle;
let faulty: EmulatorHandle;
beforeAll(async () => {
  [clean, faulty] = await Promise.all([startTestEmulator(), startTestEmulator({ seed: 7 })]);
});
afterAll(async () => {
  await Promise.all([clean.close(), faulty.close()]);
});

const content = (t: ResolvedTarget) => [
  fixtureSolution(t, { rules: 25 }),
  fixtureSolution(t, {
    solutionId: "sentinelctl.second",
    rules: 5,
    firstRule: 100,
    withTable: false,
    withParser: false,
    withWorkbook: false,
  }),
];

test("a deploy under 20% random faults converges to the fault-free state", async () => {
  const reference = await deployTargets([TARGET], content, fastOptions(clean));
  expect(reference.exitCode).toBe(0);
  const expected = normalizedState(clean);

  faulty.setFaults({ rate: 0.2, kinds: ["429", "500", "503", "reset"] });
  const result = await deployTargets([TARGET], content, fastOptions(faulty));
  expect(result.targets[0]!.error?.message).toBeUndefined();
  expect(result.targets[0]!.failures).toEqual([]);
  expect(result.exitCode).toBe(0);
  expect(result.totals.created).toBe(reference.totals.created);

  const injected = armRequests(faulty).filter((r) => r.fault);
  const kinds = new Set(injected.map((r) => r.fault));
  expect(injected.length).toBeGreaterThan(10);
  expect(kinds).toEqual(new Set(["429", "500", "503", "reset"]));

  const actual = normalizedState(faulty);
  expect(actual.map((r) => r.id)).toEqual(expected.map((r) => r.id)); // nothing lost, no duplicates
  expect(actual).toEqual(expected);

  // Still under faults: the re-plan sees no change and a second deploy writes nothing.
  const replan = await planTargets([TARGET], content, fastOptions(faulty));
  expect(replan.targets[0]!.plan!.counts).toMatchObject({ create: 0, update: 0, delete: 0 });
  faulty.resetRequests();
  const again = await deployTargets([TARGET], content, fastOptions(faulty));
  expect(again.exitCode).toBe(0);
  expect(writes(faulty)).toHaveLength(0);
  expect(normalizedState(faulty)).toEqual(expected);
});

test("throttling that outlasts the retries fails items in plain words; what was applied is reported", async () => {
  const emu = await startTestEmulator();
  try {
    let started = false;
    const result = await deployTargets([TARGET], (t) => [fixtureSolution(t, { rules: 10 })], {
      ...fastOptions(emu),
      concurrency: 1,
      retry: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 1, maxRetryAfterMs: 1 },
      // the service starts throttling everything once the first item is written
      onProgress: () => {
        if (!started) emu.setFaults({ rate: 1, kinds: ["429"] });
        started = true;
      },
    });
    const outcome = result.targets[0]!;
    expect(result.exitCode).toBe(1);
    expect(outcome.error).toBeUndefined();
    expect(outcome.counts.created).toBe(1);
    expect(outcome.counts.failed).toBeGreaterThan(0);
    expect(outcome.failures[0]!.message).toMatch(
      /kept failing for (create|update) \w+ '.+' after retries \(HTTP 429/,
    );
    expect(outcome.failures[0]!.hint).toMatch(/concurrency/);
    // metadata of failed items is skipped, never written without its resource
    expect(outcome.counts.created + outcome.counts.failed + outcome.counts.skipped).toBe(
      outcome.plan!.items.length,
    );
    // 3 attempts per failed write (1 + 2 retries)
    const throttled = armRequests(emu).filter((r) => r.fault === "429");
    expect(throttled.length).toBe(outcome.counts.failed * 3);
  } finally {
    await emu.close();
  }
});

test("a cancelled deploy finishes what is in flight, starts nothing new and says so", async () => {
  const emu = await startTestEmulator();
  try {
    const abort = new AbortController();
    const result = await deployTargets([TARGET], (t) => [fixtureSolution(t, { rules: 10 })], {
      ...fastOptions(emu),
      concurrency: 2,
      signal: abort.signal,
      onProgress: (_t, e) => {
        if (e.done === 3) abort.abort();
      },
    });
    const o = result.targets[0]!;
    expect(result.exitCode).toBe(1);
    expect(o.error?.category).toBe("cancelled");
    expect(o.counts.created).toBeGreaterThanOrEqual(3);
    expect(o.counts.skipped).toBeGreaterThan(0);
    expect(o.counts.created + o.counts.skipped).toBe(o.plan!.items.length);
    expect(writes(emu).filter((r) => r.status > 0 && r.status < 300)).toHaveLength(o.counts.created);
  } finally {
    await emu.close();
  }
});

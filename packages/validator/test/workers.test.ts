/**
 * The queue shared by the main thread and helper threads (pipeline/workers.ts), with stand-in
 * threads: every query is analysed once, results come back in job order, helpers learn each
 * schema before its first query, and a helper that fails hands its queries back.
 */
import { EventEmitter } from "node:events";
import type { KqlAnalysis } from "../src/index.js";
import {
  AnalysisHelpers,
  type FromHelper,
  type HelperThread,
  type SharedJob,
  type ToHelper,
  workerCount,
} from "../src/pipeline/workers.js";

const analysis = (text: string, by: string): KqlAnalysis => ({
  diagnostics: [{ code: by, severity: "info", message: text, start: 0, length: 0 }],
  resultColumns: null,
  resultIsOpen: false,
  referencedTables: [],
  referencedFunctions: [],
});

/** A helper that answers each batch on the next turn of the event loop, or fails after `failAfter` batches. */
class FakeHelper extends EventEmitter implements HelperThread {
  readonly received: ToHelper[] = [];
  readonly schemasKnown = new Set<string>();
  analysed = 0;
  terminated = false;

  constructor(private readonly failAfter = Number.POSITIVE_INFINITY) {
    super();
  }

  postMessage(m: ToHelper): void {
    this.received.push(m);
    if (m.type === "schema") {
      this.schemasKnown.add(m.key);
      return;
    }
    const batches = this.received.filter((r) => r.type === "jobs").length;
    for (const j of m.jobs) expect(this.schemasKnown.has(j.schemaKey)).toBe(true);
    setImmediate(() => {
      if (batches > this.failAfter) {
        this.emit("error", new Error("helper crashed"));
        return;
      }
      this.analysed += m.jobs.length;
      const reply: FromHelper = {
        type: "results",
        batch: m.batch,
        analyses: m.jobs.map((j) => analysis(j.job.text, "helper")),
      };
      this.emit("message", reply);
    });
  }

  async terminate(): Promise<number> {
    this.terminated = true;
    return 0;
  }
}

const jobsOf = (n: number): SharedJob[] =>
  Array.from({ length: n }, (_, i) => ({
    schemaKey: i % 2 ? "odd" : "even",
    job: { text: `q${i}`, bestPractices: false },
  }));

async function share(jobs: SharedJob[], helpers: FakeHelper[]) {
  const pool = new AnalysisHelpers(helpers.length, () => helpers.shift()!);
  const mainDid: number[] = [];
  const results = await pool.share(jobs, { odd: {}, even: {} }, (i) => {
    mainDid.push(i);
    return analysis(jobs[i]!.job.text, "main");
  });
  return { results, mainDid };
}

describe("analysis helpers", () => {
  test("main thread and helper share the queue; results in job order, each analysed once", async () => {
    const helper = new FakeHelper();
    const jobs = jobsOf(40);
    const { results, mainDid } = await share(jobs, [helper]);
    expect(results.map((r) => r.diagnostics[0]!.message)).toEqual(jobs.map((j) => j.job.text));
    expect(helper.analysed).toBeGreaterThan(0);
    expect(mainDid.length).toBeGreaterThan(0);
    expect(helper.analysed + mainDid.length).toBe(40);
    expect(helper.terminated).toBe(true);
    // each schema is sent once
    expect(
      helper.received.filter((m) => m.type === "schema").map((m) => m.type === "schema" && m.key),
    ).toEqual(["even", "odd"]);
  });

  test("a helper that fails gives its queries back to the main thread", async () => {
    const helper = new FakeHelper(1);
    const jobs = jobsOf(30);
    const { results, mainDid } = await share(jobs, [helper]);
    expect(results.map((r) => r.diagnostics[0]!.message)).toEqual(jobs.map((j) => j.job.text));
    expect(helper.analysed + mainDid.length).toBe(30);
    expect(new Set(mainDid).size).toBe(mainDid.length);
  });

  test("a helper that fails before any work leaves everything to the main thread", async () => {
    const helper = new FakeHelper();
    const pool = new AnalysisHelpers(1, () => helper);
    helper.emit("error", new Error("cannot start"));
    const jobs = jobsOf(10);
    const results = await pool.share(jobs, {}, (i) => analysis(jobs[i]!.job.text, "main"));
    expect(results.map((r) => r.diagnostics[0]!.code)).toEqual(Array(10).fill("main"));
    expect(helper.received.filter((m) => m.type === "jobs")).toEqual([]);
  });

  test("never more than one thread under Jest", () => {
    expect(workerCount(5000, 4)).toBe(1);
  });
});

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli } from "./cli-run.js";

const FIXTURE = path.join(import.meta.dirname, "fixtures/v3-contoso/Package/mainTemplate.json");

function run(...args: string[]) {
  return runCli("import", ...args);
}

describe("sentinelctl import", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "sentinelctl-import-cli-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test("--json: files, counts, what was not imported, and the validation of the written folder", async () => {
    const out = path.join(root, "Contoso");
    const r = await run("--from-package", FIXTURE, "--out", out, "--json");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.counts).toEqual({ analytics: 1, connectors: 1, hunting: 1, parsers: 1 });
    expect(doc.skipped.map((s: { item: string }) => s.item)).toContain("Watchlist 'Contoso assets'");
    expect(doc.files).toContain("solution.yaml");
    expect(doc.validation.summary).toEqual({ errors: 0, warnings: 0, infos: 0 });
  });

  test("never overwrites without --force (exit 2, nothing written); --force overwrites", async () => {
    const out = path.join(root, "Contoso");
    expect((await run("--from-package", FIXTURE, "--out", out)).code).toBe(0);
    const rule = path.join(out, "analytics/ContosoFirewallPortScan.yaml");
    await writeFile(rule, "edited\n");
    const again = await run("--from-package", FIXTURE, "--out", out);
    expect(again.code).toBe(2);
    expect(again.err).toContain("already exist");
    expect(again.err).toContain("--force");
    expect(await readFile(rule, "utf8")).toBe("edited\n");
    const forced = await run("--from-package", FIXTURE, "--out", out, "--force");
    expect(forced.code).toBe(0);
    expect(await readFile(rule, "utf8")).toContain("kind: Scheduled");
  });

  test("input that is not a package: exit 2 with the file named, no stack trace, nothing written", async () => {
    const bad = path.join(root, "mainTemplate.json");
    await writeFile(bad, "{ not json");
    const out = path.join(root, "out");
    const r = await run("--from-package", bad, "--out", out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(bad);
    expect(r.err).toContain("not JSON");
    expect(r.err).not.toMatch(/\n\s+at /);
    await expect(readFile(path.join(out, "solution.yaml"))).rejects.toThrow();
    const missing = await run("--from-package", path.join(root, "nope.json"), "--out", out);
    expect(missing.code).toBe(2);
    expect((await run("--out", out)).code).toBe(2);
  });
});

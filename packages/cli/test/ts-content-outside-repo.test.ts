/** `.ts` content in a folder outside this repository (no package.json anywhere above it) loads. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/sentinelctl.js");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "sentinelctl-ts-outside-"));
  mkdirSync(path.join(dir, "workbooks"));
  const ts = "const title: string = 'Typed';\nexport const helper = { title };\n";
  writeFileSync(path.join(dir, "workbooks", "Helper.ts"), ts);
  mkdirSync(path.join(dir, "broken", "workbooks"), { recursive: true });
  mkdirSync(path.join(dir, "lib"));
  writeFileSync(path.join(dir, "lib", "parts.ts"), 'export { x } from "./not-there";\n');
  writeFileSync(
    path.join(dir, "broken", "workbooks", "Missing.ts"),
    'export { x } from "../../lib/parts";\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("validate evaluates the TypeScript module instead of failing to load it", () => {
  const r = spawnSync(process.execPath, [bin, "validate", "workbooks"], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", CI: "true" },
    timeout: 60_000,
  });
  const out = r.stdout + r.stderr;
  expect(out).not.toMatch(/LOAD-TS-THROW/);
  // The module ran (its type annotation was stripped) and was seen to export no content.
  expect(out).toMatch(/workbooks\/Helper\.ts:1:1\s+warning\s+LOAD-NO-CONTENT/);
});

test("a module that cannot load is reported the same way on every run (no loader-generated ids)", () => {
  const run = () =>
    spawnSync(process.execPath, [bin, "validate", "broken", "--no-cache"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", CI: "true" },
      timeout: 60_000,
    }).stdout;
  const first = run();
  expect(first).toMatch(/LOAD-TS-THROW .*Cannot find module '\.\/not-there'/);
  expect(first).not.toMatch(/namespace=/);
  expect(run()).toBe(first);
});

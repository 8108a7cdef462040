import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkRegistry, explainableCodes, metaForCode } from "@sentinelctl/validator";
import { runCliInProcess } from "./in-process.js";

test("explain prints the registry's doc of an exact code", async () => {
  const entry = checkRegistry().find((m) => !m.code.endsWith("*"));
  if (entry === undefined) throw new Error("the registry has no exact code");
  const run = await runCliInProcess(["explain", entry.code.toLowerCase()]);
  expect(run.code).toBe(0);
  expect(run.out).toContain(entry.code);
  expect(run.out).toContain(entry.doc);
});

test("explain resolves a concrete code to its family", async () => {
  const family = checkRegistry().find((m) => m.code.endsWith("*"));
  if (family === undefined) throw new Error("the registry has no code family");
  const run = await runCliInProcess(["explain", `${family.code.slice(0, -1)}SOMETHING`]);
  expect(run.code).toBe(0);
  expect(run.out).toContain(family.doc);
});

test("an unknown code exits 2 with a did-you-mean and no stack trace", async () => {
  // A one-letter typo (second letter changed) of an exact code that no family swallows.
  const typoOf = (code: string) => `${code[0]}${code[1] === "Q" ? "W" : "Q"}${code.slice(2)}`;
  const entry = checkRegistry().find(
    (m) => !m.code.endsWith("*") && m.code.length > 8 && metaForCode(typoOf(m.code)) === undefined,
  );
  if (entry === undefined) throw new Error("the registry has no suitable exact code");
  const run = await runCliInProcess(["explain", typoOf(entry.code)]);
  expect(run.code).toBe(2);
  expect(run.err).toContain("unknown diagnostic code");
  expect(run.err).toContain(entry.code);
  expect(run.err).not.toMatch(/\n\s+at /);
});

test("explain prints, for every code, exactly what docs/diagnostics.md says about it", async () => {
  const page = readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), "../../../docs/diagnostics.md"),
    "utf8",
  );
  for (const code of explainableCodes()) {
    const run = await runCliInProcess(["explain", code]);
    expect({ code, exit: run.code }).toEqual({ code, exit: 0 });
    const [header, ...body] = run.out.trimEnd().split("\n\n");
    const summary = /^\S+ \((.*)\)$/.exec(header!)![1];
    const section = page.split(`\n### ${code}\n\n`)[1]?.split("\n### ")[0]?.split("\n## ")[0];
    expect({ code, section: section?.trimEnd() }).toEqual({
      code,
      section: [`*${summary}*`, ...body].join("\n\n"),
    });
  }
});

test("explain documents a renamed code by what replaced it", async () => {
  const run = await runCliInProcess(["explain", "build-table-unused"]);
  expect(run.code).toBe(0);
  expect(run.out).toMatch(/^BUILD-TABLE-UNUSED \(renamed\)/);
  expect(run.out).toContain("TABLE-NO-WRITER");
});

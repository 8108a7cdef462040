import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { paint, useColor } from "../src/ui.js";

const tty = { isTTY: true } as const;
const pipe = { isTTY: false } as const;

describe("colour decision", () => {
  test("a terminal gets colour, a pipe does not", () => {
    expect(useColor(tty, {})).toBe(true);
    expect(useColor(pipe, {})).toBe(false);
  });

  test("FORCE_COLOR=0 and FORCE_COLOR=false turn colour off, even on a terminal", () => {
    expect(useColor(tty, { FORCE_COLOR: "0" })).toBe(false);
    expect(useColor(tty, { FORCE_COLOR: "false" })).toBe(false);
  });

  test("any other FORCE_COLOR value turns colour on for a pipe", () => {
    expect(useColor(pipe, { FORCE_COLOR: "1" })).toBe(true);
    expect(useColor(pipe, { FORCE_COLOR: "" })).toBe(true);
  });

  test("a non-empty NO_COLOR wins over FORCE_COLOR and a terminal", () => {
    expect(useColor(tty, { NO_COLOR: "1" })).toBe(false);
    expect(useColor(pipe, { NO_COLOR: "1", FORCE_COLOR: "1" })).toBe(false);
    expect(useColor(tty, { NO_COLOR: "" })).toBe(true);
  });

  test("paint adds escapes only when enabled", () => {
    expect(paint(true, "red", "x")).toBe("\x1b[31mx\x1b[39m");
    expect(paint(false, "red", "x")).toBe("x");
  });
});

describe("validate output through the bin (stdout is a pipe)", () => {
  const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/sentinelctl.js");
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "sentinelctl-color-"));
    writeFileSync(path.join(dir, "q.kql"), "NoSuchTable_XYZ | take 1\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function validate(env: Record<string, string>): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin, "validate", "q.kql"], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? "", ...env },
        stdio: ["ignore", "pipe", "ignore"],
      });
      let stdout = "";
      child.stdout.on("data", (b: Buffer) => {
        stdout += b.toString();
      });
      child.on("error", reject);
      child.on("exit", () => resolve(stdout));
    });
  }

  test("FORCE_COLOR=1 colours, FORCE_COLOR=0 and NO_COLOR do not", async () => {
    const [forced, zero, noColor] = await Promise.all([
      validate({ FORCE_COLOR: "1" }),
      validate({ FORCE_COLOR: "0" }),
      validate({ FORCE_COLOR: "1", NO_COLOR: "1" }),
    ]);
    for (const out of [forced, zero, noColor]) expect(out).toContain("KQL-KS204");
    expect(forced).toContain("\x1b[31merror");
    expect(zero).not.toContain("\x1b[");
    expect(noColor).not.toContain("\x1b[");
  }, 60_000);
});

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

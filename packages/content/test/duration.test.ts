/** The one duration reader shared by validator, builder, deployer, importer and tester. */
import { formatDuration, fromIsoDuration, parseDuration, toIsoDuration } from "../src/duration.js";

const MIN = 60_000;

describe("parseDuration", () => {
  test("the short form, one unit or several", () => {
    expect(parseDuration("5m")).toBe(5 * MIN);
    expect(parseDuration("14d")).toBe(14 * 24 * 60 * MIN);
    expect(parseDuration("1d12h")).toBe(36 * 60 * MIN);
    expect(parseDuration("1h 30m")).toBe(90 * MIN);
    expect(parseDuration("90s")).toBe(90_000);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("1s500ms")).toBe(1500);
  });

  test("ISO 8601, weeks and fractions included, and the same span in two spellings", () => {
    expect(parseDuration("PT1H")).toBe(parseDuration("PT60M"));
    expect(parseDuration("P1W")).toBe(7 * 24 * 60 * MIN);
    expect(parseDuration("pt1h30m")).toBe(90 * MIN);
    expect(parseDuration("PT0.5S")).toBe(500);
    expect(parseDuration("P1D")).toBe(24 * 60 * MIN);
    expect(parseDuration("PT1H30M")).toBe(parseDuration("1h30m"));
  });

  test(".NET TimeSpan text", () => {
    expect(parseDuration("00:05:00")).toBe(5 * MIN);
    expect(parseDuration("1.00:00:00")).toBe(24 * 60 * MIN);
    expect(parseDuration("00:61:00")).toBeUndefined();
  });

  test("anything else is not a duration", () => {
    for (const text of ["", "P", "PT", "P1DT", "soon", "5 minutes", "P1Y", "5x"]) {
      expect(parseDuration(text)).toBeUndefined();
    }
    expect(parseDuration(5)).toBeUndefined();
  });
});

describe("toIsoDuration", () => {
  test("short and TimeSpan forms become ISO with the units as written", () => {
    expect(toIsoDuration("90m")).toBe("PT90M");
    expect(toIsoDuration("36h")).toBe("PT36H");
    expect(toIsoDuration("1d12h")).toBe("P1DT12H");
    expect(toIsoDuration("0m")).toBe("PT0S");
    expect(toIsoDuration("1s500ms")).toBe("PT1.5S");
    expect(parseDuration(toIsoDuration("250ms"))).toBe(250);
    expect(toIsoDuration("00:61:00")).toBeUndefined();
    expect(toIsoDuration("1.12:00:00")).toBe("P1DT12H");
  });

  test("ISO input is kept as written, upper-cased", () => {
    expect(toIsoDuration("pt60m")).toBe("PT60M");
    expect(toIsoDuration("P1M")).toBe("P1M");
  });

  test("round trip with formatDuration", () => {
    for (const text of ["5m", "1h", "14d", "1h30m"]) {
      expect(formatDuration(parseDuration(toIsoDuration(text)!)!)).toBe(text);
    }
  });
});

describe("fromIsoDuration", () => {
  test("ISO back to the short form with the units as written, and back again", () => {
    for (const [iso, short] of [
      ["PT5M", "5m"],
      ["PT90M", "90m"],
      ["P1DT12H", "1d12h"],
      ["P14D", "14d"],
    ] as const) {
      expect(fromIsoDuration(iso)).toBe(short);
      expect(toIsoDuration(short)).toBe(iso);
    }
  });

  test("what the short form cannot hold is kept as it is", () => {
    for (const iso of ["P1W", "PT0.5S", "P1M", "P", "PT", "soon"]) expect(fromIsoDuration(iso)).toBe(iso);
    expect(fromIsoDuration(5)).toBeUndefined();
  });
});

/**
 * convert_length, convert_volume, convert_temperature: the value expressed in the `from` unit,
 * converted to the `to` unit (unit names as the docs list them, case-sensitive). Only units whose
 * factor is exact (or, for the acre-foot, shown by the docs) are modelled; any other name (units
 * defined by a measured or rounded constant such as Mile, LightYear or UsGallon, or unknown names)
 * is refused rather than converted with a factor that might differ from Kusto's.
 */
import { type CallSite, register } from "./registry.js";

const INCH = 0.0254;

/** metres per unit */
const LENGTH: Record<string, number> = {
  Angstrom: 1e-10,
  Centimeter: 1e-2,
  Chain: 20.1168,
  DataMile: 1828.8,
  Decameter: 10,
  Decimeter: 0.1,
  DtpPica: INCH / 6,
  DtpPoint: INCH / 72,
  Fathom: 1.8288,
  Foot: 0.3048,
  Hand: 0.1016,
  Hectometer: 100,
  Inch: INCH,
  Kilometer: 1000,
  Meter: 1,
  Microinch: 2.54e-8,
  Micrometer: 1e-6,
  Mil: 2.54e-5,
  Millimeter: 1e-3,
  Nanometer: 1e-9,
  NauticalMile: 1852,
  Shackle: 27.432,
  Twip: INCH / 1440,
  UsSurveyFoot: 1200 / 3937,
  Yard: 0.9144,
};

/**
 * cubic metres per unit. Kusto's units library defines the acre-foot through the rounded
 * 0.000810714 acre-feet per cubic metre (the docs' example shows it); the other units kept here
 * are exact.
 */
const VOLUME: Record<string, number> = {
  AcreFoot: 1 / 0.000810714,
  CubicCentimeter: 1e-6,
  CubicDecimeter: 1e-3,
  CubicFoot: 0.028316846592,
  CubicKilometer: 1e9,
  CubicMeter: 1,
  CubicMicrometer: 1e-18,
  CubicMillimeter: 1e-9,
  Centiliter: 1e-5,
  Deciliter: 1e-4,
  Hectoliter: 0.1,
  ImperialGallon: 0.00454609,
  Kiloliter: 1,
  Liter: 1e-3,
  Megaliter: 1e3,
  Microliter: 1e-9,
  Milliliter: 1e-6,
};

/** kelvins from a value in the unit, and back */
const TEMPERATURE: Record<string, { toKelvin(x: number): number; fromKelvin(k: number): number }> = {
  Kelvin: { toKelvin: (x) => x, fromKelvin: (k) => k },
  DegreeCelsius: { toKelvin: (x) => x + 273.15, fromKelvin: (k) => k - 273.15 },
  MillidegreeCelsius: { toKelvin: (x) => x / 1000 + 273.15, fromKelvin: (k) => (k - 273.15) * 1000 },
  DegreeFahrenheit: { toKelvin: (x) => ((x + 459.67) * 5) / 9, fromKelvin: (k) => (k * 9) / 5 - 459.67 },
  DegreeRankine: { toKelvin: (x) => (x * 5) / 9, fromKelvin: (k) => (k * 9) / 5 },
};

function unitOf<T>(table: Record<string, T>, name: unknown, site: CallSite): T {
  const unit = typeof name === "string" && Object.hasOwn(table, name) ? table[name] : undefined;
  if (unit === undefined) return site.refuse(`unit ${JSON.stringify(name)}`);
  return unit;
}

function byFactor(name: string, table: Record<string, number>): void {
  register(name, (fns, site) => {
    const [value, from, to] = fns;
    return (r) => {
      const v = value!(r);
      const a = unitOf(table, from!(r), site);
      const b = unitOf(table, to!(r), site);
      if (v === null) return null;
      return a === b ? Number(v) : (Number(v) * a) / b;
    };
  });
}

byFactor("convert_length", LENGTH);
byFactor("convert_volume", VOLUME);

register("convert_temperature", (fns, site) => {
  const [value, from, to] = fns;
  return (r) => {
    const v = value!(r);
    const a = unitOf(TEMPERATURE, from!(r), site);
    const b = unitOf(TEMPERATURE, to!(r), site);
    if (v === null) return null;
    return from!(r) === to!(r) ? Number(v) : b.fromKelvin(a.toKelvin(Number(v)));
  };
});

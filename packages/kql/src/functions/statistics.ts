/**
 * Probability densities. beta_pdf follows the docs: null when an argument is null, NaN when
 * x ≤ 0, x ≥ 1, alpha ≤ 0 or beta ≤ 0. (beta_inv is not offered: its docs' notes and example
 * disagree on which invalid inputs give null and which NaN.)
 */
import { register, strict } from "./registry.js";

// Lanczos approximation (g = 7, nine terms), accurate to about 15 significant digits
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

register(
  "beta_pdf",
  strict((x: number, alpha: number, beta: number) => {
    const [v, a, b] = [Number(x), Number(alpha), Number(beta)];
    if (!(v > 0 && v < 1 && a > 0 && b > 0)) return Number.NaN;
    const logBeta = logGamma(a) + logGamma(b) - logGamma(a + b);
    return Math.exp((a - 1) * Math.log(v) + (b - 1) * Math.log(1 - v) - logBeta);
  }),
);

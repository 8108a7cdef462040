/**
 * Fault injection and latency: a seedable draw of 429 / 500 / 503 / connection reset per request,
 * changeable at run time (`emu.setFaults`, `POST /__emulator/faults`).
 */
import { type ArmError, armError } from "./http.js";

export type FaultKind = "429" | "500" | "503" | "reset";
export const ALL_FAULT_KINDS: readonly FaultKind[] = ["429", "500", "503", "reset"];

export interface FaultSettings {
  rate?: number;
  kinds?: FaultKind[];
  latencyMs?: number;
}

/** Returns what is wrong with the settings, or undefined. */
export function validateFaults(f: FaultSettings): string | undefined {
  if (f.rate !== undefined && !(typeof f.rate === "number" && f.rate >= 0 && f.rate <= 1)) {
    return "rate must be a number between 0 and 1";
  }
  if (f.kinds !== undefined) {
    if (!Array.isArray(f.kinds) || f.kinds.length === 0) return "kinds must be a non-empty array";
    const bad = f.kinds.filter((k) => !ALL_FAULT_KINDS.includes(k));
    if (bad.length) return `unknown fault kinds: ${bad.join(", ")} (allowed: ${ALL_FAULT_KINDS.join(", ")})`;
  }
  if (f.latencyMs !== undefined && !(Number.isInteger(f.latencyMs) && f.latencyMs >= 0)) {
    return "latencyMs must be a non-negative integer";
  }
  return undefined;
}

/** Small, fast, seedable PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  rate: number;
  kinds: FaultKind[];
  latencyMs: number;
  private readonly random: () => number;

  /** Throws on invalid settings (options are checked before the server starts). */
  constructor(initial: FaultSettings & { seed?: number }) {
    const problem = validateFaults(initial);
    if (problem) throw new Error(`invalid fault options: ${problem}`);
    this.rate = initial.rate ?? 0;
    this.kinds = [...(initial.kinds ?? ALL_FAULT_KINDS)];
    this.latencyMs = initial.latencyMs ?? 0;
    this.random = prng(initial.seed ?? 1);
  }

  /** The fault for the next request, if any (same seed + same request sequence = same faults). */
  draw(): FaultKind | undefined {
    if (this.rate <= 0 || this.kinds.length === 0) return undefined;
    if (this.random() >= this.rate) return undefined;
    return this.kinds[Math.min(this.kinds.length - 1, Math.floor(this.random() * this.kinds.length))];
  }

  /** Applies the given settings; returns a problem (and changes nothing) when they are invalid. */
  set(f: FaultSettings): string | undefined {
    const problem = validateFaults(f);
    if (problem) return problem;
    if (f.rate !== undefined) this.rate = f.rate;
    if (f.kinds !== undefined) this.kinds = [...f.kinds];
    if (f.latencyMs !== undefined) this.latencyMs = f.latencyMs;
    return undefined;
  }

  settings(): Required<FaultSettings> {
    return { rate: this.rate, kinds: this.kinds, latencyMs: this.latencyMs };
  }
}

/** The answer of an injected HTTP fault (a `reset` drops the connection instead). */
export function faultError(fault: Exclude<FaultKind, "reset">): ArmError {
  const note = "(fault injected by the ARM emulator)";
  if (fault === "429") {
    return armError(429, "TooManyRequests", `The request is being throttled. ${note}`, {
      headers: { "retry-after": "0" },
    });
  }
  if (fault === "503") {
    return armError(503, "ServiceUnavailable", `The service is temporarily unavailable. ${note}`, {
      headers: { "retry-after": "0" },
    });
  }
  return armError(500, "InternalServerError", `An internal server error occurred. ${note}`);
}

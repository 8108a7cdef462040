import { createInterface } from "node:readline/promises";

/** Questions are asked only on an interactive terminal, and never in CI (CI set to anything). */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI;
}

/** Asks one question on the terminal; an empty answer takes `fallback` when there is one. */
export async function ask(question: string, fallback?: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (
      await rl.question(`${question}${fallback !== undefined ? ` (${fallback})` : ""}: `)
    ).trim();
    return answer === "" && fallback !== undefined ? fallback : answer;
  } finally {
    rl.close();
  }
}

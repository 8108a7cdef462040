import { InputError } from "@sentinelctl/content/diagnostics";
import { createColors } from "picocolors";

/** Exit codes every command uses. */
export const EXIT = { ok: 0, findings: 1, input: 2, failure: 3 } as const;

export interface Output {
  /** Human progress on a TTY only; silent in CI, with --json, or when piped. */
  progress(message: string): void;
  /** Clears the progress line. */
  done(): void;
  out(text: string): void;
  err(text: string): void;
  color: boolean;
}

/**
 * Whether to colour a stream. Decided here rather than by picocolors' own detection, which turns
 * colour on for any FORCE_COLOR value (including "0") and in every CI. NO_COLOR (non-empty) wins;
 * FORCE_COLOR=0 or false turns colour off, any other FORCE_COLOR value turns it on; otherwise a TTY.
 */
export function useColor(
  stream: Pick<NodeJS.WriteStream, "isTTY"> = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return !/^(0|false)$/i.test(env.FORCE_COLOR.trim());
  return Boolean(stream.isTTY);
}

export function createOutput(options: { json?: boolean } = {}): Output {
  const tty = Boolean(process.stderr.isTTY) && !process.env.CI && !options.json;
  let shown = false;
  return {
    color: useColor(),
    progress(message) {
      if (!tty) return;
      process.stderr.write(`\r\x1b[2K${message.slice(0, (process.stderr.columns ?? 100) - 1)}`);
      shown = true;
    },
    done() {
      if (shown) process.stderr.write("\r\x1b[2K");
      shown = false;
    },
    out(text) {
      process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    },
    err(text) {
      process.stderr.write(text.endsWith("\n") ? text : `${text}\n`);
    },
  };
}

export function paint(
  enabled: boolean,
  color: "red" | "yellow" | "cyan" | "gray" | "bold" | "green",
  text: string,
): string {
  return createColors(enabled)[color](text);
}

/** A user error: printed as one plain message (with its hint), never a stack trace. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** Turns any thrown value into an exit code and a message fit for a user. */
export function reportFailure(error: unknown, output: Output = createOutput()): number {
  if (error instanceof UsageError) {
    output.err(`error: ${error.message}`);
    if (error.hint) output.err(`hint: ${error.hint}`);
    return EXIT.input;
  }
  if (error instanceof InputError) {
    const d = error.diagnostic;
    const at = d.file ? `${d.file}${d.range ? `:${d.range.start.line}:${d.range.start.column}` : ""}: ` : "";
    output.err(`error: ${at}${d.message}`);
    if (d.hint) output.err(`hint: ${d.hint}`);
    return EXIT.input;
  }
  const message = error instanceof Error ? error.message : String(error);
  output.err(`internal error: ${message}`);
  if (process.env.SENTINELCTL_DEBUG && error instanceof Error && error.stack) output.err(error.stack);
  else
    output.err(
      "hint: this is a bug in sentinelctl; rerun with SENTINELCTL_DEBUG=1 for details and report it.",
    );
  return EXIT.failure;
}

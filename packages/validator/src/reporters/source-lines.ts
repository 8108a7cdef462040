import { readFileSync } from "node:fs";
import path from "node:path";

/** Reads the lines of files named in diagnostics (relative to cwd), once per file; never throws. */
export class SourceLines {
  private cache = new Map<string, string[] | null>();
  constructor(
    private readonly cwd: string,
    private readonly readFile: (file: string) => string | undefined = (f) => {
      try {
        return readFileSync(f, "utf8");
      } catch {
        return undefined;
      }
    },
  ) {}

  lines(file: string): string[] | null {
    let l = this.cache.get(file);
    if (l === undefined) {
      const text = this.readFile(path.resolve(this.cwd, file));
      l = text === undefined ? null : text.replace(/^\uFEFF/, "").split(/\r?\n/);
      this.cache.set(file, l);
    }
    return l;
  }

  line(file: string, line: number): string | undefined {
    return this.lines(file)?.[line - 1];
  }
}

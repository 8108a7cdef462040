import { stat } from "node:fs/promises";

/** What is at `p`: a directory, something else ("file"), or nothing (undefined). */
export async function pathKind(p: string): Promise<"file" | "dir" | undefined> {
  try {
    return (await stat(p)).isDirectory() ? "dir" : "file";
  } catch {
    return undefined;
  }
}

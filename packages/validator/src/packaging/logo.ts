import { readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import type { SolutionModel } from "@sentinelctl/content";

/** What a solution's `logo` gives the package: an https URL, an SVG file's bytes, or a problem. */
export type SolutionLogo =
  | { url: string }
  | { svg: Buffer }
  | { problem: { code: "BUILD-LOGO" | "BUILD-PATH-ESCAPE"; message: string; hint?: string } };

/**
 * Reads the solution's logo: an https URL is used as is; a file must be an SVG without scripts
 * inside the solution folder (symbolic links resolved). Undefined when the solution has no logo.
 */
export function readSolutionLogo(model: SolutionModel): SolutionLogo | undefined {
  const logo = model.solution?.data.logo;
  if (!logo) return undefined;
  if (/^https:\/\//i.test(logo)) return { url: logo };
  const problem = (message: string) => ({ problem: { code: "BUILD-LOGO" as const, message } });
  if (/^[a-z]+:/i.test(logo))
    return problem(`logo '${logo}' must be an https URL or a file in the solution.`);
  let root: string;
  let target: string;
  try {
    root = realpathSync(model.dir);
    target = realpathSync(path.resolve(model.dir, logo));
  } catch {
    return problem(`logo '${logo}' does not exist.`);
  }
  const rel = path.relative(root, target);
  if (rel.startsWith("..") || path.isAbsolute(rel)) {
    return {
      problem: {
        code: "BUILD-PATH-ESCAPE",
        message: `logo '${logo}' points outside the solution folder.`,
        hint: "Keep every referenced file inside the solution folder.",
      },
    };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(target);
  } catch {
    return problem(`logo '${logo}' cannot be read.`);
  }
  const text = bytes.toString("utf8");
  if (!/\.svg$/i.test(target) || !/<svg[\s>]/i.test(text))
    return problem(`logo '${logo}' is not an SVG file.`);
  if (/<script[\s>]/i.test(text)) return problem(`logo '${logo}' contains a script element.`);
  return { svg: bytes };
}

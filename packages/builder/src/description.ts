import type { Solution } from "@sentinelctl/content";
import { markdownToHtml } from "./util/markdown.js";

export const KNOWN_ISSUES_URL = "https://aka.ms/sentinelsolutionsknownissues";

/** "**Data Connectors:** 2, **Workbooks:** 2, ..." */
export function countsLine(counts: ReadonlyArray<[string, number]>): string {
  return counts.map(([label, n]) => `**${label}:** ${n}`).join(", ");
}

function body(solution: Solution, counts: ReadonlyArray<[string, number]>): string[] {
  const parts = [
    "**Note:** Please refer to the following before installing the solution:",
    `• There may be [known issues](${KNOWN_ISSUES_URL}) pertaining to this Solution, please refer to them before installing.`,
    solution.description.trim(),
  ];
  if (counts.length) parts.push(countsLine(counts));
  parts.push(
    "[Learn more about Microsoft Sentinel](https://aka.ms/azuresentinel) | [Learn more about Solutions](https://aka.ms/azuresentinelsolutionsdoc)",
  );
  return parts;
}

/** The createUiDefinition basics description (Markdown, with the logo on top). */
export function basicsDescription(
  solution: Solution,
  counts: ReadonlyArray<[string, number]>,
  icon?: string,
): string {
  return [...(icon ? [icon] : []), ...body(solution, counts)].join("\n\n");
}

/** The contentPackage descriptionHtml: the same text without the logo, as HTML. */
export function descriptionHtml(solution: Solution, counts: ReadonlyArray<[string, number]>): string {
  return markdownToHtml(body(solution, counts).join("\n\n"));
}

/** `<img ...>` for the package icon and the description. */
export function iconHtml(src: string): string {
  return `<img src="${src}" width="75px" height="75px">`;
}

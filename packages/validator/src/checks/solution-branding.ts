import type { AnyContentItem, Path } from "@sentinelctl/content";
import { itemsOf } from "@sentinelctl/content";
import { defineCheck, type Where } from "./types.js";

/** Standalone "Sentinel" not preceded by "Microsoft " (or a hyphen, as in a product id). */
const BARE = /(?<!Microsoft\s)(?<!-)\bSentinel\b/g;
const AZURE = /\bAzure\s+Sentinel\b/g;

/** The texts of each kind that end up in the package (mainTemplate, createUiDefinition). */
function packagedTexts(item: AnyContentItem): Array<{ path: Path; text: string }> {
  const d = item.data as Record<string, unknown>;
  const fields: Record<string, string[]> = {
    solution: ["name", "description"],
    analyticRule: ["name", "description"],
    huntingQuery: ["name", "description", "description-detailed"],
    workbook: ["title", "subtitle", "description"],
    dataConnector: ["title", "descriptionMarkdown"],
    parser: ["Description"],
    playbook: ["title", "description"],
    table: ["description"],
  };
  const out: Array<{ path: Path; text: string }> = [];
  for (const f of fields[item.kind] ?? []) {
    if (typeof d[f] === "string") out.push({ path: [f], text: d[f] as string });
  }
  if (item.kind === "parser" && typeof item.data.Function?.Title === "string")
    out.push({ path: ["Function", "Title"], text: item.data.Function.Title });
  if (item.kind === "dataConnector") {
    const walk = (steps: unknown, base: Path) => {
      if (!Array.isArray(steps)) return;
      steps.forEach((s, i) => {
        const step = s as Record<string, unknown>;
        for (const f of ["title", "description"])
          if (typeof step[f] === "string") out.push({ path: [...base, i, f], text: step[f] as string });
        walk(step.innerSteps, [...base, i, "innerSteps"]);
      });
    };
    walk(item.data.instructionSteps, ["instructionSteps"]);
  }
  return out;
}

function where(item: AnyContentItem, path: Path, text: string, offset: number, length: number): Where {
  const src = item.source;
  const p = [...item.path, ...path];
  return { source: src, range: src.textRange(p, offset, length, text) };
}

export const solutionBranding = defineCheck({
  meta: {
    code: "SOLUTION-BRANDING",
    severity: "error",
    category: "solution",
    doc: 'Texts that reach a solution\'s package say "Microsoft Sentinel", never a bare "Sentinel" nor "Azure Sentinel" (not applied to loose content, which is never packaged).',
    parity: "B.6 branding",
  },
  run(ctx) {
    // Microsoft checks the texts of a solution's package; loose content (rules validated without a
    // solution, the repository's Detections/) is never packaged, and SentinelOne's paths are exempt.
    if (!ctx.model.solution || /SentinelOne/i.test(ctx.model.folderName)) return;
    for (const item of itemsOf(ctx.model)) {
      for (const { path, text } of packagedTexts(item)) {
        if (/SentinelOne/.test(text) && !/\bSentinel\b(?!One)/.test(text)) continue;
        for (const m of text.matchAll(AZURE)) {
          ctx.report({
            at: where(item, path, text, m.index ?? 0, m[0].length),
            message: '"Azure Sentinel" is the product\'s old name; write "Microsoft Sentinel".',
          });
        }
        for (const m of text.matchAll(BARE)) {
          const before = text.slice(Math.max(0, (m.index ?? 0) - 6), m.index);
          if (/Azure\s+$/.test(before)) continue; // reported above
          ctx.report({
            at: where(item, path, text, m.index ?? 0, m[0].length),
            message:
              'Write "Microsoft Sentinel", not "Sentinel" alone (Microsoft\'s package validation rejects it).',
          });
        }
      }
    }
  },
});

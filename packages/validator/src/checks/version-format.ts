import type { AnyContentItem, Path } from "@sentinelctl/content";
import { itemsOf } from "@sentinelctl/content";
import { at, defineCheck } from "./types.js";

const SEMVER = /^\d+\.\d+\.\d+$/;
/** What the packager accepts for the other kinds: V3 itself writes playbook versions as `1.0`. */
const DOTTED = /^\d+(\.\d+){1,3}$/;

/** Microsoft's CI holds detection templates to MAJOR.MINOR.PATCH; V3 needs it for the solution. */
const STRICT = new Set<AnyContentItem["kind"]>(["analyticRule", "huntingQuery", "solution"]);

function versionOf(item: AnyContentItem): { value: unknown; path: Path } | undefined {
  if (item.kind === "parser") return { value: item.data.Function?.Version, path: ["Function", "Version"] };
  if (item.kind === "table") return undefined;
  const v = (item.data as { version?: unknown }).version;
  return v === undefined ? undefined : { value: v, path: ["version"] };
}

export const versionFormat = defineCheck({
  meta: {
    code: "VERSION-FORMAT",
    severity: "error",
    category: "rule",
    doc: "Rule, hunting query and solution versions must be MAJOR.MINOR.PATCH (digits only, at most 20 characters); other items' versions dotted numbers (V3 writes playbooks as 1.0). They are compared and embedded in package ids.",
    parity: "B.2 version (^\\d+\\.\\d+\\.\\d+$, ≤20 chars)",
    alwaysInBuild: true,
  },
  run(ctx) {
    for (const item of itemsOf(ctx.model)) {
      const v = versionOf(item);
      if (!v) continue;
      const text = typeof v.value === "number" ? String(v.value) : v.value;
      const strict = STRICT.has(item.kind);
      if (typeof text !== "string" || !(strict ? SEMVER : DOTTED).test(text) || text.length > 20) {
        ctx.report({
          at: at(item, v.path),
          message: strict
            ? `Version '${String(v.value)}' must be MAJOR.MINOR.PATCH, e.g. 1.0.0.`
            : `Version '${String(v.value)}' must be dotted numbers, e.g. 1.0 or 1.0.0.`,
          hint:
            typeof v.value === "number" ? "Quote it in YAML and give three parts: version: 1.0.0" : undefined,
        });
      }
    }
  },
});

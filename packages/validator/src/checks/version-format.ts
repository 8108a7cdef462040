import type { AnyContentItem, Path } from "@sentinelctl/content";
import { itemsOf } from "@sentinelctl/content";
import { at, defineCheck } from "./types.js";

const SEMVER = /^\d+\.\d+\.\d+$/;

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
    doc: "Versions must be MAJOR.MINOR.PATCH (digits only, at most 20 characters): they are compared and embedded in package ids.",
    parity: "B.2 version (^\\d+\\.\\d+\\.\\d+$, ≤20 chars)",
  },
  run(ctx) {
    for (const item of itemsOf(ctx.model)) {
      const v = versionOf(item);
      if (!v) continue;
      const text = typeof v.value === "number" ? String(v.value) : v.value;
      if (typeof text !== "string" || !SEMVER.test(text) || text.length > 20) {
        ctx.report({
          at: at(item, v.path),
          message: `Version '${String(v.value)}' must be MAJOR.MINOR.PATCH, e.g. 1.0.0.`,
          hint:
            typeof v.value === "number" ? "Quote it in YAML and give three parts: version: 1.0.0" : undefined,
        });
      }
    }
  },
});

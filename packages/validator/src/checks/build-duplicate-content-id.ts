import { type AnyContentItem, contentIdOf, itemsOf } from "@sentinelctl/content";
import { at, defineCheck } from "./types.js";

interface PackageId {
  id: string;
  item: AnyContentItem;
  /** The item's own content id (not a derived one such as a push connector's connections template). */
  own: boolean;
}

/** The content ids an item takes in the package (a push connector also has its connections template). */
function packageIds(item: AnyContentItem): PackageId[] {
  const own = { id: contentIdOf(item), item, own: true };
  return item.kind === "dataConnector" && item.data.kind === "CcfPush"
    ? [own, { id: `${item.data.id}Connections`, item, own: false }]
    : [own];
}

/** Rules and hunting queries share one id space in the loader's LOAD-DUPLICATE-ID. */
const loaderGroup = (item: AnyContentItem) => (item.kind === "huntingQuery" ? "analyticRule" : item.kind);

/** Two own ids of one group are already the loader's LOAD-DUPLICATE-ID: not reported twice. */
function reportedByLoader(a: PackageId, b: PackageId): boolean {
  return a.own && b.own && loaderGroup(a.item) === loaderGroup(b.item);
}

export const buildDuplicateContentId = defineCheck({
  meta: {
    code: "BUILD-DUPLICATE-CONTENT-ID",
    severity: "error",
    category: "package",
    doc: "Content ids are unique within one package across kinds (a workbook and a rule cannot share one; a push connector also takes <id>Connections): Content Hub keys templates and metadata by them.",
    alwaysInBuild: true,
  },
  run(ctx) {
    const seen = new Map<string, PackageId>();
    for (const item of itemsOf(ctx.model)) {
      if (item.kind === "solution" || item.kind === "table") continue;
      for (const pid of packageIds(item)) {
        const key = pid.id.toLowerCase();
        const prior = seen.get(key);
        if (prior && prior.item !== item && !reportedByLoader(prior, pid)) {
          const p = prior.item.source.range(prior.item.path).start;
          ctx.report({
            at: at(item, [item.kind === "parser" ? "FunctionAlias" : "id"]),
            message: `Content id '${pid.id}' is already used by ${prior.item.source.file}:${p.line}:${p.column}.`,
          });
        }
        seen.set(key, pid);
      }
    }
  },
});

import type { PlaybookItem } from "@sentinelctl/content";
import { call } from "../arm/expr.js";
import { playbookMainTemplate } from "../mappings/playbook.js";
import { contentProductId, sentinelName, templateSpecName } from "../names.js";
import { itemVersion } from "./content-kinds.js";
import { type GraphBuilder, numbered } from "./graph-builder.js";

/**
 * A playbook: its own ARM template, escaped, as the contentTemplate's mainTemplate (numbered
 * variables `playbook...<n>`).
 */
export function addPlaybook(b: GraphBuilder, item: PlaybookItem, n: number): void {
  const pb = item.data;
  const version = itemVersion(item, b.solution.version);
  const v = numbered(n);
  b.numberedVariables(n, {
    playbookVersion: version,
    playbookContentId: pb.id,
    _playbookContentId: v("playbookContentId"),
    playbookId: call("resourceId", "Microsoft.Logic/workflows", v("playbookContentId")),
    playbookTemplateSpecName: templateSpecName("pl", v("_playbookContentId")),
    _playbookcontentProductId: contentProductId(
      "pl",
      "Playbook",
      v("_playbookContentId"),
      v("playbookVersion"),
    ),
  });
  const ids = { contentId: v("_playbookContentId"), version: v("playbookVersion") };
  const meta = b.metadata({ kind: "Playbook", parentId: v("playbookId"), ...ids });
  b.addContent({
    kind: "Playbook",
    step: "playbooks",
    source: item,
    contentId: pb.id,
    version,
    displayName: pb.title,
    description: pb.description,
    template: {
      name: sentinelName(v("playbookTemplateSpecName")),
      ...ids,
      productId: v("_playbookcontentProductId"),
      mainTemplate: playbookMainTemplate(item, ids.version, meta, b.diagnostics),
    },
  });
}

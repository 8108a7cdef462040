import type { WorkbookItem } from "@sentinelctl/content";
import { call, type Json, parameters } from "../arm/expr.js";
import { serializedData, workbookDependencies } from "../mappings/workbook.js";
import {
  contentProductId,
  sentinelName,
  templateSpecName,
  workbookName,
  workspaceResourceIdRef,
  wsLocation,
} from "../names.js";
import { type GraphBuilder, innerTemplate, numbered, PKG } from "./graph-builder.js";

/**
 * A workbook: the gallery template in its contentTemplate, its display name a `workbook<n>-name`
 * parameter (numbered variables `workbook...<n>`).
 */
export function addWorkbook(b: GraphBuilder, item: WorkbookItem, n: number): void {
  const wb = item.data;
  const v = numbered(n);
  const nameParameter = `workbook${n}-name`;
  b.parameters[nameParameter] = {
    type: "string",
    defaultValue: wb.title,
    minLength: 1,
    metadata: { description: "Name for the workbook" },
  };
  b.numberedVariables(n, {
    workbookVersion: wb.version,
    workbookContentId: wb.id,
    workbookId: call("resourceId", "Microsoft.Insights/workbooks", workbookName(v("_workbookContentId"))),
    workbookTemplateSpecName: templateSpecName("wb", v("_workbookContentId")),
    _workbookContentId: v("workbookContentId"),
    _workbookcontentProductId: contentProductId(
      "wb",
      "Workbook",
      v("_workbookContentId"),
      v("workbookVersion"),
    ),
  });
  const ids = { contentId: v("_workbookContentId"), version: v("workbookVersion") };
  const resource: Json = {
    type: "Microsoft.Insights/workbooks",
    name: workbookName(ids.contentId),
    location: wsLocation(),
    kind: "shared",
    apiVersion: PKG.workbooks,
    metadata: { description: wb.description },
    properties: {
      displayName: parameters(nameParameter),
      serializedData: serializedData(item.template!.value),
      version: "1.0",
      sourceId: workspaceResourceIdRef(),
      category: "sentinel",
    },
  };
  const meta = b.metadata({
    kind: "Workbook",
    description: wb.description.trim() || undefined,
    parentId: v("workbookId"),
    ...ids,
    dependencies: workbookDependencies(wb),
    previewImages: wb.previewImages?.length ? [...wb.previewImages] : undefined,
    previewImagesDark: wb.previewImagesDark?.length ? [...wb.previewImagesDark] : undefined,
  });
  b.addContent({
    kind: "Workbook",
    step: "workbooks",
    source: item,
    contentId: wb.id,
    version: wb.version,
    displayName: wb.title,
    description: wb.description,
    template: {
      name: sentinelName(v("workbookTemplateSpecName")),
      ...ids,
      displayName: parameters(nameParameter),
      productId: v("_workbookcontentProductId"),
      mainTemplate: innerTemplate(ids.version, [resource, meta]),
    },
  });
}

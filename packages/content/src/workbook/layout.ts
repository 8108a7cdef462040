/** Links and tabs (type 11) and groups (type 12): how items are arranged and shown. */
import type { QueryItem, TextItem } from "./items.js";
import type { ParametersItem } from "./parameters.js";
import { type Placement, placement, stableId } from "./shared.js";

export interface Tab {
  /** Value written to the tab parameter when selected; also the key used by `when()`. */
  value: string;
  label: string;
}

export interface LinksItem {
  type: 11;
  content: { version: "LinkItem/1.0"; style: string; links: Array<Record<string, unknown>> };
  name: string;
  [extra: string]: unknown;
}

/** A tab strip (item type 11) that sets `parameterName` to the selected tab's value. */
export function tabs(name: string, parameterName: string, list: Tab[], opts: Placement = {}): LinksItem {
  return {
    type: 11,
    content: {
      version: "LinkItem/1.0",
      style: "tabs",
      links: list.map((t) => ({
        id: stableId(`tab:${name}:${t.value}`),
        cellValue: parameterName,
        linkTarget: "parameter",
        linkLabel: t.label,
        subTarget: t.value,
        style: "link",
      })),
    },
    name,
    ...placement(opts),
  };
}

/** Plain links to external pages (item type 11, list style). */
export function links(
  name: string,
  list: Array<{ label: string; url: string }>,
  opts: Placement = {},
): LinksItem {
  return {
    type: 11,
    content: {
      version: "LinkItem/1.0",
      style: "list",
      links: list.map((l) => ({
        id: stableId(`link:${name}:${l.url}`),
        cellValue: l.url,
        linkTarget: "Url",
        linkLabel: l.label,
        style: "link",
      })),
    },
    name,
    ...placement(opts),
  };
}

export type TemplateItem = TextItem | QueryItem | ParametersItem | LinksItem | GroupItem;

export interface GroupItem {
  type: 12;
  content: {
    version: "NotebookGroup/1.0";
    groupType: "editable";
    items: TemplateItem[];
    title?: string;
    loadType?: string;
    expandable?: boolean;
    expanded?: boolean;
  };
  name: string;
  [extra: string]: unknown;
}

/** A group of items (item type 12), typically the body of one tab. */
export function group(
  name: string,
  items: TemplateItem[],
  opts: Placement & { title?: string; expandable?: boolean; expanded?: boolean } = {},
): GroupItem {
  return {
    type: 12,
    content: {
      version: "NotebookGroup/1.0",
      groupType: "editable",
      ...(opts.title ? { title: opts.title } : {}),
      ...(opts.expandable ? { expandable: true, expanded: opts.expanded ?? true } : {}),
      items,
    },
    name,
    ...placement(opts),
  };
}

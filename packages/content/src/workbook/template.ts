/** The template: assembling items into a gallery template and checking it. */
import type { ExportedParameter, QueryItem } from "./items.js";
import type { TemplateItem } from "./layout.js";
import { type Condition, WORKBOOK_SCHEMA, WorkbookKitError } from "./shared.js";

export interface WorkbookTemplate {
  version: "Notebook/1.0";
  items: TemplateItem[];
  fallbackResourceIds: string[];
  fromTemplateId: string;
  $schema: string;
  [extra: string]: unknown;
}

function* walk(items: TemplateItem[]): Generator<TemplateItem> {
  for (const item of items) {
    yield item;
    if (item.type === 12) yield* walk(item.content.items);
  }
}

/** Parameter names a template defines: parameter items and drill-down exports. */
export function definedParameters(items: TemplateItem[]): Set<string> {
  const names = new Set<string>();
  for (const item of walk(items)) {
    if (item.type === 9) for (const p of item.content.parameters) names.add(p.name);
    if (item.type === 11)
      for (const l of item.content.links) if (l.linkTarget === "parameter") names.add(String(l.cellValue));
    if (item.type === 3) {
      const exported = item.content.exportedParameters as ExportedParameter[] | undefined;
      for (const e of exported ?? []) names.add(e.parameterName);
    }
  }
  return names;
}

/** Parameter references `{Name}` / `{Name:format}` in a query text. */
export function referencedParameters(kql: string): string[] {
  return [...kql.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)(?::[A-Za-z]+)?\}/g)].map((m) => m[1]!);
}

function checkUniqueNames(items: TemplateItem[]): void {
  const seen = new Set<string>();
  for (const item of walk(items)) {
    if (seen.has(item.name)) throw new WorkbookKitError(`Duplicate workbook item name '${item.name}'.`);
    seen.add(item.name);
  }
}

/** Every `{Parameter}` of a query and every parameter a visibility condition reads is defined. */
function checkParameterReferences(items: TemplateItem[]): void {
  const defined = definedParameters(items);
  for (const item of walk(items)) {
    const texts: string[] = [];
    if (item.type === 3) texts.push(item.content.query);
    if (item.type === 9)
      for (const p of item.content.parameters) if (typeof p.query === "string") texts.push(p.query);
    for (const t of texts) {
      for (const ref of referencedParameters(t)) {
        if (!defined.has(ref))
          throw new WorkbookKitError(`Item '${item.name}' uses {${ref}}, which no parameter defines.`);
      }
    }
    const conds = [item.conditionalVisibility, ...((item.conditionalVisibilities as unknown[]) ?? [])].filter(
      Boolean,
    ) as Condition[];
    for (const c of conds) {
      if (!defined.has(c.parameterName)) {
        throw new WorkbookKitError(
          `Item '${item.name}' is shown depending on '${c.parameterName}', which no parameter defines.`,
        );
      }
    }
  }
}

/**
 * Assembles a gallery template and checks what a kit can check: unique item names, and that every
 * `{Parameter}` a query or visibility condition uses is defined somewhere in the workbook.
 */
export function workbook(opts: { fromTemplateId: string; items: TemplateItem[] }): WorkbookTemplate {
  checkUniqueNames(opts.items);
  checkParameterReferences(opts.items);
  return {
    version: "Notebook/1.0",
    items: opts.items,
    fallbackResourceIds: [],
    fromTemplateId: opts.fromTemplateId,
    $schema: WORKBOOK_SCHEMA,
  };
}

/** Every query item of a template, with its path of item names (for validators and tests). */
export function queriesOf(template: { items?: unknown }): Array<{ path: string[]; item: QueryItem }> {
  const out: Array<{ path: string[]; item: QueryItem }> = [];
  const visit = (items: unknown, trail: string[]) => {
    if (!Array.isArray(items)) return;
    for (const it of items as TemplateItem[]) {
      if (it.type === 3) out.push({ path: [...trail, it.name], item: it });
      if (it.type === 12) visit(it.content.items, [...trail, it.name]);
    }
  };
  visit(template.items, []);
  return out;
}

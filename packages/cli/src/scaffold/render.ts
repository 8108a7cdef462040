import { readFileSync } from "node:fs";

/** packages/cli/templates/: the files `init` and `new` start from (shipped with the package). */
export const TEMPLATES_DIR = new URL("../../templates/", import.meta.url);

/** A template by its output name (`new/table.yaml`); stored as `<name>.tmpl` so no linter or compiler reads it. */
export function readTemplate(relative: string): string {
  return readFileSync(new URL(`${relative}.tmpl`, TEMPLATES_DIR), "utf8");
}

/**
 * Fills `{{var}}` placeholders. `{{var|q}}` writes the value as a double-quoted string (valid in YAML,
 * JSON, TypeScript and KQL alike), `{{var|e}}` the same without the quotes (inside a JSON string).
 * A placeholder without a value is a bug in the template or its caller, so it throws.
 */
export function renderTemplate(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{(\w+)(?:\|(q|e))?\}\}/g, (_, name: string, filter: string | undefined) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`template placeholder {{${name}}} has no value`);
    if (filter === "q") return JSON.stringify(value);
    if (filter === "e") return JSON.stringify(value).slice(1, -1);
    return value;
  });
}

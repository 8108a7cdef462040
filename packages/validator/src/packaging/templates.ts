/**
 * The shapes the package embeds attached templates in. The checks report a wrong shape; the
 * builder relies on the same answer when it embeds the template.
 */

/** Why this value is not a workbook gallery template (what the Workbooks API stores), if it is not. */
export function galleryTemplateProblem(value: unknown): string | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return "is not a JSON object";
  const v = value as Record<string, unknown>;
  if (typeof v.version !== "string" || !v.version.startsWith("Notebook/")) {
    return 'has no "version": "Notebook/1.0" (export it from the workbook editor\'s Advanced Editor, Gallery Template view)';
  }
  if (!Array.isArray(v.items)) return 'has no "items" array';
  return undefined;
}

/** Why this value is not a playbook's ARM template (what azuredeploy.json must be), if it is not. */
export function playbookTemplateProblem(value: unknown): string | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return "is not a JSON object";
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.resources)) return 'has no "resources" array (it must be an ARM template)';
  if (
    !v.resources.some(
      (r) => (r as { type?: unknown })?.type?.toString().toLowerCase() === "microsoft.logic/workflows",
    )
  ) {
    return "declares no Microsoft.Logic/workflows resource";
  }
  return undefined;
}

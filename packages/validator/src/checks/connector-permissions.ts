import { at, defineCheck } from "./types.js";

const WORKSPACE = "microsoft.operationalinsights/workspaces";
const SHARED_KEYS = "microsoft.operationalinsights/workspaces/sharedkeys";

/**
 * Microsoft's connector validation compares the permissions block of CEF and REST API (HTTP Data
 * Collector) connectors with a template: workspace read, write and delete, and the shared-keys
 * action. Checked here for the legacy CEF agent and GenericUI connectors; AMA and CCF connectors
 * use other templates and are not compared.
 */
export const connectorPermissions = defineCheck({
  meta: {
    code: "CONNECTOR-PERMISSIONS",
    severity: "warning",
    category: "connector",
    doc: "CEF (legacy agent) and GenericUI connectors list workspace read/write/delete and the workspace shared-keys action, as Microsoft's connector template does.",
    parity: "B.4 permissions",
  },
  run(ctx) {
    for (const c of ctx.model.dataConnectors) {
      if (c.data.kind !== "CefLegacyAgent" && c.data.kind !== "GenericUI") continue;
      const providers = c.data.permissions.resourceProvider ?? [];
      const find = (name: string) => providers.findIndex((p) => p.provider.toLowerCase() === name);
      const ws = find(WORKSPACE);
      if (ws === -1) {
        ctx.report({
          at: at(c, ["permissions"], "key"),
          message:
            "permissions.resourceProvider lacks Microsoft.OperationalInsights/workspaces (read, write, delete).",
        });
      } else {
        const p = providers[ws]!.requiredPermissions;
        const missing = (["read", "write", "delete"] as const).filter((k) => p[k] !== true);
        if (missing.length) {
          ctx.report({
            at: at(c, ["permissions", "resourceProvider", ws, "requiredPermissions"], "key"),
            message: `Workspace permissions must include ${missing.join(", ")}.`,
          });
        }
      }
      const keys = find(SHARED_KEYS);
      if (keys === -1) {
        ctx.report({
          at: at(c, ["permissions"], "key"),
          message:
            "permissions.resourceProvider lacks Microsoft.OperationalInsights/workspaces/sharedKeys (action).",
        });
      } else if (providers[keys]!.requiredPermissions.action !== true) {
        ctx.report({
          at: at(c, ["permissions", "resourceProvider", keys, "requiredPermissions"], "key"),
          message: "The shared-keys permission must be the action permission (action: true).",
        });
      }
    }
  },
});

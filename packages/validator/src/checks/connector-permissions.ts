import { at, defineCheck } from "./types.js";
import { tableOfDataType } from "./util.js";

const WORKSPACE = "microsoft.operationalinsights/workspaces";
const SHARED_KEYS = "microsoft.operationalinsights/workspaces/sharedkeys";

/**
 * Microsoft's connector validation picks a template by the connector's first data type and
 * compares the permissions block with it: CEF (CommonSecurityLog) and REST API / Azure Function
 * (`*_CL`) connectors need workspace read, write and delete and the shared-keys action; Syslog
 * connectors need workspace write and delete. Other data types have other templates and are not
 * compared here, nor are AMA and CCF connectors (nor, as in Microsoft's check, `*Event*` types).
 */
function templateOf(firstDataType: string | undefined): { read: boolean; sharedKeys: boolean } | undefined {
  const table = tableOfDataType(firstDataType ?? "").toLowerCase();
  if (!table || table.includes("event")) return undefined;
  if (table === "commonsecuritylog" || table.endsWith("_cl")) return { read: true, sharedKeys: true };
  if (table === "syslog") return { read: false, sharedKeys: false };
  return undefined;
}

export const connectorPermissions = defineCheck({
  meta: {
    code: "CONNECTOR-PERMISSIONS",
    severity: "warning",
    category: "connector",
    doc: "Legacy-agent and GenericUI connectors carry the permissions of Microsoft's template for their first data type: CommonSecurityLog and *_CL need workspace read/write/delete and the shared-keys action, Syslog workspace write/delete.",
    parity: "B.4 permissions",
  },
  run(ctx) {
    for (const c of ctx.model.dataConnectors) {
      if (c.data.kind !== "CefLegacyAgent" && c.data.kind !== "GenericUI") continue;
      const template = templateOf(c.data.dataTypes[0]?.name);
      if (!template) continue;
      const providers = c.data.permissions.resourceProvider ?? [];
      const find = (name: string) => providers.findIndex((p) => p.provider.toLowerCase() === name);
      const ws = find(WORKSPACE);
      if (ws === -1) {
        ctx.report({
          at: at(c, ["permissions"], "key"),
          message: `permissions.resourceProvider lacks Microsoft.OperationalInsights/workspaces (${template.read ? "read, " : ""}write, delete).`,
        });
      } else {
        const p = providers[ws]!.requiredPermissions;
        const needed = template.read
          ? (["read", "write", "delete"] as const)
          : (["write", "delete"] as const);
        const missing = needed.filter((k) => p[k] !== true);
        if (missing.length) {
          ctx.report({
            at: at(c, ["permissions", "resourceProvider", ws, "requiredPermissions"], "key"),
            message: `Workspace permissions must include ${missing.join(", ")}.`,
          });
        }
      }
      if (!template.sharedKeys) continue;
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

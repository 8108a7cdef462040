/** Shared inputs of the automation rule checks' cases (not a cases file itself). */
import { stringify } from "yaml";

/** An automation rule running `playbook` (if given) on incidents of the rules `ruleIds` (if given). */
export function automationRuleYaml(options: { playbook?: string; ruleIds?: string[] } = {}): string {
  const actions: unknown[] = [
    { order: 1, actionType: "ModifyProperties", actionConfiguration: { labels: [{ labelName: "Contoso" }] } },
  ];
  if (options.playbook) {
    actions.push({
      order: 2,
      actionType: "RunPlaybook",
      actionConfiguration: { logicAppResourceId: options.playbook },
    });
  }
  const conditions = options.ruleIds
    ? [
        {
          conditionType: "Property",
          conditionProperties: {
            propertyName: "IncidentRelatedAnalyticRuleIds",
            operator: "Contains",
            propertyValues: options.ruleIds,
          },
        },
      ]
    : undefined;
  return stringify(
    {
      id: "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a",
      displayName: "Tag Contoso incidents",
      order: 1,
      triggeringLogic: {
        isEnabled: true,
        triggersOn: "Incidents",
        triggersWhen: "Created",
        ...(conditions ? { conditions } : {}),
      },
      actions,
    },
    { lineWidth: 0 },
  );
}

export const notifyPlaybook: Record<string, string> = {
  "playbooks/Notify/playbook.yaml":
    "id: Contoso-Notify\ntitle: Notify\ndescription: Posts a message.\nversion: '1.0'\ntemplate: azuredeploy.json\n",
  "playbooks/Notify/azuredeploy.json": JSON.stringify({
    $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    contentVersion: "1.0.0.0",
    parameters: { PlaybookName: { type: "string", defaultValue: "Contoso-Notify" } },
    resources: [
      {
        type: "Microsoft.Logic/workflows",
        apiVersion: "2019-05-01",
        name: "[parameters('PlaybookName')]",
        location: "[resourceGroup().location]",
        properties: { definition: {} },
      },
    ],
  }),
};

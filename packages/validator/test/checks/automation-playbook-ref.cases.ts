import type { CheckCases } from "../helpers.js";
import { automationRuleYaml, notifyPlaybook } from "./automation-fixtures.js";

const ARM = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/soc/providers";

export const cases: CheckCases = {
  code: "AUTOMATION-PLAYBOOK-REF",
  valid: [
    {
      name: "a playbook of the solution, by id",
      files: {
        ...notifyPlaybook,
        "AutomationRules/a.yaml": automationRuleYaml({ playbook: "Contoso-Notify" }),
      },
    },
    {
      name: "the ARM id of a Logic App",
      files: {
        "AutomationRules/a.yaml": automationRuleYaml({ playbook: `${ARM}/Microsoft.Logic/workflows/Notify` }),
      },
    },
  ],
  invalid: [
    {
      name: "a playbook id the solution does not have",
      files: {
        ...notifyPlaybook,
        "AutomationRules/a.yaml": automationRuleYaml({ playbook: "Contoso-Notfy" }),
      },
      errors: [
        {
          file: "AutomationRules/a.yaml",
          line: "logicAppResourceId:",
          hint: "Did you mean 'Contoso-Notify'?",
        },
      ],
    },
    {
      name: "an ARM id of something other than a Logic App",
      files: {
        "AutomationRules/a.yaml": automationRuleYaml({
          playbook: `${ARM}/Microsoft.Storage/storageAccounts/x`,
        }),
      },
      errors: [
        { file: "AutomationRules/a.yaml", line: "logicAppResourceId:", message: /not the id of a Logic App/ },
      ],
    },
  ],
};

import { type CheckCases, ruleYaml } from "../helpers.js";
import { automationRuleYaml } from "./automation-fixtures.js";

const RULE_ID = "1f6c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
const WS =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/soc/providers/Microsoft.OperationalInsights/workspaces/w";

export const cases: CheckCases = {
  code: "AUTOMATION-RULE-REF",
  valid: [
    {
      name: "a rule of the repository, by id",
      files: {
        "analytics/r.yaml": ruleYaml(),
        "AutomationRules/a.yaml": automationRuleYaml({ ruleIds: [RULE_ID] }),
      },
    },
    {
      name: "a rule of the repository, by its alertRules ARM id",
      files: {
        "analytics/r.yaml": ruleYaml(),
        "AutomationRules/a.yaml": automationRuleYaml({
          ruleIds: [`${WS}/providers/Microsoft.SecurityInsights/alertRules/${RULE_ID}`],
        }),
      },
    },
  ],
  invalid: [
    {
      name: "a rule id the repository does not hold",
      files: {
        "analytics/r.yaml": ruleYaml(),
        "AutomationRules/a.yaml": automationRuleYaml({
          ruleIds: [RULE_ID, "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"],
        }),
      },
      errors: [
        {
          file: "AutomationRules/a.yaml",
          line: "9e8d7c6b-",
          severity: "warning",
          message: /'9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b'/,
        },
      ],
    },
  ],
};

import type { CheckCases } from "../helpers.js";
import { automationRuleYaml } from "./automation-fixtures.js";

export const cases: CheckCases = {
  code: "BUILD-AUTOMATION-NOT-PACKAGED",
  valid: [
    { name: "a solution without automation rules", files: {} },
    {
      name: "loose automation rules (never packaged)",
      loose: true,
      files: { "AutomationRules/a.yaml": automationRuleYaml() },
    },
  ],
  invalid: [
    {
      name: "a solution with an automation rule",
      files: { "AutomationRules/a.yaml": automationRuleYaml() },
      errors: [
        {
          file: "AutomationRules/a.yaml",
          line: "id:",
          severity: "info",
          message: "'Tag Contoso incidents' is not part of the package",
        },
      ],
    },
  ],
};

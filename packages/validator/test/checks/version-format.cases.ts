import { type CheckCases, ruleYaml, SOLUTION_YAML } from "../helpers.js";

export const cases: CheckCases = {
  code: "VERSION-FORMAT",
  valid: [
    { name: "x.y.z everywhere", files: { "analytics/r.yaml": ruleYaml({ version: "2.10.0" }) } },
    {
      name: "playbook version as V3 writes it",
      files: {
        "playbooks/Block/azuredeploy.json": JSON.stringify({
          $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          contentVersion: "1.0.0.0",
          metadata: { title: "Block an IP", description: "Blocks the address." },
          parameters: {},
          resources: [
            {
              type: "Microsoft.Logic/workflows",
              apiVersion: "2019-05-01",
              name: "Block",
              location: "[resourceGroup().location]",
              tags: { "hidden-SentinelTemplateVersion": "1.0" },
              properties: { definition: {} },
            },
          ],
        }),
      },
    },
  ],
  invalid: [
    {
      name: "two parts",
      files: { "analytics/r.yaml": ruleYaml({ version: "1.0" }) },
      errors: [{ line: "version: ", file: "analytics/r.yaml" }],
    },
    {
      name: "two parts in a hunting query",
      files: {
        "hunting/h.yaml":
          "id: 5b0c3c5e-2f6e-4f0b-9d5b-1f0e2c3d4a5b\nname: H\ndescription: D\nquery: CommonSecurityLog | take 1\nversion: '1.0'\n",
      },
      errors: [{ line: "version: ", file: "hunting/h.yaml" }],
    },
    {
      name: "pre-release suffix",
      files: { "analytics/r.yaml": ruleYaml({ version: "1.0.0-beta" }) },
      errors: [{ line: "version: 1.0.0-beta" }],
    },
    {
      name: "solution version",
      files: { "solution.yaml": SOLUTION_YAML.replace("version: 1.0.0", "version: v1.0.0") },
      errors: [{ file: "solution.yaml", line: "version: v1.0.0" }],
    },
  ],
};

import type { CheckCases } from "../helpers.js";

const playbook = `id: Contoso-Notify
title: Contoso - notify
description: Posts a message to Contoso.
version: "1.0"
template: azuredeploy.json
`;
const template = (resources: unknown) =>
  JSON.stringify(
    {
      $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      resources,
    },
    null,
    2,
  );

export const cases: CheckCases = {
  code: "PLAYBOOK-TEMPLATE",
  valid: [
    {
      name: "an ARM template with a Logic App",
      files: {
        "playbooks/p/playbook.yaml": playbook,
        "playbooks/p/azuredeploy.json": template([
          {
            type: "Microsoft.Logic/workflows",
            apiVersion: "2019-05-01",
            name: "Contoso-Notify",
            location: "[resourceGroup().location]",
            properties: {},
          },
        ]),
      },
    },
  ],
  invalid: [
    {
      name: "no resources array",
      files: {
        "playbooks/p/playbook.yaml": playbook,
        "playbooks/p/azuredeploy.json": '{\n  "parameters": {}\n}\n',
      },
      errors: [{ file: "playbooks/p/azuredeploy.json", line: 1, message: '"resources"' }],
    },
    {
      name: "no Logic App",
      files: {
        "playbooks/p/playbook.yaml": playbook,
        "playbooks/p/azuredeploy.json": template([
          { type: "Microsoft.Web/connections", apiVersion: "2016-06-01", name: "c" },
        ]),
      },
      errors: [{ file: "playbooks/p/azuredeploy.json", line: 1, message: "Microsoft.Logic/workflows" }],
    },
  ],
};

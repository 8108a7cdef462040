import { type Static, Type } from "@sinclair/typebox";
import { strict } from "./common.js";

export const Playbook = Type.Object(
  {
    id: Type.String({
      pattern: "^[A-Za-z0-9_.-]+$",
      description: "Content id; by convention the playbook folder name.",
    }),
    title: Type.String({ description: "Display name of the playbook." }),
    description: Type.String({ description: "What the playbook does." }),
    version: Type.String({
      description: "Playbook version, dotted numbers such as 1.0 (packaged as 1.0 when empty).",
    }),
    template: Type.String({
      description: "Path of the playbook's ARM template (azuredeploy.json), relative to this file.",
    }),
    prerequisites: Type.Optional(
      Type.Array(Type.String(), { description: "Steps to take before deploying it." }),
    ),
    postDeployment: Type.Optional(
      Type.Array(Type.String(), { description: "Steps to take after deploying it." }),
    ),
  },
  {
    ...strict,
    $id: "Playbook",
    title: "Playbook",
    description:
      "A Logic App playbook in playbooks/<name>/: this file describes it, its ARM template sits beside it.",
  },
);

export type Playbook = Static<typeof Playbook>;

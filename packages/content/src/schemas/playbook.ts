import { type Static, Type } from "@sinclair/typebox";
import { strict } from "./common.js";

export const Playbook = Type.Object(
  {
    id: Type.String({ pattern: "^[A-Za-z0-9_.-]+$", description: "Content id; by convention the playbook folder name." }),
    title: Type.String(),
    description: Type.String(),
    version: Type.String(),
    /** Path of the playbook's ARM template (azuredeploy.json), relative to this file. */
    template: Type.String(),
    prerequisites: Type.Optional(Type.Array(Type.String())),
    postDeployment: Type.Optional(Type.Array(Type.String())),
  },
  { ...strict, $id: "Playbook", title: "Playbook" },
);

export type Playbook = Static<typeof Playbook>;

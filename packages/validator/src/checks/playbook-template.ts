import { playbookTemplateProblem } from "../packaging/templates.js";
import { defineCheck } from "./types.js";

export const playbookTemplate = defineCheck({
  meta: {
    code: "PLAYBOOK-TEMPLATE",
    severity: "error",
    category: "playbook",
    doc: "A playbook's template (azuredeploy.json) is an ARM template with a resources array holding a Microsoft.Logic/workflows resource; the package embeds it as the playbook's content template.",
    alwaysInBuild: true,
  },
  run(ctx) {
    for (const pb of ctx.model.playbooks) {
      const problem = playbookTemplateProblem(pb.template?.value);
      if (!problem) continue;
      ctx.report({
        at: pb.template
          ? { source: pb.template.source, range: pb.template.source.firstLine }
          : { source: pb.source, path: [...pb.path, "template"] },
        message: `The playbook template of '${pb.data.id}' ${problem}.`,
      });
    }
  },
});

import { readSolutionLogo } from "../packaging/logo.js";
import { at, defineCheck } from "./types.js";

export const buildPathEscape = defineCheck({
  meta: {
    code: "BUILD-PATH-ESCAPE",
    severity: "error",
    category: "package",
    doc: "Files the package embeds (the solution's logo) stay inside the solution folder, symbolic links resolved: a build never reads files from elsewhere.",
    alwaysInBuild: true,
  },
  run(ctx) {
    const logo = readSolutionLogo(ctx.model);
    if (ctx.model.solution && logo && "problem" in logo && logo.problem.code === "BUILD-PATH-ESCAPE") {
      ctx.report({
        at: at(ctx.model.solution, ["logo"]),
        message: logo.problem.message,
        ...(logo.problem.hint ? { hint: logo.problem.hint } : {}),
      });
    }
  },
});

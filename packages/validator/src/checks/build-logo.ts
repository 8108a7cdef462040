import { readSolutionLogo } from "../packaging/logo.js";
import { at, defineCheck } from "./types.js";

export const buildLogo = defineCheck({
  meta: {
    code: "BUILD-LOGO",
    severity: "error",
    category: "package",
    doc: "The solution's logo is an https URL or an SVG file (without script elements) in the solution folder; the package embeds the file as a data URI.",
    alwaysInBuild: true,
  },
  run(ctx) {
    const logo = readSolutionLogo(ctx.model);
    if (ctx.model.solution && logo && "problem" in logo && logo.problem.code === "BUILD-LOGO") {
      ctx.report({ at: at(ctx.model.solution, ["logo"]), message: logo.problem.message });
    }
  },
});

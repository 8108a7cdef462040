// Facts about packaging that both the checks and the builder need (one definition each).
export { readSolutionLogo, type SolutionLogo } from "./logo.js";
export { defaultStreamName, streamedTables } from "./streams.js";
export { galleryTemplateProblem, playbookTemplateProblem } from "./templates.js";

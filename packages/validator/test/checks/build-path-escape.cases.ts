import { type CheckCases, SOLUTION_YAML } from "../helpers.js";

const withLogo = (logo: string) => `${SOLUTION_YAML}logo: ${logo}\n`;

export const cases: CheckCases = {
  code: "BUILD-PATH-ESCAPE",
  valid: [
    {
      name: "a file in a subfolder",
      files: { "solution.yaml": withLogo("images/logo.svg"), "images/logo.svg": "<svg></svg>\n" },
    },
  ],
  invalid: [
    {
      // Any existing path outside the solution folder; the file system root always exists.
      name: "a path outside the solution folder",
      files: { "solution.yaml": withLogo("/") },
      errors: [{ file: "solution.yaml", line: "logo:", message: "outside the solution folder" }],
    },
  ],
};

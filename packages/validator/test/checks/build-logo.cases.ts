import { type CheckCases, SOLUTION_YAML } from "../helpers.js";

const withLogo = (logo: string) => `${SOLUTION_YAML}logo: ${logo}\n`;
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>\n';

export const cases: CheckCases = {
  code: "BUILD-LOGO",
  valid: [
    {
      name: "an SVG file in the solution",
      files: { "solution.yaml": withLogo("logo.svg"), "logo.svg": SVG },
    },
    { name: "an https URL", files: { "solution.yaml": withLogo("https://contoso.example/logo.svg") } },
  ],
  invalid: [
    {
      name: "a missing file",
      files: { "solution.yaml": withLogo("missing.svg") },
      errors: [{ file: "solution.yaml", line: "logo:", message: "does not exist" }],
    },
    {
      name: "not an SVG",
      files: { "solution.yaml": withLogo("logo.png"), "logo.png": "PNG" },
      errors: [{ file: "solution.yaml", line: "logo:", message: "not an SVG" }],
    },
    {
      name: "an SVG with a script",
      files: { "solution.yaml": withLogo("logo.svg"), "logo.svg": "<svg><script>alert(1)</script></svg>\n" },
      errors: [{ file: "solution.yaml", line: "logo:", message: "script" }],
    },
    {
      name: "a URL that is not https",
      files: { "solution.yaml": withLogo("http://contoso.example/logo.svg") },
      errors: [{ file: "solution.yaml", line: "logo:", message: "https" }],
    },
  ],
};

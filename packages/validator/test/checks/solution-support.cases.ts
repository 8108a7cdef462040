import { type CheckCases, SOLUTION_YAML } from "../helpers.js";

export const cases: CheckCases = {
  code: "SOLUTION-SUPPORT",
  valid: [
    { name: "email", files: { "solution.yaml": SOLUTION_YAML } },
    {
      name: "link only",
      files: {
        "solution.yaml": SOLUTION_YAML.replace(
          "email: dev@contoso.example }\ncategories",
          "link: https://contoso.example/support }\ncategories",
        ),
      },
    },
  ],
  invalid: [
    {
      name: "neither email nor link",
      files: {
        "solution.yaml": SOLUTION_YAML.replace(
          "support: { tier: Community, name: Contoso, email: dev@contoso.example }",
          "support: { tier: Community, name: Contoso }",
        ),
      },
      errors: [{ file: "solution.yaml", line: "support:" }],
    },
  ],
};

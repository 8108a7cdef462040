import { type CheckCases, ruleYaml } from "../helpers.js";

const grouping = (g: Record<string, unknown>) =>
  ruleYaml({
    incidentConfiguration: {
      createIncident: true,
      groupingConfiguration: {
        enabled: true,
        reopenClosedIncident: false,
        lookbackDuration: "5h",
        matchingMethod: "Selected",
        ...g,
      },
    },
  });

export const cases: CheckCases = {
  code: "RULE-INCIDENT-GROUPING",
  valid: [
    {
      name: "group by a mapped entity",
      files: { "analytics/r.yaml": grouping({ groupByEntities: ["IP"] }) },
    },
  ],
  invalid: [
    {
      name: "unmapped entity",
      files: { "analytics/r.yaml": grouping({ groupByEntities: ["Account"] }) },
      errors: [{ line: "- Account" }],
    },
    {
      name: "lookback too long",
      files: { "analytics/r.yaml": grouping({ groupByEntities: ["IP"], lookbackDuration: "8d" }) },
      errors: [{ line: "lookbackDuration: 8d" }],
    },
    {
      name: "Selected with nothing selected",
      files: { "analytics/r.yaml": grouping({}) },
      errors: [{ line: "matchingMethod: Selected" }],
    },
  ],
};

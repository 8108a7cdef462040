import { type CheckCases, ruleYaml } from "../helpers.js";

export const cases: CheckCases = {
  code: "KQL-*",
  valid: [{ name: "clean query", files: { "analytics/r.yaml": ruleYaml() } }],
  invalid: [
    {
      name: "watchlists: their own columns are accepted, and that they go unchecked is said",
      files: { "hunting/h.kql": "_GetWatchlist('HighValueHosts')\n| project SearchKey, Hostname\n" },
      loose: true,
      errors: [{ code: "KQL-OPAQUE-FUNCTION", line: 1, column: 1, severity: "info" }],
    },
    {
      name: "unknown column",
      files: {
        "analytics/r.yaml": ruleYaml({
          query: "CommonSecurityLog\n| where DestinationPrt == 22\n| project SourceIP\n",
        }),
      },
      errors: [
        { code: "KQL-KS142", line: "DestinationPrt", column: 11, hint: "Did you mean 'DestinationPort'?" },
      ],
    },
    {
      name: "misspelt table",
      files: { "hunting/q.kql": "CommonSecurityLogs\n| take 10\n" },
      loose: true,
      errors: [{ code: "KQL-KS204", line: 1, column: 1, hint: "Did you mean 'CommonSecurityLog'?" }],
    },
    {
      name: "syntax error",
      files: { "hunting/q.kql": "CommonSecurityLog\n| where (DestinationPort == 22\n" },
      loose: true,
      errors: [{ code: "KQL-KS005", line: 2, severity: "error" }],
    },
    {
      name: "best practice is info",
      files: { "hunting/q.kql": "CommonSecurityLog\n| where DeviceVendor contains 'Contoso'\n" },
      loose: true,
      errors: [{ code: "KQL-KS500", line: 2, severity: "info" }],
    },
  ],
};

import { type CheckCases, ruleYaml } from "../helpers.js";

export const cases: CheckCases = {
  code: "KQL-*",
  valid: [
    { name: "clean query", files: { "analytics/r.yaml": ruleYaml() } },
    {
      name: "watchlists",
      files: { "hunting/h.kql": "_GetWatchlist('HighValueHosts')\n| project SearchKey\n" },
      loose: true,
    },
  ],
  invalid: [
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

/**
 * Codes `build` reported before its checks joined the validator's registry, and the codes that
 * report the same defects now. A configuration entry or an inline suppression naming an old code
 * still applies to its new codes, with a deprecation warning for configuration entries
 * (CONFIG-RENAMED-CODE). Deprecated: to be removed in the release after the one that renamed them.
 */
export const RENAMED_CODES: Readonly<Record<string, readonly string[]>> = {
  "BUILD-VERSION-FORMAT": ["VERSION-FORMAT"],
  "BUILD-DURATION": ["RULE-QUERY-FREQUENCY", "RULE-INCIDENT-GROUPING"],
  "BUILD-WORKBOOK-TEMPLATE": ["WORKBOOK-TEMPLATE"],
  "BUILD-PLAYBOOK-TEMPLATE": ["PLAYBOOK-TEMPLATE"],
  "BUILD-UNKNOWN-TABLE": ["CCF-STREAM"],
  "BUILD-CLASSIC-TABLE-STREAM": ["CCF-STREAM"],
  "BUILD-DUPLICATE-STREAM": ["CCF-STREAM"],
  "BUILD-TABLE-NAME": ["TABLE-NAME"],
  "BUILD-TABLE-TIMEGENERATED": ["TABLE-TIMEGENERATED"],
  "BUILD-COLUMN-TYPE": ["TABLE-COLUMN-TYPE"],
  "BUILD-TABLE-UNUSED": ["TABLE-NO-WRITER"],
};

/** The codes an old code now stands for (itself when it was not renamed). */
export function currentCodes(code: string): readonly string[] {
  return RENAMED_CODES[code.toUpperCase()] ?? [code];
}

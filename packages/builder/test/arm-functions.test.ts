import {
  ARM_GUID_NAMESPACE,
  armGuid,
  createEvaluator,
  escapeLiteral,
  parseExpression,
  unescapeLiteral,
  uniqueString,
  uuidV5,
} from "@sentinelctl/builder";

/**
 * uniqueString: values produced by ARM itself (deployments, or Microsoft's own tools that match
 * ARM), as published in public repositories.
 */
const UNIQUE_STRING_PAIRS: Array<{ args: string[]; expected: string; source: string }> = [
  // KingslandConsulting/Kingsland.ArmLinter, src/Kingsland.ArmLinter/Functions/ArmFunctions_UniqueString.cs:
  // outputs of a real deployment of `uniqueString(...)`, recorded in the source comments.
  { args: ["aaa"], expected: "zavj67f3en4hc", source: "Kingsland.ArmLinter" },
  { args: ["bbb"], expected: "w5eragfxe33cy", source: "Kingsland.ArmLinter" },
  { args: ["zzz"], expected: "cryksdzzzawae", source: "Kingsland.ArmLinter" },
  { args: ["xxx", "yyy", "zzz"], expected: "lghi7k5js7itq", source: "Kingsland.ArmLinter" },
  // Azure/terraform-provider-azapi, internal/services/functions/unique_string_function_test.go
  // (Microsoft's provider function that mirrors ARM's uniqueString).
  {
    args: ["/subscriptions/00000000-0000-0000-0000-000000000000", "resource-id"],
    expected: "cwvxuqg24sifi",
    source: "terraform-provider-azapi",
  },
  // microsoft/commercial-marketplace-offer-deploy, test/Tests/UnitTests/ArmFunctionsTests.cs
  // ("UniqueStringShouldEqualValueCreatedFromArmTemplate": the value an ARM template output returned).
  {
    args: [
      "/subscriptions/31e9f9a0-9fd2-4294-a0a3-0101246d9700/resourceGroups/rg-modm201-20230913120256/providers/Microsoft.Compute/virtualMachines/bobjacmodm201",
    ],
    expected: "yvjxno3je5on2",
    source: "commercial-marketplace-offer-deploy",
  },
  // A public pure-bash port ("uniquestring.sh"), whose self-test values were verified against Bicep's uniqueString().
  { args: ["test"], expected: "rbgf3xv4ufgzg", source: "uniquestring.sh self-test" },
  { args: ["hello", "world"], expected: "a7wkljktk6wne", source: "uniquestring.sh self-test" },
  { args: ["abc"], expected: "cgtzqvhu4i23s", source: "uniquestring.sh self-test" },
  {
    args: ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg"],
    expected: "bmg7c6xu4tw46",
    source: "uniquestring.sh self-test",
  },
  { args: ["foo", "bar", "baz"], expected: "xzi4ioaxtmth4", source: "uniquestring.sh self-test" },
];

describe("uniqueString", () => {
  test.each(UNIQUE_STRING_PAIRS)("uniqueString($args) = $expected ($source)", ({ args, expected }) => {
    expect(uniqueString(...args)).toBe(expected);
  });

  test("13 lower-case base32 characters, case-sensitive input, arguments joined by '-'", () => {
    for (const s of ["", "x", "1234567", "12345678", "123456789", "ü-unicode-ß", "a".repeat(500)]) {
      expect(uniqueString(s)).toMatch(/^[a-z2-7]{13}$/);
    }
    expect(uniqueString("ABC")).not.toBe(uniqueString("abc"));
    expect(uniqueString("a", "b")).toBe(uniqueString("a-b"));
  });
});

describe("guid", () => {
  // The version-5 construction itself, on the RFC's and Python's published vectors.
  test("uuidV5 matches RFC 9562 appendix A.4 and the Python documentation", () => {
    const DNS = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
    expect(uuidV5(DNS, "www.example.com")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2"); // RFC 9562, A.4
    expect(uuidV5(DNS, "python.org")).toBe("886313e1-3b8a-5372-9b90-0c9aee199e5d"); // docs.python.org, uuid module
  });

  // ARM guid(): RFC 4122 section 4.3 (Microsoft Learn, template functions, guid remarks) over ARM's
  // namespace, arguments joined with '-'. No ARM-published input/output pair was found; these
  // check the construction documented for it.
  test("armGuid is uuidV5 over ARM's namespace with '-'-joined arguments", () => {
    expect(ARM_GUID_NAMESPACE).toBe("11fb06fb-712d-4ddd-98c7-e71bbd588830");
    expect(armGuid("a", "b", "c")).toBe(uuidV5(ARM_GUID_NAMESPACE, "a-b-c"));
    expect(armGuid("a", "b", "c")).toBe("a98fa280-e03f-5afa-8d8e-92d0a9c201e8");
    expect(armGuid("hello", "world")).not.toBe(armGuid("world", "hello"));
    expect(armGuid("x")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("escaping", () => {
  test.each([
    ["[x]", "[[x]"],
    ["[[x]", "[[[x]"],
    ["[]", "[[]"],
    // A string that does not end with ']' is a literal for ARM: escaping it would keep the extra bracket.
    ["[Deprecated] Foo", "[Deprecated] Foo"],
    ["plain", "plain"],
    ["", ""],
    ["x]", "x]"],
  ])("escapeLiteral(%j) = %j and round-trips", (input, escaped) => {
    expect(escapeLiteral(input)).toBe(escaped);
    expect(unescapeLiteral(escapeLiteral(input))).toBe(input);
  });
});

describe("expressions", () => {
  const env = {
    scope: { subscriptionId: "sub", resourceGroup: "rg", location: "westeurope" },
    parameters: { workspace: "ws", name: "it's" },
    variables: {
      _solutionId: "publisher.offer",
      obj: { inner: "[concat('a', 'b')]", n: 3 },
      wsId: "[resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace'))]",
    },
  };
  const ev = (s: string) => createEvaluator(env).evaluate(s);

  test("render and parse round-trip, quotes doubled", () => {
    for (const src of [
      "concat(parameters('workspace'),'/Microsoft.SecurityInsights/',variables('x'))",
      "variables('analyticRuleObject1').analyticRuleVersion1",
      "uniqueString(concat('a','-','it''s'))",
      "take(variables('_solutionId'),50)",
      "json('[]')",
    ]) {
      expect(`${parseExpression(src)}`).toBe(`[${src}]`);
    }
  });

  test("resource ids as ARM builds them at resource-group scope", () => {
    expect(ev("[resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace'))]")).toBe(
      "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws",
    );
    expect(ev("[resourceId('Microsoft.OperationalInsights/workspaces/savedSearches', 'ws', 'f')]")).toBe(
      "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws/savedSearches/f",
    );
    expect(ev("[resourceId('other-rg', 'Microsoft.Insights/workbooks', 'w')]")).toBe(
      "/subscriptions/sub/resourceGroups/other-rg/providers/Microsoft.Insights/workbooks/w",
    );
    expect(
      ev(
        "[extensionResourceId(variables('wsId'), 'Microsoft.SecurityInsights/contentPackages', variables('_solutionId'))]",
      ),
    ).toBe(
      "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws/providers/Microsoft.SecurityInsights/contentPackages/publisher.offer",
    );
  });

  test("string, array and object functions", () => {
    expect(ev("[variables('obj').inner]")).toBe("ab");
    expect(ev("[last(split('a/b/c', '/'))]")).toBe("c");
    expect(ev("[take('abcdef', 50)]")).toBe("abcdef");
    expect(ev("[replace('b', 'b', '')]")).toBe("");
    expect(ev("[json('[]')]")).toEqual([]);
    expect(ev("[parameters('name')]")).toBe("it's");
    expect(ev("[[not an expression]")).toBe("[not an expression]");
    expect(ev("[resourceGroup().location]")).toBe("westeurope");
    expect(ev("[uniqueString('aaa')]")).toBe("zavj67f3en4hc");
    expect(ev("[guid('a', 'b', 'c')]")).toBe(armGuid("a", "b", "c"));
    expect(() => ev("[newGuid()]")).toThrow(/cannot be evaluated offline/);
    expect(() => ev("[parameters('missing')]")).toThrow(/No value for parameter/);
  });
});

import {
  type SchemaOptions,
  type TObject,
  type TSchema,
  type TUnion,
  type TUnsafe,
  Type,
} from "@sinclair/typebox";

/** A string enum emitted as JSON Schema `enum` (clear errors, editor completion). */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { description?: string } = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: "string", enum: [...values], ...options });
}

export const strict = { additionalProperties: false } as const;

/**
 * A union told apart by one field (`conditionType`, `actionType`). Its JSON Schema is if/then per
 * value, so a checker reports only the chosen variant's problems (an anyOf reports every
 * variant's) and an unknown value as one enum error on that field. Its TypeScript type stays the
 * union's (also inside Type.Recursive), so the type and the schema come from this one definition.
 */
export function Discriminated<const T extends TObject[]>(key: string, variants: [...T]): TUnion<T> {
  const tagOf = (v: TObject) => (v.properties[key] as { const?: string } | undefined)?.const;
  const values = variants.map(tagOf);
  if (values.some((v) => v === undefined))
    throw new Error(`Discriminated: every variant needs a literal '${key}'.`);
  const { anyOf: _variants, ...union } = Type.Union(variants);
  return {
    ...union,
    type: "object",
    required: [key],
    properties: { [key]: { type: "string", enum: values } },
    allOf: variants.map((v) => ({
      if: { properties: { [key]: { const: tagOf(v) } }, required: [key] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema if/then, not a thenable
      then: v,
    })),
  } as unknown as TUnion<T>;
}

export const SEVERITIES = ["Informational", "Low", "Medium", "High"] as const;
export const Severity = StringEnum(SEVERITIES, { description: "Alert severity." });

export const TACTICS = [
  "Reconnaissance",
  "ResourceDevelopment",
  "InitialAccess",
  "Execution",
  "Persistence",
  "PrivilegeEscalation",
  "DefenseEvasion",
  "CredentialAccess",
  "Discovery",
  "LateralMovement",
  "Collection",
  "Exfiltration",
  "CommandAndControl",
  "Impact",
  "ImpairProcessControl",
  "InhibitResponseFunction",
] as const;

export const Tactic = StringEnum(TACTICS, { description: "MITRE ATT&CK tactic, written without spaces." });

export const Technique = Type.String({
  pattern: "^T\\d{4}(\\.\\d{3})?$",
  description: "ATT&CK technique or sub-technique id, e.g. T1071 or T1071.001.",
});

export const SemVer = Type.String({ description: "Version as MAJOR.MINOR.PATCH." });

export const RequiredDataConnector = Type.Object(
  {
    connectorId: Type.String({
      minLength: 1,
      description: "Id of a data connector (of this repository or a well-known one) that feeds the query.",
    }),
    dataTypes: Type.Array(Type.String({ minLength: 1 }), {
      description: "Tables (data types) of that connector the query reads.",
    }),
  },
  { ...strict, description: "A data connector the item needs, with the tables it reads from it." },
);

export const EntityMapping = Type.Object(
  {
    entityType: Type.String({
      minLength: 1,
      description: "Sentinel entity type, e.g. Account, Host, IP, URL, FileHash.",
    }),
    fieldMappings: Type.Array(
      Type.Object(
        {
          identifier: Type.String({
            minLength: 1,
            description: "Identifier of the entity type, e.g. HostName or Address.",
          }),
          columnName: Type.String({
            minLength: 1,
            description: "Result column of the query that holds the identifier.",
          }),
        },
        strict,
      ),
      { description: "Which query columns fill the entity's identifiers." },
    ),
  },
  { ...strict, description: "Maps result columns to a Sentinel entity (at most 10 per rule)." },
);

export const Support = Type.Object(
  {
    tier: StringEnum(["Microsoft", "Partner", "Community", "Developer"], {
      description: "Who supports the content.",
    }),
    name: Type.String({ minLength: 1, description: "Name of the supporting organisation." }),
    email: Type.Optional(
      Type.String({ format: "email", description: "Support email (an email or a link is needed)." }),
    ),
    link: Type.Optional(Type.String({ pattern: "^https?://\\S+$", description: "Support web page." })),
  },
  { ...strict, description: "Who supports the content, shown in Content Hub." },
);

export const Author = Type.Object(
  {
    name: Type.String({ minLength: 1, description: "Author's name." }),
    email: Type.Optional(Type.String({ format: "email", description: "Author's email." })),
    link: Type.Optional(Type.String({ description: "Author's web page." })),
  },
  { ...strict, description: "Who wrote the content." },
);

/** The `metadata` block some Azure-Sentinel YAML files carry; kept as written. */
export const ItemMetadata = Type.Object(
  {
    source: Type.Optional(Type.Object({ kind: Type.String() }, { additionalProperties: true })),
    author: Type.Optional(Type.Object({ name: Type.String() }, { additionalProperties: true })),
    support: Type.Optional(Type.Object({ tier: Type.String() }, { additionalProperties: true })),
    categories: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  {
    additionalProperties: true,
    description: "Azure-Sentinel repository metadata; kept as written, not checked.",
  },
);

export const Tags = Type.Array(Type.Union([Type.String(), Type.Object({}, { additionalProperties: true })]), {
  description: "Free-form tags, kept as written.",
});

/**
 * `schema` with more keywords (a description, a documented default). Spreading a schema inline
 * would give an anonymous type with TypeBox's symbol keys, which declaration files cannot name.
 */
export function described<T extends TSchema>(schema: T, options: SchemaOptions): T {
  return { ...schema, ...options };
}

export function describe<T extends TSchema>(schema: T, description: string): T {
  return described(schema, { description });
}

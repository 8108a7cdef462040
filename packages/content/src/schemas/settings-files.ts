import { type Static, Type } from "@sinclair/typebox";

/**
 * The two settings files, checked by the same TypeBox + ajv path as content (checkAgainst with
 * unknown fields as errors): `sentinelctl.config.yaml` (the validator's) and a deploy targets
 * file. The schemas hold the shape; what needs more than a shape (a severity written in any case,
 * `${VAR}` expansion before a GUID test, duplicate names, paths that must exist) stays with the
 * code that reads the file.
 */

const Strings = Type.Array(Type.String());

export const ValidatorConfigFile = Type.Object(
  {
    checks: Type.Optional(
      Type.Union(
        [
          Type.Record(Type.String(), Type.Union([Type.String(), Type.Literal(false)])),
          // `checks:` with every entry commented out
          Type.Null(),
        ],
        { description: "Severity per code, or code pattern ending in *: off | error | warning | info." },
      ),
    ),
    declarations: Type.Optional(
      Type.String({ description: "A YAML or JSON file of extra tables and functions." }),
    ),
    tables: Type.Optional(
      Type.Array(Type.Unknown(), { description: "Extra tables, as in a declarations file." }),
    ),
    functions: Type.Optional(
      Type.Array(Type.Unknown(), { description: "Extra functions, as in a declarations file." }),
    ),
    knownConnectors: Type.Optional(Strings),
    exclude: Type.Optional(Strings),
    azureSentinelRepo: Type.Optional(
      Type.String({ description: "An Azure-Sentinel checkout used as a schema source." }),
    ),
  },
  { additionalProperties: false },
);
export type ValidatorConfigFile = Static<typeof ValidatorConfigFile>;

export const TargetsFileEntry = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, description: "Unique label used in summaries." })),
    subscription: Type.String({
      description: "Subscription id (a GUID), or a reference to an environment variable.",
    }),
    resourceGroup: Type.String({ minLength: 1 }),
    workspace: Type.String({ minLength: 1 }),
    location: Type.Optional(Type.String({ minLength: 1 })),
    solutions: Type.Optional(Strings),
  },
  { additionalProperties: false },
);
export type TargetsFileEntry = Static<typeof TargetsFileEntry>;

export const TargetsFileList = Type.Array(TargetsFileEntry, { minItems: 1 });
export const TargetsFileObject = Type.Object({ targets: TargetsFileList }, { additionalProperties: false });

import { type Static, Type } from "@sinclair/typebox";
import { strict } from "./common.js";

/** Azure-Sentinel solution parser YAML (FunctionName, FunctionQuery, ...). */
export const Parser = Type.Object(
  {
    id: Type.String(),
    Function: Type.Object(
      { Title: Type.String(), Version: Type.String(), LastUpdated: Type.Optional(Type.String()) },
      strict,
    ),
    Category: Type.Optional(Type.String()),
    FunctionName: Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$" }),
    FunctionAlias: Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$" }),
    FunctionParams: Type.Optional(
      Type.Array(
        Type.Object(
          {
            Name: Type.String(),
            Type: Type.String(),
            Default: Type.Optional(Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
            Description: Type.Optional(Type.String()),
          },
          strict,
        ),
      ),
    ),
    FunctionQuery: Type.String(),
    Description: Type.Optional(Type.String()),
    Tags: Type.Optional(Type.Array(Type.String())),
  },
  { ...strict, $id: "Parser", title: "Parser (workspace function)" },
);

export type Parser = Static<typeof Parser>;

import { type Static, Type } from "@sinclair/typebox";
import { strict } from "./common.js";

/** Azure-Sentinel solution parser YAML (FunctionName, FunctionQuery, ...). */
export const Parser = Type.Object(
  {
    id: Type.String({ description: "Parser id (a GUID); keep it once published." }),
    Function: Type.Object(
      {
        Title: Type.String({ description: "Display title of the parser." }),
        Version: Type.String({ description: "Parser version, e.g. 1.0.0 (packaged as 1.0.0 when empty)." }),
        LastUpdated: Type.Optional(Type.String({ description: "Date of the last change, as written." })),
      },
      strict,
    ),
    Category: Type.Optional(
      Type.String({ description: "Saved-search category, e.g. Microsoft Sentinel Parser." }),
    ),
    FunctionName: Type.String({
      pattern: "^[A-Za-z_][A-Za-z0-9_]*$",
      description: "Name of the workspace function resource.",
    }),
    FunctionAlias: Type.String({
      pattern: "^[A-Za-z_][A-Za-z0-9_]*$",
      description: "The name queries call the function by; unique in the repository.",
    }),
    FunctionParams: Type.Optional(
      Type.Array(
        Type.Object(
          {
            Name: Type.String({ description: "Parameter name." }),
            Type: Type.String({
              description: "Kusto type of the parameter, e.g. string, datetime, dynamic.",
            }),
            Default: Type.Optional(
              Type.Union([Type.String(), Type.Number(), Type.Boolean()], {
                description: "Default value; a parameter with a default may be left out by callers.",
              }),
            ),
            Description: Type.Optional(Type.String({ description: "What the parameter does." })),
          },
          strict,
        ),
        { description: "Parameters of the function, in call order." },
      ),
    ),
    FunctionQuery: Type.String({ description: "The function's KQL body; it should return a table." }),
    Description: Type.Optional(Type.String({ description: "What the parser returns." })),
    Tags: Type.Optional(Type.Array(Type.String(), { description: "Free-form tags." })),
  },
  {
    ...strict,
    $id: "Parser",
    title: "Parser (workspace function)",
    description:
      "A KQL function in parsers/, in the Azure-Sentinel parser YAML format; queries may call it by FunctionAlias.",
  },
);

export type Parser = Static<typeof Parser>;

import { type Static, Type } from "@sinclair/typebox";
import { describe, SemVer, strict } from "./common.js";

export const Workbook = Type.Object(
  {
    id: Type.String({
      pattern: "^[A-Za-z0-9_.-]+$",
      description: "The workbook key; it becomes the content id.",
    }),
    title: Type.String({ description: "Display name in the workbook gallery." }),
    subtitle: Type.Optional(Type.String({ description: "Line shown under the title." })),
    description: Type.String({ description: "What the workbook shows." }),
    version: describe(SemVer, "Workbook version as MAJOR.MINOR.PATCH."),
    provider: Type.Optional(Type.String({ description: "Vendor of the product the workbook is about." })),
    logo: Type.Optional(Type.String({ description: "Logo file name, as in the workbook metadata." })),
    dataTypes: Type.Array(Type.String(), { description: "Tables the workbook reads." }),
    dataConnectors: Type.Array(Type.String(), { description: "Connector ids the workbook depends on." }),
    previewImages: Type.Optional(
      Type.Array(Type.String(), { description: "Preview image files (light theme)." }),
    ),
    previewImagesDark: Type.Optional(
      Type.Array(Type.String(), { description: "Preview image files (dark theme)." }),
    ),
    template: Type.Union([Type.String(), Type.Object({}, { additionalProperties: true })], {
      description:
        "The gallery template: in YAML a path to its JSON file, relative to this file; in TypeScript the template object itself.",
    }),
  },
  {
    ...strict,
    $id: "Workbook",
    title: "Workbook",
    description:
      "A workbook in workbooks/: its gallery metadata here, its template in a JSON file beside it.",
  },
);

export type Workbook = Static<typeof Workbook>;

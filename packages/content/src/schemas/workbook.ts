import { type Static, Type } from "@sinclair/typebox";
import { SemVer, strict } from "./common.js";

export const Workbook = Type.Object(
  {
    /** The workbookKey; becomes the contentId. */
    id: Type.String({ pattern: "^[A-Za-z0-9_.-]+$" }),
    title: Type.String(),
    subtitle: Type.Optional(Type.String()),
    description: Type.String(),
    version: SemVer,
    provider: Type.Optional(Type.String()),
    logo: Type.Optional(Type.String()),
    dataTypes: Type.Array(Type.String(), { description: "Tables the workbook reads." }),
    dataConnectors: Type.Array(Type.String(), { description: "Connector ids the workbook depends on." }),
    previewImages: Type.Optional(Type.Array(Type.String())),
    previewImagesDark: Type.Optional(Type.Array(Type.String())),
    /** Path of the gallery-template JSON (YAML) or the template object itself (TypeScript). */
    template: Type.Union([Type.String(), Type.Object({}, { additionalProperties: true })]),
  },
  { ...strict, $id: "Workbook", title: "Workbook" },
);

export type Workbook = Static<typeof Workbook>;

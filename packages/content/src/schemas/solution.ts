import { type Static, Type } from "@sinclair/typebox";
import { Author, describe, SemVer, StringEnum, Support, strict } from "./common.js";

export const DOMAINS = [
  "Application",
  "Cloud Provider",
  "Compliance",
  "DevOps",
  "Identity",
  "Internet of Things (IoT)",
  "IT Operations",
  "Migration",
  "Networking",
  "Platform",
  "Storage",
  "Training and Tutorials",
  "User Behavior (UEBA)",
  "Security - Others",
  "Security - Threat Intelligence",
  "Security - Threat Protection",
  "Security - 0-day Vulnerability",
  "Security - Automation (SOAR)",
  "Security - Cloud Security",
  "Security - Information Protection",
  "Security - Insider Threat",
  "Security - Network",
  "Security - Vulnerability Management",
] as const;

export const VERTICALS = [
  "Aeronautics",
  "Education",
  "Finance",
  "Healthcare",
  "Manufacturing",
  "Retail",
] as const;

export const Solution = Type.Object(
  {
    id: Type.String({
      pattern: "^[a-z0-9_-]+\\.[a-z0-9_-]+$",
      description: "publisherId.offerId, lower case.",
    }),
    name: Type.String({ minLength: 1, description: "Display name in Content Hub." }),
    version: describe(SemVer, "Solution version as MAJOR.MINOR.PATCH; raise it for every release."),
    description: Type.String({ minLength: 1, description: "What the solution offers, in Markdown." }),
    logo: Type.Optional(
      Type.String({ description: "Path of an SVG file in the solution, or an https URL." }),
    ),
    author: Author,
    support: Support,
    categories: Type.Object(
      {
        domains: Type.Array(StringEnum(DOMAINS), {
          minItems: 1,
          description: "Content Hub domain categories.",
        }),
        verticals: Type.Optional(Type.Array(StringEnum(VERTICALS), { description: "Industry verticals." })),
      },
      { ...strict, description: "Content Hub categories." },
    ),
    providers: Type.Array(Type.String(), {
      minItems: 1,
      description: "Products or vendors the solution covers.",
    }),
    firstPublishDate: Type.String({
      pattern: "^\\d{4}-\\d{2}-\\d{2}$",
      description: "Date of the first release (YYYY-MM-DD).",
    }),
    lastPublishDate: Type.Optional(
      Type.String({
        pattern: "^\\d{4}-\\d{2}-\\d{2}$",
        description: "Date of the latest release (YYYY-MM-DD).",
      }),
    ),
    dependencies: Type.Optional(
      Type.Array(Type.String({ pattern: "^[a-z0-9_-]+\\.[a-z0-9_.-]+$" }), {
        description: "Ids of Content Hub solutions this one needs installed.",
      }),
    ),
  },
  {
    ...strict,
    $id: "Solution",
    title: "Solution (solution.yaml)",
    description:
      "The solution.yaml at the root of a solution folder: what Content Hub shows about the solution.",
  },
);

export type Solution = Static<typeof Solution>;

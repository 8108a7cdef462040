import { type Static, Type } from "@sinclair/typebox";
import { Author, SemVer, StringEnum, Support, strict } from "./common.js";

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

export const VERTICALS = ["Aeronautics", "Education", "Finance", "Healthcare", "Manufacturing", "Retail"] as const;

export const Solution = Type.Object(
  {
    id: Type.String({
      pattern: "^[a-z0-9_-]+\\.[a-z0-9_-]+$",
      description: "publisherId.offerId, lower case.",
    }),
    name: Type.String({ minLength: 1 }),
    version: SemVer,
    description: Type.String({ minLength: 1, description: "Markdown." }),
    logo: Type.Optional(Type.String({ description: "Path of an SVG file in the solution, or an https URL." })),
    author: Author,
    support: Support,
    categories: Type.Object(
      {
        domains: Type.Array(StringEnum(DOMAINS), { minItems: 1 }),
        verticals: Type.Optional(Type.Array(StringEnum(VERTICALS))),
      },
      strict,
    ),
    providers: Type.Array(Type.String(), { minItems: 1 }),
    firstPublishDate: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }),
    lastPublishDate: Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" })),
    dependencies: Type.Optional(
      Type.Array(Type.String({ pattern: "^[a-z0-9_-]+\\.[a-z0-9_.-]+$" }), {
        description: "Ids of Content Hub solutions this one needs installed.",
      }),
    ),
  },
  { ...strict, $id: "Solution", title: "Solution (solution.yaml)" },
);

export type Solution = Static<typeof Solution>;

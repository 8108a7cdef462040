import { didYouMean } from "@sentinelctl/content";
import { ENTITIES } from "../data/entities.js";
import { at, defineCheck } from "./types.js";
import { rulesOf } from "./util.js";

export const ruleEntityIdentifiers = defineCheck({
  meta: {
    code: "RULE-ENTITY-IDENTIFIER",
    severity: "error",
    category: "rule",
    doc: "Entity mappings use a known entity type, identifiers valid for it, no identifier twice, and at least one required identifier set.",
    parity: "B.2 entity identifiers table",
  },
  run(ctx) {
    for (const item of rulesOf(ctx.model)) {
      (item.data.entityMappings ?? []).forEach((m, i) => {
        const spec = ENTITIES[m.entityType];
        if (!spec) {
          const guess = didYouMean(m.entityType, Object.keys(ENTITIES));
          ctx.report({
            at: at(item, ["entityMappings", i, "entityType"]),
            message: `Unknown entity type '${m.entityType}'.`,
            hint: guess ? `Did you mean '${guess}'?` : `Known types: ${Object.keys(ENTITIES).join(", ")}.`,
          });
          return;
        }
        const seen = new Set<string>();
        m.fieldMappings.forEach((f, j) => {
          if (!spec.identifiers.includes(f.identifier)) {
            const guess = didYouMean(f.identifier, spec.identifiers);
            ctx.report({
              at: at(item, ["entityMappings", i, "fieldMappings", j, "identifier"]),
              message: `'${f.identifier}' is not an identifier of ${m.entityType}.`,
              hint: guess
                ? `Did you mean '${guess}'?`
                : `${m.entityType} identifiers: ${spec.identifiers.join(", ")}.`,
            });
          } else if (seen.has(f.identifier)) {
            ctx.report({
              at: at(item, ["entityMappings", i, "fieldMappings", j, "identifier"]),
              message: `Identifier '${f.identifier}' is mapped twice in this ${m.entityType} mapping.`,
            });
          }
          seen.add(f.identifier);
        });
        if (!spec.required.some((set) => set.every((id) => seen.has(id)))) {
          ctx.report({
            at: at(item, ["entityMappings", i, "entityType"]),
            message: `A ${m.entityType} mapping needs ${spec.required.map((s) => s.join(" + ")).join(" or ")}.`,
            hint: "Sentinel drops an entity that lacks a strong identifier.",
          });
        }
      });
    }
  },
});

import { at, defineCheck } from "./types.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LINK = /^https?:\/\/\S+$/;

export const solutionSupport = defineCheck({
  meta: {
    code: "SOLUTION-SUPPORT",
    severity: "error",
    category: "solution",
    doc: "The solution's support block needs a name and an email or link, each well-formed.",
    parity: "B.6 support object",
  },
  run(ctx) {
    const s = ctx.model.solution;
    if (!s) return;
    const support = s.data.support;
    if (!support) return;
    if (!support.name?.trim())
      ctx.report({ at: at(s, ["support", "name"]), message: "support.name is empty." });
    if (!support.email && !support.link) {
      ctx.report({ at: at(s, ["support"], "key"), message: "support needs an email or a link." });
    }
    if (support.email !== undefined && !EMAIL.test(support.email)) {
      ctx.report({
        at: at(s, ["support", "email"]),
        message: `support.email '${support.email}' is not an email address.`,
      });
    }
    if (support.link !== undefined && !LINK.test(support.link)) {
      ctx.report({
        at: at(s, ["support", "link"]),
        message: `support.link '${support.link}' must be an http(s) URL.`,
      });
    }
  },
});

import MarkdownIt from "markdown-it";

/**
 * Markdown to HTML for solution descriptions (the contentPackage `descriptionHtml`, which V3
 * produces with PowerShell's CommonMark-based ConvertFrom-Markdown). CommonMark with GitHub-style
 * tables and strikethrough; raw HTML in the source is escaped, never passed through; no
 * typographic replacements, so the output is the text as written.
 */
const renderer = new MarkdownIt("default", {
  html: false,
  xhtmlOut: true,
  linkify: false,
  typographer: false,
});

export function markdownToHtml(markdown: string): string {
  return renderer.render(markdown.replace(/\r\n?/g, "\n")).replace(/\n+$/, "");
}

/**
 * Escapes text for an HTML element's content or a quoted attribute value, so a model name,
 * a reason or a header a user typed shows as text and never becomes markup.
 */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * JSON for a `<script type="application/json">` block: every `<` (so no `</script` or `<!--`
 * can end the block), `>`, `&` and the line separators U+2028/U+2029 become `\u` escapes,
 * which JSON.parse reads back as the same characters.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

/**
 * Checks that code or CSS read from a file can sit inside a `<script>` or `<style>` element as
 * it is: text that would close the element early is refused rather than silently rewritten.
 */
export function inlineElementText(text: string, element: "script" | "style"): string {
  const lower = text.toLowerCase();
  if (lower.includes(`</${element}`) || lower.includes("<!--")) {
    throw new Error(`cannot inline this ${element}: it contains "</${element}" or "<!--"`);
  }
  return text;
}

import { describe, expect, test } from "bun:test";
import { escapeHtml, inlineElementText, jsonForScript } from "../../../core/report/html-escape.ts";

describe("escaping for the HTML report", () => {
  test("markup characters in text become entities", () => {
    expect(escapeHtml(`<b class="x">Tom & 'Jerry'</b>`)).toBe(
      "&lt;b class=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;",
    );
  });

  test("JSON for a script block cannot close it and reads back unchanged", () => {
    const hostile = {
      model: "</script><script>window.pwned=1</script>",
      sep: "a\u2028b\u2029c",
      c: "<!--&",
    };
    const text = jsonForScript(hostile);
    expect(text).not.toContain("<");
    expect(text).not.toContain(">");
    expect(text).not.toContain("\u2028");
    expect(text).not.toContain("\u2029");
    expect(text).toContain("\\u003c/script\\u003e");
    expect(JSON.parse(text)).toEqual(hostile);
  });

  test("code that would close its element is refused, other code passes as it is", () => {
    expect(inlineElementText("let a = 1 < 2;", "script")).toBe("let a = 1 < 2;");
    expect(() => inlineElementText('s = "</SCRIPT>"', "script")).toThrow(/<\/script/);
    expect(() => inlineElementText("a{} </style>", "style")).toThrow(/<\/style/);
    expect(() => inlineElementText("x <!-- y", "script")).toThrow(/<!--/);
  });
});

import { describe, expect, it } from "vitest";
import { withLang } from "../../src/web/common/locals.js";

/** What the URL parser makes of a path (the way withLang takes for anything but a plain path). */
function parsed(url: string, lang: "it" | "en"): string {
  const u = new URL(url, "http://x");
  if (lang === "it") u.searchParams.delete("lang");
  else u.searchParams.set("lang", lang);
  return u.pathname.replace(/^[/\\]+/, "/") + u.search;
}

describe("withLang: plain paths skip the URL parser and give the same link", () => {
  const plain = [
    "/",
    "/s/cittadini",
    "/r/AbC_d-9.x/p/esperienza",
    "/r/abc/p/esperienza",
    "/admin/",
    "/kiosk/personale",
  ];
  const other = [
    "/s/cittadini?lang=en",
    "/s/cittadini?x=1&lang=it",
    "/a/../b",
    "/a/./b",
    "/a/b.",
    "/a/.b",
    "/a/b../c",
    "/a/..",
    "/a/.",
    "//evil.example",
    "/a//b",
    "/%41b",
    "/s/città",
    "/a\\b",
    "/s/x#frag",
  ];
  it("gives what the parser gives, in both languages", () => {
    for (const url of [...plain, ...other]) {
      for (const lang of ["it", "en"] as const) expect(withLang(url, lang), `${url} ${lang}`).toBe(parsed(url, lang));
    }
  });
  it("adds lang only for English on a plain path", () => {
    expect(withLang("/r/abc/p/esperienza", "en")).toBe("/r/abc/p/esperienza?lang=en");
    expect(withLang("/r/abc/p/esperienza", "it")).toBe("/r/abc/p/esperienza");
  });
});

import type { RequestHandler } from "express";
import { asLang, type Lang } from "../../surveys/messages.js";
import type { Text } from "../../surveys/schema.js";
import type { Storage } from "../../storage/types.js";
import type { Ente } from "../../ente/schema.js";
import { fillTemplate } from "../../ente/template.js";
import { fieldId } from "./field-id.js";
import { formatDate, ui, type UiKey } from "./i18n.js";

/** The comune (name, contacts, links, stemma) for the header, the footer and the survey texts' "{{…}}". */
export function enteLocals(storage: Storage): RequestHandler {
  return async (_req, res, next) => {
    res.locals.ente = await storage.ente.load();
    next();
  };
}

/**
 * Helpers every template gets: the language, interface texts, survey texts, and a link
 * to the same page in the other language. The language comes from `?lang=` or a form field,
 * so no cookie is needed for it.
 */
export function templateLocals(): RequestHandler {
  return (req, res, next) => {
    const body = req.body as Record<string, unknown> | undefined;
    setLang(res.locals, asLang(req.query.lang ?? body?.lang), req.originalUrl, req.app.locals.comuneName as string);
    next();
  };
}

export function setLang(locals: Record<string, unknown>, lang: Lang, url: string, comuneName: string): void {
  const ente = locals.ente as Ente | undefined;
  locals.lang = lang;
  locals.comuneName = ente?.name || comuneName;
  locals.t = (key: UiKey, params?: Record<string, string | number>) => ui(lang, key, params);
  locals.tx = (text: Text | undefined) => (!text ? "" : ente ? fillTemplate(text[lang], ente) : text[lang]);
  locals.date = (iso: string) => formatDate(iso, lang);
  locals.otherLang = lang === "it" ? "en" : "it";
  locals.otherLangUrl = withLang(url, lang === "it" ? "en" : "it");
  locals.withLang = (target: string) => withLang(target, lang);
  locals.fid = fieldId;
  locals.paragraphs = (text: string) =>
    text
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean);
}

// Segments that start with a letter, digit, "_" or "-" are never "." or ".." (dot segments the parser would resolve).
const PLAIN_PATH = /^(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+\/?$|^\/$/;

/** The same URL with `lang` set (Italian is the default and needs no parameter). */
export function withLang(url: string, lang: Lang): string {
  // Most links are plain paths of ours ("/r/<token>/p/<page>"): nothing for the URL parser to change, so
  // skip it (every page builds several). Anything else (a query, dots, doubled or back slashes, escapes) is parsed.
  if (PLAIN_PATH.test(url)) return lang === "it" ? url : `${url}?lang=${lang}`;
  const parsed = new URL(url, "http://x");
  if (lang === "it") parsed.searchParams.delete("lang");
  else parsed.searchParams.set("lang", lang);
  // "/a/..//evil.example" resolves to the path "//evil.example", which a browser reads as another
  // site: keep one leading slash so the result is always a path on this site.
  return parsed.pathname.replace(/^[/\\]+/, "/") + parsed.search;
}

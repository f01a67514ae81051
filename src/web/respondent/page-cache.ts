import type { Response } from "express";

/**
 * Rendered pages that are the same for everyone in the same state, kept by a key that names that
 * state (survey version and content hash, language, settings): a change of any of them is a new key,
 * so nothing stale can be served. Bounded: the least recently used page goes first.
 */
export interface PageCache {
  get(key: string): KeptPage | undefined;
  set(key: string, page: KeptPage): void;
}

/**
 * A page as it goes out: its bytes and its ETag, made once, so that serving it again neither encodes
 * the text nor hashes it at every request (express's `send` would do both for a string).
 */
export interface KeptPage {
  body: Buffer;
  etag: string | undefined;
}

export function createPageCache(max = 64): PageCache {
  const pages = new Map<string, KeptPage>();
  return {
    get(key) {
      const page = pages.get(key);
      if (page !== undefined) {
        pages.delete(key);
        pages.set(key, page);
      }
      return page;
    },
    set(key, page) {
      pages.delete(key);
      pages.set(key, page);
      if (pages.size > max) pages.delete(pages.keys().next().value!);
    },
  };
}

/** The page's bytes and the ETag express would give them (its «etag fn» setting; none when ETags are off). */
export function keptPage(html: string, etagFn: unknown): KeptPage {
  const body = Buffer.from(html, "utf8");
  const etag: unknown = typeof etagFn === "function" ? (etagFn as (body: Buffer) => unknown)(body) : undefined;
  return { body, etag: typeof etag === "string" ? etag : undefined };
}

/**
 * Sends a kept page as `res.type("html").send(html)` would: the same headers in the same order (type,
 * length, ETag), and 304 when the browser's copy is fresh; `send` keeps an ETag already set.
 */
export function sendKeptPage(res: Response, page: KeptPage): void {
  res.type("html");
  res.set("Content-Length", String(page.body.length));
  if (page.etag) res.set("ETag", page.etag);
  res.send(page.body);
}

/**
 * Rendered pages that are the same for everyone in the same state, kept by a key that names that
 * state (survey version and content hash, language, settings): a change of any of them is a new key,
 * so nothing stale can be served. Bounded: the least recently used page goes first.
 */
export interface PageCache {
  get(key: string): string | undefined;
  set(key: string, html: string): void;
}

export function createPageCache(max = 64): PageCache {
  const pages = new Map<string, string>();
  return {
    get(key) {
      const html = pages.get(key);
      if (html !== undefined) {
        pages.delete(key);
        pages.set(key, html);
      }
      return html;
    },
    set(key, html) {
      pages.delete(key);
      pages.set(key, html);
      if (pages.size > max) pages.delete(pages.keys().next().value!);
    },
  };
}

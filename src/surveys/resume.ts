import { pageOwnsKey, visiblePages } from "./flow.js";
import type { LoadedSurvey } from "./loader.js";
import type { Lang } from "./messages.js";
import type { Answers } from "./options.js";
import { validateAnswers } from "./validate.js";

/**
 * The page where a respondent who comes back carries on: the page after the last one with an answer
 * (a page left blank is not skipped just because nothing on it is required), or an earlier page that
 * is still incomplete, whichever comes first; null when everything has been seen (the summary).
 */
export function resumePage(survey: LoadedSurvey, answers: Answers, lang: Lang): string | null {
  const pages = visiblePages(survey, answers);
  const keys = Object.keys(answers);
  let lastAnswered = -1;
  pages.forEach((page, i) => {
    if (keys.some((k) => pageOwnsKey(page, k))) lastAnswered = i;
  });
  const checked = validateAnswers(survey, answers, lang);
  const incomplete = checked.ok ? -1 : pages.findIndex((p) => p.id === checked.page.pageId);
  const candidates = [incomplete, lastAnswered + 1 < pages.length ? lastAnswered + 1 : -1].filter((i) => i >= 0);
  return candidates.length ? pages[Math.min(...candidates)].id : null;
}

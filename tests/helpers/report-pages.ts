import { recordResponse } from "../../src/storage/sqlite-submit.js";
import { createTestApp, SHIPPED_SURVEYS, type TestApp } from "./app.js";
import { createUser } from "./auth.js";
import { syntheticSample } from "../report/fixtures.js";

/** The app on the shipped questionnaires with a synthetic sample stored through recordResponse. */
export async function reportApp(
  citizens: number,
  staff: number,
  seed: number,
  t: TestApp = createTestApp(SHIPPED_SURVEYS),
): Promise<TestApp> {
  const sample = syntheticSample(citizens, staff, seed);
  t.db.transaction((tx) => {
    for (const r of [...sample.citizens, ...sample.staff]) {
      const survey = t.registry.current(r.surveyId)!;
      const stored = recordResponse(tx, survey, r.answers, {
        channel: r.channel,
        lang: r.lang,
        startedAt: r.startedAt,
        submittedAt: r.submittedAt,
        synthetic: true,
      });
      if (!stored.ok) throw new Error(JSON.stringify(stored.page));
    }
  });
  for (const role of ["giunta", "operator", "analyst", "admin"] as const) await createUser(t.db, role);
  return t;
}

/** Every count the page printed (the templates mark each with data-count). */
export function printedCounts(html: string): number[] {
  return [...html.matchAll(/data-count="(\d+)"/g)].map((m) => Number(m[1]));
}

/** The visible text of a fragment, entities decoded, spaces collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;|\u00a0/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

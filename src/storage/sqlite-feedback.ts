import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { drafts, feedback } from "../db/schema.js";

export function insertFeedback(
  db: Db,
  row: { surveyId: string; rating: number; aspects: string[]; comment: string },
): void {
  db.insert(feedback)
    .values({ surveyId: row.surveyId, rating: row.rating, aspects: row.aspects.join(" "), comment: row.comment })
    .run();
}

/**
 * Stores the rating of a sent questionnaire, once: the flag on its tombstone is claimed in the
 * same transaction (one UPDATE with the condition in its WHERE), so a repeated or parallel post
 * stores nothing more. False when it was already rated.
 */
export function recordFeedbackOnce(
  db: Db,
  token: string,
  row: { surveyId: string; rating: number; aspects: string[]; comment: string },
): boolean {
  return db.transaction((tx) => {
    const claimed =
      tx
        .update(drafts)
        .set({ rated: true })
        .where(and(eq(drafts.token, token), eq(drafts.submitted, true), eq(drafts.rated, false)))
        .run().changes === 1;
    if (claimed) insertFeedback(tx, row);
    return claimed;
  });
}

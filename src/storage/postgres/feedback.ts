import { and, eq } from "drizzle-orm";
import type { PgDb } from "../../db/pg/client.js";
import { drafts, feedback } from "../../db/pg/schema.js";
import type { FeedbackRepository } from "../types.js";

/**
 * The rating is stored once per sent questionnaire: the tombstone's flag is claimed by one
 * conditional UPDATE in the rating's transaction, so a repeated or parallel post (on any node)
 * finds it claimed and stores nothing.
 */
export function createFeedbackRepository(db: PgDb): FeedbackRepository {
  return {
    recordOnce: (token, row) =>
      db.transaction(async (tx) => {
        const claimed = await tx
          .update(drafts)
          .set({ rated: true })
          .where(and(eq(drafts.token, token), eq(drafts.submitted, true), eq(drafts.rated, false)))
          .returning({ token: drafts.token });
        if (claimed.length !== 1) return false;
        await tx.insert(feedback).values({
          surveyId: row.surveyId,
          rating: row.rating,
          aspects: row.aspects.join(" "),
          comment: row.comment,
        });
        return true;
      }),
  };
}

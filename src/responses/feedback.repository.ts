import type { Db } from "../db/client.js";
import { feedback } from "../db/schema.js";

export function insertFeedback(db: Db, row: { surveyId: string; rating: number; aspects: string[]; comment: string }): void {
  db.insert(feedback).values({ surveyId: row.surveyId, rating: row.rating, aspects: row.aspects.join(" "), comment: row.comment }).run();
}

import { asc, count, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { answers, responses } from "../db/schema.js";
import type { Lang } from "../surveys/messages.js";
import type { Answers } from "../surveys/options.js";
import type { Channel } from "./drafts.repository.js";

export interface NewResponse {
  id: string;
  surveyId: string;
  surveyVersion: number;
  channel: Channel;
  lang: Lang;
  startedAt: string;
  submittedAt: string;
  synthetic?: boolean;
  answers: Answers;
}

/** Call inside a transaction: the response and its answers are stored together or not at all. */
export function insertResponse(db: Db, response: NewResponse): void {
  const { answers: values, ...row } = response;
  db.insert(responses).values({ ...row, synthetic: row.synthetic ?? false }).run();
  const rows = Object.entries(values).map(([key, value]) => ({ responseId: row.id, key, value }));
  for (let i = 0; i < rows.length; i += 500) db.insert(answers).values(rows.slice(i, i + 500)).run();
}

export function countResponses(db: Db, surveyId: string): number {
  return db.select({ n: count() }).from(responses).where(eq(responses.surveyId, surveyId)).get()?.n ?? 0;
}

export interface StoredResponse extends Omit<NewResponse, "synthetic"> {
  synthetic: boolean;
}

/** Every response of a survey with its answers, in submission order. */
export function listResponses(db: Db, surveyId: string): StoredResponse[] {
  const rows = db.select().from(responses).where(eq(responses.surveyId, surveyId)).orderBy(asc(responses.submittedAt), asc(responses.id)).all();
  const byId = new Map<string, StoredResponse>(rows.map((r) => [r.id, { ...r, answers: {} }]));
  const values = db
    .select({ responseId: answers.responseId, key: answers.key, value: answers.value })
    .from(answers)
    .innerJoin(responses, eq(answers.responseId, responses.id))
    .where(eq(responses.surveyId, surveyId))
    .all();
  for (const v of values) byId.get(v.responseId)!.answers[v.key] = v.value;
  return [...byId.values()];
}

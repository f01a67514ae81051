import type { Answers } from "../surveys/options.js";
import type { ResponseMeta } from "../responses/records.js";

/**
 * A response's answers as both engines store them in `responses.answers`: one JSON object of text
 * values, keys in sorted order, so that the same answers are the same text whichever channel or engine
 * stored them (migrations 0012 on SQLite and 0004 on PostgreSQL wrote the older ones the same way).
 */
export function answersJson(answers: Answers): string {
  const sorted: Answers = {};
  for (const key of Object.keys(answers).sort()) sorted[key] = answers[key];
  return JSON.stringify(sorted);
}

/** A stored row with its answers read: what the storage hands on. */
export function withAnswers<Row extends { answers: string }>({
  answers,
  ...meta
}: Row): Omit<Row, "answers"> & { answers: Answers } {
  return { ...meta, answers: JSON.parse(answers) as Answers };
}

/** A response table's columns but its answers, on either engine (a list of responses shows none). */
export function metaColumns<Table extends Record<keyof ResponseMeta, unknown>>(
  t: Table,
): Pick<Table, keyof ResponseMeta> {
  return {
    id: t.id,
    surveyId: t.surveyId,
    surveyVersion: t.surveyVersion,
    channel: t.channel,
    lang: t.lang,
    startedAt: t.startedAt,
    submittedAt: t.submittedAt,
    synthetic: t.synthetic,
    enteredBy: t.enteredBy,
    cellKey: t.cellKey,
  };
}

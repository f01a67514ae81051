import type { Lang } from "../surveys/messages.js";
import type { Answers } from "../surveys/options.js";
import type { PageErrors } from "../surveys/validate.js";
import type { Channel } from "../surveys/vocabulary.js";

/**
 * The records of the responses area as plain types: what is stored and read back on either engine
 * (src/storage), and what the report, the import and the pages work with without reaching storage.
 */

export interface NewResponse {
  id: string;
  surveyId: string;
  surveyVersion: number;
  channel: Channel;
  lang: Lang;
  /** Null where the time spent was not measured (paper forms typed in, imports): never a speeder. */
  startedAt: string | null;
  submittedAt: string;
  synthetic?: boolean;
  /** The operator who typed in a paper questionnaire (channel `paper`); absent for every other channel. */
  enteredBy?: string | null;
  answers: Answers;
}

export interface ResponseCounts {
  total: number;
  synthetic: number;
  byChannel: Record<Channel, number>;
}

export interface StoredResponse extends Omit<NewResponse, "synthetic"> {
  synthetic: boolean;
  /** The cell-key method's record key (null only if a row escaped the migration that filled them). */
  cellKey?: number | null;
}

/** Which responses of a survey: the same filters for the browser, the export and the CLI. */
export interface ResponseFilter {
  surveyId: string;
  channel?: Channel;
  /** Submitted at or after this instant (ISO). */
  since?: string;
  /** Submitted before this instant (ISO). */
  before?: string;
  synthetic?: boolean;
}

export interface ResponseMeta {
  id: string;
  surveyId: string;
  surveyVersion: number;
  channel: Channel;
  lang: "it" | "en";
  startedAt: string | null;
  submittedAt: string;
  synthetic: boolean;
  enteredBy: string | null;
  /** The cell-key method's record key: read by the report only, never shown or exported. */
  cellKey: number | null;
}

export interface ResponseWithAnswers extends ResponseMeta {
  answers: Answers;
}

export interface AccessCodeCounts {
  total: number;
  used: number;
  revoked: number;
  /** Still usable: neither used nor revoked. */
  unused: number;
}

export type RevokeResult = "revoked" | "not_found";

export type RecordResult = { ok: true; responseId: string } | { ok: false; page: PageErrors };

export type SubmitResult =
  | { status: "stored"; codeProtected: boolean }
  | { status: "already_submitted" }
  | { status: "not_found" }
  | { status: "expired" }
  | { status: "code_used" }
  | { status: "invalid"; page: PageErrors };

/** A paper questionnaire typed in once (and maybe a second time), waiting to be stored as a response. */
export interface PaperEntry {
  id: string;
  surveyId: string;
  surveyVersion: number;
  answers: Answers;
  enteredBy: string;
  createdAt: string;
  secondAnswers: Answers | null;
  secondBy: string | null;
}

/** A first typing as the operator sends it. */
export interface NewPaperEntry {
  surveyId: string;
  surveyVersion: number;
  answers: Answers;
  enteredBy: string;
}

/** A paper entry's row as either engine stores it: the answers as JSON text. */
export interface PaperEntryRow {
  id: string;
  surveyId: string;
  surveyVersion: number;
  answers: string;
  enteredBy: string;
  createdAt: string;
  secondAnswers: string | null;
  secondBy: string | null;
}

/** A stored row (the same columns on both engines) as the entry it holds. */
export function toEntry(row: PaperEntryRow): PaperEntry {
  return {
    ...row,
    answers: JSON.parse(row.answers) as Answers,
    secondAnswers: row.secondAnswers === null ? null : (JSON.parse(row.secondAnswers) as Answers),
  };
}

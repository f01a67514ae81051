import { randomUUID } from "node:crypto";
import type { AuditRecord } from "../audit/entry.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import type { Lang } from "../surveys/messages.js";
import type { Answers } from "../surveys/options.js";
import { validateAnswers } from "../surveys/validate.js";
import type { NewPaperEntry, PaperEntry, NewResponse } from "./records.js";

/**
 * Paper forms typed in by operators, once or twice (double entry): each step stored and audited
 * together. Answers reach here already validated.
 */

export type { PaperEntry } from "./records.js";

/**
 * The paper forms on the storage boundary (either engine): each write and its audit line in one transaction.
 */
export interface PaperEntryStore {
  /** A survey's first typings waiting for their second, oldest first. */
  list(surveyId: string): Promise<PaperEntry[]>;
  find(surveyId: string, id: string): Promise<PaperEntry | undefined>;
  /**
   * Stores a paper response; with `pendingId`, only if that first typing is still there (deleting
   * it first makes two operators resolving the same form store it once): false otherwise.
   */
  storeResponse(response: NewResponse, pendingId: string | undefined, audit: AuditRecord): Promise<boolean>;
  /** Keeps a first typing until a colleague types the form again. */
  createFirst(entry: NewPaperEntry, audit: AuditRecord, now: Date): Promise<void>;
  /** Keeps a second typing that differs from the first, for someone to resolve. */
  saveSecond(id: string, answers: Answers, by: string, audit: AuditRecord, now: Date): Promise<void>;
  /** Forgets the second typing, to type the form again. */
  clearSecond(id: string, audit: AuditRecord, now: Date): Promise<void>;
  /** Discards a pending typing. */
  delete(id: string, audit: AuditRecord, now: Date): Promise<void>;
}

/** How the audit trail names a stored paper response (`id` is the response's). */
export interface PaperAudit {
  by: string;
  action: string;
  details: (responseId: string) => string;
}

/**
 * Stores a paper response in one transaction and returns its id; null when `pendingId` names a first
 * typing already resolved (two operators resolving the same form store it once).
 */
export async function storePaperResponse(
  store: PaperEntryStore,
  survey: LoadedSurvey,
  answers: Answers,
  entry: { enteredBy: string; lang: Lang; pendingId?: string },
  trail: PaperAudit,
  now: Date,
): Promise<string | null> {
  const checked = validateAnswers(survey, answers, entry.lang);
  if (!checked.ok) throw new Error(`paper entry refused after validation: ${checked.page.pageId}`);
  const response: NewResponse = {
    id: randomUUID(),
    surveyId: survey.definition.id,
    surveyVersion: survey.definition.version,
    channel: "paper",
    lang: entry.lang,
    startedAt: null,
    submittedAt: now.toISOString(),
    enteredBy: entry.enteredBy,
    answers: checked.answers,
  };
  const audit = typingAudit(trail.by, trail.action, survey.definition.id, trail.details(response.id));
  return (await store.storeResponse(response, entry.pendingId, audit)) ? response.id : null;
}

/** The audit line of one step of double entry on a survey's paper forms. */
const typingAudit = (by: string, action: string, surveyId: string, details?: string): AuditRecord => ({
  username: by,
  action,
  target: surveyId,
  ...(details === undefined ? {} : { details }),
});

/** The first typing of a form under double entry: kept aside until a colleague types it again. */
export function storeFirstTyping(
  store: PaperEntryStore,
  survey: LoadedSurvey,
  answers: Answers,
  by: string,
  now: Date,
): Promise<void> {
  const { id: surveyId, version: surveyVersion } = survey.definition;
  return store.createFirst(
    { surveyId, surveyVersion, answers, enteredBy: by },
    typingAudit(by, "carta.prima_digitazione", surveyId),
    now,
  );
}

/** A second typing that differs from the first: kept for someone to resolve the differences. */
export function storeDifferingSecondTyping(
  store: PaperEntryStore,
  surveyId: string,
  entry: PaperEntry,
  answers: Answers,
  by: string,
  now: Date,
): Promise<void> {
  const audit = typingAudit(by, "carta.seconda_digitazione", surveyId, "digitazioni diverse, da risolvere");
  return store.saveSecond(entry.id, answers, by, audit, now);
}

export function repeatSecondTyping(
  store: PaperEntryStore,
  surveyId: string,
  entry: PaperEntry,
  by: string,
  now: Date,
): Promise<void> {
  const audit = typingAudit(by, "carta.seconda_digitazione", surveyId, "annullata, da ripetere");
  return store.clearSecond(entry.id, audit, now);
}

export function deleteFirstTyping(
  store: PaperEntryStore,
  surveyId: string,
  entry: PaperEntry,
  by: string,
  now: Date,
): Promise<void> {
  const audit = typingAudit(by, "carta.digitazione_eliminata", surveyId, `prima digitazione di ${entry.enteredBy}`);
  return store.delete(entry.id, audit, now);
}

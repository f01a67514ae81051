import { audit } from "../audit/audit.service.js";
import type { Db } from "../db/client.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import type { Lang } from "../surveys/messages.js";
import type { Answers } from "../surveys/options.js";
import {
  clearSecondTyping,
  createPaperEntry,
  deletePaperEntry,
  saveSecondTyping,
  type PaperEntry,
} from "./paper-entries.repository.js";
import { recordResponse } from "./submit.service.js";

/**
 * Paper forms typed in by operators, once or twice (double entry): each step stored and audited
 * together. Answers reach here already validated.
 */

export { findPaperEntry, listPaperEntries, type PaperEntry } from "./paper-entries.repository.js";

/** How the audit trail names a stored paper response (`id` is the response's). */
export interface PaperAudit {
  by: string;
  action: string;
  details: (responseId: string) => string;
}

/**
 * Stores a paper response in one transaction and returns its id; null when `pendingId` names a first
 * typing already resolved (deleting it first makes two operators resolving the same form store it once).
 */
export function storePaperResponse(
  db: Db,
  survey: LoadedSurvey,
  answers: Answers,
  entry: { enteredBy: string; lang: Lang; pendingId?: string },
  trail: PaperAudit,
  now: Date,
): string | null {
  const at = now.toISOString();
  return db.transaction(
    (tx) => {
      if (entry.pendingId && !deletePaperEntry(tx, entry.pendingId)) return null;
      const result = recordResponse(tx, survey, answers, {
        channel: "paper",
        lang: entry.lang,
        startedAt: null,
        submittedAt: at,
        enteredBy: entry.enteredBy,
      });
      if (!result.ok) throw new Error(`paper entry refused after validation: ${result.page.pageId}`);
      audit(
        tx,
        {
          username: trail.by,
          action: trail.action,
          target: survey.definition.id,
          details: trail.details(result.responseId),
        },
        now,
      );
      return result.responseId;
    },
    { behavior: "immediate" },
  );
}

/** The first typing of a form under double entry: kept aside until a colleague types it again. */
export function storeFirstTyping(db: Db, survey: LoadedSurvey, answers: Answers, by: string, now: Date): void {
  db.transaction((tx) => {
    createPaperEntry(
      tx,
      { surveyId: survey.definition.id, surveyVersion: survey.definition.version, answers, enteredBy: by },
      now,
    );
    audit(tx, { username: by, action: "carta.prima_digitazione", target: survey.definition.id }, now);
  });
}

/** A second typing that differs from the first: kept for someone to resolve the differences. */
export function storeDifferingSecondTyping(
  db: Db,
  surveyId: string,
  entry: PaperEntry,
  answers: Answers,
  by: string,
  now: Date,
): void {
  db.transaction((tx) => {
    saveSecondTyping(tx, entry.id, answers, by);
    audit(
      tx,
      {
        username: by,
        action: "carta.seconda_digitazione",
        target: surveyId,
        details: "digitazioni diverse, da risolvere",
      },
      now,
    );
  });
}

export function repeatSecondTyping(db: Db, surveyId: string, entry: PaperEntry, by: string, now: Date): void {
  db.transaction((tx) => {
    clearSecondTyping(tx, entry.id);
    audit(
      tx,
      { username: by, action: "carta.seconda_digitazione", target: surveyId, details: "annullata, da ripetere" },
      now,
    );
  });
}

export function deleteFirstTyping(db: Db, surveyId: string, entry: PaperEntry, by: string, now: Date): void {
  db.transaction((tx) => {
    deletePaperEntry(tx, entry.id);
    audit(
      tx,
      {
        username: by,
        action: "carta.digitazione_eliminata",
        target: surveyId,
        details: `prima digitazione di ${entry.enteredBy}`,
      },
      now,
    );
  });
}

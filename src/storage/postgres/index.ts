import { eq } from "drizzle-orm";
import { closePostgres, openPostgres, type PgDatabase } from "../../db/pg/client.js";
import { drafts } from "../../db/pg/schema.js";
import { draftFromRow, type Draft } from "../../responses/draft.js";
import type { SendOutcome, SendPlan, Storage } from "../types.js";
import { consumeCode, createAccessCodeRepository } from "./access-codes.js";
import { createDraftRepository } from "./drafts.js";
import { createResponseRepository, insertResponse } from "./responses.js";
import { buildExclusively } from "./build-lock.js";
import { createPostgresCounterStore } from "./counters.js";
import { createPostgresSessionStore } from "./sessions.js";
import { createPostgresSignInStore } from "./sign-ins.js";
import { createPostgresAccountStore } from "./accounts.js";
import { createPostgresRetentionStore } from "./retention.js";
import { createPostgresAuditStore } from "./audit.js";
import { createSurveyStore } from "./surveys.js";
import { createEnteStore } from "./ente.js";
import { createPostgresReportSettingsStore } from "./report-settings.js";
import { createPostgresReportInputs } from "./report-inputs.js";
import { createPostgresPublicationStore } from "./publications.js";
import { createPostgresApiTokenStore } from "./api-tokens.js";
import { createPostgresPaperEntryStore } from "./paper-entries.js";
import { createPostgresDesignerStore } from "./designer.js";
import { createFeedbackRepository } from "./feedback.js";
import { migrationState, serverKey } from "./keys.js";

/** Connects to PostgreSQL (migrating it) and returns the storage boundary over it. */
export async function openPostgresStorage(url: string, options: { max?: number } = {}): Promise<Storage> {
  return createPostgresStorage(await openPostgres(url, options));
}

export function createPostgresStorage(db: PgDatabase): Storage {
  /** A server key never changes once drawn: each is read once per node. */
  const keys = new Map<string, Promise<Buffer>>();
  return {
    engine: "postgres",
    accessCodes: createAccessCodeRepository(db),
    drafts: createDraftRepository(db),
    responses: createResponseRepository(db),
    surveys: createSurveyStore(db),
    ente: createEnteStore(db),
    reportSettings: createPostgresReportSettingsStore(db),
    reportInputs: createPostgresReportInputs(db),
    publications: createPostgresPublicationStore(db),
    apiTokens: createPostgresApiTokenStore(db),
    paperEntries: createPostgresPaperEntryStore(db),
    designer: createPostgresDesignerStore(db),
    feedback: createFeedbackRepository(db),
    serverKey(name) {
      let key = keys.get(name);
      if (!key) {
        keys.set(name, (key = serverKey(db, name)));
        // A failed read (the database unreachable for a moment) is tried again at the next call.
        key.catch(() => keys.delete(name));
      }
      return key;
    },
    migrationState: () => migrationState(db),
    sessions: createPostgresSessionStore(db),
    signIns: createPostgresSignInStore(db),
    accounts: createPostgresAccountStore(db),
    retention: createPostgresRetentionStore(db),
    audit: createPostgresAuditStore(db),
    counters: createPostgresCounterStore(db),
    buildExclusively: (surveyId, fingerprint, build) => buildExclusively(db, surveyId, fingerprint, build),
    sendDraft: (token, plan) => sendDraft(db, token, plan),
    close: () => closePostgres(db),
  };
}

/**
 * SELECT … FOR UPDATE locks the draft: a second send of the same draft (a double click, another
 * node) waits, then reads the tombstone. The access code is consumed by a conditional UPDATE in the
 * same transaction, so drafts sharing one code, sent from any number of nodes, store one response.
 * COMMIT returns after the WAL is flushed: the caller says «grazie» only for a durable response.
 */
async function sendDraft<R>(
  db: PgDatabase,
  token: string,
  plan: (draft: Draft) => SendPlan<R>,
): Promise<SendOutcome<R>> {
  return db.transaction(async (tx): Promise<SendOutcome<R>> => {
    const [row] = await tx.select().from(drafts).where(eq(drafts.token, token)).for("update");
    if (!row) return { status: "not_found" };
    const draft = draftFromRow(row);
    if (draft.submitted) return { status: "already_submitted" };
    const decided = plan(draft);
    if (!decided.store) return { status: "refused", refusal: decided.refusal };
    if (draft.codeHash && !(await consumeCode(tx, draft.surveyId, draft.codeHash))) return { status: "code_used" };
    await insertResponse(tx, decided.response);
    await tx
      .update(drafts)
      .set({ submitted: true, answers: "{}", codeHash: null, ...decided.tombstone })
      .where(eq(drafts.token, token));
    return { status: "stored", responseId: decided.response.id, codeProtected: draft.codeHash !== null };
  });
}

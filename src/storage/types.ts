import type {
  AccessCodeCounts,
  RevokeResult,
  ResponseFilter,
  ResponseMeta,
  ResponseWithAnswers,
  NewResponse,
  ResponseCounts,
  StoredResponse,
} from "../responses/records.js";
import type { Draft } from "../responses/draft.js";
import type { SendPlan } from "../responses/send-plan.js";
import type { Channel } from "../surveys/vocabulary.js";
import type { User } from "../admin/user.js";
import type { AccountChange, AccountChanges, AccountCreation, InvitationLinks } from "../admin/accounts.service.js";
import type { Role } from "../db/schema.js";
import type { AuditEntry, AuditRecord } from "../audit/entry.js";
import type { CounterStore } from "./counters.js";
import type { Lang } from "../surveys/messages.js";
import type { Answers } from "../surveys/options.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import type { SurveySettings } from "../admin/survey-settings.js";
import type { Ente, EnteFields } from "../ente/schema.js";
import type { ReportSettingsWrites } from "../report/settings.service.js";
import type { ReportSettings, StoredMargins } from "../report/types.js";
import type { ReportInputsReader } from "../report/inputs.js";
import type { PublicationStore } from "../report/publication.service.js";
import type { ApiTokenStore } from "../admin/api-tokens.service.js";
import type { ResponseExportSource } from "../admin/export.service.js";
import type { ImportTarget } from "../admin/import.service.js";
import type { PaperEntryStore } from "../responses/paper-entry.service.js";
import type { StoredDraft } from "../admin/survey-drafts.js";
import type { NewDefinition, StoredDefinitions } from "../admin/survey-versions.js";
import type { DraftSurvey } from "../surveys/draft-survey.js";
import type { MigrationState } from "../ops/health.js";

/**
 * The storage boundary: everything above it (services, handlers, the CLI) talks to these async
 * interfaces and never learns which engine runs underneath. Two implementations: SQLite (the
 * embedded default, src/storage/sqlite.ts) and PostgreSQL (src/storage/postgres/). Both pass the
 * same contract tests (tests/storage/contract.test.ts). What is here is what the respondent's path
 * needs (the questionnaires run on either engine) and the state several app nodes share;
 * docs/postgresql.md lists what moves behind the boundary next.
 */
export interface Storage {
  readonly engine: "sqlite" | "postgres";
  readonly accessCodes: AccessCodeRepository;
  readonly drafts: DraftRepository;
  readonly responses: ResponseRepository;
  /** Published survey versions and each survey's fieldwork settings (status, dates, draft days). */
  readonly surveys: SurveyStore;
  /** The comune (name, contacts, links) the pages and the survey texts show. */
  readonly ente: EnteStore;
  /** What each report is built with (its settings and uploaded margins). */
  readonly reportSettings: ReportSettingsStore;
  /** Paper questionnaires typed in, once or twice (double entry). */
  readonly paperEntries: PaperEntryStore;
  /** The read-only API's tokens. */
  readonly apiTokens: ApiTokenStore;
  /** The reports the giunta published as open data. */
  readonly publications: PublicationStore;
  /** A report's inputs (settings, margins, responses) from one snapshot: for the report and the pages that weigh the answers. */
  readonly reportInputs: ReportInputsReader;
  /** The end-of-service rating, once per sent questionnaire. */
  readonly feedback: FeedbackRepository;
  /** The designer's survey drafts and the versions it publishes (surveys and service catalogues). */
  readonly designer: DesignerStore;
  /** A 256-bit key the installation keeps for itself, drawn by whoever asks first (every node gets the same). */
  serverKey(name: string): Promise<Buffer>;
  /** The database answers and has every shipped migration (the health check); rejects when it does not answer. */
  migrationState(): Promise<MigrationState>;
  /** Staff sessions: rows on both engines, so on PostgreSQL every node sees every session. */
  readonly sessions: SessionStore;
  /** Signing in and out: the account's password hash, and each session opened or closed with its audit line. */
  readonly signIns: SignInStore;
  /** Staff accounts and the one-time links that create them. */
  readonly accounts: AccountStore;
  /** The deletions of the retention job (src/admin/retention.service.ts, applyRetention). */
  readonly retention: RetentionStore;
  /** The audit trail: who did what, when, to what. */
  readonly audit: AuditStore;
  /** Rate-limit and back-off counters: one node's memory on SQLite, shared rows on PostgreSQL. */
  readonly counters: CounterStore;
  /**
   * Runs `build` unless the same report (survey and fingerprint) is being built already, on this
   * node or (on PostgreSQL) on any other: then it answers "busy" at once, without waiting.
   */
  buildExclusively<T>(surveyId: string, fingerprint: string, build: () => Promise<T>): Promise<BuildOutcome<T>>;
  /**
   * Turns a draft into a response, exactly once, in one transaction: the draft is locked, `plan`
   * (a pure function: expiry, validation, the times to keep) decides what to store, the draft's
   * access code is consumed, the response and its answers are inserted and the draft becomes a
   * tombstone. Racing calls for one draft store one response; racing drafts holding one access
   * code store one response; the promise resolves only after the commit is durable.
   */
  sendDraft<R>(token: string, plan: (draft: Draft) => SendPlan<R>): Promise<SendOutcome<R>>;
  close(): Promise<void>;
}

export type { DraftTombstone, SendPlan } from "../responses/send-plan.js";

export type SendOutcome<R> =
  | { status: "stored"; responseId: string; codeProtected: boolean }
  | { status: "not_found" }
  | { status: "already_submitted" }
  | { status: "code_used" }
  | { status: "refused"; refusal: R };

/**
 * The access codes. The writes an administrator makes take the line of the audit trail that records
 * them (`audit`), written in the same transaction: a code is never made or revoked unrecorded.
 */
export interface AccessCodeRepository {
  /** Creates `n` single-use codes and returns them in clear: the only time they are ever seen. */
  create(surveyId: string, n: number, now?: Date, audit?: AuditRecord): Promise<string[]>;
  /** Whether a code can start the survey now (exists, unused, not revoked). */
  isUsable(surveyId: string, codeHash: string): Promise<boolean>;
  /** Marks a usable code used; of racing calls exactly one gets true. */
  consume(surveyId: string, codeHash: string): Promise<boolean>;
  countStates(surveyId: string): Promise<AccessCodeCounts>;
  revoke(
    surveyId: string,
    codeHash: string,
    audit?: (result: RevokeResult) => AuditRecord,
    now?: Date,
  ): Promise<RevokeResult>;
  /** Revokes every code of the survey not yet used; returns how many. */
  revokeUnused(surveyId: string, audit?: (revoked: number) => AuditRecord, now?: Date): Promise<number>;
  /** Which of these hashes are codes of the survey, whatever their state (printing a code must not tell if it was used). */
  knownHashes(surveyId: string, hashes: readonly string[]): Promise<Set<string>>;
}

export interface NewDraft {
  surveyId: string;
  surveyVersion: number;
  lang: Lang;
  channel: Channel;
  codeHash: string | null;
  days: number;
}

export interface DraftRepository {
  create(input: NewDraft, now?: Date): Promise<Draft>;
  /** Stores a draft under a token chosen beforehand; undefined when that token is already stored. */
  store(
    input: NewDraft & { token: string; startedAt: string; answers: Answers },
    now?: Date,
  ): Promise<Draft | undefined>;
  find(token: string): Promise<Draft | undefined>;
  findByResumeCode(surveyId: string, code: string): Promise<Draft | undefined>;
  /** Saves the answers of a draft not yet sent (a sent one's tombstone stays empty). */
  save(token: string, answers: Answers, lang: Lang, now?: Date): Promise<void>;
  /** Drafts of a survey still open (not sent, not expired): what the cap against a flood counts. */
  countOpen(surveyId: string, now?: Date): Promise<number>;
  /** Open drafts of a survey holding no answer at all. */
  countEmptyOpen(surveyId: string, now?: Date): Promise<number>;
  /**
   * Deletes up to `n` of the oldest open drafts without answers (room under the cap); returns how many.
   * Nodes evicting at the same time delete different drafts, never one twice.
   */
  evictOldestEmpty(surveyId: string, n: number, now?: Date): Promise<number>;
  /** Deletes every open draft of a survey that holds no answer; returns how many. */
  /** Deletes the survey's open drafts holding no answer; `audit` is the line recording it, in the same transaction. */
  purgeEmpty(surveyId: string, now?: Date, audit?: (purged: number) => AuditRecord): Promise<number>;
  purgeExpired(now?: Date): Promise<number>;
  deleteOpen(token: string): Promise<void>;
}

export interface ResponseRepository extends ResponseExportSource, Pick<ImportTarget, "insertAll"> {
  /** Stores a response with its answers, together or not at all (a response id is unique). */
  insert(response: NewResponse): Promise<void>;
  count(surveyId: string): Promise<number>;
  /** Of these ids, those already stored. */
  existingIds(ids: readonly string[]): Promise<string[]>;
  /** Every response of a survey with its answers, in submission order (then id). */
  list(surveyId: string): Promise<StoredResponse[]>;
  /** Whether any response of the survey is synthetic (the demo's): pages then say «dati simulati». */
  hasSynthetic(surveyId: string): Promise<boolean>;
  /** How many responses a survey has, in all, synthetic and by channel: counts only, never who or which. */
  countByChannel(surveyId: string): Promise<ResponseCounts>;
  /** Submission times (ISO) since an instant, for the fieldwork page's last days. */
  submissionTimesSince(surveyId: string, since: string): Promise<string[]>;
  /** Paper questionnaires typed once and waiting for their second typing. */
  countPendingPaper(surveyId: string): Promise<number>;
  /** How many responses match the filter (the responses browser's pages). */
  countMatching(filter: ResponseFilter): Promise<number>;
  /** A page of the matching responses, newest first, without their answers (the browser). */
  listMatching(filter: ResponseFilter, offset: number, limit: number): Promise<ResponseMeta[]>;
  /** One response with its answers; undefined when there is none. */
  find(id: string): Promise<ResponseWithAnswers | undefined>;
  /** Erases one response and its answers with the audit line, in one transaction; false when there was none. */
  erase(id: string, audit: AuditRecord): Promise<boolean>;
}

export type BuildOutcome<T> = { status: "built"; value: T } | { status: "busy" };

export interface SessionStore {
  /** A new session: the id goes in the cookie, only its hash in the database. */
  create(userId: number, now?: Date): Promise<{ id: string; csrfToken: string }>;
  /** The session's user and CSRF token; undefined when unknown, ended, or its account disabled. */
  find(id: string, now?: Date): Promise<{ user: User; csrfToken: string } | undefined>;
  /** Extends an open session to SESSION_HOURS from now; false when it has ended or never was. */
  touch(id: string, now?: Date): Promise<boolean>;
  delete(id: string): Promise<void>;
  deleteForUser(userId: number): Promise<void>;
  purgeExpired(now?: Date): Promise<number>;
}

export interface SignInStore {
  /** The account of this (lower-case) name with its password hash, to check a password against. */
  findForLogin(username: string): Promise<(User & { passwordHash: string }) | undefined>;
  /**
   * A new session for a user who proved who they are, the browser's older session ended (no
   * fixation) and «accesso» written to the audit trail: one transaction.
   */
  open(user: User, previousSessionId: string | undefined, now?: Date): Promise<{ id: string; csrfToken: string }>;
  /** «accesso.fallito» in the audit trail: the name only when it is an account's (a password typed as a name stays out). */
  recordFailure(username: string, now?: Date): Promise<void>;
  /** The session ended and «uscita» in the audit trail: one transaction. */
  close(sessionId: string, username: string, now?: Date): Promise<void>;
}

export interface AccountStore extends InvitationLinks, AccountCreation {
  /** Every account, by name. */
  list(): Promise<User[]>;
  /** One account by its number; undefined when there is none. */
  byId(id: number): Promise<User | undefined>;
  /**
   * A new role, or the account switched off or on, with its audit line, in one transaction. The last
   * active administrator keeps the role (racing changes included); a changed account's sessions end.
   */
  change(id: number, changes: AccountChanges, by: string, now?: Date): Promise<AccountChange>;
  /** A one-time link (its secret) for a new account of `role`, valid for `hours`; audited as `by`'s. */
  invite(role: Role, hours: number, by: string, now?: Date): Promise<string>;
  /** On a fresh install (no account yet) a one-time link, valid 24 hours, to create the first administrator; else null. */
  firstAdminLink(now?: Date): Promise<string | null>;
}

export interface RetentionStore {
  /** Deletes a survey's responses submitted before an instant, with their answers, in one transaction. */
  deleteResponsesBefore(surveyId: string, before: string): Promise<number>;
  /** Deletes a survey's paper questionnaires typed once before an instant and still waiting for the second typing. */
  deletePaperEntriesBefore(surveyId: string, before: string): Promise<number>;
  /** Deletes a survey's drafts (and tombstones) started before an instant. */
  deleteDraftsStartedBefore(surveyId: string, before: string): Promise<number>;
}

export interface AuditStore {
  record(entry: AuditRecord, now?: Date): Promise<void>;
  /** The newest lines first, at most `limit` of them. */
  list(limit?: number): Promise<AuditEntry[]>;
}

export interface SurveyStore {
  /**
   * Records each published version (with its catalogue) the first time it is seen; refuses a version
   * whose content changed under the same number (PublishedVersionChanged).
   */
  publish(surveys: LoadedSurvey[], now?: Date): Promise<void>;
  /** Every version ever published, so drafts and responses of older versions can still be read. */
  readPublished(): Promise<LoadedSurvey[]>;
  findSettings(surveyId: string): Promise<SurveySettings | undefined>;
  allSettings(): Promise<Map<string, SurveySettings>>;
  /** Changes a survey's settings (the others kept) with the audit line recording it, in one transaction. */
  saveSettings(surveyId: string, changes: SettingsChanges, audit: AuditRecord, now?: Date): Promise<void>;
}

export type SettingsChanges = Partial<Omit<SurveySettings, "surveyId" | "updatedAt">>;

export interface EnteStore {
  /** What an administrator saved, else the shipped example; the same object while the row is unchanged. */
  load(): Promise<Ente>;
  /** At start: a database without an ente takes the configured file's values (and its example mark). */
  seed(file: string, name?: string, now?: Date): Promise<void>;
  /** The stemma's image, for the header of every page and the favicon; null when none was uploaded. */
  stemma(): Promise<{ image: Buffer; type: string } | null>;
  /** What an administrator confirmed on the «Ente» page (no longer the example), with its audit line, in one transaction. */
  save(fields: EnteFields, by: string, now?: Date): Promise<void>;
  /** A new stemma (an image already checked, with its type) or none, with its audit line, in one transaction. */
  replaceStemma(stemma: { image: Buffer; type: string } | null, by: string, now?: Date): Promise<void>;
}

export interface ReportSettingsStore extends ReportSettingsWrites {
  /** The survey's report settings over the defaults. */
  settings(surveyId: string): Promise<ReportSettings>;
  /** The population margins uploaded for a survey; undefined when the shipped file is used. */
  margins(surveyId: string): Promise<StoredMargins | undefined>;
}

export interface NewFeedback {
  surveyId: string;
  rating: number;
  aspects: string[];
  comment: string;
}

export interface FeedbackRepository {
  /** Stores the rating of a sent questionnaire unless it was rated already (then false); racing posts store one. */
  recordOnce(token: string, row: NewFeedback): Promise<boolean>;
}

/**
 * The survey designer and the catalogue editor: the drafts being edited and the published definitions
 * (table `definitions`: survey versions with their catalogue, and the editor's catalogue versions;
 * rows are only ever inserted). Every write takes the line of the audit trail that records it and
 * writes it in the same transaction.
 */
export interface DesignerStore {
  findDraft(surveyId: string): Promise<StoredDraft | undefined>;
  /** Every draft, by survey id. */
  listDrafts(): Promise<StoredDraft[]>;
  /** Stores a new or changed draft as `by`'s, with its audit line, in one transaction. */
  saveDraft(draft: DraftSurvey, by: string, entry: AuditRecord, now?: Date): Promise<void>;
  /** Throws a draft away with its audit line, in one transaction (the published versions stay). */
  deleteDraft(surveyId: string, entry: AuditRecord, now?: Date): Promise<void>;
  /** Every stored survey version and catalogue version. */
  definitions(): Promise<StoredDefinitions>;
  /**
   * A new version in one transaction that takes turns with every other publication (on every node):
   * `plan` (pure) sees every definition stored before and decides what to store, if anything; the
   * version, the deletion of the draft it came from and the audit line are written together. A number
   * already used is refused by the primary key, and nothing is stored.
   */
  publish<R>(plan: (stored: StoredDefinitions) => DefinitionPlan<R>, now?: Date): Promise<R>;
  /**
   * A short value that changes whenever a version is stored, by any node: what a node compares to know
   * that it must read the published versions again (src/web/common/published-versions.ts).
   */
  definitionsStamp(): Promise<string>;
}

export type DefinitionPlan<R> =
  | { store: false; result: R }
  | { store: true; result: R; version: NewDefinition; audit: AuditRecord; fromDraft?: PublishedDraft<R> };

/**
 * The draft a version is published from, deleted with it only if it is still stored exactly as it was
 * read (`json`): when another request changed, published or threw it away meanwhile, nothing is stored
 * and the publication gives `otherwise`.
 */
export interface PublishedDraft<R> {
  surveyId: string;
  json: string;
  otherwise: R;
}

import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { API_SCOPES, CHANNELS, ROLES, type Role } from "../surveys/vocabulary.js";

/**
 * Every survey and catalogue version ever published. A version, once here, never changes:
 * responses refer to it and reports read it.
 */
export const definitions = sqliteTable(
  "definitions",
  {
    kind: text("kind", { enum: ["survey", "catalogue"] }).notNull(),
    id: text("id").notNull(),
    version: integer("version").notNull(),
    hash: text("hash").notNull(),
    json: text("json").notNull(),
    publishedAt: text("published_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.id, t.version] })],
);

/**
 * A submitted questionnaire. No IP address, user agent or access code is stored, by design.
 * The id is random, so the order of ids says nothing about the order of codes used.
 */
export const responses = sqliteTable(
  "responses",
  {
    id: text("id").primaryKey(),
    surveyId: text("survey_id").notNull(),
    surveyVersion: integer("survey_version").notNull(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    lang: text("lang", { enum: ["it", "en"] }).notNull(),
    /** When the respondent opened the form; null where nobody measured it (paper forms typed in, imports). */
    startedAt: text("started_at"),
    submittedAt: text("submitted_at").notNull(),
    synthetic: integer("synthetic", { mode: "boolean" }).notNull().default(false),
    /** The operator who typed in a paper questionnaire; null for every other channel. */
    enteredBy: text("entered_by"),
    /**
     * The record key of the cell-key method (docs/disclosure-policy.md): a random integer in
     * [0, 2^32) drawn once when the response is stored, never derived from anything else.
     * A published count is perturbed by the sum of its records' keys.
     */
    cellKey: integer("cell_key"),
    /**
     * The answers, one JSON object of text values by answered key (a question id, `question/row` for a
     * matrix row, `question/other`), keys in sorted order. One row per response, not one per answer:
     * storing, reading and erasing a response touch one row (migration 0012; BENCHMARKS.md).
     */
    answers: text("answers").notNull().default("{}"),
  },
  (t) => [index("responses_survey").on(t.surveyId, t.submittedAt)],
);

/**
 * A questionnaire in progress. The token is the secret in the resume link; the short
 * resume code is a second way back for those who can't keep a link. Once submitted, the
 * row stays as a tombstone without answers, so a repeated submit stores nothing twice.
 */
export const drafts = sqliteTable(
  "drafts",
  {
    token: text("token").primaryKey(),
    resumeCode: text("resume_code").notNull().unique(),
    surveyId: text("survey_id").notNull(),
    surveyVersion: integer("survey_version").notNull(),
    channel: text("channel", { enum: CHANNELS }).notNull().default("web"),
    lang: text("lang", { enum: ["it", "en"] }).notNull(),
    answers: text("answers").notNull().default("{}"),
    /** Hash of the access code checked at the start, consumed at submission, then cleared. */
    codeHash: text("code_hash"),
    startedAt: text("started_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    submitted: integer("submitted", { mode: "boolean" }).notNull().default(false),
    /** Set when the end-of-service rating of this (sent) questionnaire was stored: one rating each. */
    rated: integer("rated", { mode: "boolean" }).notNull().default(false),
  },
  // drafts_open: the cap on open drafts counts a survey's open ones at every start, from the index alone.
  (t) => [index("drafts_expiry").on(t.expiresAt), index("drafts_open").on(t.surveyId, t.submitted, t.expiresAt)],
);

/**
 * Keys the server draws for itself on first use (e.g. the one that seals the link of a questionnaire
 * started but not yet answered, which is stored nowhere else). Never a password, never shown.
 */
export const serverKeys = sqliteTable("server_keys", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
});

/** Single-use access codes, stored only as hashes; `used` is a flag, never a time or a link. */
export const accessCodes = sqliteTable("access_codes", {
  codeHash: text("code_hash").primaryKey(),
  surveyId: text("survey_id").notNull(),
  used: integer("used", { mode: "boolean" }).notNull().default(false),
  revoked: integer("revoked", { mode: "boolean" }).notNull().default(false),
  createdAt: text("created_at").notNull(),
});

/** The AGID end-of-service rating (C.SE.1.7); kept apart from responses and dated by day only. */
export const feedback = sqliteTable("feedback", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  surveyId: text("survey_id").notNull(),
  rating: integer("rating").notNull(),
  aspects: text("aspects").notNull().default(""),
  comment: text("comment").notNull().default(""),
  day: text("day")
    .notNull()
    .default(sql`(date('now'))`),
});

export { ROLES, type Role };

/** Staff of the comune who run the fieldwork or read the reports. Passwords are argon2id hashes. */
export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  username: text("username").notNull().unique(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: ROLES }).notNull(),
  disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
  createdAt: text("created_at").notNull(),
});

/** Server-side sessions; the cookie holds a random id, the table only its hash. */
export const sessions = sqliteTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [index("sessions_expiry").on(t.expiresAt)],
);

/** One-time links that create an account (the first admin on a fresh install). */
export const setupTokens = sqliteTable("setup_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  role: text("role", { enum: ROLES }).notNull(),
  expiresAt: text("expires_at").notNull(),
  used: integer("used", { mode: "boolean" }).notNull().default(false),
});

/** Who did what, when: every administrative action. Never holds answers or passwords. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    username: text("username").notNull(),
    action: text("action").notNull(),
    target: text("target").notNull().default(""),
    details: text("details").notNull().default(""),
  },
  (t) => [index("audit_at").on(t.at)],
);

/**
 * How administrators run a survey's fieldwork, beside its immutable definition:
 * a status that overrides the file's, opening and closing dates, retention.
 */
export const surveySettings = sqliteTable("survey_settings", {
  surveyId: text("survey_id").primaryKey(),
  status: text("status", { enum: ["draft", "open", "closed"] }),
  opensAt: text("opens_at"),
  closesAt: text("closes_at"),
  /** Drafts older than this many days are purged (the definition's draftDays when null). */
  draftDays: integer("draft_days"),
  /** Responses submitted before this date are deleted by the retention job (null: kept). */
  retainUntil: text("retain_until"),
  updatedAt: text("updated_at").notNull(),
});

/** A survey being designed in the browser: the JSON definition as last saved, not yet published. */
export const surveyDrafts = sqliteTable("survey_drafts", {
  surveyId: text("survey_id").primaryKey(),
  json: text("json").notNull(),
  updatedAt: text("updated_at").notNull(),
  updatedBy: text("updated_by").notNull(),
});

/**
 * A paper questionnaire typed once and waiting for its second, independent typing (double entry).
 * It becomes a response only when both typings agree or an operator has resolved every difference;
 * until then it holds answers, so it can be discarded like a draft.
 */
export const paperEntries = sqliteTable("paper_entries", {
  id: text("id").primaryKey(),
  surveyId: text("survey_id").notNull(),
  surveyVersion: integer("survey_version").notNull(),
  answers: text("answers").notNull(),
  enteredBy: text("entered_by").notNull(),
  createdAt: text("created_at").notNull(),
  /** The second typing, kept while its differences from the first are being resolved. */
  secondAnswers: text("second_answers"),
  secondBy: text("second_by"),
});

/** The report's settings for a survey (criteria weights, gate, bootstrap), as JSON; edited by admins. */
export const reportSettings = sqliteTable("report_settings", {
  surveyId: text("survey_id").primaryKey(),
  json: text("json").notNull(),
  updatedAt: text("updated_at").notNull(),
  updatedBy: text("updated_by").notNull(),
});

/** Census margins uploaded for a survey; without a row the shipped file of the configuration is used. */
export const reportMargins = sqliteTable("report_margins", {
  surveyId: text("survey_id").primaryKey(),
  name: text("name").notNull(),
  csv: text("csv").notNull(),
  illustrative: integer("illustrative", { mode: "boolean" }).notNull(),
  source: text("source").notNull(),
  uploadedAt: text("uploaded_at").notNull(),
  uploadedBy: text("uploaded_by").notNull(),
});

/**
 * The comune running this installation (one row, id 1): name, IPA code, contacts and the links the
 * footer and the privacy notice need, as JSON checked by src/ente/schema.ts; the stemma as an image.
 * Without a row the shipped example (config/ente.json, Comune di Limbiate) applies.
 */
export const ente = sqliteTable("ente", {
  id: integer("id").primaryKey(),
  json: text("json").notNull(),
  /** Still the shipped example values, not yet confirmed by an administrator. */
  example: integer("example", { mode: "boolean" }).notNull(),
  stemma: blob("stemma", { mode: "buffer" }),
  stemmaType: text("stemma_type"),
  updatedAt: text("updated_at").notNull(),
  updatedBy: text("updated_by").notNull(),
});

/**
 * A report the giunta has marked «pubblicato»: the published report as JSON (what the open data
 * serves, unchanged by later answers until published again). Without a row the open data is not public.
 */
export const reportPublications = sqliteTable("report_publications", {
  surveyId: text("survey_id").primaryKey(),
  reportJson: text("report_json").notNull(),
  publishedAt: text("published_at").notNull(),
  publishedBy: text("published_by").notNull(),
});

export { API_SCOPES };

/** Read-only API tokens: only the SHA-256 of a token is stored; scoped to one survey and to aggregates or microdata. */
export const apiTokens = sqliteTable("api_tokens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  tokenHash: text("token_hash").notNull().unique(),
  name: text("name").notNull(),
  surveyId: text("survey_id").notNull(),
  scope: text("scope", { enum: API_SCOPES }).notNull(),
  createdAt: text("created_at").notNull(),
  createdBy: text("created_by").notNull(),
  revokedAt: text("revoked_at"),
  lastUsedAt: text("last_used_at"),
});

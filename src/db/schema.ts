import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
    channel: text("channel", { enum: ["web", "kiosk", "paper", "import"] }).notNull(),
    lang: text("lang", { enum: ["it", "en"] }).notNull(),
    startedAt: text("started_at").notNull(),
    submittedAt: text("submitted_at").notNull(),
    synthetic: integer("synthetic", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("responses_survey").on(t.surveyId, t.submittedAt)],
);

/** One row per answered key: a question id, `question/row` for a matrix row, `question/other`. */
export const answers = sqliteTable(
  "answers",
  {
    responseId: text("response_id").notNull().references(() => responses.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    value: text("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.key] })],
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
    channel: text("channel", { enum: ["web", "kiosk", "paper", "import"] }).notNull().default("web"),
    lang: text("lang", { enum: ["it", "en"] }).notNull(),
    answers: text("answers").notNull().default("{}"),
    /** Hash of the access code checked at the start, consumed at submission, then cleared. */
    codeHash: text("code_hash"),
    startedAt: text("started_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    submitted: integer("submitted", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("drafts_expiry").on(t.expiresAt)],
);

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
  day: text("day").notNull().default(sql`(date('now'))`),
});

import { sql } from "drizzle-orm";
import { bigint, boolean, customType, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { CHANNELS } from "../../surveys/vocabulary.js";
import { API_SCOPES, ROLES } from "../schema.js";

/**
 * The PostgreSQL twin of src/db/schema.ts: the same tables, columns (same SQL and property names),
 * keys and indexes, so rows read from one engine can be written to the other unchanged.
 * tests/storage/schema-parity.test.ts fails while the two differ: change both together, then
 * `npm run db:generate` and `npm run db:generate:pg`. The comments on meaning are in src/db/schema.ts.
 * Type choices: SQLite's boolean-mode integers are `boolean`; the cell key (up to 2^32 − 1) is a
 * `bigint` read as a number; the stemma's blob is `bytea`; autoincrement ids are identity columns
 * that accept explicit values (copy-database keeps every id).
 */

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => "bytea",
});

export const definitions = pgTable(
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

export const responses = pgTable(
  "responses",
  {
    id: text("id").primaryKey(),
    surveyId: text("survey_id").notNull(),
    surveyVersion: integer("survey_version").notNull(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    lang: text("lang", { enum: ["it", "en"] }).notNull(),
    startedAt: text("started_at"),
    submittedAt: text("submitted_at").notNull(),
    synthetic: boolean("synthetic").notNull().default(false),
    enteredBy: text("entered_by"),
    cellKey: bigint("cell_key", { mode: "number" }),
    /** As on SQLite: one JSON object of text values by answered key, keys in sorted order (text, not jsonb, so a row moves between engines unchanged). */
    answers: text("answers").notNull().default("{}"),
  },
  (t) => [index("responses_survey").on(t.surveyId, t.submittedAt)],
);

export const drafts = pgTable(
  "drafts",
  {
    token: text("token").primaryKey(),
    resumeCode: text("resume_code").notNull().unique(),
    surveyId: text("survey_id").notNull(),
    surveyVersion: integer("survey_version").notNull(),
    channel: text("channel", { enum: CHANNELS }).notNull().default("web"),
    lang: text("lang", { enum: ["it", "en"] }).notNull(),
    answers: text("answers").notNull().default("{}"),
    codeHash: text("code_hash"),
    startedAt: text("started_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    submitted: boolean("submitted").notNull().default(false),
    rated: boolean("rated").notNull().default(false),
  },
  // drafts_open: the cap on open drafts counts a survey's open ones at every start, from the index alone.
  (t) => [index("drafts_expiry").on(t.expiresAt), index("drafts_open").on(t.surveyId, t.submitted, t.expiresAt)],
);

export const serverKeys = pgTable("server_keys", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
});

export const accessCodes = pgTable("access_codes", {
  codeHash: text("code_hash").primaryKey(),
  surveyId: text("survey_id").notNull(),
  used: boolean("used").notNull().default(false),
  revoked: boolean("revoked").notNull().default(false),
  createdAt: text("created_at").notNull(),
});

export const feedback = pgTable("feedback", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  surveyId: text("survey_id").notNull(),
  rating: integer("rating").notNull(),
  aspects: text("aspects").notNull().default(""),
  comment: text("comment").notNull().default(""),
  // The same text as SQLite's date('now'): the UTC day, YYYY-MM-DD.
  day: text("day")
    .notNull()
    .default(sql`to_char(now() at time zone 'UTC', 'YYYY-MM-DD')`),
});

export const users = pgTable("users", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  username: text("username").notNull().unique(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: ROLES }).notNull(),
  disabled: boolean("disabled").notNull().default(false),
  createdAt: text("created_at").notNull(),
});

export const sessions = pgTable(
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

export const setupTokens = pgTable("setup_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  role: text("role", { enum: ROLES }).notNull(),
  expiresAt: text("expires_at").notNull(),
  used: boolean("used").notNull().default(false),
});

export const auditLog = pgTable(
  "audit_log",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    at: text("at").notNull(),
    username: text("username").notNull(),
    action: text("action").notNull(),
    target: text("target").notNull().default(""),
    details: text("details").notNull().default(""),
  },
  (t) => [index("audit_at").on(t.at)],
);

export const surveySettings = pgTable("survey_settings", {
  surveyId: text("survey_id").primaryKey(),
  status: text("status", { enum: ["draft", "open", "closed"] }),
  opensAt: text("opens_at"),
  closesAt: text("closes_at"),
  draftDays: integer("draft_days"),
  retainUntil: text("retain_until"),
  updatedAt: text("updated_at").notNull(),
});

export const surveyDrafts = pgTable("survey_drafts", {
  surveyId: text("survey_id").primaryKey(),
  json: text("json").notNull(),
  updatedAt: text("updated_at").notNull(),
  updatedBy: text("updated_by").notNull(),
});

export const paperEntries = pgTable("paper_entries", {
  id: text("id").primaryKey(),
  surveyId: text("survey_id").notNull(),
  surveyVersion: integer("survey_version").notNull(),
  answers: text("answers").notNull(),
  enteredBy: text("entered_by").notNull(),
  createdAt: text("created_at").notNull(),
  secondAnswers: text("second_answers"),
  secondBy: text("second_by"),
});

export const reportSettings = pgTable("report_settings", {
  surveyId: text("survey_id").primaryKey(),
  json: text("json").notNull(),
  updatedAt: text("updated_at").notNull(),
  updatedBy: text("updated_by").notNull(),
});

export const reportMargins = pgTable("report_margins", {
  surveyId: text("survey_id").primaryKey(),
  name: text("name").notNull(),
  csv: text("csv").notNull(),
  illustrative: boolean("illustrative").notNull(),
  source: text("source").notNull(),
  uploadedAt: text("uploaded_at").notNull(),
  uploadedBy: text("uploaded_by").notNull(),
});

export const ente = pgTable("ente", {
  id: integer("id").primaryKey(),
  json: text("json").notNull(),
  example: boolean("example").notNull(),
  stemma: bytea("stemma"),
  stemmaType: text("stemma_type"),
  updatedAt: text("updated_at").notNull(),
  updatedBy: text("updated_by").notNull(),
});

export const reportPublications = pgTable("report_publications", {
  surveyId: text("survey_id").primaryKey(),
  reportJson: text("report_json").notNull(),
  publishedAt: text("published_at").notNull(),
  publishedBy: text("published_by").notNull(),
});

export const apiTokens = pgTable("api_tokens", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  tokenHash: text("token_hash").notNull().unique(),
  name: text("name").notNull(),
  surveyId: text("survey_id").notNull(),
  scope: text("scope", { enum: API_SCOPES }).notNull(),
  createdAt: text("created_at").notNull(),
  createdBy: text("created_by").notNull(),
  revokedAt: text("revoked_at"),
  lastUsedAt: text("last_used_at"),
});

/**
 * PostgreSQL only: the counters behind the rate limits and the sign-in back-off, shared by every app
 * node (src/storage/postgres/counters.ts). SQLite runs one node, which keeps them in memory. The key
 * is an HMAC of the limit and the client, never the address itself; `expires_at` is in milliseconds.
 */
export const rateCounters = pgTable(
  "rate_counters",
  {
    key: text("key").primaryKey(),
    count: integer("count").notNull(),
    expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
  },
  (t) => [index("rate_counters_expiry").on(t.expiresAt)],
);

/**
 * PostgreSQL only: the last finished report of each view (survey and filters), so that one app node
 * builds it and every node serves it. `inputs` is the fingerprint of the data it was built from
 * (src/report/inputs.ts): a node serves the row only while the data still has that fingerprint.
 * SQLite runs one node, which keeps its finished reports in memory.
 */
export const reportResults = pgTable("report_results", {
  viewKey: text("view_key").primaryKey(),
  inputs: text("inputs").notNull(),
  report: text("report").notNull(),
  builtAt: text("built_at").notNull(),
});

/**
 * PostgreSQL only: which counter hit a thing holds (a draft holds one of its client's share of the
 * open drafts), so that any app node gives it back when the thing is done (the questionnaire sent).
 * Both columns are HMACs under the counters' key (src/storage/postgres/counters.ts): no address and
 * no draft token in clear. `expires_at` in milliseconds.
 */
export const counterOwners = pgTable(
  "counter_owners",
  {
    owner: text("owner").primaryKey(),
    key: text("key").notNull(),
    expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
  },
  (t) => [index("counter_owners_expiry").on(t.expiresAt)],
);

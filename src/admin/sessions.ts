/** Staff sessions and signing in: what the pages and both engines share (the rows are in src/storage). */

export type { User } from "./user.js";
export type { Role } from "../surveys/vocabulary.js";

/** How long a session lasts since its last request. */
export const SESSION_HOURS = 8;

/** What the audit trail says instead of a name that is no account's. */
export const UNKNOWN_USERNAME = "(nome utente inesistente)";

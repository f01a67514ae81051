import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, gte, lt } from "drizzle-orm";
import { SESSION_HOURS, UNKNOWN_USERNAME } from "../admin/sessions.js";
import type { User } from "../admin/user.js";
import { audit } from "./sqlite-audit.js";
import type { Db } from "../db/client.js";
import { sessions, setupTokens, users, type Role } from "../db/schema.js";
import { later } from "./later.js";
import { findUserForLogin, publicColumns, usernameTaken } from "./sqlite-users.js";
import type { SessionStore, SignInStore } from "./types.js";

const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex");

/** A new session: the id goes in the cookie, only its hash in the database (a stolen backup opens nothing). */
export function createSession(db: Db, userId: number, now = new Date()): { id: string; csrfToken: string } {
  const id = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(32).toString("base64url");
  db.insert(sessions)
    .values({
      idHash: sha256(id),
      userId,
      csrfToken,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString(),
    })
    .run();
  return { id, csrfToken };
}

export function findSession(db: Db, id: string, now = new Date()): { user: User; csrfToken: string } | undefined {
  const row = db
    .select({
      user: publicColumns,
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(eq(sessions.idHash, sha256(id)))
    .get();
  if (!row || row.expiresAt < now.toISOString() || row.user.disabled) return undefined;
  return { user: row.user, csrfToken: row.csrfToken };
}

/** Extends a session still open to SESSION_HOURS from now; false when it has ended or never was. */
export function touchSession(db: Db, id: string, now = new Date()): boolean {
  return (
    db
      .update(sessions)
      .set({ expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString() })
      .where(and(eq(sessions.idHash, sha256(id)), gte(sessions.expiresAt, now.toISOString())))
      .run().changes === 1
  );
}

export function deleteSession(db: Db, id: string): void {
  db.delete(sessions)
    .where(eq(sessions.idHash, sha256(id)))
    .run();
}

export function deleteUserSessions(db: Db, userId: number): void {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

export function purgeExpiredSessions(db: Db, now = new Date()): number {
  return db.delete(sessions).where(lt(sessions.expiresAt, now.toISOString())).run().changes;
}

/** A one-time link that lets its holder create an account with the given role. */
export function createSetupToken(db: Db, role: Role, hours: number, now = new Date()): string {
  const token = randomBytes(24).toString("base64url");
  db.insert(setupTokens)
    .values({ tokenHash: sha256(token), role, expiresAt: new Date(now.getTime() + hours * 3_600_000).toISOString() })
    .run();
  return token;
}

export function findSetupToken(db: Db, token: string, now = new Date()): { role: Role } | undefined {
  const row = db
    .select()
    .from(setupTokens)
    .where(eq(setupTokens.tokenHash, sha256(token)))
    .get();
  if (!row || row.used || row.expiresAt < now.toISOString()) return undefined;
  return { role: row.role };
}

/**
 * Marks the token used if and only if it is still usable (one UPDATE with the condition in its WHERE):
 * of parallel requests with the same link exactly one sees a change. False for every other.
 */
export function consumeSetupToken(db: Db, token: string, now = new Date()): boolean {
  return (
    db
      .update(setupTokens)
      .set({ used: true })
      .where(
        and(
          eq(setupTokens.tokenHash, sha256(token)),
          eq(setupTokens.used, false),
          gt(setupTokens.expiresAt, now.toISOString()),
        ),
      )
      .run().changes === 1
  );
}

/** Staff sessions on SQLite: rows in `sessions`, only the hash of each id stored. */
export function createSqliteSessionStore(db: Db): SessionStore {
  return {
    create: (userId, now) => later(() => createSession(db, userId, now)),
    find: (id, now) => later(() => findSession(db, id, now)),
    touch: (id, now) => later(() => touchSession(db, id, now)),
    delete: (id) => later(() => deleteSession(db, id)),
    deleteForUser: (userId) => later(() => deleteUserSessions(db, userId)),
    purgeExpired: (now) => later(() => purgeExpiredSessions(db, now)),
  };
}

/** Signing in and out on SQLite: the session and the line in the audit trail go together. */
export function createSqliteSignInStore(db: Db): SignInStore {
  return {
    findForLogin: (username) => later(() => findUserForLogin(db, username)),
    open: (user, previousSessionId, now) => later(() => signIn(db, user, previousSessionId, now)),
    recordFailure: (username, now) => later(() => recordFailedSignIn(db, username, now)),
    close: (sessionId, username, now) => later(() => signOut(db, sessionId, username, now)),
  };
}

/** A fresh session for a user who proved who they are; an older session of this browser is dropped (no fixation). */
function signIn(db: Db, user: User, previousSessionId?: string, now = new Date()): { id: string; csrfToken: string } {
  return db.transaction((tx) => {
    if (previousSessionId) deleteSession(tx, previousSessionId);
    const session = createSession(tx, user.id, now);
    audit(tx, { username: user.username, action: "accesso" }, now);
    return session;
  });
}

/** The name is written only when it is an account's: a password typed in the wrong field stays out of the log. */
function recordFailedSignIn(db: Db, username: string, now = new Date()): void {
  audit(db, { username: usernameTaken(db, username) ? username : UNKNOWN_USERNAME, action: "accesso.fallito" }, now);
}

function signOut(db: Db, sessionId: string, username: string, now = new Date()): void {
  db.transaction((tx) => {
    deleteSession(tx, sessionId);
    audit(tx, { username, action: "uscita" }, now);
  });
}

import { and, asc, count, eq } from "drizzle-orm";
import type { User } from "../admin/user.js";
import type { Db } from "../db/client.js";
import { users, type Role } from "../db/schema.js";

/** Every column of a user but the password hash: what pages may see (the `User` type). */
export const publicColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  disabled: users.disabled,
  createdAt: users.createdAt,
};

export function insertUser(
  db: Db,
  input: { username: string; displayName: string; passwordHash: string; role: Role },
  now = new Date(),
): User {
  return db
    .insert(users)
    .values({ ...input, createdAt: now.toISOString() })
    .returning(publicColumns)
    .get();
}

export function findUserForLogin(db: Db, username: string): (User & { passwordHash: string }) | undefined {
  return db
    .select({ ...publicColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.username, username))
    .get();
}

export function findUserById(db: Db, id: number): User | undefined {
  return db.select(publicColumns).from(users).where(eq(users.id, id)).get();
}

export function usernameTaken(db: Db, username: string): boolean {
  return !!db.select({ id: users.id }).from(users).where(eq(users.username, username)).get();
}

export function listUsers(db: Db): User[] {
  return db.select(publicColumns).from(users).orderBy(asc(users.username)).all();
}

export function countActiveAdmins(db: Db): number {
  return (
    db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, "admin"), eq(users.disabled, false)))
      .get()?.n ?? 0
  );
}

export function countUsers(db: Db): number {
  return db.select({ n: count() }).from(users).get()?.n ?? 0;
}

export function updateUser(
  db: Db,
  id: number,
  changes: { role?: Role; disabled?: boolean; passwordHash?: string },
): void {
  db.update(users).set(changes).where(eq(users.id, id)).run();
}

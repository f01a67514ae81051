import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { serverKeys } from "../db/schema.js";

/** A 256-bit key the server keeps for itself, drawn on first use (kept across restarts). */
export function serverKey(db: Db, name: string): Buffer {
  const found = db.select({ value: serverKeys.value }).from(serverKeys).where(eq(serverKeys.name, name)).get();
  if (found) return Buffer.from(found.value, "base64url");
  db.insert(serverKeys)
    .values({ name, value: randomBytes(32).toString("base64url") })
    .onConflictDoNothing()
    .run();
  return serverKey(db, name);
}

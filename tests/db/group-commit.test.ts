import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { inGroupCommit } from "../../src/db/group-commit.js";
import { auditLog } from "../../src/db/schema.js";
import { tempDatabasePath } from "../helpers/report-service.js";

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) c.close();
});

function databases(): { db: Database; other: SQLite.Database } {
  const path = tempDatabasePath();
  const db = openDatabase(path);
  const other = new SQLite(path, { readonly: true });
  opened.push(other, db.$client);
  return { db, other };
}

const countOn = (c: SQLite.Database): number =>
  (c.prepare("SELECT count(*) AS n FROM audit_log").get() as { n: number }).n;
const write = (db: Database, n: number) =>
  db
    .insert(auditLog)
    .values({ at: "2026-12-01T00:00:00.000Z", username: `u${n}`, action: "prova", target: "t", details: "" })
    .run();

describe("group commit", () => {
  it("puts the writes of one moment in one transaction, and settles each only once all are committed", async () => {
    const { db, other } = databases();
    const seenByOthers: number[] = [];
    const writes = [1, 2, 3, 4].map((n) =>
      inGroupCommit(db, (tx) => {
        // Another connection sees none of the group's writes before its single commit.
        seenByOthers.push(countOn(other));
        write(tx as Database, n);
        return n;
      }),
    );
    const settled = await Promise.all(writes.map((p) => p.then((n) => ({ n, committed: countOn(other) }))));
    expect(seenByOthers).toEqual([0, 0, 0, 0]);
    expect(settled).toEqual([1, 2, 3, 4].map((n) => ({ n, committed: 4 })));
  });

  it("rolls back only the write that fails; the others are stored", async () => {
    const { db, other } = databases();
    const results = await Promise.allSettled([
      inGroupCommit(db, (tx) => write(tx as Database, 1)),
      inGroupCommit(db, (tx) => {
        write(tx as Database, 2);
        throw new Error("rifiutata");
      }),
      inGroupCommit(db, (tx) => write(tx as Database, 3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(other.prepare("SELECT username FROM audit_log ORDER BY username").all()).toEqual([
      { username: "u1" },
      { username: "u3" },
    ]);
  });

  it("a write of a later moment goes in the next group", async () => {
    const { db, other } = databases();
    await inGroupCommit(db, (tx) => write(tx as Database, 1));
    const seen = await inGroupCommit(db, (tx) => {
      write(tx as Database, 2);
      return countOn(other);
    });
    expect(seen).toBe(1);
    expect(countOn(other)).toBe(2);
  });
});

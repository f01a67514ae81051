import { afterEach, describe, expect, it } from "vitest";
import { insertUser } from "../../src/storage/sqlite-users.js";
import { openDatabase } from "../../src/db/client.js";
import { closePostgres, openPostgres } from "../../src/db/pg/client.js";
import { auditLog, users } from "../../src/db/pg/schema.js";
import { listAudit } from "../../src/storage/sqlite-audit.js";
import { createSharedLimiter } from "../../src/storage/counters.js";
import { openPostgresStorage } from "../../src/storage/postgres/index.js";
import { createSqliteStorage } from "../../src/storage/sqlite.js";
import type { Storage } from "../../src/storage/types.js";
import { HAS_POSTGRES, usePostgres } from "../helpers/postgres.js";

/**
 * The state app nodes must share — staff sessions, rate-limit counters, report builds — as one
 * contract on SQLite (the single-node default: sessions as rows, counters in memory) and on a real
 * PostgreSQL (everything in the database).
 */
const server = usePostgres();
const NOW = new Date("2026-12-01T10:00:00.000Z");
const T = NOW.getTime();
const HOUR = 3_600_000;

interface Opened {
  storage: Storage;
  /** Adds a staff account (disabled or not) and returns its id. */
  addUser: (username: string, disabled?: boolean) => Promise<number>;
  /** The audit trail, oldest first: who and what. */
  auditTrail: () => Promise<{ username: string; action: string }[]>;
}

const engines: { name: string; available: boolean; open(): Promise<Opened> }[] = [
  {
    name: "sqlite",
    available: true,
    open: () => {
      const db = openDatabase(":memory:");
      return Promise.resolve({
        storage: createSqliteStorage(db),
        addUser: (username, disabled = false) => {
          const user = insertUser(db, { username, displayName: username, passwordHash: "x", role: "admin" }, NOW);
          if (disabled) db.$client.prepare("UPDATE users SET disabled = 1 WHERE id = ?").run(user.id);
          return Promise.resolve(user.id);
        },
        auditTrail: () =>
          Promise.resolve(
            listAudit(db)
              .reverse()
              .map(({ username, action }) => ({ username, action })),
          ),
      });
    },
  },
  {
    name: "postgres",
    available: HAS_POSTGRES,
    open: async () => {
      const url = await server().createDatabase();
      const storage = await openPostgresStorage(url, { max: 4 });
      return {
        storage,
        addUser: async (username, disabled = false) => {
          const db = await openPostgres(url, { max: 1 });
          try {
            const [row] = await db
              .insert(users)
              .values({
                username,
                displayName: username,
                passwordHash: "x",
                role: "admin",
                disabled,
                createdAt: NOW.toISOString(),
              })
              .returning({ id: users.id });
            return row.id;
          } finally {
            await closePostgres(db);
          }
        },
        auditTrail: async () => {
          const db = await openPostgres(url, { max: 1 });
          try {
            return await db
              .select({ username: auditLog.username, action: auditLog.action })
              .from(auditLog)
              .orderBy(auditLog.id);
          } finally {
            await closePostgres(db);
          }
        },
      };
    },
  },
];

describe.each(engines)("shared state on $name", (engine) => {
  let opened: Opened | undefined;
  afterEach(async () => {
    await opened?.storage.close();
    opened = undefined;
  });
  const start = async (): Promise<Opened> => (opened = await engine.open());

  describe.skipIf(!engine.available)("sessions", () => {
    it("are found until they end, extended by touch, ended by delete", async () => {
      const { storage, addUser } = await start();
      const userId = await addUser("sindaca");
      const { id, csrfToken } = await storage.sessions.create(userId, NOW);
      expect(id).not.toBe(csrfToken);
      const found = await storage.sessions.find(id, NOW);
      expect(found?.user).toMatchObject({ id: userId, username: "sindaca", role: "admin", disabled: false });
      expect(found?.csrfToken).toBe(csrfToken);
      expect(await storage.sessions.find("not-a-session", NOW)).toBeUndefined();
      // Eight hours from creation it has ended; touched after seven, it lasts eight hours from then.
      expect(await storage.sessions.find(id, new Date(T + 9 * HOUR))).toBeUndefined();
      expect(await storage.sessions.touch(id, new Date(T + 7 * HOUR))).toBe(true);
      expect(await storage.sessions.find(id, new Date(T + 9 * HOUR))).toBeDefined();
      expect(await storage.sessions.find(id, new Date(T + 16 * HOUR))).toBeUndefined();
      // A session that has ended cannot be brought back by touching it.
      expect(await storage.sessions.touch(id, new Date(T + 16 * HOUR))).toBe(false);
      expect(await storage.sessions.touch("not-a-session", NOW)).toBe(false);
      const other = await storage.sessions.create(userId, NOW);
      await storage.sessions.delete(other.id);
      expect(await storage.sessions.find(other.id, NOW)).toBeUndefined();
    });

    it("of a disabled account are not found; all of a user's sessions end together", async () => {
      const { storage, addUser } = await start();
      const off = await addUser("sospeso", true);
      const offSession = await storage.sessions.create(off, NOW);
      expect(await storage.sessions.find(offSession.id, NOW)).toBeUndefined();
      const userId = await addUser("assessore");
      const a = await storage.sessions.create(userId, NOW);
      const b = await storage.sessions.create(userId, NOW);
      await storage.sessions.deleteForUser(userId);
      expect(await storage.sessions.find(a.id, NOW)).toBeUndefined();
      expect(await storage.sessions.find(b.id, NOW)).toBeUndefined();
    });

    it("that have ended are purged, the open ones kept", async () => {
      const { storage, addUser } = await start();
      const userId = await addUser("ufficio");
      const old = await storage.sessions.create(userId, NOW);
      const recent = await storage.sessions.create(userId, new Date(T + 6 * HOUR));
      expect(await storage.sessions.purgeExpired(new Date(T + 9 * HOUR))).toBe(1);
      expect(await storage.sessions.purgeExpired(new Date(T + 9 * HOUR))).toBe(0);
      expect(await storage.sessions.find(old.id, new Date(T + 7 * HOUR))).toBeUndefined();
      expect(await storage.sessions.find(recent.id, new Date(T + 9 * HOUR))).toBeDefined();
    });
  });

  describe.skipIf(!engine.available)("sign-ins", () => {
    it("find an account with its hash; open a session (ending the browser's older one) and close it, each audited", async () => {
      const { storage, addUser, auditTrail } = await start();
      const id = await addUser("sindaca");
      expect(await storage.signIns.findForLogin("nessuno")).toBeUndefined();
      const account = await storage.signIns.findForLogin("sindaca");
      expect(account).toMatchObject({ id, username: "sindaca", role: "admin", disabled: false, passwordHash: "x" });
      const { passwordHash: _, ...user } = account!;
      const first = await storage.signIns.open(user, undefined, NOW);
      expect((await storage.sessions.find(first.id, NOW))?.user.username).toBe("sindaca");
      // A sign-in from the same browser ends the session it had (no fixation).
      const second = await storage.signIns.open(user, first.id, NOW);
      expect(second.id).not.toBe(first.id);
      expect(await storage.sessions.find(first.id, NOW)).toBeUndefined();
      expect((await storage.sessions.find(second.id, NOW))?.csrfToken).toBe(second.csrfToken);
      await storage.signIns.close(second.id, "sindaca", NOW);
      expect(await storage.sessions.find(second.id, NOW)).toBeUndefined();
      expect(await auditTrail()).toEqual([
        { username: "sindaca", action: "accesso" },
        { username: "sindaca", action: "accesso" },
        { username: "sindaca", action: "uscita" },
      ]);
    });

    it("record a failure under the account's name, never under a name that is no account's", async () => {
      const { storage, addUser, auditTrail } = await start();
      await addUser("sindaca");
      await storage.signIns.recordFailure("sindaca", NOW);
      await storage.signIns.recordFailure("una-password-scritta-nel-nome", NOW);
      expect(await auditTrail()).toEqual([
        { username: "sindaca", action: "accesso.fallito" },
        { username: "(nome utente inesistente)", action: "accesso.fallito" },
      ]);
    });
  });

  describe.skipIf(!engine.available)("accounts", () => {
    const account = (username: string) =>
      ({ username, displayName: username, passwordHash: "h", role: "giunta" }) as const;

    it("a fresh install gets a first administrator's link; the link creates one account, once, audited", async () => {
      const { storage, auditTrail } = await start();
      const first = await storage.accounts.firstAdminLink(NOW);
      expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(await storage.accounts.find(first!, NOW)).toEqual({ role: "admin" });
      expect(await storage.accounts.find(first!, new Date(T + 25 * HOUR))).toBeUndefined();
      // Eight requests racing with the one link: exactly one account.
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          storage.accounts.redeem(first!, { ...account(`admin${i}`), role: "admin" }, NOW),
        ),
      );
      expect(outcomes.filter((o) => typeof o === "object")).toHaveLength(1);
      expect(outcomes.filter((o) => o === "used")).toHaveLength(7);
      expect(await storage.accounts.find(first!, NOW)).toBeUndefined();
      expect(await storage.accounts.firstAdminLink(NOW)).toBeNull();
      expect((await storage.accounts.list()).map((u) => u.role)).toEqual(["admin"]);
      expect(await auditTrail()).toEqual([{ username: "(link di attivazione)", action: "utente.creato" }]);
    });

    it("an invitation is audited; a name already taken leaves the link usable for another name", async () => {
      const { storage, addUser, auditTrail } = await start();
      await addUser("sindaca");
      expect(await storage.accounts.firstAdminLink(NOW)).toBeNull();
      const link = await storage.accounts.invite("giunta", 72, "amministratrice", NOW);
      expect(await storage.accounts.find(link, NOW)).toEqual({ role: "giunta" });
      expect(await storage.accounts.usernameTaken("sindaca")).toBe(true);
      expect(await storage.accounts.redeem(link, account("sindaca"), NOW)).toBe("taken");
      expect(await storage.accounts.redeem(link, account("assessore"), NOW)).toMatchObject({
        username: "assessore",
        role: "giunta",
        disabled: false,
      });
      expect(await storage.accounts.redeem(link, account("vicesindaco"), NOW)).toBe("used");
      expect((await storage.accounts.list()).map((u) => u.username)).toEqual(["assessore", "sindaca"]);
      expect(await storage.signIns.findForLogin("assessore")).toMatchObject({ passwordHash: "h" });
      expect(await auditTrail()).toEqual([
        { username: "amministratrice", action: "invito.creato" },
        { username: "(link di attivazione)", action: "utente.creato" },
      ]);
    });
  });

  describe.skipIf(!engine.available)("the accounts page's acts", () => {
    const account = (username: string, role: "admin" | "giunta" = "giunta") =>
      ({ username, displayName: username, passwordHash: "h", role }) as const;

    it("creates an account with its audit line; of eight forms racing with one name, one creates it", async () => {
      const { storage, auditTrail } = await start();
      const made = await storage.accounts.create(account("assessore"), "amministratrice", NOW);
      expect(made).toMatchObject({ username: "assessore", role: "giunta", disabled: false });
      expect(await storage.accounts.byId((made as { id: number }).id)).toEqual(made);
      expect(await storage.accounts.byId(999_999)).toBeUndefined();
      const racing = await Promise.all(
        Array.from({ length: 8 }, () => storage.accounts.create(account("sindaca"), "amministratrice", NOW)),
      );
      expect(racing.filter((o) => o === "taken")).toHaveLength(7);
      expect((await storage.accounts.list()).map((u) => u.username)).toEqual(["assessore", "sindaca"]);
      expect(await auditTrail()).toEqual([
        { username: "amministratrice", action: "utente.creato" },
        { username: "amministratrice", action: "utente.creato" },
      ]);
    });

    it("changes a role or switches an account off, ending its sessions, audited; never the last active administrator", async () => {
      const { storage, addUser, auditTrail } = await start();
      const admin = await addUser("amministratrice");
      const giunta = (await storage.accounts.create(account("assessore"), "amministratrice", NOW)) as { id: number };
      const session = await storage.sessions.create(giunta.id, NOW);
      expect(await storage.accounts.change(giunta.id, { disabled: true }, "amministratrice", NOW)).toEqual({
        ok: true,
      });
      expect(await storage.sessions.find(session.id, NOW)).toBeUndefined();
      expect(
        await storage.accounts.change(giunta.id, { disabled: false, role: "analyst" }, "amministratrice", NOW),
      ).toEqual({ ok: true });
      expect(await storage.accounts.byId(giunta.id)).toMatchObject({ role: "analyst", disabled: false });
      expect(await storage.accounts.change(admin, { role: "giunta" }, "amministratrice", NOW)).toEqual({
        ok: false,
        reason: "last_admin",
      });
      expect(await storage.accounts.change(admin, { disabled: true }, "amministratrice", NOW)).toEqual({
        ok: false,
        reason: "last_admin",
      });
      expect(await storage.accounts.change(999_999, { disabled: true }, "amministratrice", NOW)).toEqual({
        ok: false,
        reason: "not_found",
      });
      expect(await storage.accounts.byId(admin)).toMatchObject({ role: "admin", disabled: false });
      const lines = await storage.audit.list();
      expect(lines.map((l) => [l.action, l.target, l.details])).toEqual([
        ["utente.modificato", "assessore", "ruolo analyst, riattivato"],
        ["utente.modificato", "assessore", "disattivato"],
        ["utente.creato", "assessore", "ruolo giunta"],
      ]);
      expect(await storage.audit.list(1)).toEqual([lines[0]]);
      expect(await auditTrail()).toHaveLength(3);
    });

    it("two administrators demoting each other at once leave one administrator, every time", async () => {
      const { storage } = await start();
      let survivor: number | undefined;
      for (let round = 0; round < 10; round++) {
        const a = (await storage.accounts.create(account(`a${round}`, "admin"), "x", NOW)) as { id: number };
        // The last round's survivor steps aside, so exactly two administrators race.
        if (survivor !== undefined)
          expect(await storage.accounts.change(survivor, { disabled: true }, "x", NOW)).toEqual({ ok: true });
        const b = (await storage.accounts.create(account(`b${round}`, "admin"), "x", NOW)) as { id: number };
        const outcomes = await Promise.all([
          storage.accounts.change(a.id, { role: "giunta" }, `b${round}`, NOW),
          storage.accounts.change(b.id, { disabled: true }, `a${round}`, NOW),
        ]);
        expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
        const admins = (await storage.accounts.list()).filter((u) => u.role === "admin" && !u.disabled);
        expect(admins).toHaveLength(1);
        survivor = admins[0].id;
      }
    });
  });

  describe.skipIf(!engine.available)("counters", () => {
    it("count hits in a fixed window, start afresh when it ends, give back and reset", async () => {
      const { counters } = (await start()).storage;
      expect(await counters.read("k", T)).toBeUndefined();
      expect(await counters.increment("k", 60_000, { now: T })).toEqual({ count: 1, expiresAt: T + 60_000 });
      expect(await counters.increment("k", 60_000, { now: T + 59_999 })).toEqual({ count: 2, expiresAt: T + 60_000 });
      expect(await counters.read("k", T + 1)).toEqual({ count: 2, expiresAt: T + 60_000 });
      await counters.decrement("k", T + 2);
      expect((await counters.read("k", T + 2))?.count).toBe(1);
      await counters.decrement("k", T + 2);
      await counters.decrement("k", T + 2);
      expect((await counters.read("k", T + 2))?.count).toBe(0);
      // The window ends at T + 60 s: the next hit opens a new one.
      expect(await counters.read("k", T + 60_000)).toBeUndefined();
      expect(await counters.increment("k", 60_000, { now: T + 60_000 })).toEqual({ count: 1, expiresAt: T + 120_000 });
      expect(await counters.read("other", T + 60_000)).toBeUndefined();
      await counters.reset("k");
      expect(await counters.read("k", T + 60_000)).toBeUndefined();
    });

    it("in a sliding window, each hit pushes the end; a quiet spell as long as the window forgives", async () => {
      const { counters } = (await start()).storage;
      await counters.increment("pair", 1_000, { now: T, sliding: true });
      expect(await counters.increment("pair", 1_000, { now: T + 900, sliding: true })).toEqual({
        count: 2,
        expiresAt: T + 1_900,
      });
      expect(await counters.increment("pair", 1_000, { now: T + 1_800, sliding: true })).toEqual({
        count: 3,
        expiresAt: T + 2_800,
      });
      expect(await counters.increment("pair", 1_000, { now: T + 2_800, sliding: true })).toEqual({
        count: 1,
        expiresAt: T + 3_800,
      });
    });

    it("count every one of many racing hits, each seeing its own total", async () => {
      const { counters } = (await start()).storage;
      const totals = await Promise.all(
        Array.from({ length: 20 }, () => counters.increment("burst", 60_000, { now: T })),
      );
      expect(totals.map((t) => t.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it("forget the windows that have ended", async () => {
      const { counters } = (await start()).storage;
      await counters.increment("short", 1_000, { now: T });
      await counters.increment("long", 10_000, { now: T });
      expect(await counters.purgeExpired(T + 5_000)).toBe(1);
      expect((await counters.read("long", T + 5_000))?.count).toBe(1);
    });

    it("remember which hit an owner holds: released once (on any node), not after its window, forgotten when purged", async () => {
      const { counters } = (await start()).storage;
      const shares = createSharedLimiter(counters, "draft-share-web", 3, 60_000);
      for (const draft of ["d1", "d2", "d3"]) {
        expect(await shares.hit("203.0.113.7", T)).toBe(true);
        await shares.own(draft, "203.0.113.7", T);
      }
      expect(await shares.blocked("203.0.113.7", T)).toBe(true);
      await counters.release("d1", T + 1_000);
      await counters.release("d1", T + 1_000);
      await Promise.all([counters.release("d2", T + 1_000), counters.release("d2", T + 1_000)]);
      expect((await counters.read("draft-share-web\u0000203.0.113.7", T + 1_000))?.count).toBe(1);
      // Owning again keeps the first key; an unknown owner releases nothing.
      await counters.own("d3", "another-key", 60_000, T);
      await counters.release("unknown", T + 1_000);
      await counters.release("d3", T + 1_000);
      expect((await counters.read("draft-share-web\u0000203.0.113.7", T + 1_000))?.count).toBe(0);
      // A hold past its window gives nothing back to the next window; the purge forgets it.
      expect(await shares.hit("203.0.113.7", T + 61_000)).toBe(true);
      await shares.own("d4", "203.0.113.7", T + 61_000);
      await counters.purgeExpired(T + 200_000);
      expect(await shares.hit("203.0.113.7", T + 200_000)).toBe(true);
      await counters.release("d4", T + 200_001);
      expect((await counters.read("draft-share-web\u0000203.0.113.7", T + 200_001))?.count).toBe(1);
    });

    it("behind a limiter: at most `max` per window, each limit counted apart", async () => {
      const { counters } = (await start()).storage;
      const starts = createSharedLimiter(counters, "starts", 3, 60_000);
      const resumes = createSharedLimiter(counters, "resumes", 3, 60_000);
      expect([
        await starts.hit("10.0.0.1", T),
        await starts.hit("10.0.0.1", T),
        await starts.hit("10.0.0.1", T),
      ]).toEqual([true, true, true]);
      expect(await starts.blocked("10.0.0.1", T)).toBe(true);
      expect(await starts.hit("10.0.0.1", T)).toBe(false);
      expect(await resumes.blocked("10.0.0.1", T)).toBe(false);
      expect(await starts.blocked("10.0.0.2", T)).toBe(false);
      await starts.refund("10.0.0.1", T);
      await starts.refund("10.0.0.1", T);
      expect(await starts.blocked("10.0.0.1", T)).toBe(false);
      await starts.reset("10.0.0.1");
      expect(await starts.hit("10.0.0.1", T)).toBe(true);
    });
  });

  describe.skipIf(!engine.available)("report builds", () => {
    it("one build of a report at a time; another report, or the same one afterwards, builds", async () => {
      const { storage } = await start();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const started = new Promise<void>((resolve) => (entered = resolve));
      const first = storage.buildExclusively("prova", "f1", async () => {
        entered();
        await held;
        return "report";
      });
      await started;
      expect(await storage.buildExclusively("prova", "f1", () => Promise.resolve("twice"))).toEqual({ status: "busy" });
      expect(await storage.buildExclusively("prova", "f2", () => Promise.resolve("other"))).toEqual({
        status: "built",
        value: "other",
      });
      release();
      expect(await first).toEqual({ status: "built", value: "report" });
      expect(await storage.buildExclusively("prova", "f1", () => Promise.resolve("again"))).toEqual({
        status: "built",
        value: "again",
      });
    });

    it("a build that fails lets the next one through", async () => {
      const { storage } = await start();
      await expect(storage.buildExclusively("prova", "f", () => Promise.reject(new Error("rotto")))).rejects.toThrow(
        "rotto",
      );
      expect(await storage.buildExclusively("prova", "f", () => Promise.resolve(1))).toEqual({
        status: "built",
        value: 1,
      });
    });
  });
});

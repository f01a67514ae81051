import { afterEach, describe, expect, it } from "vitest";
import { closePostgres, openPostgres, type PgDatabase } from "../../src/db/pg/client.js";
import { users } from "../../src/db/pg/schema.js";
import { createSharedLimiter } from "../../src/storage/counters.js";
import { createSharedSignInBackoff } from "../../src/storage/sign-in-backoff.js";
import { openPostgresStorage } from "../../src/storage/postgres/index.js";
import type { BuildOutcome, Storage } from "../../src/storage/types.js";
import { HAS_POSTGRES, usePostgres } from "../helpers/postgres.js";

/**
 * Sessions, rate limits and report builds across two app nodes on one PostgreSQL: each node is its
 * own connection pool, as two processes behind a load balancer would be.
 */
const server = usePostgres();
const NOW = new Date("2026-12-01T10:00:00.000Z");
const T = NOW.getTime();
const open: Storage[] = [];
const admin: PgDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await Promise.all(admin.splice(0).map((db) => closePostgres(db)));
});

async function twoNodes(): Promise<{ a: Storage; b: Storage; db: PgDatabase }> {
  const url = await server().createDatabase();
  const [a, b] = await Promise.all([openPostgresStorage(url, { max: 4 }), openPostgresStorage(url, { max: 4 })]);
  open.push(a, b);
  const db = await openPostgres(url, { max: 1 });
  admin.push(db);
  return { a, b, db };
}

async function addUser(db: PgDatabase, username: string): Promise<number> {
  const [row] = await db
    .insert(users)
    .values({ username, displayName: username, passwordHash: "x", role: "admin", createdAt: NOW.toISOString() })
    .returning({ id: users.id });
  return row.id;
}

describe.skipIf(!HAS_POSTGRES)("sessions, limits and report builds across two app nodes", () => {
  it("a session opened on node A is found, extended and ended from node B", async () => {
    const { a, b, db } = await twoNodes();
    const userId = await addUser(db, "sindaca");
    const session = await a.sessions.create(userId, NOW);
    expect((await b.sessions.find(session.id, NOW))?.user.username).toBe("sindaca");
    expect((await b.sessions.find(session.id, NOW))?.csrfToken).toBe(session.csrfToken);
    expect(await b.sessions.touch(session.id, new Date(T + 7 * 3_600_000))).toBe(true);
    expect(await a.sessions.find(session.id, new Date(T + 9 * 3_600_000))).toBeDefined();
    // Signing out on node B ends the session on node A too.
    await b.sessions.delete(session.id);
    expect(await a.sessions.find(session.id, NOW)).toBeUndefined();
  });

  it("a limit of 10 holds when 24 racing requests from one client are split across both nodes", async () => {
    const { a, b } = await twoNodes();
    const onA = createSharedLimiter(a.counters, "starts", 10, 10 * 60_000);
    const onB = createSharedLimiter(b.counters, "starts", 10, 10 * 60_000);
    const admitted = await Promise.all(
      Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? onA : onB).hit("203.0.113.7", T)),
    );
    expect(admitted.filter(Boolean)).toHaveLength(10);
    expect(await onA.blocked("203.0.113.7", T)).toBe(true);
    expect(await onB.blocked("203.0.113.7", T)).toBe(true);
    // Another client is not affected; the window's end frees the first one on both nodes.
    expect(await onB.hit("203.0.113.8", T)).toBe(true);
    expect(await onA.hit("203.0.113.7", T + 10 * 60_000)).toBe(true);
    expect(await onB.blocked("203.0.113.7", T + 10 * 60_000)).toBe(false);
  });

  it("failures counted on one node and given back on the other leave the shared count right", async () => {
    const { a, b } = await twoNodes();
    const onA = createSharedLimiter(a.counters, "codes", 3, 15 * 60_000);
    const onB = createSharedLimiter(b.counters, "codes", 3, 15 * 60_000);
    await onA.hit("198.51.100.1", T);
    await onB.hit("198.51.100.1", T);
    await onA.hit("198.51.100.1", T);
    expect(await onB.blocked("198.51.100.1", T)).toBe(true);
    await onB.refund("198.51.100.1", T);
    expect(await onA.blocked("198.51.100.1", T)).toBe(false);
  });

  it("stores no client address in clear", async () => {
    const { a, db } = await twoNodes();
    await createSharedLimiter(a.counters, "starts", 10, 60_000).hit("203.0.113.7", T);
    const { rows } = await db.$client.query<{ key: string }>("SELECT key FROM rate_counters");
    expect(rows).toHaveLength(1);
    expect(rows[0].key).not.toContain("203.0.113");
    expect(rows[0].key).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("two nodes racing to build one report: one builds, the other is told it is busy", async () => {
    const { a, b } = await twoNodes();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let builds = 0;
    const build = async (): Promise<string> => {
      builds++;
      await gate;
      return "report";
    };
    const racing: Promise<BuildOutcome<string>>[] = [
      a.buildExclusively("prova", "fp", build),
      b.buildExclusively("prova", "fp", build),
    ];
    // The winner waits at the gate, so the first to settle is the node that did not get the lock.
    const first = await Promise.race(racing);
    expect(first).toEqual({ status: "busy" });
    release();
    const outcomes = await Promise.all(racing);
    expect(outcomes.filter((o) => o.status === "built")).toEqual([{ status: "built", value: "report" }]);
    expect(builds).toBe(1);
    // Done, the lock is free for either node.
    expect(await b.buildExclusively("prova", "fp", () => Promise.resolve("next"))).toEqual({
      status: "built",
      value: "next",
    });
  });

  it("a node that dies while building frees the report for the other node", async () => {
    const { a, b, db } = await twoNodes();
    let entered!: () => void;
    const started = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const dying = a.buildExclusively("prova", "fp", async () => {
      entered();
      await gate;
      return "never served";
    });
    await started;
    expect(await b.buildExclusively("prova", "fp", () => Promise.resolve("b"))).toEqual({ status: "busy" });
    // Node A's connection goes (the process died, the network dropped): PostgreSQL drops its lock with it.
    const { rows } = await db.$client.query<{ ended: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ended FROM pg_locks WHERE locktype = 'advisory' AND granted",
    );
    expect(rows.map((r) => r.ended)).toEqual([true]);
    const outcome = await waitUntilBuilt(() => b.buildExclusively("prova", "fp", () => Promise.resolve("b")));
    expect(outcome).toEqual({ status: "built", value: "b" });
    release();
    await expect(dying).rejects.toThrow(/terminat|connection/i);
  });
});

/** pg_terminate_backend only signals: ask again until the server has ended the session (no clock involved). */
async function waitUntilBuilt<T>(attempt: () => Promise<BuildOutcome<T>>): Promise<BuildOutcome<T>> {
  for (let i = 0; i < 1_000; i++) {
    const outcome = await attempt();
    if (outcome.status === "built") return outcome;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error("the lock was never released");
}

describe.skipIf(!HAS_POSTGRES)("the sign-in back-off across two app nodes", () => {
  const limits = { freeFailures: 5, firstPauseSeconds: 30, maxPauseMinutes: 15, perClient: 10 };

  it("five free failures split across the nodes; the sixth waits on either node, doubling; a success clears it", async () => {
    const { a, b } = await twoNodes();
    const onA = createSharedSignInBackoff(a.counters, limits);
    const onB = createSharedSignInBackoff(b.counters, limits);
    for (let i = 0; i < 4; i++) await (i % 2 ? onB : onA).attempt("admin", "203.0.113.7", T);
    expect(await onB.waitSeconds("admin", "203.0.113.7", T)).toBe(0);
    await onB.attempt("admin", "203.0.113.7", T);
    // The fifth failure starts the first pause: 30 seconds, seen from both nodes.
    expect(await onA.waitSeconds("admin", "203.0.113.7", T)).toBe(30);
    expect(await onB.waitSeconds("admin", "203.0.113.7", T + 10_000)).toBe(20);
    await onA.attempt("admin", "203.0.113.7", T + 30_000);
    expect(await onB.waitSeconds("admin", "203.0.113.7", T + 30_000)).toBe(60);
    // Another client, or another name from this client, is not held back.
    expect(await onA.waitSeconds("admin", "198.51.100.1", T + 30_000)).toBe(0);
    expect(await onA.waitSeconds("sindaca", "203.0.113.7", T + 30_000)).toBe(0);
    await onB.succeeded("admin", "203.0.113.7", T + 90_000);
    expect(await onA.waitSeconds("admin", "203.0.113.7", T + 90_000)).toBe(0);
  });

  it("one client trying many names is stopped after 10 failures over both nodes", async () => {
    const { a, b } = await twoNodes();
    const onA = createSharedSignInBackoff(a.counters, limits);
    const onB = createSharedSignInBackoff(b.counters, limits);
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? onB : onA).attempt(`nome${i}`, "203.0.113.7", T)));
    expect(await onA.waitSeconds("altro", "203.0.113.7", T)).toBe(15 * 60);
    expect(await onB.waitSeconds("altro", "203.0.113.7", T)).toBe(15 * 60);
    expect(await onB.waitSeconds("altro", "203.0.113.8", T)).toBe(0);
  });

  it("a quiet spell as long as the longest pause forgives the earlier failures", async () => {
    const { a, b } = await twoNodes();
    const onA = createSharedSignInBackoff(a.counters, limits);
    const onB = createSharedSignInBackoff(b.counters, limits);
    for (let i = 0; i < 5; i++) await onA.attempt("admin", "203.0.113.7", T);
    expect(await onB.waitSeconds("admin", "203.0.113.7", T)).toBe(30);
    const later = T + 15 * 60_000;
    await onB.attempt("admin", "203.0.113.7", later);
    expect(await onA.waitSeconds("admin", "203.0.113.7", later)).toBe(0);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { hashCode } from "../../src/responses/codes.js";
import { openPostgres, closePostgres } from "../../src/db/pg/client.js";
import { createDraftRepository } from "../../src/storage/postgres/drafts.js";
import { openPostgresStorage } from "../../src/storage/postgres/index.js";
import { submitDraftAsync } from "../../src/storage/submit.js";
import type { Storage } from "../../src/storage/types.js";
import { HAS_POSTGRES, usePostgres } from "../helpers/postgres.js";
import { CITIZEN_ANSWERS, fixtureRegistry, STAFF_ANSWERS } from "./engines.js";

/**
 * Two app nodes on one PostgreSQL: each is its own connection pool (as two processes behind a load
 * balancer would be), so nothing is shared between them but the database.
 */
const server = usePostgres();
const registry = fixtureRegistry();
const NOW = new Date("2026-12-01T10:00:00.000Z");
const open: Storage[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function twoNodes(): Promise<[Storage, Storage]> {
  const url = await server().createDatabase();
  // Both start together, as after a deployment: the migrations run once, under the advisory lock.
  const nodes = await Promise.all([openPostgresStorage(url, { max: 4 }), openPostgresStorage(url, { max: 4 })]);
  open.push(...nodes);
  return nodes;
}

describe.skipIf(!HAS_POSTGRES)("two app nodes on one PostgreSQL", () => {
  it("eight racing submissions with one access code, four on each node, store exactly one response", async () => {
    const [a, b] = await twoNodes();
    const [code] = await a.accessCodes.create("personale_prova", 1, NOW);
    const tokens: string[] = [];
    for (let i = 0; i < 8; i++) {
      // Each colleague started on either node with the same slip (the code was still unused then).
      const node = i % 2 === 0 ? a : b;
      expect(await node.accessCodes.isUsable("personale_prova", hashCode(code))).toBe(true);
      const draft = await node.drafts.create(
        {
          surveyId: "personale_prova",
          surveyVersion: 1,
          lang: "it",
          channel: "web",
          codeHash: hashCode(code),
          days: 30,
        },
        NOW,
      );
      await node.drafts.save(draft.token, STAFF_ANSWERS, "it", NOW);
      tokens.push(draft.token);
    }
    const results = await Promise.all(tokens.map((token, i) => submitDraftAsync(i < 4 ? a : b, registry, token, NOW)));
    expect(results.filter((r) => r.status === "stored")).toHaveLength(1);
    expect(results.filter((r) => r.status === "code_used")).toHaveLength(7);
    expect(await a.responses.count("personale_prova")).toBe(1);
    expect(await b.responses.count("personale_prova")).toBe(1);
    expect(await b.accessCodes.countStates("personale_prova")).toEqual({ total: 1, used: 1, revoked: 0, unused: 0 });
  });

  it("one draft sent from both nodes at once (a double submit across the load balancer) is stored once", async () => {
    const [a, b] = await twoNodes();
    const draft = await a.drafts.create(
      { surveyId: "prova", surveyVersion: 1, lang: "it", channel: "web", codeHash: null, days: 30 },
      NOW,
    );
    await b.drafts.save(draft.token, CITIZEN_ANSWERS, "it", NOW);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => submitDraftAsync(i % 2 ? a : b, registry, draft.token, NOW)),
    );
    expect(results.filter((r) => r.status === "stored")).toHaveLength(1);
    expect(results.filter((r) => r.status === "already_submitted")).toHaveLength(7);
  });

  it("a questionnaire completed on node A is read, with its answers, on node B", async () => {
    const [a, b] = await twoNodes();
    const draft = await a.drafts.create(
      { surveyId: "prova", surveyVersion: 1, lang: "it", channel: "web", codeHash: null, days: 30 },
      NOW,
    );
    await a.drafts.save(draft.token, CITIZEN_ANSWERS, "it", NOW);
    // The citizen's next page lands on node B: it finds the draft by its resume code too.
    expect((await b.drafts.findByResumeCode("prova", draft.resumeCode))?.answers).toEqual(CITIZEN_ANSWERS);
    expect(await submitDraftAsync(a, registry, draft.token, NOW)).toEqual({ status: "stored", codeProtected: false });
    const [response] = await b.responses.list("prova");
    expect(response.answers).toEqual(CITIZEN_ANSWERS);
  });

  it("a node evicting old empty drafts while another is mid-eviction takes the next ones, without waiting for it", async () => {
    const url = await server().createDatabase();
    // B gives up on a lock after 5 s: it should never wait at all, and a wait fails the test instead of hanging it.
    const [a, b] = await Promise.all([
      openPostgres(url, { max: 2 }),
      openPostgres(`${url}?options=-c%20lock_timeout%3D5000`, { max: 2 }),
    ]);
    try {
      const later = new Date(NOW.getTime() + 60_000);
      const citizen = {
        surveyId: "prova",
        surveyVersion: 1,
        lang: "it" as const,
        channel: "web" as const,
        codeHash: null,
        days: 30,
      };
      for (let i = 0; i < 5; i++) await createDraftRepository(a).create(citizen, new Date(NOW.getTime() + i * 1000));
      // Node A's eviction holds its rows (its transaction is still open) while node B evicts:
      // B must take the next oldest at once (were it to wait for A, A would wait for B for ever).
      const byB = await a.transaction(async (tx) => {
        expect(await createDraftRepository(tx).evictOldestEmpty("prova", 2, later)).toBe(2);
        return createDraftRepository(b).evictOldestEmpty("prova", 2, later);
      });
      expect(byB).toBe(2);
      expect(await createDraftRepository(b).countEmptyOpen("prova", later)).toBe(1);
    } finally {
      await Promise.all([closePostgres(a), closePostgres(b)]);
    }
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { hashCode } from "../../src/responses/codes.js";
import { submitDraftAsync } from "../../src/storage/submit.js";
import type { Storage } from "../../src/storage/types.js";
import { usePostgres } from "../helpers/postgres.js";
import { CITIZEN_ANSWERS, engines, fixtureRegistry, STAFF_ANSWERS } from "./engines.js";

/** The same cases on SQLite and on a real PostgreSQL: the storage boundary's contract. */
const server = usePostgres();
const registry = fixtureRegistry();
const NOW = new Date("2026-12-01T10:00:00.000Z");
const citizenDraft = {
  surveyId: "prova",
  surveyVersion: 1,
  lang: "it" as const,
  channel: "web" as const,
  codeHash: null,
  days: 30,
};

describe.each(engines(server))("storage contract on $name", (engine) => {
  const { available } = engine;
  let storage: Storage | undefined;
  afterEach(async () => {
    await storage?.close();
    storage = undefined;
  });
  const start = async (): Promise<Storage> => (storage = await engine.open());

  describe.skipIf(!available)("access codes", () => {
    it("are created distinct, usable once, and counted by state", async () => {
      const s = await start();
      const codes = await s.accessCodes.create("personale_prova", 5, NOW);
      expect(new Set(codes).size).toBe(5);
      expect(await s.accessCodes.isUsable("personale_prova", hashCode(codes[0].toLowerCase()))).toBe(true);
      expect(await s.accessCodes.isUsable("prova", hashCode(codes[0]))).toBe(false);
      expect(await s.accessCodes.consume("personale_prova", hashCode(codes[0]))).toBe(true);
      expect(await s.accessCodes.consume("personale_prova", hashCode(codes[0]))).toBe(false);
      expect(await s.accessCodes.isUsable("personale_prova", hashCode(codes[0]))).toBe(false);
      expect(await s.accessCodes.revoke("personale_prova", hashCode(codes[1]))).toBe("revoked");
      expect(await s.accessCodes.consume("personale_prova", hashCode(codes[1]))).toBe(false);
      expect(await s.accessCodes.revoke("personale_prova", hashCode("00000-00000"))).toBe("not_found");
      expect(await s.accessCodes.countStates("personale_prova")).toEqual({ total: 5, used: 1, revoked: 1, unused: 3 });
      expect(await s.accessCodes.revokeUnused("personale_prova")).toBe(3);
      expect(await s.accessCodes.countStates("personale_prova")).toEqual({ total: 5, used: 1, revoked: 4, unused: 0 });
    });

    it("are accepted exactly once when eight consumptions race", async () => {
      const s = await start();
      const [code] = await s.accessCodes.create("personale_prova", 1, NOW);
      const results = await Promise.all(
        Array.from({ length: 8 }, () => s.accessCodes.consume("personale_prova", hashCode(code))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe.skipIf(!available)("drafts", () => {
    it("are found by token and by resume code (typed loosely), within their survey only", async () => {
      const s = await start();
      const draft = await s.drafts.create(citizenDraft, NOW);
      expect(await s.drafts.find(draft.token)).toEqual({ ...draft, answers: {} });
      const typed = draft.resumeCode.toLowerCase().replace("-", " ");
      expect((await s.drafts.findByResumeCode("prova", typed))?.token).toBe(draft.token);
      expect(await s.drafts.findByResumeCode("personale_prova", draft.resumeCode)).toBeUndefined();
      expect(await s.drafts.find("no-such-token")).toBeUndefined();
      expect(draft.expiresAt).toBe("2026-12-31T10:00:00.000Z");
    });

    it("store a chosen token once: a double click finds it already there", async () => {
      const s = await start();
      const input = {
        ...citizenDraft,
        token: "pending-link-1",
        startedAt: NOW.toISOString(),
        answers: { eta: "18_44" },
      };
      const [a, b] = await Promise.all([s.drafts.store(input, NOW), s.drafts.store(input, NOW)]);
      expect([a, b].filter((d) => d !== undefined)).toHaveLength(1);
      expect((await s.drafts.find("pending-link-1"))?.answers).toEqual({ eta: "18_44" });
    });

    it("save answers while open; open ones are counted, expired ones purged, given-up ones deleted", async () => {
      const s = await start();
      const kept = await s.drafts.create(citizenDraft, NOW);
      const old = await s.drafts.create({ ...citizenDraft, days: 1 }, new Date("2026-11-01T00:00:00.000Z"));
      const abandoned = await s.drafts.create(citizenDraft, NOW);
      await s.drafts.save(kept.token, { eta: "65_plus" }, "en", NOW);
      expect(await s.drafts.find(kept.token)).toMatchObject({ answers: { eta: "65_plus" }, lang: "en" });
      expect(await s.drafts.countOpen("prova", NOW)).toBe(2);
      await s.drafts.deleteOpen(abandoned.token);
      expect(await s.drafts.find(abandoned.token)).toBeUndefined();
      expect(await s.drafts.purgeExpired(NOW)).toBe(1);
      expect(await s.drafts.find(old.token)).toBeUndefined();
      expect(await s.drafts.countOpen("prova", NOW)).toBe(1);
    });
  });

  describe.skipIf(!available)("open-draft accounting (the cap against a flood)", () => {
    it("counts open and empty drafts, evicts the oldest empty ones first, and purges the empty ones", async () => {
      const s = await start();
      const empty: string[] = [];
      for (let i = 0; i < 5; i++)
        empty.push((await s.drafts.create(citizenDraft, new Date(NOW.getTime() + i * 1000))).token);
      const answered = await s.drafts.create(citizenDraft, NOW);
      await s.drafts.save(answered.token, { eta: "18_44" }, "it", NOW);
      const later = new Date(NOW.getTime() + 60_000);
      expect(await s.drafts.countOpen("prova", later)).toBe(6);
      expect(await s.drafts.countEmptyOpen("prova", later)).toBe(5);
      expect(await s.drafts.evictOldestEmpty("prova", 2, later)).toBe(2);
      expect(await s.drafts.find(empty[0])).toBeUndefined();
      expect(await s.drafts.find(empty[1])).toBeUndefined();
      expect(await s.drafts.find(empty[2])).toBeDefined();
      expect(await s.drafts.purgeEmpty("prova", later)).toBe(3);
      expect(await s.drafts.countOpen("prova", later)).toBe(1);
      expect((await s.drafts.find(answered.token))?.answers).toEqual({ eta: "18_44" });
    });

    it("makes room for each of two evictions running at once: each deletes its own drafts", async () => {
      const s = await start();
      for (let i = 0; i < 5; i++) await s.drafts.create(citizenDraft, new Date(NOW.getTime() + i * 1000));
      const later = new Date(NOW.getTime() + 60_000);
      const evicted = await Promise.all([
        s.drafts.evictOldestEmpty("prova", 2, later),
        s.drafts.evictOldestEmpty("prova", 2, later),
      ]);
      expect(evicted).toEqual([2, 2]);
      expect(await s.drafts.countEmptyOpen("prova", later)).toBe(1);
    });
  });

  describe.skipIf(!available)("responses", () => {
    it("are stored with their answers and a cell key, listed in submission order, and never half-stored", async () => {
      const s = await start();
      const base = {
        surveyId: "prova",
        surveyVersion: 1,
        channel: "web" as const,
        lang: "it" as const,
        startedAt: null,
      };
      await s.responses.insert({
        ...base,
        id: "r2",
        submittedAt: "2026-12-01T10:00:02.000Z",
        answers: { eta: "18_44", commento: "è così\n«sì»" },
      });
      expect(await s.responses.hasSynthetic("prova")).toBe(false);
      await s.responses.insert({
        ...base,
        id: "r1",
        submittedAt: "2026-12-01T10:00:01.000Z",
        answers: { eta: "65_plus" },
        synthetic: true,
      });
      // The same id again (an import run twice): refused whole, the first one's answers untouched.
      await expect(
        s.responses.insert({
          ...base,
          id: "r1",
          submittedAt: "2026-12-01T10:00:03.000Z",
          answers: { eta: "18_44", figli: "3" },
        }),
      ).rejects.toThrow(/r1|duplicate|UNIQUE|unique/i);
      const listed = await s.responses.list("prova");
      expect(listed.map((r) => [r.id, r.answers, r.synthetic])).toEqual([
        ["r1", { eta: "65_plus" }, true],
        ["r2", { eta: "18_44", commento: "è così\n«sì»" }, false],
      ]);
      for (const r of listed)
        expect(r.cellKey).toSatisfy(
          (k: unknown) => Number.isInteger(k) && (k as number) >= 0 && (k as number) < 2 ** 32,
        );
      expect(await s.responses.count("prova")).toBe(2);
      expect(await s.responses.hasSynthetic("prova")).toBe(true);
      expect(await s.responses.countByChannel("prova")).toEqual({
        total: 2,
        synthetic: 1,
        byChannel: { web: 2, kiosk: 0, paper: 0, import: 0 },
      });
      expect(await s.responses.submissionTimesSince("prova", "2026-12-01T10:00:02.000Z")).toEqual([
        "2026-12-01T10:00:02.000Z",
      ]);
      expect(await s.responses.countPendingPaper("prova")).toBe(0);
      expect(await s.responses.hasSynthetic("personale_prova")).toBe(false);
      expect((await s.responses.existingIds(["r1", "x", "r2"])).sort()).toEqual(["r1", "r2"]);
    });
  });

  describe.skipIf(!available)("sending a draft", () => {
    it("stores one response and leaves an empty tombstone; a second send stores nothing", async () => {
      const s = await start();
      const draft = await s.drafts.create(citizenDraft, NOW);
      await s.drafts.save(draft.token, CITIZEN_ANSWERS, "it", NOW);
      expect(await submitDraftAsync(s, registry, draft.token, NOW)).toEqual({ status: "stored", codeProtected: false });
      expect(await submitDraftAsync(s, registry, draft.token, NOW)).toEqual({ status: "already_submitted" });
      const [response] = await s.responses.list("prova");
      expect(response).toMatchObject({ answers: CITIZEN_ANSWERS, submittedAt: NOW.toISOString(), channel: "web" });
      expect(await s.drafts.find(draft.token)).toMatchObject({ submitted: true, answers: {}, codeHash: null });
      await s.drafts.save(draft.token, CITIZEN_ANSWERS, "it", NOW);
      expect((await s.drafts.find(draft.token))?.answers).toEqual({});
    });

    it("stores one response when the same draft is sent eight times at once (a double submit)", async () => {
      const s = await start();
      const draft = await s.drafts.create(citizenDraft, NOW);
      await s.drafts.save(draft.token, CITIZEN_ANSWERS, "it", NOW);
      const results = await Promise.all(
        Array.from({ length: 8 }, () => submitDraftAsync(s, registry, draft.token, NOW)),
      );
      expect(results.filter((r) => r.status === "stored")).toHaveLength(1);
      expect(results.filter((r) => r.status === "already_submitted")).toHaveLength(7);
      expect(await s.responses.count("prova")).toBe(1);
    });

    it("accepts an access code exactly once when eight drafts holding it are sent at once", async () => {
      const s = await start();
      const [code] = await s.accessCodes.create("personale_prova", 1, NOW);
      const tokens: string[] = [];
      for (let i = 0; i < 8; i++) {
        const draft = await s.drafts.create(
          { ...citizenDraft, surveyId: "personale_prova", codeHash: hashCode(code) },
          NOW,
        );
        await s.drafts.save(draft.token, STAFF_ANSWERS, "it", NOW);
        tokens.push(draft.token);
      }
      const results = await Promise.all(tokens.map((t) => submitDraftAsync(s, registry, t, NOW)));
      expect(results.filter((r) => r.status === "stored")).toEqual([{ status: "stored", codeProtected: true }]);
      expect(results.filter((r) => r.status === "code_used")).toHaveLength(7);
      const stored = await s.responses.list("personale_prova");
      expect(stored).toHaveLength(1);
      // A staff response keeps the day only (noon UTC of the Rome day), never the moment.
      expect(stored[0].submittedAt).toBe("2026-12-01T12:00:00.000Z");
      expect(await s.accessCodes.countStates("personale_prova")).toMatchObject({ used: 1, unused: 0 });
    });

    it("stores nothing and keeps the code for answers that fail validation or a draft that expired", async () => {
      const s = await start();
      const [code] = await s.accessCodes.create("personale_prova", 1, NOW);
      const draft = await s.drafts.create(
        { ...citizenDraft, surveyId: "personale_prova", codeHash: hashCode(code) },
        NOW,
      );
      await s.drafts.save(draft.token, { area: "tributi" }, "it", NOW);
      expect(await submitDraftAsync(s, registry, draft.token, NOW)).toMatchObject({ status: "invalid" });
      expect(await s.accessCodes.isUsable("personale_prova", hashCode(code))).toBe(true);
      expect((await s.drafts.find(draft.token))?.submitted).toBe(false);
      const late = new Date(NOW.getTime() + 31 * 86_400_000);
      expect(await submitDraftAsync(s, registry, draft.token, late)).toEqual({ status: "expired" });
      expect(await submitDraftAsync(s, registry, "no-such-token", NOW)).toEqual({ status: "not_found" });
      expect(await s.responses.count("personale_prova")).toBe(0);
    });
  });
});

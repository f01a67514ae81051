import { afterEach, describe, expect, it } from "vitest";
import { PublishedVersionChanged } from "../../src/admin/published-surveys.js";
import { EXAMPLE_ENTE_FILE } from "../../src/ente/load.js";
import { submitDraftAsync } from "../../src/storage/submit.js";
import type { Storage } from "../../src/storage/types.js";
import { usePostgres } from "../helpers/postgres.js";
import { CITIZEN_ANSWERS, engines, fixtureRegistry } from "./engines.js";

/**
 * The rest of what the respondent's pages read and write through the storage boundary, on both
 * engines: published versions, fieldwork settings, the ente, server keys, ratings, the health check.
 */
const server = usePostgres();
const registry = fixtureRegistry();
const NOW = new Date("2026-12-01T10:00:00.000Z");

describe.each(engines(server))("respondent storage on $name", (engine) => {
  let storage: Storage | undefined;
  afterEach(async () => {
    await storage?.close();
    storage = undefined;
  });
  const start = async (): Promise<Storage> => (storage = await engine.open());

  describe.skipIf(!engine.available)("surveys, ente, keys, ratings", () => {
    it("publishes each version once, reads it back whole, and refuses a changed version under the same number", async () => {
      const s = await start();
      const surveys = registry.all();
      await s.surveys.publish(surveys, NOW);
      await s.surveys.publish(surveys, NOW);
      const published = await s.surveys.readPublished();
      const expected = surveys.filter((x) => x.definition.status !== "draft");
      expect(published.map((p) => p.definition.id).sort()).toEqual(expected.map((x) => x.definition.id).sort());
      for (const p of published) {
        const original = expected.find((x) => x.definition.id === p.definition.id)!;
        expect(p.hash).toBe(original.hash);
        expect(p.definition).toEqual(original.definition);
      }
      const changed = { ...expected[0], hash: "altro", definition: { ...expected[0].definition } };
      await expect(s.surveys.publish([changed], NOW)).rejects.toBeInstanceOf(PublishedVersionChanged);
    });

    it("reads no settings for a survey nobody configured", async () => {
      const s = await start();
      expect(await s.surveys.findSettings("prova")).toBeUndefined();
      expect((await s.surveys.allSettings()).size).toBe(0);
    });

    it("seeds the ente once from the configured file and returns the same object while it is unchanged", async () => {
      const s = await start();
      const example = await s.ente.load();
      expect(example.example).toBe(true);
      await s.ente.seed(EXAMPLE_ENTE_FILE, "Comune di Prova", NOW);
      await s.ente.seed(EXAMPLE_ENTE_FILE, "Comune di Altrove", NOW);
      const seeded = await s.ente.load();
      expect(seeded.name).toBe("Comune di Prova");
      expect(seeded.example).toBe(true);
      expect(await s.ente.load()).toBe(seeded);
      expect(await s.ente.stemma()).toBeNull();
    });

    it("draws a server key once and gives the same key back", async () => {
      const s = await start();
      const key = await s.serverKey("prova");
      expect(key).toHaveLength(32);
      expect((await s.serverKey("prova")).equals(key)).toBe(true);
      expect((await s.serverKey("altra")).equals(key)).toBe(false);
    });

    it("stores one rating per sent questionnaire, none for one not sent, and one of racing posts", async () => {
      const s = await start();
      const draft = await s.drafts.create(
        { surveyId: "prova", surveyVersion: 1, lang: "it", channel: "web", codeHash: null, days: 30 },
        NOW,
      );
      const rating = { surveyId: "prova", rating: 4, aspects: ["chiare", "complete"], comment: "Bene" };
      expect(await s.feedback.recordOnce(draft.token, rating)).toBe(false);
      await s.drafts.save(draft.token, CITIZEN_ANSWERS, "it", NOW);
      expect(await submitDraftAsync(s, registry, draft.token, NOW)).toMatchObject({ status: "stored" });
      const posts = await Promise.all(Array.from({ length: 4 }, () => s.feedback.recordOnce(draft.token, rating)));
      expect(posts.filter(Boolean)).toHaveLength(1);
      expect(await s.feedback.recordOnce(draft.token, rating)).toBe(false);
    });

    it("says every shipped migration is applied", async () => {
      const s = await start();
      const state = await s.migrationState();
      expect(state.latest).toBe(true);
      expect(state.applied).toBe(state.expected);
      expect(state.expected).toBeGreaterThan(0);
    });
  });
});

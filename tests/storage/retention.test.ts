import { afterEach, describe, expect, it } from "vitest";
import { applyRetention, purgeDrafts } from "../../src/admin/retention.service.js";
import { saveSettings } from "../../src/storage/sqlite-surveys.js";
import { listAudit } from "../../src/storage/sqlite-audit.js";
import { openDatabase } from "../../src/db/client.js";
import { closePostgres, openPostgres } from "../../src/db/pg/client.js";
import { auditLog, surveySettings } from "../../src/db/pg/schema.js";
import { openPostgresStorage } from "../../src/storage/postgres/index.js";
import { createSqliteStorage } from "../../src/storage/sqlite.js";
import type { Storage } from "../../src/storage/types.js";
import { HAS_POSTGRES, usePostgres } from "../helpers/postgres.js";

/**
 * The retention job on the storage boundary (what PostgreSQL's server runs daily, and the SQLite
 * path's rules): responses before the retention date go with their answers, drafts older than the
 * survey's own draft days go, one audit line with the counts; run again, nothing more.
 */
const server = usePostgres();
const NOW = new Date("2026-03-05T10:00:00.000Z");

interface Opened {
  storage: Storage;
  settle: (retainUntil: string, draftDays: number) => Promise<void>;
  trail: () => Promise<{ action: string; target: string; details: string }[]>;
}

const engines: { name: string; available: boolean; open(): Promise<Opened> }[] = [
  {
    name: "sqlite",
    available: true,
    open: () => {
      const db = openDatabase(":memory:");
      return Promise.resolve({
        storage: createSqliteStorage(db),
        settle: (retainUntil, draftDays) => Promise.resolve(saveSettings(db, "prova", { retainUntil, draftDays }, NOW)),
        trail: () =>
          Promise.resolve(
            listAudit(db)
              .reverse()
              .map(({ action, target, details }) => ({ action, target, details })),
          ),
      });
    },
  },
  {
    name: "postgres",
    available: HAS_POSTGRES,
    open: async () => {
      const url = await server().createDatabase();
      const storage = await openPostgresStorage(url, { max: 2 });
      const withDb = async <T>(run: (db: Awaited<ReturnType<typeof openPostgres>>) => Promise<T>): Promise<T> => {
        const db = await openPostgres(url, { max: 1 });
        try {
          return await run(db);
        } finally {
          await closePostgres(db);
        }
      };
      return {
        storage,
        settle: (retainUntil, draftDays) =>
          withDb(async (db) => {
            await db
              .insert(surveySettings)
              .values({ surveyId: "prova", retainUntil, draftDays, updatedAt: NOW.toISOString() });
          }),
        trail: () =>
          withDb((db) =>
            db
              .select({ action: auditLog.action, target: auditLog.target, details: auditLog.details })
              .from(auditLog)
              .orderBy(auditLog.id),
          ),
      };
    },
  },
];

describe.each(engines)("the retention job and a survey's fieldwork acts on $name", (engine) => {
  let opened: Opened | undefined;
  afterEach(async () => {
    await opened?.storage.close();
    opened = undefined;
  });

  it.skipIf(!engine.available)(
    "deletes responses before the date with their answers and drafts past the survey's days, audited once",
    async () => {
      const { storage, settle, trail } = (opened = await engine.open());
      const base = {
        surveyId: "prova",
        surveyVersion: 1,
        channel: "web" as const,
        lang: "it" as const,
        startedAt: null,
      };
      await storage.responses.insert({
        ...base,
        id: "old",
        submittedAt: "2026-02-27T10:00:00.000Z",
        answers: { eta: "18_44" },
      });
      await storage.responses.insert({
        ...base,
        id: "new",
        submittedAt: "2026-03-01T10:00:00.000Z",
        answers: { eta: "65_plus" },
      });
      const draft = {
        surveyId: "prova",
        surveyVersion: 1,
        lang: "it" as const,
        channel: "web" as const,
        codeHash: null,
        days: 60,
      };
      const stale = await storage.drafts.create(draft, new Date("2026-02-01T10:00:00.000Z"));
      const fresh = await storage.drafts.create(draft, new Date("2026-03-04T10:00:00.000Z"));
      // Keep until 1 March (Rome): what was sent before its midnight goes; drafts live 10 days here.
      await settle("2026-03-01", 10);

      expect(await purgeDrafts(storage, NOW)).toBe(1);
      expect(await storage.drafts.find(stale.token)).toBeUndefined();
      const stale2 = await storage.drafts.create(draft, new Date("2026-02-02T10:00:00.000Z"));
      expect(await applyRetention(storage, NOW)).toEqual([
        { surveyId: "prova", responses: 1, drafts: 1, paperEntries: 0 },
      ]);
      expect(await applyRetention(storage, NOW)).toEqual([]);
      expect((await storage.responses.list("prova")).map((r) => [r.id, r.answers])).toEqual([
        ["new", { eta: "65_plus" }],
      ]);
      expect(await storage.drafts.find(stale2.token)).toBeUndefined();
      expect((await storage.drafts.find(fresh.token))?.token).toBe(fresh.token);
      expect(await trail()).toEqual([
        {
          action: "conservazione.applicata",
          target: "prova",
          details: "1 risposta inviata prima del 2026-03-01; 1 bozza iniziata più di 10 giorni fa",
        },
      ]);
    },
  );

  it.skipIf(!engine.available)(
    "save the status with its audit line, and delete the empty drafts with theirs",
    async () => {
      const { storage, trail } = (opened = await engine.open());
      const entry = {
        username: "amministratrice",
        action: "questionario.stato",
        target: "prova",
        details: "stato closed",
      };
      await storage.surveys.saveSettings("prova", { status: "closed", opensAt: null, closesAt: null }, entry, NOW);
      await storage.surveys.saveSettings("prova", { draftDays: 5 }, { ...entry, details: "bozze 5 giorni" }, NOW);
      expect(await storage.surveys.findSettings("prova")).toMatchObject({ status: "closed", draftDays: 5 });
      const draft = {
        surveyId: "prova",
        surveyVersion: 1,
        lang: "it" as const,
        channel: "web" as const,
        codeHash: null,
        days: 30,
      };
      await storage.drafts.create(draft, NOW);
      const kept = await storage.drafts.create(draft, NOW);
      await storage.drafts.save(kept.token, { eta: "18_44" }, "it", NOW);
      const purged = await storage.drafts.purgeEmpty("prova", NOW, (n) => ({
        username: "amministratrice",
        action: "bozze.vuote.eliminate",
        target: "prova",
        details: `${n} eliminate`,
      }));
      expect(purged).toBe(1);
      expect(await storage.drafts.countOpen("prova", NOW)).toBe(1);
      expect(await trail()).toEqual([
        { action: "questionario.stato", target: "prova", details: "stato closed" },
        { action: "questionario.stato", target: "prova", details: "bozze 5 giorni" },
        { action: "bozze.vuote.eliminate", target: "prova", details: "1 eliminate" },
      ]);
    },
  );
});

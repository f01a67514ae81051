import request from "supertest";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import type { AuditRecord } from "../../src/audit/entry.js";
import { openDatabase } from "../../src/db/client.js";
import { createSqliteStorage } from "../../src/storage/sqlite.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry } from "../../src/surveys/registry.js";
import { createEngineTestApp, FIXTURE_SURVEYS, TEST_CONFIG, type EngineApp } from "../helpers/app.js";
import { addUser, getAs, postAs, signIn } from "../helpers/auth.js";
import { ENGINES, usePostgres } from "../helpers/postgres.js";
import { recordSampleOn, SAMPLE_ANSWERS } from "../helpers/responses.js";

/**
 * The data page over real HTTP on both engines: a CSV exported on SQLite is imported on each engine
 * and exported back byte for byte; the retention settings, the codebook and the analysts' formats.
 */
const server = usePostgres();
const DATA = "/admin/questionari/prova";

/** The export of SQLite with every sample answer, as an administrator downloads it. */
let exported = "";
beforeAll(async () => {
  const t = await createEngineTestApp("sqlite", () => Promise.reject(new Error("SQLite only")));
  try {
    for (let i = 0; i < 12; i++)
      await recordSampleOn(t.storage, t.registry, SAMPLE_ANSWERS[i % SAMPLE_ANSWERS.length], {
        submittedAt: new Date(Date.UTC(2026, 2, 1, 9, i)).toISOString(),
        channel: i % 3 ? "web" : "paper",
      });
    await addUser(t.storage, "admin");
    const res = await getAs(t.app, await signIn(t.app, "admin"), `${DATA}/esporta.csv`);
    exported = res.text;
  } finally {
    await t.close();
  }
});

describe.each(ENGINES)("the data page on $name", ({ name, available }) => {
  let t: EngineApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it.skipIf(!available)(
    "imports a CSV all or nothing (a second time refused as duplicates) and exports it back byte for byte, audited",
    async () => {
      t = await createEngineTestApp(name, () => server().createDatabase());
      await addUser(t.storage, "admin");
      const admin = await signIn(t.app, "admin");
      expect(exported.split("\n").length).toBeGreaterThan(12);

      const imported = await postAs(t.app, admin, `${DATA}/importa`, { csv: exported });
      expect(imported.status).toBe(303);
      expect(imported.headers.location).toBe(`${DATA}/dati?importate=12`);
      expect((await getAs(t.app, admin, imported.headers.location)).text).toContain("Importate 12 risposte.");
      const again = await postAs(t.app, admin, `${DATA}/importa`, { csv: exported });
      expect(again.status).toBe(422);
      expect(again.text).toContain("response_id già presente");
      expect(await t.storage.responses.count("prova")).toBe(12);

      const back = await getAs(t.app, admin, `${DATA}/esporta.csv`);
      expect(back.status).toBe(200);
      expect(back.text).toBe(exported);
      const paper = await getAs(t.app, admin, `${DATA}/esporta.csv?canale=paper`);
      expect(paper.status).toBe(200);
      expect((await t.storage.audit.list(1))[0].details).toBe("4 risposte (filtri: canale=paper)");
      const actions = (await t.storage.audit.list(3)).map((e) => e.action);
      expect(actions).toEqual(["risposte.esportate", "risposte.esportate", "risposte.importate"]);

      const xlsx = await request(t.app)
        .get(`${DATA}/esporta?formato=xlsx`)
        .set("Cookie", admin.cookie)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => done(null, Buffer.concat(chunks)));
        });
      expect(xlsx.status).toBe(200);
      expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe("PK");
    },
  );

  it.skipIf(!available)("saves the retention settings (refusing a bad date) and lists the codebook", async () => {
    t = await createEngineTestApp(name, () => server().createDatabase());
    await addUser(t.storage, "admin");
    const admin = await signIn(t.app, "admin");
    const page = await getAs(t.app, admin, `${DATA}/dati`);
    expect(page.status).toBe(200);
    const bad = await postAs(t.app, admin, `${DATA}/conservazione`, { retainUntil: "2031-02-30", draftDays: "" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Scriva una data nel formato aaaa-mm-gg");
    const saved = await postAs(t.app, admin, `${DATA}/conservazione`, { retainUntil: "2031-12-31", draftDays: "14" });
    expect(saved.status).toBe(303);
    expect(await t.storage.surveys.findSettings("prova")).toMatchObject({ retainUntil: "2031-12-31", draftDays: 14 });
    expect((await t.storage.audit.list(1))[0]).toMatchObject({
      action: "conservazione.modificata",
      details: "conservazione fino al 2031-12-31; bozze 14 giorni",
    });

    const codebook = await getAs(t.app, admin, `${DATA}/codebook`);
    expect(codebook.status).toBe(200);
    expect(codebook.text).toContain("soddisfazione/cie");
    const csv = await getAs(t.app, admin, `${DATA}/codebook.csv`);
    expect(csv.text.startsWith("\uFEFFcolumn,question,type,label_it")).toBe(true);
  });
});

describe("an export's audit line", () => {
  it("is stored before the download ends, however slow the audit trail is", async () => {
    const db = openDatabase(":memory:");
    const surveys = [...loadDefinitions(FIXTURE_SURVEYS).surveys.values()];
    const storage = createSqliteStorage(db);
    await storage.surveys.publish(surveys);
    // An audit trail that takes its time, as a busy database may.
    const slowAudit = {
      ...storage.audit,
      record: async (entry: AuditRecord, now?: Date) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await storage.audit.record(entry, now);
      },
    };
    const app = createApp({
      db,
      storage: { ...storage, audit: slowAudit },
      registry: createRegistry(surveys),
      config: TEST_CONFIG,
    });
    await addUser(storage, "admin");
    const admin = await signIn(app, "admin");
    const res = await getAs(app, admin, `${DATA}/esporta.csv`);
    expect(res.status).toBe(200);
    expect((await storage.audit.list(1))[0]).toMatchObject({ action: "risposte.esportate", details: "0 risposte" });
    await storage.close();
  });
});

import request from "supertest";
import { beforeEach, describe, expect, it } from "vitest";
import { listAudit } from "../../src/storage/sqlite-audit.js";
import { applyRetention, purgeDrafts } from "../../src/admin/retention.service.js";
import { findSettings, saveSettings } from "../../src/storage/sqlite-surveys.js";
import { createDraft, findDraft } from "../../src/storage/sqlite-drafts.js";
import { createPaperEntry, listPaperEntries } from "../../src/storage/sqlite-paper-entries.js";
import { countResponses, listResponses } from "../../src/storage/sqlite-responses.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createSqliteStorage } from "../../src/storage/sqlite.js";
import { createUser, signIn } from "../helpers/auth.js";
import type { Session } from "../helpers/data.js";
import { formBody, Respondent } from "../helpers/respondent.js";
import { recordSample, SAMPLE_ANSWERS } from "../helpers/responses.js";

let t: TestApp;
let admin: Session;

beforeEach(async () => {
  t = createTestApp();
  await createUser(t.db, "admin");
  admin = await signIn(t.app, "admin");
});

/** The periodic jobs as the server runs them, on this app's database. */
const jobs = () => createSqliteStorage(t.db);

const draftStartedAt = (at: string): string =>
  createDraft(
    t.db,
    { surveyId: "prova", surveyVersion: 1, lang: "it", channel: "web", codeHash: null, days: 30 },
    new Date(at),
  ).token;

describe("the retention job", () => {
  beforeEach(() => {
    // Midnight of 1 March 2026 in Italy is 23:00 UTC on 28 February.
    for (const at of [
      "2026-01-15T10:00:00.000Z",
      "2026-02-28T22:59:59.999Z",
      "2026-02-28T23:00:00.000Z",
      "2026-03-10T10:00:00.000Z",
    ]) {
      recordSample(t.db, t.registry, SAMPLE_ANSWERS[1], { submittedAt: at });
    }
  });

  it("does nothing without settings", async () => {
    expect(await applyRetention(jobs(), new Date("2030-01-01T00:00:00Z"))).toEqual([]);
    expect(countResponses(t.db, "prova")).toBe(4);
  });

  it("keeps everything until the retention date comes, then deletes the responses sent before it (Italian time) and logs the count", async () => {
    saveSettings(t.db, "prova", { retainUntil: "2026-03-01" });
    expect(await applyRetention(jobs(), new Date("2026-02-28T22:59:00.000Z"))).toEqual([]);
    expect(countResponses(t.db, "prova")).toBe(4);

    const now = new Date("2026-03-01T02:00:00.000Z");
    expect(await applyRetention(jobs(), now)).toEqual([
      { surveyId: "prova", responses: 2, drafts: 0, paperEntries: 0 },
    ]);
    expect(listResponses(t.db, "prova").map((r) => r.submittedAt)).toEqual([
      "2026-02-28T23:00:00.000Z",
      "2026-03-10T10:00:00.000Z",
    ]);
    expect(listAudit(t.db)[0]).toMatchObject({
      at: now.toISOString(),
      username: "(sistema)",
      action: "conservazione.applicata",
      target: "prova",
      details: "2 risposte inviate prima del 2026-03-01",
    });
    // Run again: nothing more to delete, nothing more logged.
    expect(await applyRetention(jobs(), new Date("2026-03-02T02:00:00.000Z"))).toEqual([]);
    expect(listAudit(t.db).filter((e) => e.action === "conservazione.applicata")).toHaveLength(1);
  });

  it("deletes drafts older than the survey's own draft days, hourly and daily, and logs the daily count", async () => {
    const old = draftStartedAt("2026-03-01T10:00:00.000Z");
    const recent = draftStartedAt("2026-03-08T10:00:00.000Z");
    saveSettings(t.db, "prova", { draftDays: 7 });
    expect(await purgeDrafts(jobs(), new Date("2026-03-08T09:00:00.000Z"))).toBe(0);
    expect(await purgeDrafts(jobs(), new Date("2026-03-08T11:00:00.000Z"))).toBe(1);
    expect(findDraft(t.db, old)).toBeUndefined();
    expect(findDraft(t.db, recent)).toBeDefined();
    expect(await applyRetention(jobs(), new Date("2026-03-15T11:00:00.000Z"))).toEqual([
      { surveyId: "prova", responses: 0, drafts: 1, paperEntries: 0 },
    ]);
    expect(findDraft(t.db, recent)).toBeUndefined();
    expect(listAudit(t.db)[0].details).toBe("1 bozza iniziata più di 7 giorni fa");
  });

  it("deletes paper questionnaires typed once before the retention date and still waiting for the second typing", async () => {
    const entry = (at: string) =>
      createPaperEntry(
        t.db,
        { surveyId: "prova", surveyVersion: 1, answers: SAMPLE_ANSWERS[1], enteredBy: "operatore" },
        new Date(at),
      );
    const old = entry("2026-02-10T10:00:00.000Z");
    const recent = entry("2026-03-05T10:00:00.000Z");
    saveSettings(t.db, "prova", { retainUntil: "2026-03-01" });
    expect(await applyRetention(jobs(), new Date("2026-03-06T02:00:00.000Z"))).toEqual([
      { surveyId: "prova", responses: 2, drafts: 0, paperEntries: 1 },
    ]);
    expect(listPaperEntries(t.db, "prova").map((e) => e.id)).toEqual([recent.id]);
    expect(old.id).not.toBe(recent.id);
    expect(listAudit(t.db)[0].details).toBe(
      "2 risposte inviate prima del 2026-03-01; 1 questionario cartaceo in attesa della seconda digitazione inserito prima del 2026-03-01",
    );
  });

  it("still purges expired drafts of surveys without settings", async () => {
    const token = draftStartedAt("2026-01-01T10:00:00.000Z");
    expect(await purgeDrafts(jobs(), new Date("2026-02-01T10:00:00.000Z"))).toBe(1);
    expect(findDraft(t.db, token)).toBeUndefined();
  });
});

describe("the retention settings page", () => {
  const save = (fields: Record<string, string>) =>
    request(t.app)
      .post("/admin/questionari/prova/conservazione")
      .set("Cookie", admin.cookie)
      .type("form")
      .send(formBody({ _csrf: admin.csrf, ...fields }));

  it("saves the retention date and the draft days, logged, and shows them again", async () => {
    const res = await save({ retainUntil: "2031-12-31", draftDays: "14" });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/admin/questionari/prova/dati?salvato=1");
    expect(findSettings(t.db, "prova")).toMatchObject({ retainUntil: "2031-12-31", draftDays: 14 });
    expect(listAudit(t.db)[0]).toMatchObject({
      username: "admin",
      action: "conservazione.modificata",
      target: "prova",
      details: "conservazione fino al 2031-12-31; bozze 14 giorni",
    });
    const page = await request(t.app).get("/admin/questionari/prova/dati?salvato=1").set("Cookie", admin.cookie);
    expect(page.text).toContain('value="2031-12-31"');
    expect(page.text).toContain('value="14"');
    expect(page.text).toContain("Impostazioni di conservazione salvate.");

    expect((await save({ retainUntil: "", draftDays: "" })).status).toBe(303);
    expect(findSettings(t.db, "prova")).toMatchObject({ retainUntil: null, draftDays: null });
  });

  it("refuses bad values with messages tied to the fields, and saves nothing", async () => {
    const res = await save({ retainUntil: "31/12/2031", draftDays: "0" });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="e-retainUntil"');
    expect(res.text).toContain("Scriva un numero intero di giorni da 1 a 365");
    expect(res.text).toContain('value="31/12/2031"');
    expect(findSettings(t.db, "prova")).toBeUndefined();
    expect((await save({})).status).toBe(422);
  });

  it("new drafts last the administrator's draft days", async () => {
    saveSettings(t.db, "prova", { draftDays: 3 });
    const r = new Respondent(t.app, "prova");
    await r.start();
    await r.answer({ eta: "18_44", quartiere: "centro" });
    const draft = findDraft(t.db, r.token)!;
    expect(Date.parse(draft.expiresAt) - Date.parse(draft.startedAt)).toBe(3 * 86_400_000);
  });
});

import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { publishSurveys } from "../../src/storage/sqlite-surveys.js";
import { createApp } from "../../src/app.js";
import { openDatabase } from "../../src/db/client.js";
import { createAccessCodes } from "../../src/storage/sqlite-access-codes.js";
import { findDraft } from "../../src/storage/sqlite-drafts.js";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { staffResponseTimes } from "../../src/responses/staff-time.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry } from "../../src/surveys/registry.js";
import { FIXTURE_SURVEYS, TEST_CONFIG } from "../helpers/app.js";
import { Respondent } from "../helpers/respondent.js";

function appOn(path: string, clock: { now: Date }) {
  const db = openDatabase(path);
  const surveys = [...loadDefinitions(FIXTURE_SURVEYS).surveys.values()];
  publishSurveys(db, surveys);
  const app = createApp({ db, registry: createRegistry(surveys), config: TEST_CONFIG, now: () => clock.now });
  return { app, db };
}

/** Every text in every row of every table: what a backup or an admin on the server can read. */
function everything(db: ReturnType<typeof openDatabase>): string {
  const tables = (
    db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
  ).map((t) => t.name);
  return tables
    .map((t) => JSON.stringify(db.$client.prepare(`SELECT * FROM "${t.replace(/"/g, "")}"`).all()))
    .join("\n");
}

describe("staff anonymity in what is stored", () => {
  it("a staff response keeps the day and the duration in whole minutes, never the moment; its tombstone the day only", async () => {
    const clock = { now: new Date("2026-03-10T08:13:27.123Z") };
    const { app, db } = appOn(":memory:", clock);
    const [code] = createAccessCodes(db, "personale_prova", 1);
    const r = new Respondent(app, "personale_prova", { code });
    await r.start();
    clock.now = new Date("2026-03-10T08:20:41.555Z");
    await r.answer({ area: "tributi" });
    // While open, the draft keeps its start to the minute only.
    expect(findDraft(db, r.token)!.startedAt).toBe("2026-03-10T08:13:00.000Z");
    await r.answer({ "gravita/tari": "4", "gravita/imu": "2" });
    clock.now = new Date("2026-03-10T08:31:05.456Z");
    await r.submitFromSummary();
    expect(r.path).toMatch(/grazie$/);
    const [response] = listResponses(db, "personale_prova");
    // Sent on 10 March (Rome); 08:13 → 08:31 is 18 minutes.
    expect(response.submittedAt).toBe("2026-03-10T12:00:00.000Z");
    expect(response.startedAt).toBe("2026-03-10T11:42:00.000Z");
    const tombstone = db.$client.prepare("SELECT * FROM drafts WHERE token = ?").get(r.token) as Record<
      string,
      unknown
    >;
    expect(tombstone).toMatchObject({
      submitted: 1,
      code_hash: null,
      answers: "{}",
      started_at: "2026-03-10T12:00:00.000Z",
      updated_at: "2026-03-10T12:00:00.000Z",
    });
    expect(String(tombstone.expires_at)).toMatch(/T23:59:59\.999Z$/);
    // No stored text holds the real minutes of the start or of sending.
    const stored = everything(db);
    for (const moment of ["08:13", "08:20", "08:31", "09:13", "09:31"])
      expect(stored).not.toContain(`2026-03-10T${moment}`);
  });

  it("a citizen response keeps its times (no code, nothing to protect against)", async () => {
    const clock = { now: new Date("2026-03-10T08:13:27.123Z") };
    const { app, db } = appOn(":memory:", clock);
    const r = new Respondent(app, "prova");
    await r.start();
    const pages: Record<string, string>[] = [
      { eta: "18_44", quartiere: "centro" },
      { usati: "cie" },
      { "soddisfazione/cie": "9" },
      { "classifica/1": "cie", "classifica/2": "imu", orari: "sabato" },
      {},
    ];
    for (const fields of pages) await r.answer(fields);
    clock.now = new Date("2026-03-10T08:31:05.456Z");
    await r.submitFromSummary();
    expect(listResponses(db, "prova")[0]).toMatchObject({
      startedAt: "2026-03-10T08:13:27.123Z",
      submittedAt: "2026-03-10T08:31:05.456Z",
    });
  });

  it("the day is the Italian one, also near midnight and across the change of time", () => {
    expect(staffResponseTimes("2026-03-10T22:50:00.000Z", new Date("2026-03-10T23:10:00.000Z"))).toEqual({
      submittedAt: "2026-03-11T12:00:00.000Z",
      startedAt: "2026-03-11T11:40:00.000Z",
    });
    expect(staffResponseTimes("2026-07-01T21:30:00.000Z", new Date("2026-07-01T22:30:00.000Z")).submittedAt).toBe(
      "2026-07-02T12:00:00.000Z",
    );
    expect(staffResponseTimes("2026-07-01T10:00:00.000Z", new Date("2026-07-01T10:00:20.000Z")).startedAt).toBe(
      "2026-07-01T12:00:00.000Z",
    );
  });

  it("secure_delete is on, and after a staff response the WAL is checkpointed and emptied", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "anon-")), "db.sqlite");
    const clock = { now: new Date("2026-03-10T08:13:27.123Z") };
    const { app, db } = appOn(path, clock);
    expect(db.$client.pragma("secure_delete", { simple: true })).toBe(1);
    const [code] = createAccessCodes(db, "personale_prova", 1);
    const r = new Respondent(app, "personale_prova", { code });
    await r.start();
    await r.answer({ area: "tributi" });
    await r.answer({ "gravita/tari": "4", "gravita/imu": "2" });
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    await r.submitFromSummary();
    expect(r.path).toMatch(/grazie$/);
    expect(statSync(`${path}-wal`).size).toBe(0);
    expect(listResponses(db, "personale_prova")).toHaveLength(1);
    db.$client.close();
  });
});

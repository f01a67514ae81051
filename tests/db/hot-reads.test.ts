import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { findSettings, saveSettings } from "../../src/storage/sqlite-surveys.js";
import { openDatabase } from "../../src/db/client.js";
import { surveySettings } from "../../src/db/schema.js";
import { EXAMPLE_ENTE_FILE } from "../../src/ente/load.js";
import { findEnteRow, loadEnte, saveEnte, seedEnte } from "../../src/storage/sqlite-ente.js";
import { openDraftsCount } from "../../src/storage/sqlite-drafts.js";

// The reads every citizen's page makes (the ente, a survey's settings) use statements prepared once
// and parse the ente again only when it changed: they must still see every change, from any connection.
describe("reads made at every page", () => {
  it("the ente: the same object while unchanged, the new values as soon as another connection saves them", () => {
    const path = join(mkdtempSync(join(tmpdir(), "hot-reads-")), "db.sqlite");
    const server = openDatabase(path);
    const cli = openDatabase(path);
    try {
      seedEnte(server, EXAMPLE_ENTE_FILE);
      const before = loadEnte(server);
      expect(loadEnte(server)).toBe(before);
      expect(Object.isFrozen(before)).toBe(true);
      const { example: _e, stemmaType: _t, stemmaVersion: _v, ...fields } = before;
      saveEnte(
        cli,
        { ...fields, name: "Comune di Altrove" },
        "admin",
        new Date(Date.parse(findEnteRow(cli)!.updatedAt) + 1000),
      );
      const after = loadEnte(server);
      expect(after).not.toBe(before);
      expect(after).toMatchObject({ name: "Comune di Altrove", example: false, stemmaType: null });
      // A save that changes only the example mark is seen too (same text, same time would be the same ente).
      expect(findEnteRow(server)).toMatchObject({ example: false, updatedBy: "admin" });
    } finally {
      server.$client.close();
      cli.$client.close();
    }
  });

  it("a survey's settings: the same row drizzle reads, every column, or nothing", () => {
    const db = openDatabase(":memory:");
    expect(findSettings(db, "prova")).toBeUndefined();
    saveSettings(db, "prova", {
      status: "open",
      opensAt: "2026-01-01T00:00:00.000Z",
      closesAt: "2026-02-01T00:00:00.000Z",
      draftDays: 12,
      retainUntil: "2027-01-01",
    });
    const viaDrizzle = db.select().from(surveySettings).where(eq(surveySettings.surveyId, "prova")).get();
    expect(findSettings(db, "prova")).toStrictEqual(viaDrizzle);
    saveSettings(db, "prova", { status: "closed", draftDays: null });
    expect(findSettings(db, "prova")).toMatchObject({
      status: "closed",
      draftDays: null,
      opensAt: "2026-01-01T00:00:00.000Z",
    });
  });

  it("the count of open drafts at every start reads one survey's part of an index, not every draft", () => {
    const db = openDatabase(":memory:");
    const { sql, params } = openDraftsCount(db, "cittadini", new Date()).toSQL();
    const plan = db.$client
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params.map((p) => (typeof p === "boolean" ? Number(p) : p))) as { detail: string }[];
    expect(plan.map((step) => step.detail)).toEqual([
      expect.stringMatching(
        /^SEARCH drafts USING COVERING INDEX drafts_open \(survey_id=\? AND submitted=\? AND expires_at>\?\)$/,
      ),
    ]);
  });
});

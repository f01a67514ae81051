import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { answeredKeys, deleteResponse, findResponse } from "../../src/storage/sqlite-browse.js";
import { insertResponse, listResponses } from "../../src/storage/sqlite-responses.js";

const MIGRATION = "0012_response_answers_json";

/** A database file brought to the migration before `MIGRATION`, as an installation of last month has it. */
function databaseBefore(): string {
  const dir = mkdtempSync(join(tmpdir(), "answers-migration-"));
  const folder = join(dir, "migrations");
  cpSync("migrations", folder, { recursive: true });
  const journalPath = join(folder, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === MIGRATION);
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalPath, JSON.stringify(journal));
  const path = join(dir, "db.sqlite");
  const client = new SQLite(path);
  migrate(drizzle({ client }), { migrationsFolder: folder });
  const response = client.prepare(
    "INSERT INTO responses (id, survey_id, survey_version, channel, lang, submitted_at, cell_key) VALUES (?, 'prova', 1, 'web', 'it', ?, 7)",
  );
  const answer = client.prepare("INSERT INTO answers (response_id, key, value) VALUES (?, ?, ?)");
  response.run("r1", "2026-11-01T10:00:00.000Z");
  // Inserted out of order, with a text that JSON must escape: the migration sorts and quotes.
  answer.run("r1", "volte/anagrafe", "3");
  answer.run("r1", "eta", "30_44");
  answer.run("r1", "commento", 'Sportello "unico", grazie\nA capo è ok');
  response.run("r2", "2026-11-02T10:00:00.000Z");
  answer.run("r2", "eta", "65_plus");
  // A row with no answers at all (never stored by the product, but the migration must not lose it).
  response.run("r3", "2026-11-03T10:00:00.000Z");
  client.close();
  return path;
}

describe("answers stored as one JSON object per response (migration 0012)", () => {
  it("carries every answer of a database from before it over, keys in sorted order, and drops the old table", () => {
    const db = openDatabase(databaseBefore());
    try {
      const stored = listResponses(db, "prova");
      expect(stored.map((r) => [r.id, r.answers, r.cellKey])).toEqual([
        ["r1", { commento: 'Sportello "unico", grazie\nA capo è ok', eta: "30_44", "volte/anagrafe": "3" }, 7],
        ["r2", { eta: "65_plus" }, 7],
        ["r3", {}, 7],
      ]);
      expect(Object.keys(stored[0].answers)).toEqual(["commento", "eta", "volte/anagrafe"]);
      const tables = db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      expect(tables).not.toContain("answers");
      expect([...answeredKeys(db, "prova")].sort()).toEqual(["commento", "eta", "volte/anagrafe"]);
    } finally {
      db.$client.close();
    }
  });

  it("stores new answers sorted by key, reads them back whole and erases them with their response", () => {
    const db = openDatabase(":memory:");
    try {
      const at = "2026-12-01T09:00:00.000Z";
      const base = {
        surveyId: "prova",
        surveyVersion: 1,
        channel: "web",
        lang: "it",
        startedAt: at,
        submittedAt: at,
      } as const;
      insertResponse(db, { ...base, id: "a", answers: { zeta: "1", alfa: "é\u0000\ud83d\ude00", "m/x": "" } });
      const raw = db.$client.prepare("SELECT answers FROM responses WHERE id = 'a'").pluck().get();
      expect(raw).toBe(JSON.stringify({ alfa: "é\u0000\ud83d\ude00", "m/x": "", zeta: "1" }));
      expect(findResponse(db, "a")?.answers).toEqual({ zeta: "1", alfa: "é\u0000\ud83d\ude00", "m/x": "" });
      expect(deleteResponse(db, "a")).toBe(true);
      expect(findResponse(db, "a")).toBeUndefined();
      expect(answeredKeys(db, "prova").size).toBe(0);
    } finally {
      db.$client.close();
    }
  });
});

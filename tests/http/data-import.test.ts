import Papa from "papaparse";
import request from "supertest";
import { beforeEach, describe, expect, it } from "vitest";
import { listAudit } from "../../src/storage/sqlite-audit.js";
import { importResponsesCsv } from "../../src/admin/import.service.js";
import { countResponses } from "../../src/storage/sqlite-responses.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";
import { download, importCsv, type Session } from "../helpers/data.js";
import { recordSample, SAMPLE_ANSWERS } from "../helpers/responses.js";
import { createSqliteStorage } from "../../src/storage/sqlite.js";

let t: TestApp;
let admin: Session;
let storedId: string;

/** A file exported from another database with these four responses. */
async function exportedRows(): Promise<{ header: string[]; rows: string[][] }> {
  const other = createTestApp();
  await createUser(other.db, "admin");
  const who = await signIn(other.app, "admin");
  SAMPLE_ANSWERS.forEach((answers, i) =>
    recordSample(other.db, other.registry, answers, { submittedAt: `2026-04-0${i + 1}T10:00:00.000Z` }),
  );
  const { bytes } = await download(other.app, who, "/admin/questionari/prova/esporta.csv");
  const [header, ...rows] = Papa.parse<string[]>(bytes.toString("utf8").slice(1), { skipEmptyLines: true }).data;
  return { header, rows };
}

const csv = (rows: string[][]): string => Papa.unparse(rows, { newline: "\n" });

beforeEach(async () => {
  t = createTestApp();
  await createUser(t.db, "admin");
  admin = await signIn(t.app, "admin");
  storedId = recordSample(t.db, t.registry, SAMPLE_ANSWERS[0], { submittedAt: "2026-03-01T10:00:00.000Z" });
});

describe("importing responses", () => {
  it("stores nothing when some rows are bad, and lists each bad row with its number and reason", async () => {
    const { header, rows } = await exportedRows();
    const col = (name: string): number => header.indexOf(name);
    const bad = rows.map((r) => [...r]);
    bad[1][col("channel")] = "fax"; // row 3
    bad[2][col("response_id")] = rows[0][col("response_id")]; // row 4: the same id as row 2
    bad[3][col("eta")] = "99"; // row 5
    const extra = [...rows[1]];
    extra[col("response_id")] = storedId; // row 6: already in the database
    const hidden = [...rows[1]];
    hidden[col("response_id")] = "";
    hidden[col("scuola")] = "si"; // row 7: figli is 0, so scuola is not asked
    const badDate = [...rows[1]];
    badDate[col("response_id")] = "";
    badDate[col("submitted_at")] = "31/03/2026"; // row 8
    const badVersion = [...rows[1]];
    badVersion[col("response_id")] = "";
    badVersion[col("survey_version")] = "7"; // row 9
    const badRanking = [...rows[1]];
    badRanking[col("response_id")] = "";
    badRanking[col("classifica")] = "imu imu"; // row 10
    const short = rows[1].slice(0, 5); // row 11
    const missingRow = [...rows[0]];
    missingRow[col("response_id")] = "";
    missingRow[col("soddisfazione/cie")] = ""; // row 12: a required matrix row left empty

    const res = await importCsv(
      t.app,
      admin,
      "prova",
      csv([header, ...bad, extra, hidden, badDate, badVersion, badRanking, short, missingRow]),
    );
    expect(res.status).toBe(422);
    expect(countResponses(t.db, "prova")).toBe(1);
    expect(res.text).toContain("Nessuna risposta è stata importata");
    const items = [...res.text.matchAll(/<li><strong>Riga (\d+)<\/strong>: ([^<]*)<\/li>/g)].map((m) => [
      Number(m[1]),
      m[2],
    ]);
    expect(items).toEqual([
      [3, "channel «fax» non è tra web, kiosk, paper, import"],
      [4, "response_id ripetuto: compare già alla riga 2"],
      [5, "colonna «eta»: Scelga una delle risposte proposte."],
      [6, "response_id già presente: questa risposta è già stata registrata"],
      [
        7,
        "colonna «scuola»: questa risposta non è prevista (la domanda non è posta con le risposte date, o non esiste nella versione 1)",
      ],
      [8, "submitted_at «31/03/2026» non è una data e ora ISO 8601 (ad esempio 2025-03-31T10:15:00Z)"],
      [9, "la versione 7 del questionario non è mai stata pubblicata"],
      [10, "colonna «classifica»: Ogni voce può comparire una sola volta nella classifica."],
      [11, `la riga ha 5 campi invece di ${header.length}`],
      [12, "colonna «soddisfazione/cie»: Risponda per ogni riga."],
    ]);
    expect(listAudit(t.db).some((e) => e.action === "risposte.importate")).toBe(false);
  });

  it("refuses a file with an unknown column, naming it", async () => {
    const { header, rows } = await exportedRows();
    const res = await importCsv(t.app, admin, "prova", csv([[...header, "colore"], ...rows.map((r) => [...r, "blu"])]));
    expect(res.status).toBe(422);
    expect(res.text).toContain("la colonna «colore» non corrisponde a nessuna domanda del questionario");
    expect(countResponses(t.db, "prova")).toBe(1);
  });

  it("lists the first 200 problems and counts the others", async () => {
    const { header, rows } = await exportedRows();
    const bad = Array.from({ length: 230 }, () => {
      const r = [...rows[1]];
      r[header.indexOf("response_id")] = "";
      r[header.indexOf("channel")] = "telefono";
      return r;
    });
    const res = await importCsv(t.app, admin, "prova", csv([header, ...bad]));
    expect(res.status).toBe(422);
    expect([...res.text.matchAll(/<li><strong>Riga /g)]).toHaveLength(200);
    expect(res.text).toContain("Riga 201</strong>");
    expect(res.text).not.toContain("Riga 202</strong>");
    expect(res.text).toContain("E altri <strong>30</strong> problemi non elencati.");
  });

  it("gives a new random id to a row without response_id, and accepts a file without BOM, with CRLF and without optional columns", async () => {
    const header = [
      "response_id",
      "survey_version",
      "channel",
      "submitted_at",
      "eta",
      "quartiere",
      "usati",
      "usati/other",
      "classifica",
      "orari",
    ];
    const text = `${header.join(",")}\r\n,1,paper,2026-03-05T09:00:00+01:00,18_44,centro,other,Biblioteca,cie tari,mattina\r\n`;
    const res = await importCsv(t.app, admin, "prova", text);
    expect(res.status, res.text.slice(0, 3000)).toBe(303);
    const row = t.db.$client
      .prepare("select id, channel, submitted_at, started_at from responses where id <> ?")
      .get(storedId) as Record<string, string>;
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    // An imported row has no measured duration: no start time (it was set to the submission time, a zero duration).
    expect(row).toMatchObject({ channel: "paper", submitted_at: "2026-03-05T08:00:00.000Z", started_at: null });
  });

  it("answers an empty form or an unreadable file with a message", async () => {
    const empty = await importCsv(t.app, admin, "prova", "  ");
    expect(empty.status).toBe(422);
    expect(empty.text).toContain("Incolli il contenuto del file CSV nel riquadro.");
    const unreadable = await importCsv(t.app, admin, "prova", 'response_id,survey_version\n"aperta,1\n');
    expect(unreadable.status).toBe(422);
    expect(unreadable.text).toContain("il testo CSV non è leggibile");
    const headerOnly = await importCsv(t.app, admin, "prova", "response_id,survey_version,channel,submitted_at\n");
    expect(headerOnly.status).toBe(422);
    expect(headerOnly.text).toContain("il file non contiene risposte");
  });

  it("takes a large file from an admin, and keeps the small body limit for everyone else", async () => {
    const { header, rows } = await exportedRows();
    const many = Array.from({ length: 3000 }, (_, i) => {
      const r = [...rows[i % 4]];
      r[0] = "";
      return r;
    });
    const text = csv([header, ...many]);
    expect(text.length).toBeGreaterThan(400_000);
    const res = await importCsv(t.app, admin, "prova", text);
    expect(res.status, res.text.slice(0, 2000)).toBe(303);
    expect(countResponses(t.db, "prova")).toBe(3001);
    const anonymous = await request(t.app)
      .post("/admin/questionari/prova/importa")
      .type("form")
      .send(`csv=${"x".repeat(200_000)}`);
    expect(anonymous.status).toBe(413);
  });

  it("serves other requests while it checks a large file, and then stores it whole", async () => {
    const { header, rows } = await exportedRows();
    const many = Array.from({ length: 2000 }, (_, i) => {
      const r = [...rows[i % 4]];
      r[0] = "";
      return r;
    });
    let done = false;
    const importing = importResponsesCsv(
      createSqliteStorage(t.db).responses,
      t.registry,
      "prova",
      csv([header, ...many]),
      "admin",
    ).then((result) => {
      done = true;
      return result;
    });
    // The checking gives the event loop back between chunks of rows: other work runs meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    expect((await request(t.app).get("/s/prova")).status).toBe(200);
    expect(await importing).toEqual({ ok: true, count: 2000 });
    expect(countResponses(t.db, "prova")).toBe(2001);
  });

  it("refuses implausible submission times: beyond a day in the future (year 9999 too) or before 2000", async () => {
    const { header, rows } = await exportedRows();
    const col = (name: string): number => header.indexOf(name);
    const dated = (at: string): string[] => {
      const row = [...rows[1]];
      row[col("response_id")] = "";
      row[col("submitted_at")] = at;
      return row;
    };
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    const res = await importCsv(
      t.app,
      admin,
      "prova",
      csv([
        header,
        dated("9999-12-31T10:00:00Z"),
        dated(new Date(Date.now() + 3 * 86_400_000).toISOString()),
        dated("1970-01-01T00:00:00Z"),
        dated(soon),
      ]),
    );
    expect(res.status).toBe(422);
    const items = [...res.text.matchAll(/<li><strong>Riga (\d+)<\/strong>: ([^<]*)<\/li>/g)].map((m) => [
      Number(m[1]),
      m[2],
    ]);
    expect(items.map((x) => x[0])).toEqual([2, 3, 4]);
    expect(items[0][1]).toContain("è nel futuro");
    expect(items[2][1]).toContain("precedente al 2000");
    expect(countResponses(t.db, "prova")).toBe(1);
    // Within a day ahead (a clock slightly off) is accepted.
    expect((await importCsv(t.app, admin, "prova", csv([header, dated(soon)]))).status).toBe(303);
  });
});

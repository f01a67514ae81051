import Papa from "papaparse";
import request from "supertest";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { listAudit } from "../../src/storage/sqlite-audit.js";
import { countResponses, listResponses } from "../../src/storage/sqlite-responses.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";
import { download, importCsv, type Session } from "../helpers/data.js";
import { recordSample, SAMPLE_ANSWERS } from "../helpers/responses.js";

const BOM = "\uFEFF";
let source: TestApp;
let admin: Session;

async function withAdmin(t: TestApp): Promise<Session> {
  await createUser(t.db, "admin");
  return signIn(t.app, "admin");
}

function parse(bytes: Buffer): string[][] {
  const text = bytes.toString("utf8");
  expect(text.startsWith(BOM)).toBe(true);
  return Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
}

beforeEach(async () => {
  source = createTestApp();
  admin = await withAdmin(source);
  SAMPLE_ANSWERS.forEach((answers, i) =>
    recordSample(source.db, source.registry, answers, {
      submittedAt: `2026-03-0${i + 1}T10:00:00.000Z`,
      channel: (["web", "paper", "kiosk", "web"] as const)[i],
    }),
  );
  recordSample(source.db, source.registry, SAMPLE_ANSWERS[2], {
    submittedAt: "2026-03-09T08:00:00.000Z",
    synthetic: true,
  });
});

describe("export → import into an empty database → export", () => {
  it("gives identical files", async () => {
    const first = await download(source.app, admin, "/admin/questionari/prova/esporta.csv");
    expect(first.status).toBe(200);
    expect(first.type).toBe("text/csv; charset=utf-8");
    expect(first.disposition).toBe("attachment; filename=prova-risposte.csv");

    const target = createTestApp();
    const targetAdmin = await withAdmin(target);
    const imported = await importCsv(target.app, targetAdmin, "prova", first.bytes.toString("utf8"));
    expect(imported.status, imported.text.slice(0, 4000)).toBe(303);
    expect(imported.headers.location).toBe("/admin/questionari/prova/dati?importate=5");
    expect(countResponses(target.db, "prova")).toBe(5);

    const second = await download(target.app, targetAdmin, "/admin/questionari/prova/esporta.csv");
    expect(second.bytes.equals(first.bytes)).toBe(true);
    // The stored responses are the same too, ids, channels and times included.
    const strip = (rows: ReturnType<typeof listResponses>) =>
      rows.map(({ id, channel, submittedAt, synthetic, answers }) => ({
        id,
        channel,
        submittedAt,
        synthetic,
        answers,
      }));
    expect(strip(listResponses(target.db, "prova"))).toEqual(strip(listResponses(source.db, "prova")));
    expect(listAudit(target.db).find((e) => e.action === "risposte.importate")).toMatchObject({
      username: "admin",
      target: "prova",
      details: "5 risposte",
    });
  });

  it("writes the documented format: fixed columns, one column per question or matrix row, neutralised formulas, quoted texts", async () => {
    const { bytes } = await download(source.app, admin, "/admin/questionari/prova/esporta.csv");
    const [header, ...rows] = parse(bytes);
    expect(header.slice(0, 4)).toEqual(["response_id", "survey_version", "channel", "submitted_at"]);
    expect(header).toContain("soddisfazione/certificati");
    expect(header).toContain("usati/other");
    expect(header).not.toContain("soddisfazione/vecchio");
    expect(header.at(-1)).toBe("synthetic");
    expect(rows).toHaveLength(5);
    const cell = (row: string[], column: string): string => row[header.indexOf(column)];
    const [a, b, c, d, simulated] = rows;
    expect(cell(a, "nome_ufficio")).toBe("'=SUM(A1)");
    expect(cell(a, "commento")).toBe('Dice "basta", poi va a capo,\nsecondo rigo; è così');
    expect(cell(a, "usati")).toBe("cie tari other");
    expect(cell(a, "usati/other")).toBe('Biblioteca, "quella nuova"');
    expect(cell(a, "classifica")).toBe("tari cie");
    expect(cell(a, "soddisfazione/tari")).toBe("non_so");
    expect(cell(a, "scuola")).toBe("si");
    expect(cell(b, "scuola")).toBe("");
    expect(cell(b, "commento")).toBe("''apostrofo all'inizio");
    expect(cell(b, "nome_ufficio")).toBe("'-meno code");
    expect(cell(c, "nome_ufficio")).toBe("'+39 02 1234");
    expect(cell(c, "channel")).toBe("kiosk");
    expect(cell(d, "usati/other")).toBe("'@ufficio tecnico");
    expect(cell(a, "submitted_at")).toBe("2026-03-01T10:00:00.000Z");
    expect([a, b, c, d].map((r) => cell(r, "synthetic"))).toEqual(["0", "0", "0", "0"]);
    expect(cell(simulated, "synthetic")).toBe("1");
    // The raw text: quotes doubled inside a quoted cell, the line break kept inside it.
    expect(bytes.toString("utf8")).toContain('"Dice ""basta"", poi va a capo,\nsecondo rigo; è così"');
  });

  it("has no synthetic column when there are no synthetic responses", async () => {
    const { bytes } = await download(source.app, admin, "/admin/questionari/prova/esporta.csv?simulati=no");
    const [header, ...rows] = parse(bytes);
    expect(header).not.toContain("synthetic");
    expect(rows).toHaveLength(4);
  });

  it("exports with the filters of the responses browser: channel, days (Italian time), synthetic", async () => {
    const ids = async (query: string): Promise<string[]> => {
      const { bytes } = await download(source.app, admin, `/admin/questionari/prova/esporta.csv?${query}`);
      return parse(bytes)
        .slice(1)
        .map((r) => r[3]);
    };
    expect(await ids("canale=web")).toEqual([
      "2026-03-01T10:00:00.000Z",
      "2026-03-04T10:00:00.000Z",
      "2026-03-09T08:00:00.000Z",
    ]);
    expect(await ids("dal=2026-03-02&al=2026-03-03")).toEqual(["2026-03-02T10:00:00.000Z", "2026-03-03T10:00:00.000Z"]);
    expect(await ids("simulati=si")).toEqual(["2026-03-09T08:00:00.000Z"]);
    expect(await ids("canale=web&simulati=no&dal=2026-03-02")).toEqual(["2026-03-04T10:00:00.000Z"]);
    // 23:30 UTC on 4 March is already 5 March in Italy.
    recordSample(source.db, source.registry, SAMPLE_ANSWERS[1], { submittedAt: "2026-03-04T23:30:00.000Z" });
    expect(await ids("dal=2026-03-05&al=2026-03-05")).toEqual(["2026-03-04T23:30:00.000Z"]);
  });

  it("refuses a bad filter with a message, not a file", async () => {
    const res = await request(source.app)
      .get("/admin/questionari/prova/esporta.csv?dal=31/12/2025&canale=fax")
      .set("Cookie", admin.cookie);
    expect(res.status).toBe(422);
    expect(res.text).toContain("Scriva una data nel formato aaaa-mm-gg");
    expect(res.text).toContain("Scelga un canale dall&#39;elenco.");
  });

  it("streams: 5,000 responses read in chunks of rows, every row right", async () => {
    const t = createTestApp();
    const who = await withAdmin(t);
    const start = Date.parse("2026-01-01T00:00:00.000Z");
    t.db.transaction((tx) => {
      for (let i = 0; i < 5000; i++)
        recordSample(tx, t.registry, SAMPLE_ANSWERS[i % 4], {
          submittedAt: new Date(start + i * 60_000).toISOString(),
        });
    });
    const statement = Object.getPrototypeOf(t.db.$client.prepare("select 1")) as {
      all: (...args: unknown[]) => unknown;
    };
    const all = vi.spyOn(statement, "all");
    const { status, bytes } = await download(t.app, who, "/admin/questionari/prova/esporta.csv");
    expect(status).toBe(200);
    // Keyset chunks of 500: never the whole table in one read.
    const chunks = all.mock.contexts.filter((s) => /from "responses".*limit/is.test((s as { source: string }).source));
    expect(chunks.length).toBeGreaterThanOrEqual(10);
    all.mockRestore();
    const [header, ...rows] = parse(bytes);
    expect(rows).toHaveLength(5000);
    const stored = listResponses(t.db, "prova");
    rows.forEach((row, i) => {
      expect(row[0]).toBe(stored[i].id);
      expect(row[3]).toBe(new Date(start + i * 60_000).toISOString());
      const answers = Object.fromEntries(
        header
          .slice(4)
          .map((k, j) => [k, row[j + 4]])
          .filter(([, v]) => v !== "")
          .map(([k, v]) => [k, v.startsWith("'") ? v.slice(1) : v]),
      );
      expect(answers).toEqual(stored[i].answers);
    });
    expect(listAudit(t.db)[0]).toMatchObject({
      action: "risposte.esportate",
      target: "prova",
      details: "5000 risposte",
    });
  });
});

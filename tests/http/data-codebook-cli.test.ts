import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { exportCommand } from "../../src/cli/export.js";
import { importCommand } from "../../src/cli/import.js";
import { loadConfig } from "../../src/config.js";
import { countResponses } from "../../src/storage/sqlite-responses.js";
import { createTestApp, FIXTURE_SURVEYS } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";
import { download } from "../helpers/data.js";
import { recordSample, SAMPLE_ANSWERS } from "../helpers/responses.js";

describe("the codebook", () => {
  it("describes each CSV column as a page and as a CSV in the same order as the response CSV", async () => {
    const t = createTestApp();
    await createUser(t.db, "analyst");
    const who = await signIn(t.app, "analyst");
    recordSample(t.db, t.registry, SAMPLE_ANSWERS[0], { submittedAt: "2026-03-01T10:00:00.000Z" });
    const page = await request(t.app).get("/admin/questionari/prova/codebook").set("Cookie", who.cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain("<caption>Colonne del file CSV delle risposte a «Questionario di prova»</caption>");
    expect(page.text).toContain("<code>soddisfazione/cie</code>");
    expect(page.text).toContain("Quanto è soddisfatto di ciascun servizio? — Carta d&#39;identità elettronica");

    const codebook = await download(t.app, who, "/admin/questionari/prova/codebook.csv");
    const [header, ...rows] = Papa.parse<string[]>(codebook.bytes.toString("utf8").slice(1), {
      skipEmptyLines: true,
    }).data;
    expect(header).toEqual([
      "column",
      "question",
      "type",
      "label_it",
      "label_en",
      "values_it",
      "values_en",
      "note",
      "analysis_role",
      "versions",
    ]);
    const exported = await download(t.app, who, "/admin/questionari/prova/esporta.csv");
    const csvHeader = Papa.parse<string[]>(exported.bytes.toString("utf8").slice(1)).data[0];
    // The codebook also describes "synthetic", which the export adds only when there are simulated responses.
    expect(rows.map((r) => r[0])).toEqual([...csvHeader, "synthetic"]);
    const eta = rows.find((r) => r[0] === "eta")!;
    expect(eta).toEqual([
      "eta",
      "eta",
      "single",
      "Quanti anni ha?",
      "How old are you?",
      "18_44=Da 18 a 44 anni | 45_64=Da 45 a 64 anni | 65_plus=65 anni o più",
      "18_44=18 to 44 | 45_64=45 to 64 | 65_plus=65 or over",
      "",
      "weighting",
      "1",
    ]);
    expect(rows.find((r) => r[0] === "classifica")![7]).toBe(
      "fino a 3 valori separati da uno spazio, in ordine di preferenza",
    );
  });
});

describe("the command line", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "sportello-cli-"));
    vi.spyOn(console, "error").mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });
  const configFor = (name: string) => loadConfig({ DATABASE_PATH: join(dir, name), SURVEYS_DIR: FIXTURE_SURVEYS });

  it("export → import into an empty database → export gives identical files", async () => {
    const source = createTestApp(FIXTURE_SURVEYS, join(dir, "a.db"));
    SAMPLE_ANSWERS.forEach((answers, i) =>
      recordSample(source.db, source.registry, answers, {
        submittedAt: `2026-03-0${i + 1}T10:00:00.000Z`,
        synthetic: i === 3,
      }),
    );
    source.db.$client.close();

    expect(await exportCommand(["--survey", "prova", "--out", join(dir, "a.csv")], configFor("a.db"))).toBe(0);
    expect(await importCommand(["--survey", "prova", "--file", join(dir, "a.csv")], configFor("b.db"))).toBe(0);
    expect(await exportCommand(["--survey", "prova", "--out", join(dir, "b.csv")], configFor("b.db"))).toBe(0);
    const a = readFileSync(join(dir, "a.csv"));
    expect(a.toString("utf8")).toContain("'=SUM(A1)");
    expect(readFileSync(join(dir, "b.csv")).equals(a)).toBe(true);
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining("il file contiene dati simulati"));

    // Importing the same file again: every row is already there, nothing is stored twice.
    expect(await importCommand(["--survey", "prova", "--file", join(dir, "a.csv")], configFor("b.db"))).toBe(1);
    expect(console.error).toHaveBeenCalledWith(
      "  riga 2: response_id già presente: questa risposta è già stata registrata",
    );
    const check = createTestApp(FIXTURE_SURVEYS, join(dir, "b.db"));
    expect(countResponses(check.db, "prova")).toBe(4);
    check.db.$client.close();
  });

  it("exports with filters and refuses bad options", async () => {
    const source = createTestApp(FIXTURE_SURVEYS, join(dir, "a.db"));
    recordSample(source.db, source.registry, SAMPLE_ANSWERS[0], {
      submittedAt: "2026-03-01T10:00:00.000Z",
      channel: "paper",
    });
    recordSample(source.db, source.registry, SAMPLE_ANSWERS[1], { submittedAt: "2026-03-02T10:00:00.000Z" });
    source.db.$client.close();
    expect(
      await exportCommand(["--survey", "prova", "--out", join(dir, "p.csv"), "--channel", "paper"], configFor("a.db")),
    ).toBe(0);
    expect(Papa.parse(readFileSync(join(dir, "p.csv"), "utf8").slice(1), { skipEmptyLines: true }).data).toHaveLength(
      2,
    );
    expect(
      await exportCommand(["--survey", "prova", "--out", join(dir, "x.csv"), "--from", "ieri"], configFor("a.db")),
    ).toBe(2);
    expect(await exportCommand(["--survey", "nessuno", "--out", join(dir, "x.csv")], configFor("a.db"))).toBe(2);
    expect(await exportCommand(["--survey", "prova"], configFor("a.db"))).toBe(2);
    writeFileSync(
      join(dir, "bad.csv"),
      "response_id,survey_version,channel,submitted_at,colore\n,1,web,2026-03-01T10:00:00Z,blu\n",
    );
    expect(await importCommand(["--survey", "prova", "--file", join(dir, "bad.csv")], configFor("a.db"))).toBe(1);
    expect(console.error).toHaveBeenCalledWith(
      "  riga 1: la colonna «colore» non corrisponde a nessuna domanda del questionario",
    );
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { demoCommand } from "../../src/cli/demo.js";
import { loadConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/client.js";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import type { StoredResponse } from "../../src/responses/records.js";
import { createTestApp, SHIPPED_SURVEYS, type TestApp } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";
import { download, type Session } from "../helpers/data.js";

const dir = mkdtempSync(join(tmpdir(), "demo-cli-"));
const config = (name: string) => loadConfig({ DATABASE_PATH: join(dir, name), SURVEYS_DIR: SHIPPED_SURVEYS });

async function quietly(run: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const code = await run();
    return { code, out: log.mock.calls.flat().join("\n"), err: error.mock.calls.flat().join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

function stored(name: string): { cittadini: StoredResponse[]; personale: StoredResponse[] } {
  const db = openDatabase(join(dir, name));
  try {
    return { cittadini: listResponses(db, "cittadini"), personale: listResponses(db, "personale") };
  } finally {
    db.$client.close();
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run cli -- demo", () => {
  it("stores N citizens and M staff as synthetic responses, through the same checks as a submission", async () => {
    const run = await quietly(() => demoCommand(["--citizens", "120", "--staff", "15", "--seed", "5"], config("a.db")));
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain("cittadini: 120 risposte simulate salvate");
    expect(run.out).toContain("personale: 15 risposte simulate salvate");
    const { cittadini, personale } = stored("a.db");
    expect(cittadini).toHaveLength(120);
    expect(personale).toHaveLength(15);
    expect([...cittadini, ...personale].every((r) => r.synthetic)).toBe(true);
    expect(new Set(cittadini.map((r) => r.channel))).toEqual(new Set(["web", "kiosk", "paper"]));
  });

  it("agrees the words with the number: one response is «1 risposta simulata», in the output and in the audit log", async () => {
    const run = await quietly(() => demoCommand(["--citizens", "1", "--staff", "2", "--seed", "8"], config("one.db")));
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain("cittadini: 1 risposta simulata salvata");
    expect(run.out).toContain("personale: 2 risposte simulate salvate");
    const db = openDatabase(join(dir, "one.db"));
    try {
      const details = db.$client
        .prepare<[], { details: string }>(
          "SELECT details FROM audit_log WHERE action = 'dati_simulati.generati' ORDER BY target",
        )
        .all()
        .map((r) => r.details);
      expect(details).toEqual([
        expect.stringMatching(/^1 risposta simulata; /),
        expect.stringMatching(/^2 risposte simulate; /),
      ]);
    } finally {
      db.$client.close();
    }
    // The same seed again: refused, in words that agree with the one response already there.
    await expect(
      quietly(() => demoCommand(["--citizens", "1", "--staff", "0", "--seed", "8"], config("one.db"))),
    ).rejects.toThrow("1 risposta simulata con questo seme è già nel database");
  });

  it("is deterministic: the same seed into two databases gives the same answers, metadata and ids", async () => {
    for (const name of ["b.db", "c.db"])
      expect(
        (await quietly(() => demoCommand(["--citizens", "80", "--staff", "10", "--seed", "99"], config(name)))).code,
      ).toBe(0);
    const b = stored("b.db");
    const c = stored("c.db");
    expect(b.cittadini).toHaveLength(80);
    // The disclosure control's record key is drawn at random when a response is stored, synthetic or not
    // (it must never follow from anything else): everything else is the seed's.
    const withoutKey = (s: typeof b) =>
      Object.fromEntries(
        Object.entries(s).map(([id, rows]) => [
          id,
          rows.map(({ cellKey, ...rest }) => (expect(cellKey).toEqual(expect.any(Number)), rest)),
        ]),
      );
    expect(withoutKey(c)).toEqual(withoutKey(b));
    await quietly(() => demoCommand(["--citizens", "80", "--staff", "10", "--seed", "100"], config("d.db")));
    expect(stored("d.db").cittadini.map((r) => r.answers)).not.toEqual(b.cittadini.map((r) => r.answers));
  });

  it("refuses bad options and a seed already used in the same database, storing nothing", async () => {
    for (const args of [
      ["--citizens", "-1"],
      ["--citizens=-1"],
      ["--citizens", "1e3"],
      ["--colore", "blu"],
      ["--staff", "abc"],
      ["--seed", "99999999999"],
      ["--end", "ieri"],
    ]) {
      const run = await quietly(() => demoCommand(args, config("e.db")));
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.err).toMatch(/Uso: npm run cli -- demo/);
    }
    await expect(
      quietly(() => demoCommand(["--citizens", "30", "--staff", "0", "--seed", "5"], config("a.db"))),
    ).rejects.toThrow(/già nel database.*Nessun dato/);
    expect(stored("a.db").cittadini).toHaveLength(120);
    await expect(quietly(() => demoCommand(["--margins", join(dir, "nessuno.csv")], config("e.db")))).rejects.toThrow(
      /file dei margini/,
    );
  });
});

describe("pages that show synthetic data say «dati simulati»", () => {
  const ALERT = "Questi dati sono simulati (dati simulati): non descrivono risposte reali.";
  let t: TestApp;
  let admin: Session;
  let real: TestApp;
  let realAdmin: Session;

  beforeAll(async () => {
    await quietly(() => demoCommand(["--citizens", "40", "--staff", "5", "--seed", "11"], config("pages.db")));
    t = createTestApp(SHIPPED_SURVEYS, join(dir, "pages.db"));
    await createUser(t.db, "admin");
    admin = await signIn(t.app, "admin");
    real = createTestApp(SHIPPED_SURVEYS);
    await createUser(real.db, "admin");
    realAdmin = await signIn(real.app, "admin");
  });
  afterAll(() => t.db.$client.close());

  it("the admin home, the survey page, the data page, the responses browser and one response", async () => {
    const id = listResponses(t.db, "cittadini")[0].id;
    for (const path of [
      "/admin",
      "/admin/questionari/cittadini",
      "/admin/questionari/cittadini/dati",
      "/admin/questionari/cittadini/risposte",
      `/admin/risposte/${id}`,
    ]) {
      const page = await request(t.app).get(path).set("Cookie", admin.cookie);
      expect(page.status, path).toBe(200);
      expect(page.text, path).toContain(ALERT);
    }
    const survey = await request(t.app).get("/admin/questionari/cittadini").set("Cookie", admin.cookie);
    expect(survey.text).toContain("<strong>40</strong> simulate (dati simulati");
  });

  it("not where there are only real responses", async () => {
    for (const path of [
      "/admin",
      "/admin/questionari/cittadini",
      "/admin/questionari/cittadini/dati",
      "/admin/questionari/cittadini/risposte",
    ]) {
      const page = await request(real.app).get(path).set("Cookie", realAdmin.cookie);
      expect(page.status, path).toBe(200);
      expect(page.text, path).not.toContain(ALERT);
      expect(page.text, path).not.toContain("(dati simulati");
    }
  });

  it("the CSV export marks every synthetic row in its synthetic column", async () => {
    const csv = await download(t.app, admin, "/admin/questionari/cittadini/esporta.csv");
    expect(csv.status).toBe(200);
    const [header, ...rows] = Papa.parse<string[]>(csv.bytes.toString("utf8").slice(1), { skipEmptyLines: true }).data;
    expect(header.at(-1)).toBe("synthetic");
    expect(rows).toHaveLength(40);
    expect(rows.every((r) => r.at(-1) === "1")).toBe(true);
  });
});

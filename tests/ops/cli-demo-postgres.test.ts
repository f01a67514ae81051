import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { writeResponsesCsv } from "../../src/admin/export.service.js";
import { openStorageWithSurveys } from "../../src/cli/open-storage.js";
import { loadConfig } from "../../src/config.js";
import { generateResponses, parseMargins } from "../../src/demo/generator.js";
import { storeSynthetic } from "../../src/responses/synthetic.service.js";
import type { Storage } from "../../src/storage/types.js";
import type { SurveyRegistry } from "../../src/surveys/registry.js";
import { SHIPPED_SURVEYS } from "../helpers/app.js";
import { ENGINES, HAS_POSTGRES, usePostgres } from "../helpers/postgres.js";

/** `npm run cli -- demo` (and `backup`) with DATABASE_URL: on a real PostgreSQL, as an operator runs them. */
const ROOT = join(import.meta.dirname, "../..");
const server = usePostgres();
const dir = mkdtempSync(join(tmpdir(), "sportello-demo-pg-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI in its own process; DATABASE_URL empty means SQLite (DATABASE_PATH). Never rejects: the exit code is the result. */
const cli = (env: { DATABASE_URL: string; DATABASE_PATH?: string }, args: string[]): Promise<Run> =>
  promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_PATH: join(dir, "mai-usato.db"),
      ...env,
      SURVEYS_DIR: SHIPPED_SURVEYS,
      LOG_LEVEL: "silent",
    },
    encoding: "utf8",
    timeout: 120_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: Run) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

const open = (databaseUrl: string, databasePath = join(dir, "mai-usato.db")) =>
  openStorageWithSurveys(
    loadConfig({ DATABASE_URL: databaseUrl, DATABASE_PATH: databasePath, SURVEYS_DIR: SHIPPED_SURVEYS }),
  );

async function csvOf(storage: Storage, registry: SurveyRegistry, surveyId: string): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  await writeResponsesCsv(storage.responses, registry, { surveyId }, out);
  return Buffer.concat(chunks).toString("utf8");
}

async function demoLines(storage: Storage) {
  return (await storage.audit.list())
    .filter((line) => line.action === "dati_simulati.generati")
    .map(({ username, target, details }) => ({ username, target, details }))
    .sort((a, b) => a.target.localeCompare(b.target));
}

const USAGE = /Uso: npm run cli -- demo --citizens N --staff M --seed S/;

describe.skipIf(!HAS_POSTGRES)("the CLI's demo on PostgreSQL", () => {
  it("stores N citizens and M staff, all synthetic, with their audit lines; bad arguments and a used seed store nothing", async () => {
    const url = await server().createDatabase();
    const run = await cli({ DATABASE_URL: url }, ["demo", "--citizens", "40", "--staff", "6", "--seed", "7"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("cittadini: 40 risposte simulate salvate (dati simulati, seme 7).");
    expect(run.stdout).toContain("personale: 6 risposte simulate salvate (dati simulati, seme 7).");

    const counted = async () => {
      const { storage } = await open(url);
      try {
        return {
          cittadini: await storage.responses.countByChannel("cittadini"),
          personale: await storage.responses.countByChannel("personale"),
          lines: await demoLines(storage),
        };
      } finally {
        await storage.close();
      }
    };
    const after = await counted();
    expect(after.cittadini).toMatchObject({ total: 40, synthetic: 40 });
    expect(after.personale).toMatchObject({ total: 6, synthetic: 6 });
    expect(after.lines).toEqual([
      { username: "(riga di comando)", target: "cittadini", details: "40 risposte simulate; seme 7" },
      { username: "(riga di comando)", target: "personale", details: "6 risposte simulate; seme 7" },
    ]);

    for (const args of [
      ["--citizens", "-1"],
      ["--colore", "blu"],
    ]) {
      const bad = await cli({ DATABASE_URL: url }, ["demo", ...args]);
      expect(bad.code, args.join(" ")).toBe(2);
      expect(bad.stderr).toMatch(USAGE);
    }
    const again = await cli({ DATABASE_URL: url }, ["demo", "--citizens", "10", "--staff", "1", "--seed", "7"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/già nel database.*Nessun dato è stato salvato/);
    expect(await counted()).toEqual(after);
  }, 300_000);

  it("gives the same responses on SQLite and on PostgreSQL for the same seed (the CSV export byte for byte)", async () => {
    const url = await server().createDatabase();
    const file = join(dir, "demo.db");
    const args = ["demo", "--citizens", "60", "--staff", "8", "--seed", "42", "--end", "2026-05-31"];
    const runs = await Promise.all([
      cli({ DATABASE_URL: url }, args),
      cli({ DATABASE_URL: "", DATABASE_PATH: file }, args),
    ]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(dir, "mai-usato.db"))).toBe(false);

    const pg = await open(url);
    const sqlite = await open("", file);
    try {
      expect(pg.storage.engine).toBe("postgres");
      expect(sqlite.storage.engine).toBe("sqlite");
      for (const surveyId of ["cittadini", "personale"]) {
        const csv = await csvOf(pg.storage, pg.registry, surveyId);
        expect(csv.trim().split("\n")).toHaveLength(surveyId === "cittadini" ? 61 : 9);
        expect(csv).toBe(await csvOf(sqlite.storage, sqlite.registry, surveyId));
        // What the CSV leaves out (language, start time, the operator of a paper form) is the seed's too;
        // the disclosure control's record key is drawn at random when a response is stored, on either engine.
        const rows = async (storage: Storage) =>
          (await storage.responses.list(surveyId))
            .map((r) => ({
              id: r.id,
              version: r.surveyVersion,
              channel: r.channel,
              lang: r.lang,
              startedAt: r.startedAt,
              submittedAt: r.submittedAt,
              synthetic: r.synthetic,
              enteredBy: r.enteredBy,
              answers: r.answers,
            }))
            .sort((a, b) => (a.id < b.id ? -1 : 1));
        expect(await rows(pg.storage)).toEqual(await rows(sqlite.storage));
      }
      expect(await demoLines(pg.storage)).toEqual(await demoLines(sqlite.storage));
    } finally {
      await pg.storage.close();
      await sqlite.storage.close();
    }
  }, 300_000);

  it("backup with DATABASE_URL says how to use pg_dump and pg_restore, without printing the address, and exits 2", async () => {
    const url = await server().createDatabase();
    const out = join(dir, "copia.db");
    const run = await cli({ DATABASE_URL: url }, ["backup", "--out", out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/pg_dump --format=custom --file=sportello-\d{4}-\d{2}-\d{2}\.dump "\$DATABASE_URL"/);
    expect(run.stderr).toMatch(/pg_restore --clean --if-exists --dbname="\$DATABASE_URL" sportello-/);
    expect(run.stderr).toContain("docs/postgresql.md");
    // The address may carry a password: the advice names the variable, never its value.
    expect(run.stderr).not.toContain(url);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, "mai-usato.db"))).toBe(false);
  }, 120_000);
});

describe.each(ENGINES)("storing synthetic responses on $name", ({ name, available }) => {
  it.skipIf(!available)(
    "is all or nothing: a run that meets one of its responses stored meanwhile keeps none of it",
    async () => {
      const { storage, registry } =
        name === "postgres" ? await open(await server().createDatabase()) : await open("", join(dir, "tutto.db"));
      try {
        const generated = generateResponses({
          seed: 3,
          // More than the 500 per transaction of the earlier batched version: those would have stayed.
          citizens: 600,
          staff: 4,
          citizenSurvey: registry.current("cittadini")!,
          staffSurvey: registry.current("personale")!,
          margins: parseMargins(readFileSync(join(ROOT, "reports/margins/limbiate.csv"), "utf8")),
        });
        // Another run stores the last two responses between this run's check for used ids and its transaction.
        await storeSynthetic(storage.responses, registry, generated.slice(-2), "(prova)", "seme 3");
        const racing = {
          existingIds: () => Promise.resolve([]),
          insertAll: storage.responses.insertAll.bind(storage.responses),
        };
        await expect(storeSynthetic(racing, registry, generated, "(prova)", "seme 3")).rejects.toThrow(
          /Alcune risposte simulate con questo seme sono già nel database.*Nessun dato è stato salvato/,
        );
        expect(await storage.responses.count("cittadini")).toBe(0);
        expect(await storage.responses.count("personale")).toBe(2);
        expect(await demoLines(storage)).toEqual([
          { username: "(prova)", target: "personale", details: "2 risposte simulate; seme 3" },
        ]);
      } finally {
        await storage.close();
      }
    },
    120_000,
  );
});

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { createEngineTestApp, FIXTURE_SURVEYS } from "../helpers/app.js";
import { addUser, getAs, signIn } from "../helpers/auth.js";
import { HAS_POSTGRES, usePostgres } from "../helpers/postgres.js";
import { recordSampleOn, SAMPLE_ANSWERS } from "../helpers/responses.js";

/** `npm run cli -- import`, `export` and `report` with DATABASE_URL: on a real PostgreSQL, as an operator runs them. */
const ROOT = join(import.meta.dirname, "../..");
const server = usePostgres();
const dir = mkdtempSync(join(tmpdir(), "sportello-cli-pg-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (url: string, args: string[]) =>
  promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, SURVEYS_DIR: FIXTURE_SURVEYS, LOG_LEVEL: "silent" },
    encoding: "utf8",
    timeout: 120_000,
  });

describe.skipIf(!HAS_POSTGRES)("the CLI's import and export on PostgreSQL", () => {
  it("imports a CSV exported on SQLite, all or nothing, and exports it back byte for byte", async () => {
    // The CSV as an administrator downloads it from an SQLite installation.
    const sqlite = await createEngineTestApp("sqlite", () => Promise.reject(new Error("SQLite only")));
    let csv: string;
    try {
      for (let i = 0; i < 8; i++)
        await recordSampleOn(sqlite.storage, sqlite.registry, SAMPLE_ANSWERS[i % SAMPLE_ANSWERS.length], {
          submittedAt: new Date(Date.UTC(2026, 2, 2, 9, i)).toISOString(),
        });
      await addUser(sqlite.storage, "admin");
      csv = (await getAs(sqlite.app, await signIn(sqlite.app, "admin"), "/admin/questionari/prova/esporta.csv")).text;
    } finally {
      await sqlite.close();
    }
    const file = join(dir, "risposte.csv");
    writeFileSync(file, csv);
    const url = await server().createDatabase();

    const imported = await cli(url, ["import", "--survey", "prova", "--file", file]);
    expect(imported.stderr).toContain('8 risposte importate in "prova"');
    // execFile rejects on a non-zero exit: the second import is refused whole.
    const again = await cli(url, ["import", "--survey", "prova", "--file", file]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(again).toMatchObject({ code: 1 });
    expect((again as { stderr: string }).stderr).toContain("response_id già presente");

    const out = join(dir, "esportate.csv");
    const exported = await cli(url, ["export", "--survey", "prova", "--out", out]);
    expect(exported.stderr).toContain("8 risposte scritte");
    expect(readFileSync(out, "utf8")).toBe(csv);

    // The giunta's report from the command line, read from PostgreSQL.
    const json = join(dir, "rapporto.json");
    await cli(url, ["report", "--survey", "prova", "--seed", "7", "--out", json]);
    const report = JSON.parse(readFileSync(json, "utf8")) as { survey: { id: string }; settings: { seed: number } };
    expect(report.survey.id).toBe("prova");
    expect(report.settings.seed).toBe(7);
  }, 300_000);
});

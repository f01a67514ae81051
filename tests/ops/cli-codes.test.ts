import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { hashCode } from "../../src/responses/codes.js";
import { createSqliteStorage } from "../../src/storage/sqlite.js";
import { FIXTURE_SURVEYS } from "../helpers/app.js";

/** `npm run cli -- codes` on the embedded SQLite (tests/http/postgres-server.test.ts runs it on PostgreSQL). */
const ROOT = join(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "sportello-codes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the codes command", () => {
  it("writes N single-use codes, once, into a new database, each usable once; refuses a bad count", async () => {
    const path = join(dir, "sportello.db");
    const out = join(dir, "codici.csv");
    const run = (args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "codes", ...args], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_PATH: path, SURVEYS_DIR: FIXTURE_SURVEYS, DATABASE_URL: "" },
        encoding: "utf8",
        timeout: 120_000,
      });
    const made = run(["--survey", "personale_prova", "--count", "3", "--out", out]);
    expect(made.stderr).toContain("3 codici scritti");
    expect(made.status).toBe(0);
    const [header, ...codes] = readFileSync(out, "utf8").trim().split("\n");
    expect(header).toBe("codice");
    expect(new Set(codes).size).toBe(3);
    const bad = run(["--survey", "personale_prova", "--count", "0"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--count intero da 1 a 100000");

    const db = openDatabase(path);
    try {
      // Only the hashes are kept: the file is the one place the codes are written in clear.
      expect(JSON.stringify(db.$client.prepare("SELECT * FROM access_codes").all())).not.toContain(codes[0]);
      const storage = createSqliteStorage(db);
      const usable = await Promise.all(codes.map((c) => storage.accessCodes.isUsable("personale_prova", hashCode(c))));
      expect(usable).toEqual([true, true, true]);
    } finally {
      db.$client.close();
    }
  }, 180_000);
});

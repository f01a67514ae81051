import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";

/** DATABASE_URL must not half-work: the server and the CLI run on PostgreSQL or stop, never on the SQLite file instead. */
const ROOT = join(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "sportello-url-"));
const dbPath = join(dir, "sportello.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, args: string[], env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: dbPath, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe("DATABASE_URL", () => {
  it("is read from the environment; unset or empty means the embedded SQLite", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://u@db.example.it/sportello" }).databaseUrl).toBe(
      "postgres://u@db.example.it/sportello",
    );
    expect(loadConfig({ DATABASE_URL: "" }).databaseUrl).toBeUndefined();
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(() => loadConfig({ DATABASE_URL: "mysql://u@db/x" })).toThrow(
      /DATABASE_URL deve iniziare con postgres:\/\//,
    );
  });

  it("makes the server open PostgreSQL: one it cannot reach stops the start, and no SQLite file is written", () => {
    const started = run("src/main.ts", [], { DATABASE_URL: "postgres://sportello@127.0.0.1:1/sportello" });
    expect(started.status).toBe(1);
    expect(started.stderr).toMatch(/ECONNREFUSED/);
    expect(existsSync(dbPath)).toBe(false);
  });

  // Two processes started through tsx, each allowed 60 s by run(): on a loaded machine 30 s was too short.
  it("takes the CLI to PostgreSQL too: demo stops when it cannot reach it, never falling back to the SQLite file", () => {
    const demo = run("src/cli/main.ts", ["demo", "--citizens", "5", "--staff", "0"], {
      DATABASE_URL: "postgres://sportello@127.0.0.1:1/sportello",
    });
    expect(demo.status).toBe(1);
    expect(demo.stderr).toMatch(/ECONNREFUSED/);
    expect(existsSync(dbPath)).toBe(false);
    const copy = run("src/cli/main.ts", ["copy-database", "--to", "postgres://sportello@127.0.0.1:1/x"], {
      DATABASE_URL: "postgres://sportello@127.0.0.1:1/sportello",
    });
    expect(copy.stderr).toMatch(/non esiste: non c'è nulla da copiare/);
    expect(copy.status).toBe(2);
  }, 150_000);
});

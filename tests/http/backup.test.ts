import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import type { Answers } from "../../src/surveys/options.js";
import { FIXTURE_SURVEYS } from "../helpers/app.js";
import { createUser, fetchLogin, PASSWORD } from "../helpers/auth.js";
import {
  completeProva,
  brokenResponseCounts,
  provaAnswers,
  ROOT,
  spawnServer,
  type SpawnedServer,
} from "../helpers/server.js";

const run = promisify(execFile);
const servers: SpawnedServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.kill();
});

function backup(dbPath: string, out: string) {
  return run(process.execPath, ["--import", "tsx", "src/cli/main.ts", "backup", "--out", out], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: dbPath, SURVEYS_DIR: FIXTURE_SURVEYS },
  });
}

describe("backup and restore", () => {
  it(
    "copies a consistent database while the server takes submissions, and the copy restored serves them",
    // A budget against a hang: about 35 s alone, up to 42 s with two suites side by side on 2 cores.
    { timeout: 180_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "backup-"));
      const dbPath = join(dir, "db.sqlite");
      const setup = openDatabase(dbPath);
      await createUser(setup, "admin");
      setup.$client.close();

      const server = await spawnServer(dbPath);
      servers.push(server);
      const sent = new Map<string, Answers>();
      const acknowledged = new Set<string>();
      let stop = false;
      const client = async (c: number): Promise<void> => {
        for (let i = 0; !stop; i++) {
          const tag = `cliente ${c} n ${i}`;
          const answers = provaAnswers(tag, i);
          if (await completeProva(server.base, answers, `10.9.0.${c + 1}`, () => sent.set(tag, answers)))
            acknowledged.add(tag);
        }
      };
      const clients = Array.from({ length: 4 }, (_, c) => client(c));
      while (acknowledged.size < 12) await new Promise((r) => setTimeout(r, 50));

      const before = new Set(acknowledged);
      const out = join(dir, "copia.db");
      const { stderr } = await backup(dbPath, out);
      const during = acknowledged.size;
      stop = true;
      await Promise.all(clients);
      expect(stderr).toMatch(/Copia scritta in .*controllo di integrità: ok/);
      console.log(
        `backup: ${before.size} acknowledged before the copy began, ${during} when it ended, ${acknowledged.size} in all`,
      );

      // A file of its own (no -wal beside it) that passes SQLite's own check.
      expect(existsSync(`${out}-wal`)).toBe(false);
      const raw = new SQLite(out, { readonly: true });
      expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
      raw.close();
      // A consistent prefix: everything acknowledged before the copy, each response whole, none half-stored.
      expect(brokenResponseCounts(out)).toEqual({ unreadableAnswers: 0, responsesWithoutAnswers: 0 });
      const copy = openDatabase(out);
      const inCopy = listResponses(copy, "prova");
      copy.$client.close();
      const tags = new Set(inCopy.map((r) => r.answers.commento));
      expect([...before].filter((tag) => !tags.has(tag))).toEqual([]);
      for (const r of inCopy) expect(r.answers).toEqual(sent.get(r.answers.commento));
      expect(inCopy.length).toBeLessThanOrEqual(sent.size);

      // A second copy to the same name is refused rather than overwriting the first.
      await expect(backup(dbPath, out)).rejects.toMatchObject({ code: 2 });

      // Restore as README says: the server stopped, the copy in place of the database, no -wal/-shm; start.
      await server.kill();
      const restoredPath = join(mkdtempSync(join(tmpdir(), "restore-")), "sportello.db");
      copyFileSync(out, restoredPath);
      const restored = await spawnServer(restoredPath);
      servers.push(restored);
      const login = await fetchLogin(restored.base, { username: "admin", password: PASSWORD });
      expect(login.status).toBe(303);
      const cookie = String(login.headers.get("set-cookie")).split(";")[0];
      const csv = await (
        await fetch(`${restored.base}/admin/questionari/prova/esporta.csv`, { headers: { cookie } })
      ).text();
      const rows = csv.trim().split("\n").slice(1);
      expect(rows.length).toBe(inCopy.length);
      for (const tag of tags) expect(csv).toContain(tag);
    },
  );
});

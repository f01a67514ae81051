import { afterEach, describe, expect, it } from "vitest";
import { openPostgresStorage } from "../../src/storage/postgres/index.js";
import { HAS_POSTGRES, usePostgres } from "../helpers/postgres.js";
import { completeProva, provaAnswers, spawnServer, type SpawnedServer } from "../helpers/server.js";

/** `DATABASE_URL=postgres://… npm start`: the real server (src/main.ts) in its own process, on a real PostgreSQL. */
const pg = usePostgres();
let running: SpawnedServer | undefined;
afterEach(async () => {
  await running?.kill();
  running = undefined;
});

describe.skipIf(!HAS_POSTGRES)("the server on PostgreSQL", () => {
  it("migrates an empty database, serves a questionnaire to the end, and says the staff area is not available yet", async () => {
    const url = await pg().createDatabase();
    // DATABASE_PATH points nowhere writable: the server must not touch SQLite at all.
    running = await spawnServer("/nonexistent/sportello.db", { DATABASE_URL: url });
    const home = await fetch(`${running.base}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('href="/s/prova"');
    expect(await completeProva(running.base, provaAnswers("su postgres", 3), "10.0.0.7")).toBe(true);
    const login = await fetch(`${running.base}/login`);
    expect(login.status).toBe(503);
    expect(await login.text()).toContain("Area non ancora disponibile con PostgreSQL");
    const health = await fetch(`${running.base}/healthz`);
    expect(((await health.json()) as { database: { reachable: boolean } }).database.reachable).toBe(true);

    const storage = await openPostgresStorage(url, { max: 1 });
    try {
      const [stored, ...others] = await storage.responses.list("prova");
      expect(others).toHaveLength(0);
      expect(stored.answers).toMatchObject({ commento: "su postgres", quartiere: "centro" });
      expect(stored.channel).toBe("web");
      // The start seeded the ente and published the surveys in PostgreSQL.
      expect((await storage.surveys.readPublished()).map((s) => s.definition.id)).toContain("prova");
      expect((await storage.ente.load()).name).toBeTruthy();
    } finally {
      await storage.close();
    }
  });
});

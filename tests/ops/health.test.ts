import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { openDatabase } from "../../src/db/client.js";
import { checkStorageHealth } from "../../src/ops/health.js";
import { createSqliteStorage } from "../../src/storage/sqlite.js";
import { createRegistry } from "../../src/surveys/registry.js";
import { TEST_CONFIG } from "../helpers/app.js";

const dir = mkdtempSync(join(tmpdir(), "sportello-health-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("GET /healthz", () => {
  it("answers JSON 200 with the database reachable, every shipped migration applied and the free disk space", async () => {
    const databasePath = join(dir, "ok.db");
    const db = openDatabase(databasePath);
    const app = createApp({ db, registry: createRegistry([]), config: { ...TEST_CONFIG, databasePath } });
    const res = await request(app).get("/healthz");
    expect(res.status).toBe(200);
    expect(res.type).toBe("application/json");
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.body.status).toBe("ok");
    expect(res.body.database.reachable).toBe(true);
    expect(res.body.migrations.ok).toBe(true);
    expect(res.body.migrations.applied).toBe(res.body.migrations.expected);
    expect(res.body.migrations.expected).toBeGreaterThan(0);
    expect(res.body.disk.freeBytes).toBeGreaterThan(0);
    db.$client.close();
  });

  it("answers 503 when a migration is missing from the database", async () => {
    const databasePath = join(dir, "behind.db");
    const db = openDatabase(databasePath);
    db.$client.exec(
      "DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)",
    );
    const res = await request(
      createApp({ db, registry: createRegistry([]), config: { ...TEST_CONFIG, databasePath } }),
    ).get("/healthz");
    expect(res.status).toBe(503);
    expect(res.body.status).toBe("error");
    expect(res.body.migrations.ok).toBe(false);
    expect(res.body.migrations.applied).toBe(res.body.migrations.expected - 1);
    db.$client.close();
  });

  it("answers 503 when the database is closed, and reports the disk below the threshold", async () => {
    const databasePath = join(dir, "closed.db");
    const db = openDatabase(databasePath);
    const app = createApp({ db, registry: createRegistry([]), config: { ...TEST_CONFIG, databasePath } });
    db.$client.close();
    const res = await request(app).get("/healthz");
    expect(res.status).toBe(503);
    expect(res.body.database.reachable).toBe(false);
    // A threshold larger than any disk: the check must say the disk is not ok.
    const health = await checkStorageHealth(
      createSqliteStorage(openDatabase(":memory:")),
      dir,
      Number.MAX_SAFE_INTEGER,
    );
    expect(health.disk.ok).toBe(false);
    expect(health.status).toBe("error");
  });
});

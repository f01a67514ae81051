import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import request from "supertest";
import { findCatalogue } from "../../src/web/designer/catalogues.service.js";
import { publishSurveys, readPublishedSurveys } from "../../src/storage/sqlite-surveys.js";
import { openDatabase } from "../../src/db/client.js";
import { createSqliteStorage } from "../../src/storage/sqlite.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry } from "../../src/surveys/registry.js";
import { createTestApp, FIXTURE_SURVEYS } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";
import { formBody } from "../helpers/respondent.js";

const dir = mkdtempSync(join(tmpdir(), "designer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("what the designer publishes outlives a restart", () => {
  it("serves the published version and the newest catalogue after the start sequence of main.ts", async () => {
    const path = join(dir, "sportello.db");
    const first = createTestApp(FIXTURE_SURVEYS, path);
    await createUser(first.db, "admin");
    const admin = await signIn(first.app, "admin");
    const post = (url: string, fields: Record<string, string>) =>
      request(first.app)
        .post(url)
        .set("Cookie", admin.cookie)
        .type("form")
        .send(formBody({ _csrf: admin.csrf, ...fields }));
    expect((await post("/admin/cataloghi/catalogo_prova/servizi/imu/ritira", { conferma: "1" })).status).toBe(303);
    expect((await post("/admin/designer/prova/modifica", {})).status).toBe(303);
    expect((await post("/admin/designer/prova/pubblica", {})).status).toBe(303);
    first.db.$client.close();

    // The start sequence of src/main.ts, on the same database and the same files.
    const db = openDatabase(path);
    const files = [...loadDefinitions(FIXTURE_SURVEYS).surveys.values()];
    publishSurveys(db, files);
    const registry = createRegistry([...readPublishedSurveys(db), ...files]);
    expect(registry.current("prova")?.definition.version).toBe(2);
    expect(registry.current("prova")?.catalogue?.services.find((s) => s.code === "imu")?.retired).toBe(true);
    expect(registry.version("prova", 1)?.catalogue?.services.find((s) => s.code === "imu")?.retired).toBe(false);
    expect((await findCatalogue(createSqliteStorage(db), registry, "catalogo_prova"))?.version).toBe(2);
    db.$client.close();
  });
});

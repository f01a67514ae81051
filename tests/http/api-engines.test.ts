import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createEngineTestApp, SHIPPED_SURVEYS, type EngineApp } from "../helpers/app.js";
import { addUser, getAs, postAs, signIn } from "../helpers/auth.js";
import { ENGINES, usePostgres } from "../helpers/postgres.js";
import { syntheticSample } from "../report/fixtures.js";

/**
 * The read-only API and its tokens over real HTTP on both engines: the same app on SQLite and on a
 * real PostgreSQL, each building its reports in a worker thread.
 */
const server = usePostgres();

describe.each(ENGINES)("the API on $name", ({ name, available }) => {
  let t: EngineApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it.skipIf(!available)(
    "an administrator makes tokens (shown once, audited without them); a token reads its survey's report until revoked",
    async () => {
      t = await createEngineTestApp(name, () => server().createDatabase(), SHIPPED_SURVEYS);
      const { app, storage } = t;
      await addUser(storage, "admin", "admin");
      for (const r of syntheticSample(60, 0, 5).citizens) await storage.responses.insert(r);
      const admin = await signIn(app, "admin");
      const newToken = async (scope: string, tokenName: string): Promise<string> => {
        const res = await postAs(app, admin, "/admin/api", { name: tokenName, surveyId: "cittadini", scope });
        expect(res.status).toBe(200);
        return /readonly value="(spt_[A-Za-z0-9_-]{43})"/.exec(res.text)![1];
      };
      const api = (path: string, token?: string) =>
        token ? request(app).get(path).set("Authorization", `Bearer ${token}`) : request(app).get(path);

      expect((await postAs(app, admin, "/admin/api", { name: "", surveyId: "x", scope: "tutto" })).status).toBe(422);
      const aggregates = await newToken("aggregates", "cruscotto");
      const microdata = await newToken("microdata", "statistica");
      const tokens = await storage.apiTokens.list();
      expect(tokens.map((x) => x.name)).toEqual(["statistica", "cruscotto"]);
      expect(JSON.stringify(tokens)).not.toContain(aggregates.slice(4));
      const lines = await storage.audit.list(2);
      expect(lines.map((l) => l.action)).toEqual(["api.token_creato", "api.token_creato"]);
      expect(JSON.stringify(lines)).not.toContain(aggregates.slice(4));
      const page = await getAs(app, admin, "/admin/api");
      expect(page.text).toContain("cruscotto");
      expect(page.text).not.toContain(aggregates);

      expect((await api("/api/v1/surveys/cittadini/report")).status).toBe(401);
      expect((await api("/api/v1/surveys/personale/report", aggregates)).status).toBe(403);
      expect((await api("/api/v1/surveys/cittadini/responses", aggregates)).status).toBe(403);
      // The first read asks the worker for the build (503 «in preparazione») until it is ready.
      let report = await api("/api/v1/surveys/cittadini/report", aggregates);
      for (let tries = 0; report.status === 503 && tries < 600; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        report = await api("/api/v1/surveys/cittadini/report", aggregates);
      }
      expect(report.status).toBe(200);
      expect(report.body.survey.id).toBe("cittadini");
      expect((await api("/api/v1/surveys/cittadini/aggregates", aggregates)).status).toBe(200);
      expect((await storage.apiTokens.list()).find((x) => x.name === "cruscotto")?.lastUsedAt).not.toBeNull();

      const rows = await api("/api/v1/surveys/cittadini/responses", microdata);
      expect(rows.status).toBe(200);
      expect(rows.body.rows).toHaveLength(60);
      expect(rows.body.weighted).toBe(true);
      expect((await storage.audit.list(1))[0]).toMatchObject({
        username: `api:${tokens[0].id}`,
        action: "risposte.esportate",
      });

      const id = tokens.find((x) => x.name === "cruscotto")!.id;
      for (const bad of ["99999999999", "abc", "0"])
        expect((await postAs(app, admin, `/admin/api/${bad}/revoca`, {})).status).toBe(303);
      expect((await postAs(app, admin, `/admin/api/${id}/revoca`, {})).status).toBe(303);
      expect((await storage.audit.list(1))[0]).toMatchObject({
        action: "api.token_revocato",
        details: `n. ${id} «cruscotto»`,
      });
      expect((await api("/api/v1/surveys/cittadini/report", aggregates)).status).toBe(401);
      expect(await storage.apiTokens.revoke(id, "admin")).toBe(false);
    },
    90_000,
  );
});

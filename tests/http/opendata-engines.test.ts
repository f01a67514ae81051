import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { enteFromRow } from "../../src/ente/load.js";
import { createEngineTestApp, SHIPPED_SURVEYS, type EngineApp } from "../helpers/app.js";
import { addUser, getAs, postAs, signIn } from "../helpers/auth.js";
import { ENGINES, usePostgres } from "../helpers/postgres.js";
import { syntheticSample } from "../report/fixtures.js";

/**
 * The giunta's publication of a report and the public open data over real HTTP on both engines: the
 * same app on SQLite and on a real PostgreSQL, each building its reports in a worker thread.
 */
const server = usePostgres();
const PAGE = "/reports/cittadini/pubblicazione";

describe.each(ENGINES)("open data on $name", ({ name, available }) => {
  let t: EngineApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it.skipIf(!available)(
    "the giunta publishes the report once the ente is the comune's own; the aggregates are public until withdrawn",
    async () => {
      t = await createEngineTestApp(name, () => server().createDatabase(), SHIPPED_SURVEYS);
      const { app, storage } = t;
      await addUser(storage, "giunta", "giunta");
      for (const r of syntheticSample(80, 0, 21).citizens) await storage.responses.insert(r);
      const giunta = await signIn(app, "giunta");

      expect((await getAs(app, giunta, PAGE)).text).toContain("Non pubblicati");
      const example = await postAs(app, giunta, PAGE, { azione: "pubblica" });
      expect(example.status).toBe(422);
      expect(example.text).toContain("I dati dell&#39;ente sono ancora quelli di esempio");
      const { example: _e, stemmaType: _t, stemmaVersion: _v, ...fields } = enteFromRow(undefined);
      await storage.ente.save({ ...fields, name: "Comune di Prova", ipaCode: "c_z999" }, "admin");

      // The first view asks the worker for the build («in preparazione», 503) until it is ready.
      let published = await postAs(app, giunta, PAGE, { azione: "pubblica" });
      for (let tries = 0; published.status === 503 && tries < 600; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        published = await postAs(app, giunta, PAGE, { azione: "pubblica" });
      }
      expect(published.status).toBe(303);
      const publication = await storage.publications.find("cittadini");
      expect(publication?.publishedBy).toBe("giunta");
      expect((await storage.audit.list(1))[0]).toMatchObject({ action: "opendata.pubblicati", target: "cittadini" });

      const csv = await request(app).get("/opendata/cittadini/aggregati.csv");
      expect(csv.status).toBe(200);
      expect(csv.headers["set-cookie"]).toBeUndefined();
      expect(csv.text.startsWith("\uFEFFsection,item,item_label,category,category_label,count")).toBe(true);
      const catalogue = JSON.parse((await request(app).get("/opendata/catalogo.jsonld")).text);
      const datasets = catalogue["@graph"][0]["dcat:dataset"] as unknown[];
      expect(datasets).toHaveLength(1);
      expect(JSON.stringify(catalogue)).toContain("c_z999");
      expect((await request(app).get("/opendata/cittadini/dcat.jsonld")).status).toBe(200);
      expect((await getAs(app, giunta, "/reports/cittadini/opendata.csv")).status).toBe(200);

      expect((await postAs(app, giunta, PAGE, { azione: "ritira" })).status).toBe(303);
      expect(await storage.publications.find("cittadini")).toBeUndefined();
      expect((await storage.audit.list(1))[0]).toMatchObject({ action: "opendata.ritirati", username: "giunta" });
      expect((await request(app).get("/opendata/cittadini/aggregati.csv")).status).toBe(404);
      expect((await postAs(app, giunta, PAGE, { azione: "boh" })).status).toBe(422);
    },
    90_000,
  );
});

import { afterEach, describe, expect, it } from "vitest";
import request from "supertest";
import { publishSurveys } from "../../src/storage/sqlite-surveys.js";
import { createApp } from "../../src/app.js";
import { openDatabase } from "../../src/db/client.js";
import { createAccessCodes } from "../../src/storage/sqlite-access-codes.js";
import { openPostgresStorage } from "../../src/storage/postgres/index.js";
import type { Storage } from "../../src/storage/types.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry } from "../../src/surveys/registry.js";
import type { AbuseLimits } from "../../src/web/respondent/abuse.js";
import { FIXTURE_SURVEYS, TEST_CONFIG } from "../helpers/app.js";
import { HAS_POSTGRES, usePostgres } from "../helpers/postgres.js";

/**
 * The per-client limits over HTTP with two app nodes, each counting through its own connection pool
 * to one PostgreSQL. (The survey data stays on one SQLite database shared by both apps in this
 * process: the server does not run on PostgreSQL yet, docs/postgresql.md; the counters are the point.)
 */
const server = usePostgres();
const opened: Storage[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function twoNodes(limits: Partial<AbuseLimits>) {
  const db = openDatabase(":memory:");
  const surveys = [...loadDefinitions(FIXTURE_SURVEYS).surveys.values()];
  publishSurveys(db, surveys);
  const registry = createRegistry(surveys);
  const url = await server().createDatabase();
  const stores = await Promise.all([openPostgresStorage(url, { max: 4 }), openPostgresStorage(url, { max: 4 })]);
  opened.push(...stores);
  const config = { ...TEST_CONFIG, trustProxy: "1" };
  const [a, b] = stores.map((s) => createApp({ db, registry, config, limits, counters: s.counters }));
  return { a: a, b: b, db };
}

const post = (app: Parameters<typeof request>[0], path: string, fields: string, from = "203.0.113.7") =>
  request(app).post(path).set("X-Forwarded-For", from).type("form").send(fields);

describe.skipIf(!HAS_POSTGRES)("limits over HTTP across two app nodes on PostgreSQL", () => {
  it("six starts per window from one address: twelve sent at once, split across both nodes, start six", async () => {
    const { a, b } = await twoNodes({ starts: { max: 6, minutes: 10 } });
    const statuses = (
      await Promise.all(Array.from({ length: 12 }, (_, i) => post(i % 2 ? b : a, "/s/prova/start", "lang=it")))
    ).map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(6);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    // Refused on both nodes from that address; another address still starts.
    const refused = await post(a, "/s/prova/start", "lang=it");
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toBe("600");
    expect((await post(b, "/s/prova/start", "lang=it")).status).toBe(429);
    expect((await post(b, "/s/prova/start", "lang=it", "198.51.100.1")).status).toBe(303);
  });

  it("wrong access codes split across the nodes: after the limit even a right one is refused, on either node", async () => {
    const { a, b, db } = await twoNodes({ failedCodes: { max: 4, minutes: 15 } });
    const [code] = createAccessCodes(db, "personale_prova", 1);
    for (let i = 0; i < 4; i++)
      expect((await post(i % 2 ? b : a, "/s/personale_prova/start", `lang=it&code=AAAAA-AAAA${i}`)).status).toBe(422);
    expect((await post(a, "/s/personale_prova/start", `lang=it&code=${code}`)).status).toBe(429);
    expect((await post(b, "/kiosk/personale_prova/start", `lang=it&code=${code}`)).status).toBe(429);
    // Another address with the right code gets in: only failures count, and only per address.
    expect((await post(b, "/s/personale_prova/start", `lang=it&code=${code}`, "198.51.100.1")).status).toBe(303);
  });

  it("a burst of 20 wrong codes across both nodes: at most 4 are even checked", async () => {
    const { a, b } = await twoNodes({ failedCodes: { max: 4, minutes: 15 } });
    const statuses = (
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          post(i % 2 ? b : a, "/s/personale_prova/start", `lang=it&code=BBBBB-BBB${String(i).padStart(2, "0")}`),
        ),
      )
    ).map((r) => r.status);
    expect(statuses.filter((s) => s === 422).length).toBeLessThanOrEqual(4);
    expect(statuses.filter((s) => s === 422).length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(16);
  });

  it("a client's share of the open drafts holds across the nodes, and a questionnaire sent on the other node gives it back", async () => {
    const { a, b, db } = await twoNodes({ maxOpenDrafts: 100, draftShare: 0.03 });
    const ip = "198.51.100.77";
    const pages = [
      "eta=18_44&quartiere=centro",
      "usati=cie",
      "soddisfazione%2Fcie=9",
      "classifica%2F1=cie&classifica%2F2=imu&orari=sabato",
      "",
    ];
    const firstPage = async (node: typeof a) => {
      const at = (await post(node, "/s/prova/start", "lang=it", ip)).headers.location;
      return post(node, at.split("?")[0], `${pages[0]}&action=next`, ip);
    };
    // Eight questionnaires by one town-hall address, each stored through one node and sent through
    // the other: with a share of 3 open drafts, none is refused, because each sending gives it back.
    for (let i = 0; i < 8; i++) {
      const [here, there] = i % 2 ? [b, a] : [a, b];
      let at = (await post(here, "/s/prova/start", "lang=it", ip)).headers.location;
      for (const body of pages) {
        const page = await post(here, at.split("?")[0], `${body}&action=next`, ip);
        expect(page.status, `questionnaire ${i + 1}, ${at}`).toBe(303);
        at = page.headers.location;
      }
      const token = /\/r\/([^/?]+)/.exec(at)![1];
      expect(
        (await post(there, `/r/${token}/invia`, "lang=it", ip)).headers.location,
        `questionnaire ${i + 1}`,
      ).toMatch(/grazie$/);
    }
    expect(db.$client.prepare("SELECT count(*) AS n FROM responses WHERE survey_id = 'prova'").get()).toEqual({
      n: 8,
    });
    // Three questionnaires left open fill the share, whichever nodes stored them; the fourth is refused on both.
    for (const node of [a, b, a]) expect((await firstPage(node)).status).toBe(303);
    expect((await firstPage(b)).status).toBe(429);
    expect((await firstPage(a)).status).toBe(429);
  });
});

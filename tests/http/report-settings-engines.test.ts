import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createEngineTestApp, SHIPPED_MARGINS, SHIPPED_SURVEYS, type EngineApp } from "../helpers/app.js";
import { addUser, getAs, postAs, signIn } from "../helpers/auth.js";
import { ENGINES, usePostgres } from "../helpers/postgres.js";
import { syntheticSample } from "../report/fixtures.js";

/**
 * A report's settings, its census margins and the fieldwork panel over real HTTP on both engines: the
 * same app on SQLite and on a real PostgreSQL (as `DATABASE_URL=postgres://… npm start` runs it).
 */
const server = usePostgres();
const SETTINGS = "/admin/questionari/cittadini/impostazioni-rapporto";
const MARGINS = "/admin/questionari/cittadini/margini";
const SHIPPED = readFileSync(SHIPPED_MARGINS, "utf8");
// Real-looking figures: every count doubled, so both margins still agree.
const DOUBLED = SHIPPED.replace(/,(\d+)$/gm, (_, n: string) => `,${Number(n) * 2}`);
const FORM = {
  w_D: "2",
  w_F: "1",
  w_U: "1",
  w_I: "1",
  w_P: "1",
  w_C: "0",
  gateThreshold: "0,4",
  topK: "3",
  replicates: "200",
  seed: "42",
  trim: "0",
  excludeFlagged: "si",
};

describe.each(ENGINES)("a report's settings on $name", ({ name, available }) => {
  let t: EngineApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  const openAsAdmin = async (responses = 0) => {
    t = await createEngineTestApp(name, () => server().createDatabase(), SHIPPED_SURVEYS);
    await addUser(t.storage, "admin", "admin");
    for (const r of syntheticSample(responses, 0, 13).citizens) await t.storage.responses.insert(r);
    return { ...t, admin: await signIn(t.app, "admin") };
  };
  const lastAudit = async (storage: EngineApp["storage"]) => (await storage.audit.list(1))[0];

  it.skipIf(!available)(
    "saves the criteria's weights and the rest (refusing bad values), audited old → new, and restores the defaults",
    async () => {
      const { app, storage, admin } = await openAsAdmin();
      expect((await getAs(app, admin, SETTINGS)).status).toBe(200);
      const bad = await postAs(app, admin, SETTINGS, { ...FORM, topK: "0" });
      expect(bad.status).toBe(422);
      expect((await storage.reportSettings.settings("cittadini")).topK).toBe(5);

      const saved = await postAs(app, admin, SETTINGS, FORM);
      expect(saved.status).toBe(303);
      const stored = await storage.reportSettings.settings("cittadini");
      expect(stored).toMatchObject({ gateThreshold: 0.4, topK: 3, replicates: 200, seed: 42, trim: 0 });
      expect(stored.criteriaWeights.D).toBeCloseTo(2 / 6, 12);
      const entry = await lastAudit(storage);
      expect(entry).toMatchObject({ username: "admin", action: "rapporto.impostazioni", target: "cittadini" });
      expect(entry.details).toContain("peso D 16,7 % → 33,3 %");

      expect((await postAs(app, admin, `${SETTINGS}/predefiniti`, {})).status).toBe(303);
      expect((await storage.reportSettings.settings("cittadini")).topK).toBe(5);
      expect(await lastAudit(storage)).toMatchObject({ action: "rapporto.impostazioni.predefinite" });
      expect((await getAs(app, admin, `${SETTINGS}?salvato=predefiniti`)).text).toContain(
        "Ripristinati i valori predefiniti.",
      );
    },
  );

  it.skipIf(!available)(
    "takes the census margins (a bad file stores nothing), weighs the answers so far with them, and goes back to the shipped file",
    async () => {
      const { app, storage, admin } = await openAsAdmin(60);
      const shipped = await getAs(app, admin, MARGINS);
      expect(shipped.status).toBe(200);
      expect(shipped.text).toContain("(file predefinito dell&#39;installazione)");
      expect(shipped.text).toContain("La ponderazione con le risposte raccolte finora (60)");

      const bad = SHIPPED.replace("quartiere,mombello,3810", "quartiere,Mombello,3810");
      const refused = await postAs(app, admin, MARGINS, {
        csv: bad,
        source: "Anagrafe",
        kind: "verificati",
        name: "x.csv",
      });
      expect(refused.status).toBe(422);
      expect(refused.text).toContain("la categoria «Mombello» non è tra le risposte possibili di «quartiere».");
      expect(await storage.reportSettings.margins("cittadini")).toBeUndefined();

      const form = { csv: DOUBLED, source: "Anagrafe al 31/12/2025", kind: "verificati", name: "anagrafe.csv" };
      expect((await postAs(app, admin, MARGINS, form)).status).toBe(303);
      expect(await storage.reportSettings.margins("cittadini")).toMatchObject({
        name: "anagrafe.csv",
        illustrative: false,
        uploadedBy: "admin",
      });
      const page = await getAs(app, admin, MARGINS);
      expect(page.text).toContain("Dati verificati (anagrafe/ISTAT)");
      expect(page.text).toContain("<strong>58.600</strong>");
      expect(await lastAudit(storage)).toMatchObject({ action: "rapporto.margini", target: "cittadini" });
      expect((await lastAudit(storage)).details).toMatch(
        /^file predefinito → «anagrafe.csv» \(\d+ categorie; dati verificati/,
      );

      expect((await postAs(app, admin, `${MARGINS}/predefiniti`, {})).status).toBe(303);
      expect(await storage.reportSettings.margins("cittadini")).toBeUndefined();
      expect(await lastAudit(storage)).toMatchObject({
        action: "rapporto.margini.predefiniti",
        details: "«anagrafe.csv» → file predefinito",
      });
    },
  );

  it.skipIf(!available)("shows the fieldwork panel: responses per day and the sample against the census", async () => {
    const { app, admin } = await openAsAdmin(90);
    const res = await getAs(app, admin, "/admin/questionari/cittadini/campione");
    expect(res.status).toBe(200);
    const table = /<table[^>]*id="per-day">[\s\S]*?<\/table>/.exec(res.text)?.[0] ?? "";
    const counts = [...table.matchAll(/<td class="text-end">(\d+)<\/td><td class="text-end">([\d.]+)<\/td>/g)];
    expect(counts.length).toBeGreaterThan(0);
    expect(counts[counts.length - 1][2]).toBe("90");
    expect((await getAs(app, admin, "/admin/questionari/nessuno/campione")).status).toBe(404);
  });
});

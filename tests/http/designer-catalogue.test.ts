import { beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../src/storage/sqlite-audit.js";
import { findCatalogue } from "../../src/web/designer/catalogues.service.js";
import { listCatalogueVersions } from "../../src/storage/sqlite-designer.js";
import { choicesOf } from "../../src/surveys/options.js";
import { createSqliteStorage } from "../../src/storage/sqlite.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createUser, getAs, postAs, signIn } from "../helpers/auth.js";
import { catalogueService } from "../helpers/designer.js";
import type { Fields } from "../helpers/respondent.js";

let t: TestApp;
let admin: { cookie: string; csrf: string };

beforeAll(async () => {
  t = createTestApp();
  await createUser(t.db, "admin");
  admin = await signIn(t.app, "admin");
});

const get = (path: string) => getAs(t.app, admin, path);
const post = (path: string, fields: Fields) => postAs(t.app, admin, path, fields);

const BASE = "/admin/cataloghi/catalogo_prova";
const latest = async () => (await findCatalogue(createSqliteStorage(t.db), t.registry, "catalogo_prova"))!;

describe("the catalogue editor", () => {
  it("lists the catalogues and the services of one", async () => {
    const list = await get("/admin/cataloghi");
    expect(list.status).toBe(200);
    expect(list.text).toContain('href="/admin/cataloghi/catalogo_prova"');
    const page = await get(BASE);
    expect(page.status).toBe(200);
    expect(page.text).toContain("<code>cie</code>");
    expect(page.text).toContain("alla prossima pubblicazione");
  });

  it("adds a service as a new catalogue version", async () => {
    const res = await post(`${BASE}/servizi`, catalogueService("pagopa"));
    expect(res.status).toBe(303);
    expect((await latest()).version).toBe(2);
    expect((await latest()).services.find((s) => s.code === "pagopa")).toMatchObject({
      name: { it: "Pagamenti pagoPA" },
      area: "tributi",
      retired: false,
    });
    expect(listCatalogueVersions(t.db).map((c) => c.version)).toEqual([2]);
  });

  it("refuses a code already used, even by a retired service, and a malformed one", async () => {
    for (const code of ["cie", "vecchio", "pagopa"]) {
      const res = await post(`${BASE}/servizi`, catalogueService(code));
      expect(res.status).toBe(422);
      expect(res.text).toContain(`Il codice «${code}» è già stato usato`);
    }
    const bad = await post(`${BASE}/servizi`, { ...catalogueService("Pago PA"), "name.en": "" });
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/id="e-code">Il codice usa solo lettere minuscole/);
    expect(bad.text).toMatch(/id="e-name-en">Scriva il testo in inglese/);
    expect((await latest()).version).toBe(2);
  });

  it("renames a service, keeping its code", async () => {
    const form = await get(`${BASE}/servizi/cie`);
    expect(form.text).toContain("Carta d&#39;identità elettronica");
    const res = await post(`${BASE}/servizi/cie`, {
      ...catalogueService("ignorato"),
      "name.it": "Carta d'identità (CIE)",
      area: "demografici",
    });
    expect(res.status).toBe(303);
    const cie = (await latest()).services.find((s) => s.code === "cie")!;
    expect(cie.name.it).toBe("Carta d'identità (CIE)");
    expect((await latest()).services.some((s) => s.code === "ignorato")).toBe(false);
    expect((await latest()).version).toBe(3);
  });

  it("retires a service after a confirmation: kept in the catalogue, its code never reused", async () => {
    // The button first asks: nothing changes until it is confirmed.
    const asked = await post(`${BASE}/servizi/tari/ritira`, {});
    expect(asked.status).toBe(200);
    expect(asked.text).toContain("Non si può annullare");
    expect(asked.text).toContain('name="conferma" value="1"');
    expect((await latest()).services.find((s) => s.code === "tari")?.retired).toBeFalsy();
    expect((await latest()).version).toBe(3);
    expect((await post(`${BASE}/servizi/tari/ritira`, { conferma: "1" })).status).toBe(303);
    expect((await latest()).services.find((s) => s.code === "tari")?.retired).toBe(true);
    expect((await latest()).version).toBe(4);
    const again = await post(`${BASE}/servizi`, catalogueService("tari"));
    expect(again.status).toBe(422);
    expect((await post(`${BASE}/servizi/nessuno/ritira`, {})).status).toBe(404);
    expect((await post(`${BASE}/servizi/nessuno/ritira`, { conferma: "1" })).status).toBe(404);
  });

  it("changes no published survey until it is published again", async () => {
    const before = t.registry.current("prova")!;
    expect(before.catalogue?.version).toBe(1);
    expect((await post("/admin/designer/prova/modifica", {})).status).toBe(303);
    const published = await post("/admin/designer/prova/pubblica", {});
    expect(published.status).toBe(303);
    const after = t.registry.current("prova")!;
    expect(after.definition.version).toBe(2);
    expect(after.catalogue?.version).toBe(4);
    const usati = after.definition.pages.flatMap((p) => p.questions).find((q) => "choicesFrom" in q && q.choicesFrom)!;
    const offered = choicesOf(usati as never, after.catalogue).map((c) => c.value);
    expect(offered).toContain("pagopa");
    expect(offered).not.toContain("tari");
    expect(t.registry.version("prova", 1)?.catalogue?.version).toBe(1);
  });

  it("audits every change", () => {
    const actions = listAudit(t.db)
      .filter((e) => e.target === "catalogo_prova")
      .map((e) => e.action);
    expect(actions.sort()).toEqual([
      "catalogo.servizio.aggiunto",
      "catalogo.servizio.modificato",
      "catalogo.servizio.ritirato",
    ]);
  });
});

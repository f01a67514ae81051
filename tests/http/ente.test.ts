import request from "supertest";
import { describe, expect, it } from "vitest";
import { EXAMPLE_ENTE_FILE } from "../../src/ente/load.js";
import { saveEnte, loadEnte, seedEnte } from "../../src/storage/sqlite-ente.js";
import { findSettings } from "../../src/storage/sqlite-surveys.js";
import { listAudit } from "../../src/storage/sqlite-audit.js";
import { createTestApp, SHIPPED_SURVEYS, FIXTURE_SURVEYS } from "../helpers/app.js";
import { createUser, getAs, postAs, signIn } from "../helpers/auth.js";

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);

/** The shipped example's values with some changed (what an administrator would send). */
function enteForm(changes: Record<string, string> = {}): Record<string, string> {
  const { example: _e, stemmaType: _t, stemmaVersion: _v, ...fields } = loadEnte(createTestApp().db);
  return { ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])), ...changes };
}

async function adminApp(dir = SHIPPED_SURVEYS) {
  const t = createTestApp(dir);
  await createUser(t.db, "admin");
  return { ...t, admin: await signIn(t.app, "admin") };
}

describe("the comune as data: the privacy notice is filled from the ente", () => {
  it("shows the shipped example's contacts in the notice, with no placeholder left", async () => {
    const { app } = createTestApp(SHIPPED_SURVEYS);
    const res = await request(app).get("/s/cittadini");
    expect(res.status).toBe(200);
    expect(res.text).toContain("PEC comune.limbiate@pec.regione.lombardia.it");
    expect(res.text).toContain("telefono 02 990971");
    expect(res.text).toContain("24 mesi dalla chiusura");
    expect(res.text).not.toMatch(/\{\{|\[indirizzo|\[telefono/);
    const en = await request(app).get("/s/personale?lang=en");
    expect(en.text).toContain("certified e-mail (PEC) comune.limbiate@pec.regione.lombardia.it");
    expect(en.text).not.toContain("{{");
  });

  it("takes another comune's values once saved on the «Ente» page (header, footer, notice)", async () => {
    const { app, admin, db } = await adminApp();
    const saved = await postAs(
      app,
      admin,
      "/admin/ente",
      enteForm({ name: "Comune di Senago", pec: "protocollo@pec.senago.example.it", ipaCode: "c_i602" }),
    );
    expect(saved.status).toBe(303);
    expect(loadEnte(db)).toMatchObject({ name: "Comune di Senago", example: false });
    expect(listAudit(db).some((e) => e.action === "ente.modificato")).toBe(true);
    const page = await request(app).get("/s/cittadini");
    expect(page.text).toContain("Il titolare è il Comune di Senago");
    expect(page.text).toContain("PEC protocollo@pec.senago.example.it");
    expect(page.text).toContain("<title>");
    expect(page.text).toMatch(/<title>[^<]*Comune di Senago<\/title>/);
  });

  it("refuses bad values with Italian messages and stores nothing", async () => {
    const { app, admin, db } = await adminApp();
    const res = await postAs(
      app,
      admin,
      "/admin/ente",
      enteForm({ pec: "non-una-pec", siteUrl: "http://insicuro.example.it", retentionMonths: "mille" }),
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain("Indichi un indirizzo PEC valido");
    expect(res.text).toContain("che inizi con https://");
    expect(res.text).toContain("Indichi un numero di mesi");
    expect(loadEnte(db).example).toBe(true);
  });

  it("only lets administrators see or change the ente", async () => {
    const { app, db } = await adminApp();
    await createUser(db, "analyst", "analista");
    const analyst = await signIn(app, "analista");
    expect((await getAs(app, analyst, "/admin/ente")).status).toBe(403);
    expect((await postAs(app, analyst, "/admin/ente", enteForm({ name: "X" }))).status).toBe(403);
    expect((await request(app).get("/admin/ente")).status).toBe(303);
  });
});

describe("a survey can't be opened while its privacy notice is incomplete", () => {
  it("refuses to open it when a required contact is empty, with a clear message, and hides it from the public", async () => {
    const { app, admin, db } = await adminApp();
    expect((await postAs(app, admin, "/admin/ente", enteForm({ pec: "", urpPhone: "" }))).status).toBe(303);
    const res = await postAs(app, admin, "/admin/questionari/cittadini/stato", {
      status: "open",
      opensAt: "",
      closesAt: "",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain(
      "Il questionario non può essere aperto al pubblico finché l&#39;informativa privacy non è completa",
    );
    expect(res.text).toContain("«PEC»");
    expect(res.text).toContain("«Telefono dell&#39;URP»");
    expect(findSettings(db, "cittadini")?.status ?? null).toBeNull();
    // The shipped file says "open", but the public never sees a notice with holes in it.
    const pub = await request(app).get("/s/cittadini");
    expect(pub.status).toBe(403);
    expect(pub.text).not.toContain("Informativa sul trattamento");
    // The survey's page says so before anyone tries.
    const page = await getAs(app, admin, "/admin/questionari/cittadini");
    expect(page.text).toContain(
      "Questo questionario non si può aprire al pubblico finché l'informativa privacy non è completa",
    );
    expect(page.text).toContain(
      "Nell&#39;informativa privacy (italiano) restano da completare: «{{pec}}», «{{urp_telefono}}».",
    );
    // Closing or drafting stays possible.
    expect((await postAs(app, admin, "/admin/questionari/cittadini/stato", { status: "closed" })).status).toBe(303);
  });

  it("refuses to open a survey whose notice still holds a bracketed placeholder or an unknown {{name}}", async () => {
    const { app, admin, registry } = await adminApp(FIXTURE_SURVEYS);
    const survey = registry.current("prova")!;
    survey.definition.privacy.it = "Titolare: [nome del Comune]. Scrivere a {{indirizzo_inventato}}.";
    const res = await postAs(app, admin, "/admin/questionari/prova/stato", {
      status: "open",
      opensAt: "",
      closesAt: "",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain("«[nome del Comune]»");
    expect(res.text).toContain("«{{indirizzo_inventato}}»");
    expect((await request(app).get("/s/prova")).status).toBe(403);
  });

  it("opens it once the ente is complete", async () => {
    const { app, admin } = await adminApp();
    expect((await getAs(app, admin, "/admin/questionari/cittadini")).text).not.toContain(
      "non si può aprire al pubblico",
    );
    const res = await postAs(app, admin, "/admin/questionari/cittadini/stato", {
      status: "open",
      opensAt: "",
      closesAt: "",
    });
    expect(res.status).toBe(303);
  });
});

describe("header and footer as in the Designers Italia model for comuni", () => {
  it("carry the links AGID's validator reads: accessibility statement, privacy policy, legal notes", async () => {
    const { app } = createTestApp(SHIPPED_SURVEYS);
    const html = (await request(app).get("/")).text;
    expect(html).toMatch(/<a href="https:\/\/form\.agid\.gov\.it\/view\/c_e591" data-element="accessibility-link">/);
    expect(html).toMatch(
      /<a href="https:\/\/www\.comune\.limbiate\.mb\.it\/privacy" data-element="privacy-policy-link">/,
    );
    expect(html).toMatch(/<a href="https:\/\/www\.comune\.limbiate\.mb\.it\/note-legali" data-element="legal-notes">/);
    expect(html).toContain("Codice IPA: c_e591");
    expect(html).toContain('class="it-footer-main"');
  });
});

describe("the stemma", () => {
  it("is uploaded by an administrator, served with its type, shown in the header and used as the favicon", async () => {
    const { app, admin } = await adminApp();
    expect((await request(app).get("/favicon.ico")).status).toBe(404);
    const up = await request(app)
      .post("/admin/ente/stemma")
      .set("Cookie", admin.cookie)
      .field("_csrf", admin.csrf)
      .attach("stemma", PNG, "stemma.png");
    expect(up.status).toBe(303);
    const page = (await request(app).get("/")).text;
    const src = /<link rel="icon" href="([^"]+)" type="image\/png">/.exec(page)?.[1];
    expect(src).toMatch(/^\/ente\/stemma\?v=\d+$/);
    expect(page).toContain(`<img class="icon stemma" src="${src}"`);
    const img = await request(app).get(src!);
    expect(img.status).toBe(200);
    expect(img.headers["content-type"]).toBe("image/png");
    expect(img.headers["cache-control"]).toContain("immutable");
    expect(Buffer.compare(img.body as Buffer, PNG)).toBe(0);
    const fav = await request(app).get("/favicon.ico");
    expect(fav.status).toBe(302);
    expect(fav.headers.location).toBe("/ente/stemma");
  });

  it("refuses a file that is not an image, one too large, and a form without the CSRF token", async () => {
    const { app, admin } = await adminApp();
    const html = await request(app)
      .post("/admin/ente/stemma")
      .set("Cookie", admin.cookie)
      .field("_csrf", admin.csrf)
      .attach("stemma", Buffer.from("<script>alert(1)</script>"), "stemma.png");
    expect(html.status).toBe(422);
    expect(html.text).toContain("Il file non è un&#39;immagine PNG, JPEG, WebP o SVG.");
    const big = await request(app)
      .post("/admin/ente/stemma")
      .set("Cookie", admin.cookie)
      .field("_csrf", admin.csrf)
      .attach("stemma", Buffer.concat([PNG, Buffer.alloc(300 * 1024)]), "big.png");
    expect(big.status).toBe(413);
    expect(big.text).toContain("supera 200 KB");
    const forged = await request(app)
      .post("/admin/ente/stemma")
      .set("Cookie", admin.cookie)
      .attach("stemma", PNG, "stemma.png");
    expect(forged.status).toBe(403);
    expect((await request(app).get("/ente/stemma")).status).toBe(404);
  });

  it("serves an SVG stemma under a policy that lets nothing in it run", async () => {
    const { app, admin } = await adminApp();
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>alert(1)</script><rect width="1" height="1"/></svg>',
    );
    expect(
      (
        await request(app)
          .post("/admin/ente/stemma")
          .set("Cookie", admin.cookie)
          .field("_csrf", admin.csrf)
          .attach("stemma", svg, "s.svg")
      ).status,
    ).toBe(303);
    const res = await request(app).get("/ente/stemma");
    expect(res.headers["content-type"]).toBe("image/svg+xml");
    expect(res.headers["content-security-policy"]).toContain("sandbox");
    expect(res.headers["content-security-policy"]).toContain("default-src 'none'");
  });
});

describe("«primi passi»", () => {
  it("lists the ente, the stemma, the margins and each survey's notice with their state", async () => {
    const { app, admin } = await adminApp();
    let page = (await getAs(app, admin, "/admin/primi-passi")).text;
    expect(page).toContain("Dati dell&#39;ente");
    expect(page).toContain("da verificare");
    expect(page).toContain("Sono ancora i valori di esempio del Comune di Limbiate");
    expect(page).toContain("Margini dall&#39;anagrafe per «");
    // The shipped margins are illustrative: the step names the questionnaire's own weighting variables.
    expect(page).toContain("popolazione per fascia d&#39;età, sesso e quartiere).");
    expect(page).toContain("Informativa privacy e testi di «");
    await postAs(app, admin, "/admin/ente", enteForm({ dpoEmail: "" }));
    page = (await getAs(app, admin, "/admin/primi-passi")).text;
    expect(page).toContain("Manca «E-mail dell&#39;RPD».");
    expect(page).toContain("da fare");
  });

  it("is where a new administrator lands after the setup link", async () => {
    const { app, db } = createTestApp(SHIPPED_SURVEYS);
    const { firstAdminSetupToken } = await import("../../src/storage/sqlite-accounts.js");
    const token = firstAdminSetupToken(db)!;
    const res = await request(app)
      .post(`/attivazione/${token}`)
      .type("form")
      .send({ username: "primo", displayName: "Prima Amministratrice", password: "una frase abbastanza lunga" });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/admin/primi-passi");
  });
});

describe("the ente file", () => {
  it("seeds a new database once, keeping its example mark; a saved ente is never overwritten", () => {
    const { db } = createTestApp();
    seedEnte(db, EXAMPLE_ENTE_FILE, "Comune di Prova");
    expect(loadEnte(db)).toMatchObject({ name: "Comune di Prova", example: true, ipaCode: "c_e591" });
    saveEnte(db, { ...enteFormFields(), name: "Comune di Altrove" }, "admin");
    seedEnte(db, EXAMPLE_ENTE_FILE);
    expect(loadEnte(db)).toMatchObject({ name: "Comune di Altrove", example: false });
  });
});

function enteFormFields() {
  const { example: _e, stemmaType: _t, stemmaVersion: _v, ...fields } = loadEnte(createTestApp().db);
  return fields;
}

import request from "supertest";
import { describe, expect, it } from "vitest";
import { saveSettings } from "../../src/storage/sqlite-surveys.js";
import { loadEnte, saveEnte, saveStemma } from "../../src/storage/sqlite-ente.js";
import { createTestApp, SHIPPED_SURVEYS } from "../helpers/app.js";

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);

describe("the first page of a questionnaire, kept once drawn", () => {
  it("serves the same page again, in each language, and follows the survey's state and a new version", async () => {
    const t = createTestApp();
    const first = await request(t.app).get("/s/prova");
    expect(first.status).toBe(200);
    expect(first.headers["content-type"]).toMatch(/^text\/html/);
    expect((await request(t.app).get("/s/prova")).text).toBe(first.text);

    const english = await request(t.app).get("/s/prova?lang=en");
    expect(english.text).toContain('<html lang="en"');
    expect(english.text).not.toBe(first.text);
    expect((await request(t.app).get("/s/prova")).text).toBe(first.text);
    // Another parameter is never kept, nor echoed in the language link of a kept page.
    const odd = await request(t.app).get("/s/prova?x=%3Cb%3E");
    expect(odd.status).toBe(200);
    expect((await request(t.app).get("/s/prova")).text).toBe(first.text);

    saveSettings(t.db, "prova", { status: "closed" });
    expect((await request(t.app).get("/s/prova")).status).toBe(410);
    saveSettings(t.db, "prova", { status: "open" });
    expect((await request(t.app).get("/s/prova")).status).toBe(200);

    const current = t.registry.current("prova")!;
    const title = { it: "Prova, seconda versione", en: "Trial, second version" };
    t.registry.add({
      ...current,
      hash: `${current.hash}-2`,
      definition: { ...current.definition, version: current.definition.version + 1, title },
    });
    const renewed = await request(t.app).get("/s/prova");
    expect(renewed.status).toBe(200);
    expect(renewed.text).toContain("Prova, seconda versione");
  });

  it("sends a kept page with the headers of a freshly drawn one: type, length, ETag, and 304 to a browser holding it", async () => {
    const t = createTestApp();
    // Uncompressed, so that the length is the page's own (compression sends it in chunks).
    const get = () => request(t.app).get("/s/prova").set("Accept-Encoding", "identity");
    const drawn = await get();
    const kept = await get();
    for (const name of ["content-type", "content-length", "etag", "content-security-policy", "cache-control"])
      expect(kept.headers[name], name).toBe(drawn.headers[name]);
    expect(drawn.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(Number(kept.headers["content-length"])).toBe(Buffer.byteLength(kept.text));
    expect(kept.headers.etag).toMatch(/^W\/"/);
    const again = await get().set("If-None-Match", kept.headers.etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
    const head = await request(t.app).head("/s/prova").set("Accept-Encoding", "identity");
    expect(head.status).toBe(200);
    expect(head.headers["content-length"]).toBe(kept.headers["content-length"]);
  });
});

describe("the first page kept, and the comune's details in its header and footer", () => {
  it("shows the ente as saved since the page was drawn (name, contacts, stemma)", async () => {
    const t = createTestApp(SHIPPED_SURVEYS);
    const first = await request(t.app).get("/s/cittadini");
    expect(first.status).toBe(200);
    expect(first.text).not.toContain("Comune di Senago");
    const { example: _e, stemmaType: _t, stemmaVersion: _v, ...fields } = loadEnte(t.db);
    saveEnte(t.db, { ...fields, name: "Comune di Senago", pec: "protocollo@pec.senago.example.it" }, "admin");
    const renamed = await request(t.app).get("/s/cittadini");
    expect(renamed.text).toContain("Il titolare è il Comune di Senago");
    expect(renamed.text).toContain("PEC protocollo@pec.senago.example.it");
    expect(renamed.text).not.toContain("comune.limbiate@pec.regione.lombardia.it");
    saveStemma(t.db, PNG, "image/png", "admin", new Date(Date.now() + 1000));
    expect((await request(t.app).get("/s/cittadini")).text).toMatch(
      /<img class="ue-logo stemma" src="\/ente\/stemma\?v=\d+"/,
    );
  });
});

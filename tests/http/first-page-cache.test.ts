import request from "supertest";
import { describe, expect, it } from "vitest";
import { saveSettings } from "../../src/admin/settings.repository.js";
import { createTestApp } from "../helpers/app.js";

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
    t.registry.add({ ...current, hash: `${current.hash}-2`, definition: { ...current.definition, version: current.definition.version + 1, title } });
    const renewed = await request(t.app).get("/s/prova");
    expect(renewed.status).toBe(200);
    expect(renewed.text).toContain("Prova, seconda versione");
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import request from "supertest";
import { saveSettings } from "../../src/storage/sqlite-surveys.js";
import { findDraft } from "../../src/storage/sqlite-drafts.js";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { formBody, type Fields } from "../helpers/respondent.js";

const PAGES: Fields[] = [
  { eta: "18_44", quartiere: "mombello" },
  { usati: ["cie"] },
  { "soddisfazione/cie": "9" },
  { "classifica/1": "cie", "classifica/2": "tari", orari: "sabato" },
  {},
];

let t: TestApp;
beforeEach(() => {
  t = createTestApp();
});

/** A GET or POST that follows redirects, recording every response on the way (headers included). */
async function go(
  path: string,
  fields?: Fields,
): Promise<{ path: string; res: request.Response; seen: request.Response[] }> {
  const seen: request.Response[] = [];
  let res = fields
    ? await request(t.app).post(path).type("form").send(formBody(fields))
    : await request(t.app).get(path);
  seen.push(res);
  let at = path;
  while (res.status >= 300 && res.status < 400) {
    at = res.headers.location;
    res = await request(t.app).get(at);
    seen.push(res);
  }
  return { path: at, res, seen };
}

describe("the town-hall kiosk", () => {
  it("starts without the resume section, offers no save, stores channel kiosk and returns to the start", async () => {
    const intro = await go("/kiosk/prova");
    expect(intro.res.status).toBe(200);
    expect(intro.res.text).toContain('action="/kiosk/prova/start"');
    expect(intro.res.text).toContain("Informativa sul trattamento dei dati personali");
    expect(intro.res.text).not.toContain("Riprendi un questionario salvato");
    expect(intro.res.headers["cache-control"]).toBe("no-store");

    let step = await go("/kiosk/prova/start", { lang: "it" });
    for (const [i, fields] of PAGES.entries()) {
      if (i === 1) {
        // The draft is stored with the first page's answers (starting stores nothing).
        const draft = findDraft(t.db, /\/r\/([^/]+)\//.exec(step.path)![1])!;
        expect(draft.channel).toBe("kiosk");
        // Kiosk drafts live two hours, not the survey's 30 days.
        expect(Date.parse(draft.expiresAt) - Date.parse(draft.startedAt)).toBe(2 * 3_600_000);
      }
      expect(step.res.status).toBe(200);
      expect(step.res.text).not.toContain('value="save"');
      expect(step.res.text).not.toContain("Salva e continua più tardi");
      expect(step.res.headers["cache-control"]).toBe("no-store");
      step = await go(step.path.split("?")[0], { ...fields, lang: "it", action: "next" });
    }
    expect(step.path).toMatch(/\/riepilogo$/);
    const token = /\/r\/([^/]+)\//.exec(step.path)![1];
    const thanks = await go(`/r/${token}/invia`, { lang: "it" });
    expect(thanks.path).toBe(`/r/${token}/grazie`);
    expect(thanks.res.text).toContain('data-kiosk-reset="/kiosk/prova" data-kiosk-seconds="60"');
    expect(thanks.res.text).toContain('<script src="/static/js/kiosk.js" defer></script>');
    expect(thanks.res.text).toContain('href="/kiosk/prova" data-kiosk-new>Nuovo questionario</a>');
    expect(thanks.res.text).toContain('data-element="feedback"');
    // The AGID rating's second step on a kiosk also goes back to the start.
    const rating = await request(t.app).post(`/r/${token}/valutazione`).type("form").send("rating=5&lang=it");
    expect(rating.text).toContain('data-kiosk-reset="/kiosk/prova"');

    const [stored] = listResponses(t.db, "prova");
    expect(stored).toMatchObject({ channel: "kiosk", enteredBy: null });
    // Nothing kept in the browser: no cookie was ever set.
    for (const r of [...intro.seen, ...step.seen, ...thanks.seen]) expect(r.headers["set-cookie"]).toBeUndefined();
  });

  it("ignores a forged «save» on a kiosk page and goes back to the kiosk start from the first page", async () => {
    const step = await go("/kiosk/prova/start", { lang: "en" });
    const saved = await go(step.path.split("?")[0], {
      eta: "18_44",
      quartiere: "mombello",
      lang: "en",
      action: "save",
    });
    expect(saved.path).not.toContain("/salvato");
    const token = /\/r\/([^/]+)\//.exec(saved.path)![1];
    expect(findDraft(t.db, token)!.answers).toEqual({ eta: "18_44", quartiere: "mombello" });
    expect((await go(`/r/${token}/salvato`)).path).not.toContain("/salvato");
    const back = await request(t.app)
      .post(`/r/${token}/p/profilo`)
      .type("form")
      .send(formBody({ lang: "en", action: "back" }));
    expect(back.headers.location).toBe("/kiosk/prova?lang=en");
  });

  it("the web channel keeps its save button and its resume section", async () => {
    const intro = await go("/s/prova");
    expect(intro.res.text).toContain("Riprendi un questionario salvato");
    const step = await go("/s/prova/start", { lang: "it" });
    expect(step.res.text).toContain('value="save"');
    const thanks = await request(t.app).get(`/r/${/\/r\/([^/]+)\//.exec(step.path)![1]}/grazie`);
    expect(thanks.status).toBe(303);
  });

  it("honours the survey's state like the web, and needs an access code where the survey does", async () => {
    saveSettings(t.db, "prova", { status: "closed" });
    expect((await request(t.app).get("/kiosk/prova")).status).toBe(410);
    expect((await request(t.app).post("/kiosk/prova/start").type("form").send("lang=it")).status).toBe(410);
    expect((await request(t.app).get("/kiosk/inesistente")).status).toBe(404);
    const refused = await request(t.app)
      .post("/kiosk/personale_prova/start")
      .type("form")
      .send("lang=it&code=AAAAA-AAAAA");
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('action="/kiosk/personale_prova/start"');
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import request from "supertest";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { countOpenDrafts, findDraft } from "../../src/storage/sqlite-drafts.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { Respondent } from "../helpers/respondent.js";

const PROFILE = { eta: "45_64", quartiere: "other", "quartiere/other": "Villaggio del Sole", figli: "2", scuola: "si" };
const SERVICES = { usati: ["cie", "tari", "other"], "usati/other": "Biblioteca" };
const EXPERIENCE = {
  "soddisfazione/cie": "8",
  "soddisfazione/tari": "non_so",
  "uffici/cie": "1",
  "uffici/tari": "3_piu",
};
const PRIORITIES = {
  "classifica/1": "tari",
  "classifica/2": "cie",
  "classifica/3": "",
  importanza: "9",
  orari: ["mattina", "sabato"],
};
const LAST = {
  ultima_visita: "2025-03-31",
  nome_ufficio: "Anagrafe",
  giudizio: "4",
  commento: "Più orari\r\nil sabato",
};

let t: TestApp;
beforeEach(() => {
  t = createTestApp();
});

async function fillAll(r: Respondent): Promise<void> {
  await r.start();
  for (const page of [PROFILE, SERVICES, EXPERIENCE, PRIORITIES, LAST]) {
    await r.answer(page);
    expect(r.status, r.html.slice(0, 3000)).toBe(200);
  }
}

describe("filling in a questionnaire over HTTP", () => {
  it("stores every question type as the documented strings, with survey, version, channel and language", async () => {
    const r = new Respondent(t.app, "prova");
    await fillAll(r);
    expect(r.path).toMatch(/\/riepilogo$/);
    expect(r.html).toContain("Riepilogo delle risposte");
    await r.submitFromSummary();
    expect(r.path).toMatch(/\/grazie$/);

    const [stored, ...others] = listResponses(t.db, "prova");
    expect(others).toHaveLength(0);
    expect(stored).toMatchObject({ surveyId: "prova", surveyVersion: 1, channel: "web", lang: "it", synthetic: false });
    expect(Date.parse(stored.submittedAt)).toBeGreaterThanOrEqual(Date.parse(stored.startedAt!));
    expect(stored.answers).toEqual({
      eta: "45_64",
      quartiere: "other",
      "quartiere/other": "Villaggio del Sole",
      figli: "2",
      scuola: "si",
      usati: "cie tari other",
      "usati/other": "Biblioteca",
      "soddisfazione/cie": "8",
      "soddisfazione/tari": "non_so",
      "uffici/cie": "1",
      "uffici/tari": "3_piu",
      classifica: "tari cie",
      importanza: "9",
      orari: "mattina sabato",
      ultima_visita: "2025-03-31",
      nome_ufficio: "Anagrafe",
      giudizio: "4",
      commento: "Più orari\nil sabato",
    });
  });

  it("stores no IP address, user agent or access code with a response", () => {
    const columns = (table: string): string[] =>
      (t.db.$client.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    expect(columns("responses")).toEqual([
      "id",
      "survey_id",
      "survey_version",
      "channel",
      "lang",
      "started_at",
      "submitted_at",
      "synthetic",
      "entered_by",
      "cell_key",
      // Only the questionnaire's answers, key by key (the test above reads them back exactly).
      "answers",
    ]);
  });

  it("asks only for the services used: the matrix rows follow the earlier answer", async () => {
    const r = new Respondent(t.app, "prova");
    await r.start();
    await r.answer(PROFILE);
    await r.answer({ usati: ["cie", "tari"] });
    expect(r.pageId).toBe("esperienza");
    expect(r.shownFields("soddisfazione")).toEqual(["soddisfazione/cie", "soddisfazione/tari"]);
    await r.answer({}, "back");
    await r.answer({ usati: ["imu"] });
    expect(r.shownFields("soddisfazione")).toEqual(["soddisfazione/imu"]);
    expect(r.shownFields("uffici")).toEqual(["uffici/imu"]);
  });

  it("refuses an invalid page: 422, an error summary linked to the fields, and nothing stored", async () => {
    const r = new Respondent(t.app, "prova");
    await r.start();
    await r.answer({ eta: "", quartiere: "other", figli: "tre" });
    expect(r.status).toBe(422);
    expect(r.pageId).toBe("profilo");
    expect(r.html).toContain("Ci sono 3 risposte da correggere");
    expect(r.html).toContain('<a href="#f-eta">Quanti anni ha? — Risponda a questa domanda.</a>');
    expect(r.html).toContain(
      '<a href="#f-quartiere-other">In quale quartiere abita? — Indichi che cosa intende con «Altro».</a>',
    );
    expect(r.html).toContain(
      '<a href="#f-figli">Quanti figli minorenni vivono con lei? — Scriva un numero, ad esempio 12 o 3,5.</a>',
    );
    expect(r.html).toMatch(/id="f-figli"[^>]*aria-describedby="e-figli"[^>]*aria-invalid="true"/);
    // Nothing stored: not even a draft (starting stores nothing, a refused first page neither).
    expect(findDraft(t.db, r.token)).toBeUndefined();
    expect(countOpenDrafts(t.db, "prova")).toBe(0);
  });

  it("writes the error messages in English on an English page", async () => {
    const r = new Respondent(t.app, "prova", { lang: "en" });
    await r.start();
    await r.answer({ quartiere: "centro" });
    expect(r.status).toBe(422);
    expect(r.html).toContain("There is one answer to correct");
    expect(r.html).toContain("Please answer this question.");
    expect(r.html).toContain('<html lang="en">');
  });

  it("checks the rules of each type: exclusive choices, max selections, ranking order, dates, scales", async () => {
    const r = new Respondent(t.app, "prova");
    await r.start();
    await r.answer(PROFILE);
    await r.answer(SERVICES);
    await r.answer(EXPERIENCE);
    await r.answer({
      "classifica/1": "",
      "classifica/2": "cie",
      importanza: "11",
      orari: ["mattina", "pomeriggio", "sabato"],
    });
    expect(r.status).toBe(422);
    expect(r.html).toContain("Compili le posizioni in ordine, a partire dalla prima.");
    expect(r.html).toContain("Scelga un valore da 1 a 10.");
    expect(r.html).toContain("Scelga al massimo 2 risposte.");
    await r.answer({ "classifica/1": "cie", "classifica/2": "cie", orari: ["mattina", "nessuna"] });
    expect(r.html).toContain("Ogni voce può comparire una sola volta nella classifica.");
    expect(r.html).toContain("«Nessuna di queste» non si può scegliere insieme ad altre risposte.");
    await r.answer({ "classifica/1": "cie", "classifica/2": "tari", orari: "nessuna" });
    expect(r.pageId).toBe("altro");
    await r.answer({ ultima_visita: "2025-02-30", nome_ufficio: "x".repeat(41) });
    expect(r.html).toContain("Scriva una data valida");
    expect(r.html).toContain("Il testo è troppo lungo: al massimo 40 caratteri.");
    // Typed the Italian way where the browser has no date picker.
    await r.answer({ ultima_visita: "31/03/2025" });
    expect(findDraft(t.db, r.token)?.answers.ultima_visita).toBe("2025-03-31");
  });

  it("keeps the answers when going back, and shows them again", async () => {
    const r = new Respondent(t.app, "prova");
    await r.start();
    await r.answer(PROFILE);
    await r.answer({}, "back");
    expect(r.pageId).toBe("profilo");
    expect(r.html).toMatch(/value="45_64" checked/);
    expect(r.html).toMatch(/value="2"/);
  });

  it("discards the answer to a question that an earlier answer hides", async () => {
    const r = new Respondent(t.app, "prova");
    await r.start();
    await r.answer({ ...PROFILE, figli: "0", scuola: "si" });
    expect(findDraft(t.db, r.token)?.answers.scuola).toBeUndefined();
    await r.answer({}, "back");
    await r.answer(PROFILE);
    expect(findDraft(t.db, r.token)?.answers.scuola).toBe("si");
    // Changing an earlier answer later drops the answers that depended on it.
    await r.get(`/r/${r.token}/p/profilo`);
    await r.answer({ ...PROFILE, figli: "0" });
    expect(findDraft(t.db, r.token)?.answers.scuola).toBeUndefined();
  });

  it("drops matrix rows for a service no longer ticked", async () => {
    const r = new Respondent(t.app, "prova");
    await fillAll(r);
    await r.get(`/r/${r.token}/p/servizi?ritorno=riepilogo`);
    await r.answer({ usati: ["cie"], ritorno: "riepilogo" });
    expect(r.path).toMatch(/riepilogo$/);
    const answers = findDraft(t.db, r.token)!.answers;
    expect(answers["soddisfazione/tari"]).toBeUndefined();
    expect(answers["uffici/tari"]).toBeUndefined();
    expect(answers.usati).toBe("cie");
  });

  it("stores one response when the same questionnaire is sent twice (double click, reload)", async () => {
    const r = new Respondent(t.app, "prova");
    await fillAll(r);
    const send = () => request(t.app).post(`/r/${r.token}/invia`).type("form").send("lang=it");
    const results = await Promise.all([send(), send(), send()]);
    expect(results.map((x) => x.status)).toEqual([303, 303, 303]);
    await r.submitFromSummary();
    expect(r.path).toMatch(/grazie$/);
    expect(listResponses(t.db, "prova")).toHaveLength(1);
    // After sending, the pages lead only to the thank-you page.
    await r.get(`/r/${r.token}/p/profilo`);
    expect(r.path).toMatch(/grazie$/);
  });

  it("sends the respondent back to the first incomplete page instead of storing an incomplete questionnaire", async () => {
    const r = new Respondent(t.app, "prova");
    await r.start();
    await r.answer(PROFILE);
    await r.post(`/r/${r.token}/invia`, { lang: "it" });
    expect(r.pageId).toBe("servizi");
    expect(r.status).toBe(200);
    expect(r.html).toContain("Risponda a questa domanda.");
    expect(listResponses(t.db, "prova")).toHaveLength(0);
  });

  it("saves a draft and resumes it by link and by short code", async () => {
    const r = new Respondent(t.app, "prova");
    await r.start();
    await r.answer(PROFILE, "save");
    expect(r.path).toMatch(/salvato$/);
    const code = /class="resume-code"><strong>([0-9A-Z-]+)</.exec(r.html)![1];
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const link = /<code>http:\/\/[^/]+(\/r\/[^<]+)<\/code>/.exec(r.html)![1];

    const byLink = new Respondent(t.app, "prova");
    await byLink.get(link);
    expect(byLink.pageId).toBe("servizi");

    const byCode = new Respondent(t.app, "prova");
    await byCode.post("/s/prova/resume", { resumeCode: code.toLowerCase().replace("-", " "), lang: "it" });
    expect(byCode.pageId).toBe("servizi");
    await byCode.answer({}, "back");
    expect(byCode.html).toMatch(/value="45_64" checked/);

    const wrong = new Respondent(t.app, "prova");
    await wrong.post("/s/prova/resume", { resumeCode: "ZZZZZ-ZZZZZ", lang: "it" });
    expect(wrong.status).toBe(422);
    expect(wrong.html).toContain("Non troviamo un questionario salvato con questo codice.");
  });

  it("shows a summary with a change link for each page that returns to the summary", async () => {
    const r = new Respondent(t.app, "prova");
    await fillAll(r);
    expect(r.html).toContain("Villaggio del Sole");
    expect(r.html).toContain("1. TARI; 2. Carta d&#39;identità elettronica");
    expect(r.html).toContain('href="/r/' + r.token + '/p/profilo?ritorno=riepilogo"');
    await r.get(`/r/${r.token}/p/profilo?ritorno=riepilogo`);
    await r.answer({ ...PROFILE, eta: "65_plus", ritorno: "riepilogo" });
    expect(r.path).toMatch(/riepilogo$/);
    expect(r.html).toContain("65 anni o più");
  });

  it("shows the privacy notice before the first question, and the estimated time", async () => {
    const res = await request(t.app).get("/s/prova");
    expect(res.status).toBe(200);
    expect(res.text).toContain("Informativa sul trattamento dei dati personali");
    expect(res.text).toContain("Il Comune tratta le risposte in forma anonima.");
    expect(res.text).toContain("Tempo stimato: circa 3 minuti.");
    expect(res.text.indexOf("Informativa")).toBeLessThan(res.text.indexOf("Inizia il questionario"));
  });

  it("ends with the AGID rating: stars, then the follow-up question, stored apart from the answers", async () => {
    const r = new Respondent(t.app, "prova");
    await fillAll(r);
    await r.submitFromSummary();
    for (const el of ["feedback", "feedback-title", "feedback-rate-1", "feedback-rate-5"])
      expect(r.html).toContain(`data-element="${el}"`);
    expect(r.html).toContain("Quanto è stato facile usare questo servizio?");
    // The Comuni model's cmp-rating: the question as a legend styled as a question, and both follow-ups already
    // in the page for JavaScript to show, hidden and disabled (without JavaScript they come as a second step).
    expect(r.html).toMatch(/<form [^>]*class="cmp-rating"/);
    expect(r.html).toContain('<legend class="q-label">Quanto è stato facile usare questo servizio?</legend>');
    for (const part of ["negative", "positive"])
      expect(r.html).toMatch(new RegExp(`data-element="feedback-rating-${part}" data-feedback-part="${part}" hidden`));
    expect(r.html).toMatch(/<input type="hidden" name="step" value="2" disabled data-feedback-live>/);
    expect(r.html).toMatch(/name="comment"[^>]*data-element="feedback-input-text" disabled/);
    await r.post(`/r/${r.token}/valutazione`, { rating: "2", lang: "it" });
    expect(r.html).toContain('data-element="feedback-rating-negative"');
    expect(r.html).toContain("Dove hai incontrato le maggiori difficoltà?");
    await r.post(`/r/${r.token}/valutazione`, {
      rating: "2",
      step: "2",
      aspects: ["non_chiare", "inventato"],
      comment: "Troppe pagine",
      lang: "it",
    });
    expect(r.html).toContain("Grazie per il suo giudizio.");
    const rows = t.db.$client.prepare("SELECT survey_id, rating, aspects, comment FROM feedback").all();
    expect(rows).toEqual([{ survey_id: "prova", rating: 2, aspects: "non_chiare", comment: "Troppe pagine" }]);
    await r.post(`/r/${r.token}/valutazione`, { rating: "5", lang: "it" });
    expect(r.html).toContain("Quali sono stati gli aspetti che hai preferito?");
    await r.post(`/r/${r.token}/valutazione`, { rating: "9", lang: "it" });
    expect(r.status).toBe(422);
  });

  it("lists the open surveys on the home page, in Italian and in English", async () => {
    const it = await request(t.app).get("/");
    expect(it.text).toContain('href="/s/prova"');
    expect(it.text).toContain("Questionario di prova");
    const en = await request(t.app).get("/?lang=en");
    expect(en.text).toContain('href="/s/prova?lang=en"');
    expect(en.text).toContain("Test questionnaire");
  });

  it("answers unknown surveys and drafts with a 404 page", async () => {
    expect((await request(t.app).get("/s/nessuno")).status).toBe(404);
    expect((await request(t.app).get("/r/inesistente/p/profilo")).status).toBe(404);
    expect((await request(t.app).post("/r/inesistente/invia")).status).toBe(404);
  });
});

describe("the fieldwork calendar", () => {
  it("shows a polite page before opening and after closing, also to someone halfway through", async () => {
    const { saveSettings } = await import("../../src/storage/sqlite-surveys.js");
    const r = new Respondent(t.app, "prova");
    await r.start();
    saveSettings(t.db, "prova", { opensAt: "2999-01-01T00:00:00.000Z" });
    const early = await request(t.app).get("/s/prova");
    expect(early.status).toBe(403);
    expect(early.text).toContain("Il questionario non è ancora aperto");
    expect((await request(t.app).get("/")).text).not.toContain('href="/s/prova"');

    saveSettings(t.db, "prova", { opensAt: null, closesAt: "2000-01-01T00:00:00.000Z" });
    const late = await request(t.app).get("/s/prova");
    expect(late.status).toBe(410);
    expect(late.text).toContain("La raccolta delle risposte è terminata.");
    await r.answer(PROFILE);
    expect(r.status).toBe(410);

    saveSettings(t.db, "prova", { closesAt: null, status: "closed" });
    expect((await request(t.app).get("/s/prova")).status).toBe(410);
    saveSettings(t.db, "prova", { status: "open" });
    expect((await request(t.app).get("/s/prova")).status).toBe(200);
  });
});

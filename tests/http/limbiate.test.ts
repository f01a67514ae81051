import request from "supertest";
import { beforeEach, describe, expect, it } from "vitest";
import { createAccessCodes } from "../../src/storage/sqlite-access-codes.js";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { createTestApp, SHIPPED_SURVEYS, type TestApp } from "../helpers/app.js";
import { Respondent, type Fields } from "../helpers/respondent.js";

/** One page of a walk: the page expected, the questions it must draw, the answers given. */
interface Step {
  page: string;
  shows: string[];
  /** The answers, or a function that reads them off the page (a best–worst question's sets). */
  answers: Fields | (() => Fields);
}

let t: TestApp;
beforeEach(() => {
  t = createTestApp(SHIPPED_SURVEYS);
});

/** Goes through the pages in order, checking each page and what it draws, then sends from the summary. */
async function walk(r: Respondent, steps: Step[]): Promise<void> {
  await r.start();
  for (const step of steps) {
    expect(r.status, r.html.slice(0, 2000)).toBe(200);
    expect(r.pageId).toBe(step.page);
    expect(r.shownQuestions(), step.page).toEqual(step.shows);
    await r.answer(typeof step.answers === "function" ? step.answers() : step.answers);
  }
  expect(r.status, r.html.slice(0, 2000)).toBe(200);
  expect(r.path).toMatch(/\/riepilogo(\?|$)/);
  await r.submitFromSummary();
  expect(r.path).toMatch(/\/grazie(\?|$)/);
}

/** The stored form of the fields sent: lists space-joined, empty fields dropped. */
function stored(...pages: Fields[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const page of pages) {
    for (const [k, v] of Object.entries(page)) {
      const value = Array.isArray(v) ? v.join(" ") : v;
      if (value !== "") out[k] = value;
    }
  }
  return out;
}

/** Fields of a ranking, position by position. */
function ranking(id: string, codes: string[]): Fields {
  return Object.fromEntries(codes.map((c, i) => [`${id}/${i + 1}`, c]));
}

const EXPERIENCE = ["volte", "uffici", "ritorni", "tempo_perso"];
const JUDGEMENT = ["soddisfazione"];
const PROFILE = ["eta", "sesso", "quartiere", "nucleo", "lavoro", "cittadinanza"];
const DESK = ["importanza_bw", "prime_tre"];
const END = ["caratteristiche_utili", "fasce_orarie", "canale", "soddisfazione_generale", "commento"];

describe("the citizen questionnaire, filled in by three residents", () => {
  it("a retired woman in Mombello who renewed her CIE and paid the TARI", async () => {
    const profile = {
      eta: "65_74",
      sesso: "f",
      quartiere: "mombello",
      nucleo: ["assistiti"],
      lavoro: "pensione",
      cittadinanza: "italiana",
    };
    const services = { contatto: "si", servizi_usati: ["cie", "tari"] };
    const visits = {
      "volte/cie": "1",
      "volte/tari": "2_3",
      "uffici/cie": "1",
      "uffici/tari": "2",
      "ritorni/cie": "0",
      "ritorni/tari": "1",
    };
    const judgement = {
      "tempo_perso/cie": "30_60",
      "tempo_perso/tari": "1_2_ore",
      "soddisfazione/cie": "8",
      "soddisfazione/tari": "4",
    };
    const priorities = ranking("prime_tre", ["tari", "cie", "certificati"]);
    const end = {
      caratteristiche_utili: ["eliminacode", "operatore_unico"],
      fasce_orarie: ["mattina"],
      canale: "persona",
      soddisfazione_generale: "7",
      commento: "Per la TARI sono dovuta tornare perché mancava un documento.",
    };

    const r = new Respondent(t.app, "cittadini");
    await r.start();
    expect(r.html).toContain("Il questionario è rivolto a chi abita a Limbiate e ha almeno 18 anni.");
    expect(r.shownQuestions()).toEqual(PROFILE);
    await r.answer(profile);
    expect(r.pageId).toBe("servizi");
    // The list of services is drawn with the yes/no question; the browser hides it until "Sì".
    expect(r.shownQuestions()).toEqual(["contatto", "servizi_usati"]);
    await r.answer(services);

    expect(r.pageId).toBe("esperienza");
    expect(r.shownQuestions()).toEqual(EXPERIENCE);
    for (const q of EXPERIENCE) expect(r.shownFields(q), q).toEqual([`${q}/cie`, `${q}/tari`]);
    expect(r.html).toContain("Carta d&#39;identità elettronica (CIE)");
    expect(r.html).not.toContain("Certificati anagrafici e di stato civile");
    // Time lost is asked with the visits, satisfaction on the next page: each page reads only its own fields.
    await r.answer({ ...visits, ...judgement });

    expect(r.pageId).toBe("giudizio");
    for (const q of JUDGEMENT) expect(r.shownFields(q), q).toEqual([`${q}/cie`, `${q}/tari`]);
    await r.answer(judgement);

    expect(r.pageId).toBe("allo_sportello");
    expect(r.shownQuestions()).toEqual(DESK);
    // Five sets of four services: 20 of the 32, each pair of columns a small radio grid.
    const { sets } = r.bestWorstSets("importanza_bw");
    expect(sets.map((s) => s.length)).toEqual([4, 4, 4, 4, 4]);
    expect(new Set(sets.flat()).size).toBe(20);
    const bestWorst = r.bestWorstAnswers("importanza_bw", ["tari", "cie", "certificati", "cimiteriali"]);
    await r.answer({ ...bestWorst, ...priorities });
    expect(r.pageId).toBe("sportello");
    expect(r.shownQuestions()).toEqual(END);
    await r.answer(end);
    expect(r.path).toMatch(/\/riepilogo(\?|$)/);
    expect(r.html).toContain("1. TARI, tassa sui rifiuti; 2. Carta d&#39;identità elettronica (CIE)");
    await r.submitFromSummary();
    expect(r.path).toMatch(/\/grazie(\?|$)/);

    const [response, ...others] = listResponses(t.db, "cittadini");
    expect(others).toEqual([]);
    expect(response).toMatchObject({ surveyId: "cittadini", surveyVersion: 3, lang: "it", channel: "web" });
    expect(response.answers).toEqual({
      ...stored(profile, services, visits, judgement, bestWorst, end),
      prime_tre: "tari cie certificati",
    });
  });

  it("a working father in Pinzano with two children at school", async () => {
    const profile = {
      eta: "30_44",
      sesso: "m",
      quartiere: "pinzano",
      nucleo: ["figli_minori"],
      lavoro: "orario_ufficio",
      cittadinanza: "italiana",
    };
    // He ticks the school services; the list is stored in catalogue order.
    const services = { contatto: "si", servizi_usati: ["tariffe_isee", "servizi_scolastici"] };
    const visits = {
      "volte/servizi_scolastici": "2_3",
      "volte/tariffe_isee": "4_piu",
      "uffici/servizi_scolastici": "2",
      "uffici/tariffe_isee": "3_piu",
      "ritorni/servizi_scolastici": "1",
      "ritorni/tariffe_isee": "2_piu",
    };
    const judgement = {
      "tempo_perso/servizi_scolastici": "1_2_ore",
      "tempo_perso/tariffe_isee": "oltre_2_ore",
      "soddisfazione/servizi_scolastici": "6",
      "soddisfazione/tariffe_isee": "non_so",
    };
    const priorities = ranking("prime_tre", ["servizi_scolastici", "tariffe_isee", "cie"]);
    const end = {
      caratteristiche_utili: ["sabato", "sera", "appuntamento"],
      fasce_orarie: ["sera", "sabato"],
      canale: "online",
      soddisfazione_generale: "6",
      commento: "",
    };

    const r = new Respondent(t.app, "cittadini");
    let bestWorst: Fields = {};
    await walk(r, [
      { page: "profilo", shows: PROFILE, answers: profile },
      { page: "servizi", shows: ["contatto", "servizi_usati"], answers: services },
      { page: "esperienza", shows: EXPERIENCE, answers: { ...visits, ...judgement } },
      { page: "giudizio", shows: JUDGEMENT, answers: judgement },
      {
        page: "allo_sportello",
        shows: DESK,
        answers: () => ({
          ...(bestWorst = r.bestWorstAnswers("importanza_bw", ["servizi_scolastici", "tariffe_isee", "nido", "cie"])),
          ...priorities,
        }),
      },
      { page: "sportello", shows: END, answers: end },
    ]);

    const [response] = listResponses(t.db, "cittadini");
    expect(response.answers).toEqual({
      ...stored(profile, visits, judgement, bestWorst, end),
      contatto: "si",
      servizi_usati: "servizi_scolastici tariffe_isee",
      prime_tre: "servizi_scolastici tariffe_isee cie",
    });
    // Asked about his two services only: no row for a service he did not use.
    const rowKeys = Object.keys(response.answers).filter((k) =>
      /^(volte|uffici|ritorni|tempo_perso|soddisfazione)\//.test(k),
    );
    expect(rowKeys).toHaveLength(10);
    expect(new Set(rowKeys.map((k) => k.split("/")[1]))).toEqual(new Set(["servizi_scolastici", "tariffe_isee"]));
  });

  it("a foreign resident answering in English, who names a service outside the catalogue", async () => {
    const intro = await request(t.app).get("/s/cittadini?lang=en");
    expect(intro.text).toContain("Privacy notice (Article 13 of Regulation (EU) 2016/679, GDPR)");
    expect(intro.text).toContain("The system does not keep your IP address");
    expect(intro.text.indexOf("Privacy notice")).toBeLessThan(intro.text.indexOf('action="/s/cittadini/start"'));

    const profile = {
      eta: "18_29",
      sesso: "non_dire",
      quartiere: "villaggio_sole",
      nucleo: ["nessuna"],
      lavoro: "altro_lavoro",
      cittadinanza: "extra_ue",
    };
    const services = {
      contatto: "si",
      servizi_usati: ["certificati", "residenza", "sportelli_ospitati", "other"],
      "servizi_usati/other": "Residence permit renewal",
    };
    const visits = {
      "volte/certificati": "1",
      "volte/residenza": "2_3",
      "volte/sportelli_ospitati": "1",
      "uffici/certificati": "1",
      "uffici/residenza": "3_piu",
      "uffici/sportelli_ospitati": "2",
      "ritorni/certificati": "0",
      "ritorni/residenza": "2_piu",
      "ritorni/sportelli_ospitati": "0",
    };
    const judgement = {
      "tempo_perso/certificati": "meno_30",
      "tempo_perso/residenza": "oltre_2_ore",
      "tempo_perso/sportelli_ospitati": "30_60",
      "soddisfazione/certificati": "9",
      "soddisfazione/residenza": "3",
      "soddisfazione/sportelli_ospitati": "10",
    };
    const priorities = ranking("prime_tre", ["residenza", "sportelli_ospitati", "identita_digitale"]);
    const end = {
      caratteristiche_utili: ["aiuto_digitale", "mediazione"],
      fasce_orarie: ["pausa_pranzo"],
      canale: "messaggi",
      soddisfazione_generale: "non_so",
      commento: "The forms are only in Italian.",
    };

    const r = new Respondent(t.app, "cittadini", { lang: "en" });
    await r.start();
    expect(r.html).toContain('<html lang="en">');
    expect(r.html).toContain("Which neighbourhood of Limbiate do you live in?");
    await r.answer(profile);
    await r.answer(services);
    expect(r.pageId).toBe("esperienza");
    expect(r.html).toContain("How many times did you contact the town hall about each service?");
    expect(r.html).toContain("Change of residence or address");
    // Three catalogue services, and no row for the service typed under "Other".
    expect(r.shownFields("volte")).toEqual(["volte/certificati", "volte/residenza", "volte/sportelli_ospitati"]);
    // Time lost is asked with the visits, satisfaction on the next page: each page reads only its own fields.
    await r.answer({ ...visits, ...judgement });
    expect(r.shownFields("soddisfazione")).toEqual([
      "soddisfazione/certificati",
      "soddisfazione/residenza",
      "soddisfazione/sportelli_ospitati",
    ]);
    await r.answer(judgement);
    expect(r.html).toContain("Group 1 of 5");
    expect(r.html).toContain("Most important: ");
    const bestWorst = r.bestWorstAnswers("importanza_bw", ["residenza", "sportelli_ospitati", "identita_digitale"]);
    for (const page of [{ ...bestWorst, ...priorities }, end]) {
      await r.answer(page);
      expect(r.status, r.html.slice(0, 2000)).toBe(200);
    }
    expect(r.path).toMatch(/\/riepilogo(\?|$)/);
    await r.submitFromSummary();
    expect(r.path).toMatch(/\/grazie(\?|$)/);

    const [response] = listResponses(t.db, "cittadini");
    expect(response.lang).toBe("en");
    expect(response.answers).toEqual({
      ...stored(profile, services, visits, judgement, bestWorst, end),
      prime_tre: "residenza sportelli_ospitati identita_digitale",
    });
    expect(response.answers.sesso).toBe("non_dire");
  });

  it("skips the questions about services for a resident who used none", async () => {
    const r = new Respondent(t.app, "cittadini");
    await r.start();
    await r.answer({ eta: "45_64", sesso: "f", quartiere: "centro" });
    // Without JavaScript the list is drawn with the yes/no question: it says when to answer it, and is required only then.
    expect(r.html).toContain("Risponda solo se ha risposto «Sì» alla domanda precedente.");
    expect(r.html).toContain("(obbligatoria in quel caso)");
    expect(r.html).toMatch(/<fieldset aria-describedby="c-servizi_usati h-servizi_usati">/);
    // A list ticked by mistake after answering "No" is not kept.
    await r.answer({ contatto: "no", servizi_usati: ["cie"] });
    expect(r.pageId).toBe("allo_sportello");
    await r.answer({}, "back");
    expect(r.pageId).toBe("servizi");
    await r.answer({ contatto: "si" });
    expect(r.status).toBe(422);
    expect(r.html).toContain("Risponda a questa domanda.");
  });
});

describe("the staff questionnaire", () => {
  it("asks a member of the Tributi staff about the Tributi services only", async () => {
    const [code] = createAccessCodes(t.db, "personale", 1);
    const tributi = ["pagamenti", "tari", "imu", "suolo_pubblico"];
    const rows = (q: string): string[] => tributi.map((s) => `${q}/${s}`);
    const fill = (q: string, values: string[]): Fields =>
      Object.fromEntries(tributi.map((s, i) => [`${q}/${s}`, values[i]]));

    const profile = { area: "tributi", ruolo: "front_office" };
    const publicPage = {
      ...fill("contatti", ["11_50", "oltre_50", "11_50", "1_10"]),
      ...fill("incomplete", ["meno_25", "25_50", "oltre_50", "25_50"]),
      ...fill("gravita", ["2", "4", "5", "non_so"]),
    };
    const generalist = {
      ...fill("fattibilita", ["process", "file", "inform", "file"]),
      ...fill("tempo_contatto", ["meno_5", "5_15", "15_30", "5_15"]),
    };
    const constraints = {
      ...fill("vincolo_delega", ["no", "no", "no", "no"]),
      ...fill("vincolo_software", ["si", "si", "si", "si"]),
      ...fill("vincolo_firma", ["no", "no", "si", "si"]),
      ...fill("vincolo_pagamento", ["si", "no", "no", "si"]),
      ...fill("vincolo_sopralluogo", ["no", "no", "no", "si"]),
    };
    const reception = {
      ufficio_sbagliato: "settimana",
      ...ranking("problemi", ["documenti_mancanti", "code", "info_online"]),
    };
    const desk = {
      "rischi/carico": "4",
      "rischi/formazione": "5",
      disponibilita: "si_formazione",
      "formazione/tributi": "none",
      "formazione/anagrafe_stato_civile": "deep",
      "formazione/pagopa_spid": "basic",
    };
    const end = {
      servizio_escluso: "imu",
      motivo: "I calcoli e le correzioni richiedono l'accesso alla banca dati catastale.",
    };

    const r = new Respondent(t.app, "personale", { code });
    await walk(r, [
      { page: "profilo", shows: ["area", "ruolo"], answers: profile },
      { page: "pubblico", shows: ["contatti", "incomplete", "gravita"], answers: publicPage },
      { page: "generalista", shows: ["fattibilita", "tempo_contatto"], answers: generalist },
      {
        page: "vincoli",
        shows: ["vincolo_delega", "vincolo_software", "vincolo_firma", "vincolo_pagamento", "vincolo_sopralluogo"],
        answers: constraints,
      },
      { page: "ricevimento", shows: ["ufficio_sbagliato", "problemi"], answers: reception },
      { page: "sportello", shows: ["rischi", "disponibilita", "formazione"], answers: desk },
      { page: "conclusione", shows: ["servizio_escluso", "motivo"], answers: end },
    ]);

    const [response, ...others] = listResponses(t.db, "personale");
    expect(others).toEqual([]);
    expect(response.answers).toEqual({
      ...stored(profile, publicPage, generalist, constraints, desk, end),
      ufficio_sbagliato: "settimana",
      problemi: "documenti_mancanti code info_online",
    });
    // Every per-service answer is about a Tributi service.
    const perService = [
      "contatti",
      "incomplete",
      "gravita",
      "fattibilita",
      "tempo_contatto",
      "vincolo_delega",
      "vincolo_software",
      "vincolo_firma",
      "vincolo_pagamento",
      "vincolo_sopralluogo",
    ];
    for (const q of perService)
      expect(
        Object.keys(response.answers)
          .filter((k) => k.startsWith(`${q}/`))
          .sort(),
        q,
      ).toEqual(rows(q).sort());
  });

  it("shows the pages of the services of the area chosen, and none to a respondent who chose Altro", async () => {
    const [demografici, altro] = createAccessCodes(t.db, "personale", 2);
    const r = new Respondent(t.app, "personale", { code: demografici });
    await r.start();
    await r.answer({ area: "demografici", ruolo: "misto" });
    expect(r.pageId).toBe("pubblico");
    expect(r.shownFields("gravita")).toContain("gravita/cie");
    expect(r.shownFields("gravita")).not.toContain("gravita/tari");

    const other = new Respondent(t.app, "personale", { code: altro });
    await other.start();
    await other.answer({ area: "altro", ruolo: "back_office" });
    expect(other.pageId).toBe("ricevimento");
  });
});

describe("resuming a saved citizen questionnaire", () => {
  it("lands on the page where the respondent stopped, with no error for questions not seen yet", async () => {
    const r = new Respondent(t.app, "cittadini");
    await r.start();
    await r.answer({ eta: "45_64", sesso: "f", quartiere: "centro" });
    expect(r.pageId).toBe("servizi");
    await r.answer({}, "save");
    const code = /class="resume-code"><strong>([0-9A-Z-]+)</.exec(r.html)![1];
    const back = new Respondent(t.app, "cittadini");
    await back.post("/s/cittadini/resume", { resumeCode: code, lang: "it" });
    expect(back.status).toBe(200);
    expect(back.pageId).toBe("servizi");
    expect(back.html).not.toContain("error-summary");
  });

  it("does not skip a page left blank (nothing on it required) when the respondent saved there", async () => {
    const r = new Respondent(t.app, "cittadini");
    await r.start();
    await r.answer({ eta: "45_64", sesso: "f", quartiere: "centro" });
    await r.answer({ contatto: "no" });
    expect(r.pageId).toBe("allo_sportello");
    await r.answer({ "prime_tre/1": "cie" });
    expect(r.pageId).toBe("sportello");
    await r.answer({}, "save");
    const link = /<code>http:\/\/[^/]+(\/r\/[^<]+)<\/code>/.exec(r.html)![1];
    const back = new Respondent(t.app, "cittadini");
    await back.get(link);
    // Every question of the last page is optional: the old rule (first incomplete page, else the summary) skipped it.
    expect(back.pageId).toBe("sportello");
    expect(back.html).not.toContain("error-summary");
  });
});

describe("the step indicator", () => {
  // The total counts the summary too.
  it("counts from the first page every page this respondent may see, and the total moves only with the deciding answer", async () => {
    const r = new Respondent(t.app, "cittadini");
    await r.start();
    expect(r.html).toContain("Passo 1 di 7");
    await r.answer({ eta: "30_44", sesso: "f", quartiere: "centro" });
    expect(r.html).toContain("Passo 2 di 7");
    await r.answer({ contatto: "si", servizi_usati: ["cie"] });
    expect(r.html).toContain("Passo 3 di 7");
    await r.answer({}, "back");
    await r.answer({ contatto: "no" });
    expect(r.html).toContain("Passo 3 di 5");
  });
});

import type { Page } from "playwright-core";
import { afterEach, expect, it } from "vitest";
import { createAccessCodes } from "../../src/storage/sqlite-access-codes.js";
import { expectAccessible as audit, runAxe } from "../helpers/axe.js";
import { describeBrowser, useBrowserApp } from "../helpers/browser.js";
import { Respondent } from "../helpers/respondent.js";

/** Valid answers of the fixture survey `prova`, page by page (as in tests/http/survey-flow.test.ts). */
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
const LAST = { ultima_visita: "2025-03-31", nome_ufficio: "Anagrafe", giudizio: "4", commento: "Più orari" };

describeBrowser("accessibility (axe-core, WCAG 2.1 A and AA): no serious or critical violation", () => {
  const env = useBrowserApp();

  /**
   * Opens a page: the test's one browser page, sent to the address with the cookies cleared. A fresh
   * context for every page cost about two seconds of Chromium's time each (a renderer to start, axe to
   * compile again); the pages are reached by their own addresses (a respondent's token is in the path).
   * `withoutScripts` serves the page without its enhancement script, as a browser with JavaScript off
   * sees it (axe itself needs JavaScript, so the context cannot turn it off).
   */
  let current: Page | undefined;
  afterEach(() => {
    current = undefined; // its context is closed by useBrowserApp
  });
  async function open(path: string, options: { width?: number; withoutScripts?: boolean } = {}): Promise<Page> {
    current ??= await env.newPage();
    const page = current;
    await page.context().clearCookies();
    await page.unrouteAll();
    await page.setViewportSize({ width: options.width ?? 1280, height: options.width ? 800 : 720 });
    if (options.withoutScripts) await page.route(/\/(static|assets)\/js\//, (route) => route.abort());
    const response = await page.goto(env.url(path));
    expect(response, path).not.toBeNull();
    return page;
  }

  async function respondent(
    lang: "it" | "en" = "it",
    pages: Record<string, string | string[]>[] = [],
  ): Promise<Respondent> {
    const r = new Respondent(env.test.app, "prova", { lang });
    await r.start();
    for (const fields of pages) {
      await r.answer(fields);
      expect(r.status, r.html.slice(0, 2000)).toBe(200);
    }
    return r;
  }

  it("the check itself works on these pages: axe runs despite the Content-Security-Policy and reports a planted defect", async () => {
    const page = await open("/");
    await page.evaluate(() => {
      const input = document.createElement("input");
      input.type = "text";
      document.querySelector("main")!.append(input);
    });
    const result = await runAxe(page);
    expect(result.violations.map((v) => `${v.id}:${v.impact}`)).toContain("label:critical");
    expect(result.passes.length).toBeGreaterThan(10);
  });

  it("home page, in Italian and in English", async () => {
    await audit(await open("/"), "home (it)");
    await audit(await open("/?lang=en"), "home (en)");
  });

  it("intro pages: the privacy notice, with and without an access-code field, and a refused code", async () => {
    await audit(await open("/s/prova"), "intro prova");
    await audit(await open("/s/prova?lang=en"), "intro prova (en)");
    const staff = await open("/s/personale_prova");
    await audit(staff, "intro personale_prova");
    await staff.getByLabel("Codice di accesso").fill("ZZZZZ-ZZZZZ");
    await Promise.all([
      staff.waitForURL("**/s/personale_prova/start"),
      staff.getByRole("button", { name: "Inizia il questionario" }).click(),
    ]);
    await expect(staff.locator("#e-code").textContent()).resolves.toContain("non è valido");
    await audit(staff, "intro personale_prova with a refused code");
  });

  it("every question page of `prova`, in Italian, and the first one in English", async () => {
    const r = await respondent("it", [PROFILE, SERVICES, EXPERIENCE, PRIORITIES]);
    for (const id of ["profilo", "servizi", "esperienza", "priorita", "altro"]) {
      const page = await open(`/r/${r.token}/p/${id}`);
      await expect(page.locator("h1").textContent()).resolves.toBeTruthy();
      await audit(page, `question page ${id}`);
    }
    // Without JavaScript the page differs: the question «scuola» that JavaScript hides is shown.
    const plain = await open(`/r/${(await respondent("it")).token}/p/profilo`, { withoutScripts: true });
    await expect(plain.locator("#q-scuola").isVisible()).resolves.toBe(true);
    await audit(plain, "question page profilo without JavaScript");
    const en = await respondent("en");
    await audit(await open(`/r/${en.token}/p/profilo?lang=en`), "question page profilo (en)");
  });

  it("pages showing validation errors: the error summary, inline messages, invalid fields", async () => {
    const r = await respondent("it");
    const page = await open(`/r/${r.token}/p/profilo`);
    await page.getByLabel("Quanti figli minorenni vivono con lei?").fill("tre");
    await page.getByLabel("In quale quartiere abita?").selectOption("other");
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Avanti" }).click()]);
    await page.locator("#error-summary").waitFor();
    await audit(page, "profilo with errors");

    // A matrix with row errors and a ranking with position errors.
    const s = await respondent("it", [PROFILE, SERVICES]);
    const matrix = await open(`/r/${s.token}/p/esperienza`);
    await matrix.locator('label[for="f-uffici-tari-2"]').click();
    await Promise.all([matrix.waitForLoadState("load"), matrix.getByRole("button", { name: "Avanti" }).click()]);
    await matrix.locator("#error-summary").waitFor();
    await expect(matrix.locator(".matrix-row.row-has-error").count()).resolves.toBe(2);
    await audit(matrix, "esperienza with matrix row errors");

    const other = await respondent("it", [PROFILE]);
    const services = await open(`/r/${other.token}/p/servizi`);
    await services.locator('label[for="f-usati-choice-other"]').click();
    await Promise.all([services.waitForLoadState("load"), services.getByRole("button", { name: "Avanti" }).click()]);
    await services.locator("#error-summary").waitFor();
    await audit(services, "servizi with «Altro» ticked and not specified");

    const check = await respondent("it", [PROFILE, SERVICES]);
    await check.submitFromSummary();
    expect(check.path).toMatch(/\/p\/esperienza\?check=1$/);
    await audit(
      await open(`/r/${check.token}/riepilogo`),
      "summary of an incomplete questionnaire (redirects to ?check=1)",
    );

    const p = await respondent("it", [PROFILE, SERVICES, EXPERIENCE]);
    const ranking = await open(`/r/${p.token}/p/priorita`);
    await ranking.getByLabel("2° posto").selectOption("cie");
    await Promise.all([ranking.waitForLoadState("load"), ranking.getByRole("button", { name: "Avanti" }).click()]);
    await ranking.locator("#error-summary").waitFor();
    await audit(ranking, "priorita with errors");

    const en = await respondent("en");
    const english = await open(`/r/${en.token}/p/profilo?lang=en`);
    await Promise.all([english.waitForLoadState("load"), english.getByRole("button", { name: "Next" }).click()]);
    await english.locator("#error-summary").waitFor();
    await audit(english, "profilo with errors (en)");
  });

  it("summary, saved-draft page, thank-you page and both feedback steps", async () => {
    const r = await respondent("it", [PROFILE, SERVICES, EXPERIENCE, PRIORITIES, LAST]);
    expect(r.path).toMatch(/riepilogo$/);
    await audit(await open(`/r/${r.token}/riepilogo`), "summary");

    const saver = await respondent("it");
    await saver.answer(PROFILE, "save");
    expect(saver.path).toMatch(/salvato$/);
    await audit(await open(`/r/${saver.token}/salvato`), "saved draft");

    await r.submitFromSummary();
    const thanks = await open(`/r/${r.token}/grazie`);
    await audit(thanks, "thank-you page");
    // With JavaScript the follow-up for 1–3 stars appears in the same page as soon as a star is chosen (cmp-rating).
    await thanks.locator('label[for="f-rating-2"]').click();
    await thanks.getByText("Dove hai incontrato le maggiori difficoltà?").waitFor();
    expect(await thanks.getByText("Quali sono stati gli aspetti che hai preferito?").isVisible()).toBe(false);
    expect(await thanks.getByRole("button", { name: "Avanti" }).isVisible()).toBe(false);
    expect(thanks.url()).toMatch(/grazie$/);
    await audit(thanks, "feedback follow-up in the same page (negative)");
    await thanks.locator('label[for="f-negative-0"]').click();
    await thanks.getByLabel("Vuoi aggiungere altri dettagli?").fill("Troppe pagine");
    await Promise.all([
      thanks.waitForLoadState("load"),
      thanks.getByRole("button", { name: "Invia il giudizio" }).click(),
    ]);
    await thanks.getByText("Grazie per il suo giudizio.").waitFor();
    // Sent from the same page: the stars, the ticked difficulty and the comment are stored together.
    expect(env.test.db.$client.prepare("SELECT rating, aspects, comment FROM feedback").all()).toEqual([
      { rating: 2, aspects: "non_chiare", comment: "Troppe pagine" },
    ]);
    await audit(thanks, "feedback sent");

    const positive = await open(`/r/${r.token}/grazie`);
    await Promise.all([
      positive.waitForURL("**/valutazione"),
      positive.getByRole("button", { name: "Avanti" }).click(),
    ]);
    await positive.locator("#e-rating").waitFor();
    await audit(positive, "feedback with no stars chosen");
    await positive.locator('label[for="f-rating-5"]').click();
    await positive.getByText("Quali sono stati gli aspetti che hai preferito?").waitFor();
    expect(await positive.getByText("Dove hai incontrato le maggiori difficoltà?").isVisible()).toBe(false);
    await audit(positive, "feedback follow-up in the same page (positive)");
  });

  it("the staff questionnaire pages behind an access code", async () => {
    const [code] = createAccessCodes(env.test.db, "personale_prova", 1);
    const r = new Respondent(env.test.app, "personale_prova", { code });
    await r.start();
    expect(r.pageId).toBe("area");
    await audit(await open(r.path), "staff page area");
    await r.answer({ area: "tributi" });
    expect(r.pageId).toBe("servizi");
    await audit(await open(r.path), "staff page servizi (matrix from the catalogue)");
  });

  it("accessibility statement and the 404 page, in Italian and in English", async () => {
    await audit(await open("/accessibilita"), "accessibility statement");
    await audit(await open("/accessibilita?lang=en"), "accessibility statement (en)");
    const missing = await open("/s/nessuno");
    await expect(missing.locator("h1").textContent()).resolves.toBe("Pagina non trovata");
    await audit(missing, "404");
    await audit(await open("/r/inesistente/p/profilo?lang=en"), "404 (en)");
  });

  it("at 320 px wide: no horizontal scroll on any page, no violation on the question pages, the matrix one block per row", async () => {
    const noHorizontalScroll = async (page: Page, what: string): Promise<void> => {
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth, `${what}: content ${scrollWidth}px wide in a ${clientWidth}px window`).toBeLessThanOrEqual(
        320 + 1,
      );
    };
    const r = await respondent("it", [PROFILE, SERVICES, EXPERIENCE, PRIORITIES, LAST]);
    for (const path of [
      `/r/${r.token}/p/esperienza`,
      `/r/${r.token}/p/profilo`,
      `/r/${r.token}/p/servizi`,
      `/r/${r.token}/p/priorita`,
      `/r/${r.token}/p/altro`,
      `/r/${r.token}/riepilogo`,
    ]) {
      const page = await open(path, { width: 320 });
      await noHorizontalScroll(page, path);
      await audit(page, `${path} at 320 px`);
    }
    const saver = await respondent("en", [PROFILE]);
    await saver.answer({}, "save");
    expect(saver.path).toMatch(/salvato/);
    await r.submitFromSummary();
    for (const path of [
      "/",
      "/s/prova",
      "/s/personale_prova?lang=en",
      saver.path,
      `/r/${r.token}/grazie`,
      "/accessibilita",
      "/nessuna-pagina",
    ]) {
      await noHorizontalScroll(await open(path, { width: 320 }), path);
    }
    // The error summary and a refused access code at 320 px.
    const errors = await open(`/r/${(await respondent("it")).token}/p/profilo`, { width: 320 });
    await Promise.all([errors.waitForLoadState("load"), errors.getByRole("button", { name: "Avanti" }).click()]);
    await errors.locator("#error-summary").waitFor();
    await noHorizontalScroll(errors, "profilo with errors");

    // The matrix becomes one block per row: the choices of a row sit below its label, not beside it.
    const page = await open(
      `/r/${r.token}/p/esperienza`.replace(r.token, (await respondent("it", [PROFILE, SERVICES])).token),
      { width: 320 },
    );
    const row = page.locator(".matrix-row").first();
    const label = await row.locator("legend").boundingBox();
    const cell = await row.locator(".matrix-cell label").first().boundingBox();
    expect(cell!.y).toBeGreaterThanOrEqual(label!.y + label!.height - 1);
  });
});

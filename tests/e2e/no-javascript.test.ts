import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { describeBrowser, useBrowserApp } from "../helpers/browser.js";

/** Clicks a submit button (or link) that loads a new document, and waits for it. */
async function clickAndLoad(page: Page, click: () => Promise<void>): Promise<void> {
  const loaded = page.waitForEvent("load");
  await click();
  await loaded;
}

/** Ticks a radio or checkbox the way a mouse user does: on its label (the input itself is drawn by the label). */
async function tick(page: Page, id: string): Promise<void> {
  await page.locator(`label[for="${id}"]`).click();
  await expect(page.locator(`#${id}`).isChecked()).resolves.toBe(true);
}

describeBrowser("a citizen completes the questionnaire with JavaScript off", () => {
  const env = useBrowserApp();

  it("answers every page in English, sees the summary, changes an answer from it and sends", async () => {
    const page = await env.newPage({ javaScriptEnabled: false });
    await page.goto(env.url("/s/prova"));
    await expect(page.evaluate(() => 1)).resolves.toBe(1); // evaluate still works: only the page's scripts are off

    // The language switch, then start.
    await clickAndLoad(page, () => page.getByRole("link", { name: "Read this page in English" }).click());
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("en");
    await clickAndLoad(page, () => page.getByRole("button", { name: "Start the questionnaire" }).click());
    expect(page.url()).toMatch(/\/p\/profilo\?lang=en$/);

    // Without JavaScript the question that depends on «figli» is simply shown; the server decides on submit.
    await expect(page.locator("#q-scuola").isVisible()).resolves.toBe(true);
    // An invalid page first: the error summary and the inline messages come from the server.
    await page.getByLabel("How many children under 18 live with you?").fill("three");
    await clickAndLoad(page, () => page.getByRole("button", { name: "Next" }).click());
    await expect(page.locator("#error-summary").textContent()).resolves.toContain("There are 3 answers to correct");
    expect(await page.title()).toMatch(/^Error: /);
    await expect(page.locator("#f-figli").inputValue()).resolves.toBe("three");
    // Without JavaScript the summary's links still lead to their fields.
    await page.locator('#error-summary a[href="#f-figli"]').click();
    await page.waitForURL(/#f-figli$/);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("f-figli");

    await tick(page, "f-eta-45_64");
    await page.getByLabel("Which neighbourhood do you live in?").selectOption("other");
    await page.locator("#f-quartiere-other").fill("Villaggio del Sole");
    await page.getByLabel("How many children under 18 live with you?").fill("2");
    await tick(page, "f-scuola");
    await clickAndLoad(page, () => page.getByRole("button", { name: "Next" }).click());
    expect(page.url()).toMatch(/\/p\/servizi\?lang=en$/);

    await tick(page, "f-usati");
    await tick(page, "f-usati-tari");
    await tick(page, "f-usati-choice-other");
    await page.getByLabel("Please specify", { exact: true }).fill("Biblioteca");
    await clickAndLoad(page, () => page.getByRole("button", { name: "Next" }).click());
    expect(page.url()).toMatch(/\/p\/esperienza\?lang=en$/);

    // The matrices: one row per service ticked on the previous page.
    await expect(page.locator("#q-soddisfazione .matrix-row legend").allTextContents()).resolves.toEqual([
      "Electronic identity card",
      "TARI (waste tax)",
    ]);
    await tick(page, "f-soddisfazione-cie-8");
    await tick(page, "f-soddisfazione-tari-non_so");
    await tick(page, "f-uffici-cie");
    await tick(page, "f-uffici-tari-3_piu");
    await clickAndLoad(page, () => page.getByRole("button", { name: "Next" }).click());
    expect(page.url()).toMatch(/\/p\/priorita\?lang=en$/);

    // The ranking works without JavaScript: one select per position.
    await page.getByLabel("Position 1").selectOption("tari");
    await page.getByLabel("Position 2").selectOption("cie");
    await tick(page, "f-importanza-9");
    await tick(page, "f-orari");
    await tick(page, "f-orari-sabato");
    // «Back» keeps what was answered on this page.
    await clickAndLoad(page, () => page.getByRole("button", { name: "Back" }).click());
    expect(page.url()).toMatch(/\/p\/esperienza\?lang=en$/);
    await expect(page.locator("#f-soddisfazione-cie-8").isChecked()).resolves.toBe(true);
    await clickAndLoad(page, () => page.getByRole("button", { name: "Next" }).click());
    await expect(page.locator("#f-classifica-1").inputValue()).resolves.toBe("tari");
    await expect(page.locator("#f-orari-sabato").isChecked()).resolves.toBe(true);
    await clickAndLoad(page, () => page.getByRole("button", { name: "Next" }).click());
    expect(page.url()).toMatch(/\/p\/altro\?lang=en$/);

    await page.getByLabel("When did you last come to the town hall?").fill("2025-03-31");
    await page.getByLabel("Which office did you visit?").fill("Anagrafe");
    await tick(page, "f-giudizio-4");
    await page.getByLabel("Anything to add?").fill("More hours\non Saturday");
    await clickAndLoad(page, () => page.getByRole("button", { name: "Next" }).click());
    expect(page.url()).toMatch(/\/riepilogo\?lang=en$/);

    // The summary, and a change made from it that returns to it.
    await expect(page.locator("h1").textContent()).resolves.toBe("Summary of your answers");
    await expect(page.locator("main").textContent()).resolves.toContain("45 to 64");
    await clickAndLoad(page, () => page.getByRole("link", { name: "Change «About you»" }).click());
    await tick(page, "f-eta-65_plus");
    await clickAndLoad(page, () => page.getByRole("button", { name: "Save and return to the summary" }).click());
    expect(page.url()).toMatch(/\/riepilogo\?lang=en$/);
    await expect(page.locator("main").textContent()).resolves.toContain("65 or over");

    await clickAndLoad(page, () => page.getByRole("button", { name: "Send your answers" }).click());
    expect(page.url()).toMatch(/\/grazie\?lang=en$/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Thank you, your answers have been sent");

    const [stored, ...others] = listResponses(env.test.db, "prova");
    expect(others).toHaveLength(0);
    expect(stored).toMatchObject({ surveyId: "prova", surveyVersion: 1, channel: "web", lang: "en" });
    expect(stored.answers).toEqual({
      eta: "65_plus",
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
      commento: "More hours\non Saturday",
    });

    // Going back in history and sending again stores nothing more.
    await page.goBack();
    await page.goBack();
    await page.goto(env.url(new URL(page.url()).pathname.replace(/\/[^/]+$/, "/riepilogo")));
    expect(page.url()).toMatch(/\/grazie/);
    expect(listResponses(env.test.db, "prova")).toHaveLength(1);
  });

  it("saves a draft and resumes it with the short code", async () => {
    const page = await env.newPage({ javaScriptEnabled: false });
    await page.goto(env.url("/s/prova"));
    await clickAndLoad(page, () => page.getByRole("button", { name: "Inizia il questionario" }).click());
    await tick(page, "f-eta");
    await clickAndLoad(page, () => page.getByRole("button", { name: "Salva e continua più tardi" }).click());
    expect(page.url()).toMatch(/\/salvato$/);
    const code = (await page.locator(".resume-code strong").textContent())!;

    const other = await env.newPage({ javaScriptEnabled: false });
    await other.goto(env.url("/s/prova"));
    await other.getByLabel("Codice di ripresa").fill(code.toLowerCase());
    await clickAndLoad(other, () => other.getByRole("button", { name: "Riprendi" }).click());
    // Back on the page where the respondent stopped, the answer kept, and no error for what is still to answer (issue 16).
    expect(other.url()).toMatch(/\/p\/profilo$/);
    await expect(other.locator("#f-eta").isChecked()).resolves.toBe(true);
    await expect(other.locator("#error-summary").count()).resolves.toBe(0);
  });

  it("at 400 % zoom (320 × 256 px), an error-summary link leads to its field with the question text in view", async () => {
    const page = await env.newPage({
      javaScriptEnabled: false,
      viewport: { width: 320, height: 256 },
      reducedMotion: "reduce",
    });
    await page.goto(env.url("/s/prova"));
    await clickAndLoad(page, () => page.getByRole("button", { name: "Inizia il questionario" }).click());
    await clickAndLoad(page, () => page.getByRole("button", { name: "Avanti" }).click());
    for (const question of ["eta", "quartiere"]) {
      await page.locator(`#error-summary a[href="#f-${question}"]`).click();
      await page.waitForURL(new RegExp(`#f-${question}$`));
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe(`f-${question}`);
      const label = (await page.locator(`#q-${question} .q-label`).boundingBox())!;
      const field = (await page.locator(`#f-${question}`).boundingBox())!;
      expect(label.y, `«${question}»: question text scrolled above the window`).toBeGreaterThanOrEqual(0);
      expect(field.y + field.height, `«${question}»: field below the window`).toBeLessThanOrEqual(256);
    }
  });
});

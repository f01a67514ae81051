import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { createDraft, findDraft, saveDraft } from "../../src/storage/sqlite-drafts.js";
import { listPaperEntries } from "../../src/storage/sqlite-paper-entries.js";
import { submitDraft } from "../../src/storage/sqlite-submit.js";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { expectAccessible } from "../helpers/axe.js";
import { describeBrowser, useBrowserApp, signIn } from "../helpers/browser.js";
import { createUser } from "../helpers/auth.js";

const SHOTS = process.env.FIELDWORK_SHOTS; // a folder: also save screenshots and PDFs to look at

describeBrowser("fieldwork pages in a browser", () => {
  const env = useBrowserApp();

  async function audit(page: Page, what: string): Promise<void> {
    await expectAccessible(page, what);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${what.replace(/\W+/g, "-")}.png`, fullPage: true });
  }

  /** Ticks a radio or checkbox from the keyboard (Bootstrap Italia draws its label over the input). */
  async function tick(page: Page, selector: string): Promise<void> {
    await page.focus(selector);
    await page.keyboard.press("Space");
  }

  /**
   * Stops the page's fake clock and then presses a key, so the kiosk's countdown starts from a known
   * instant. Playwright's fake time otherwise flows with real time between the page load and the
   * next step (seconds on a loaded machine), and «149 s later» was then sometimes 151. While the
   * clock is stopped only runFor and fastForward move it (resume() before axe, which needs timers).
   */
  async function holdClockFromAKeyPress(page: Page): Promise<void> {
    const now = await page.evaluate(() => Date.now());
    await page.clock.pauseAt(now + 5_000);
    await page.keyboard.press("Shift");
  }

  /** A kiosk questionnaire answered up to its second page, open on a tablet whose fake clock waits for runFor. */
  async function kioskQuestionnaireHalfDone(): Promise<{ page: Page; draft: { token: string } }> {
    const page = await env.newPage();
    const draft = createDraft(env.test.db, {
      surveyId: "prova",
      surveyVersion: 1,
      lang: "it",
      channel: "kiosk",
      codeHash: null,
      days: 1,
    });
    saveDraft(env.test.db, draft.token, { eta: "18_44", quartiere: "centro" }, "it");
    await page.clock.install();
    await page.goto(env.url(`/r/${draft.token}/p/servizi`));
    await holdClockFromAKeyPress(page);
    return { page, draft };
  }

  it("the administrator's pages have no serious or critical violation; codes go to a printable sheet", async () => {
    await createUser(env.test.db, "admin", "amministratrice");
    const page = await env.newPage();
    await signIn(page, env.url(""), "amministratrice");
    await page.click('a[href="/admin/questionari/personale_prova"]');
    await audit(page, "survey page");
    await page.click('a[href="/admin/questionari/personale_prova/codici"]');
    await audit(page, "codes page");
    await page.fill("#f-count", "30");
    await page.click("text=Genera i codici");
    await audit(page, "codes generated");
    const codes = await page.locator(".codes-list code").allTextContents();
    expect(codes).toHaveLength(30);
    const [sheet] = await Promise.all([
      page.context().waitForEvent("page"),
      page.click("text=Apri i tagliandi da stampare"),
    ]);
    await sheet.waitForLoadState();
    expect(await sheet.locator(".slip-code").allTextContents()).toEqual(codes);
    await audit(sheet, "slips");
    if (SHOTS) await sheet.pdf({ path: `${SHOTS}/slips.pdf`, format: "A4", printBackground: true });
    await page.goto(env.url("/admin/questionari/prova"));
    await page.fill("#f-closesAt", "2020-01-01T10:00");
    await page.fill("#f-opensAt", "2020-02-01T10:00");
    await page.click("text=Salva stato e date");
    await audit(page, "lifecycle error");
    await page.goto(env.url("/admin/questionari/prova/carta"));
    await audit(page, "paper version");
    if (SHOTS) await page.pdf({ path: `${SHOTS}/paper.pdf`, format: "A4", printBackground: true });
  });

  it("an operator types a paper form by keyboard alone, and double entry shows the differences", async () => {
    await createUser(env.test.db, "operator", "operatrice");
    const page = await env.newPage();
    await signIn(page, env.url(""), "operatrice");
    await page.goto(env.url("/admin/questionari/prova/inserimento"));
    await audit(page, "data entry");
    // The cursor is on question 1 without a click.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-eta");
    const k = page.keyboard;
    await k.press("ArrowDown"); // 1: second choice (45–64)
    await k.press("Tab");
    await k.press("ArrowDown"); // 2: select → Centro
    await k.press("Tab"); // 2: its «Altro, specificare» text, left empty
    await k.press("Tab");
    await k.type("0"); // 3: children
    await k.press("Tab"); // 4: school (skipped on paper)
    await k.press("Tab");
    await k.press("Space"); // 5: first service (CIE)
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).id)).toBe("f-usati");
    await tick(page, "#f-soddisfazione-cie-7");
    await page.selectOption("#f-classifica-1", "cie");
    await page.selectOption("#f-classifica-2", "tari");
    await tick(page, "#f-orari");
    await tick(page, "#f-doppio");
    await page.focus("text=Registra il questionario");
    await k.press("Enter");
    await page.waitForURL(/salvato=attesa/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-eta");
    const [pending] = listPaperEntries(env.test.db, "prova");
    expect(pending.answers).toMatchObject({ eta: "45_64", quartiere: "centro", figli: "0", usati: "cie" });

    // The second typing, by another operator, gets «importanza» different; the differences page is then used by keyboard.
    await createUser(env.test.db, "operator", "collega");
    const other = await env.newPage();
    await signIn(other, env.url(""), "collega");
    await other.goto(env.url("/admin/questionari/prova/inserimento"));
    await other.click(`a[href$="/inserimento/${pending.id}"]`);
    await tick(other, "#f-eta-45_64");
    await other.selectOption("#f-quartiere", "centro");
    await other.fill("#f-figli", "0");
    await tick(other, "#f-usati");
    await tick(other, "#f-soddisfazione-cie-7");
    await other.selectOption("#f-classifica-1", "cie");
    await other.selectOption("#f-classifica-2", "tari");
    await tick(other, "#f-importanza-6");
    await tick(other, "#f-orari");
    await other.click("text=Confronta e registra");
    await other.waitForURL(new RegExp(`/inserimento/${pending.id}$`));
    await audit(other, "differences");
    await tick(other, "#f-scelta-importanza");
    await other.click("text=Registra con le risposte scelte");
    await other.waitForURL(/salvato=risolto/);
    const [stored] = listResponses(env.test.db, "prova");
    expect(stored).toMatchObject({ channel: "paper", enteredBy: "operatrice" });
    expect(stored.answers.importanza).toBeUndefined();

    // An error at the top, linked to its field.
    await page.fill("#f-figli", "molti");
    await page.click("text=Registra il questionario");
    await audit(page, "data entry errors");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("error-summary");
  });

  it("the kiosk's thank-you page warns 20 s before going back to the start, lets the person stay, then starts afresh", async () => {
    const page = await env.newPage();
    await page.goto(env.url("/kiosk/prova"));
    await audit(page, "kiosk intro");
    const draft = createDraft(env.test.db, {
      surveyId: "prova",
      surveyVersion: 1,
      lang: "it",
      channel: "kiosk",
      codeHash: null,
      days: 1,
    });
    saveDraft(
      env.test.db,
      draft.token,
      {
        eta: "18_44",
        quartiere: "centro",
        usati: "cie",
        "soddisfazione/cie": "5",
        classifica: "cie tari",
        orari: "mattina",
      },
      "it",
    );
    expect(submitDraft(env.test.db, env.test.registry, draft.token).status).toBe("stored");
    await page.clock.install();
    await page.goto(env.url(`/r/${draft.token}/grazie`));
    await holdClockFromAKeyPress(page);
    const warning = page.locator("[data-kiosk-warning]");
    await page.clock.runFor(39_000);
    expect(await warning.isHidden()).toBe(true);
    await page.clock.runFor(2_000);
    expect(await warning.isVisible()).toBe(true);
    expect(await page.locator("[data-kiosk-status]").textContent()).toBe(
      "Tra 20 secondi la pagina tornerà all'inizio.",
    );
    await page.clock.resume(); // axe waits on timers of its own
    await audit(page, "kiosk thank-you");
    await page.locator("[data-kiosk-extend]").focus();
    await page.keyboard.press("Enter");
    await holdClockFromAKeyPress(page);
    expect(await warning.isHidden()).toBe(true);
    expect(await page.locator("[data-kiosk-status]").textContent()).toBe("");
    await page.clock.runFor(50_000);
    expect(page.url()).toContain("/grazie");
    // Run well past the minute: the page must go back to the start once. A timer that kept firing
    // restarted the navigation every second, aborting it under load (a flaky CI failure).
    const starts: string[] = [];
    page.on("request", (request) => {
      if (request.isNavigationRequest()) starts.push(request.url());
    });
    await page.clock.runFor(20_000);
    await page.waitForURL(/\/kiosk\/prova$/);
    expect(starts).toEqual([env.url("/kiosk/prova")]);
    expect(await page.locator("h1").textContent()).toBe("Questionario di prova");
  });

  it("a kiosk questionnaire left alone warns 30 s before, lets the person stay, then is given up: deleted, back to the start", async () => {
    const { page, draft } = await kioskQuestionnaireHalfDone();
    const warning = page.locator("[data-kiosk-idle] [data-kiosk-warning]");
    await page.clock.runFor(149_000);
    expect(await warning.isHidden()).toBe(true);
    await page.clock.runFor(2_000);
    expect(await warning.isVisible()).toBe(true);
    expect(await page.locator("[data-kiosk-idle] [data-kiosk-status]").textContent()).toContain(
      "tra 30 secondi il questionario sarà annullato",
    );
    await page.clock.resume(); // axe waits on timers of its own
    await audit(page, "kiosk idle warning");
    await page.locator("[data-kiosk-idle] [data-kiosk-extend]").focus();
    await page.keyboard.press("Enter");
    await holdClockFromAKeyPress(page);
    expect(await warning.isHidden()).toBe(true);
    await page.clock.runFor(170_000);
    expect(page.url()).toContain("/p/servizi");
    await page.clock.runFor(11_000);
    await page.waitForURL(/\/kiosk\/prova$/);
    expect(findDraft(env.test.db, draft.token)).toBeUndefined();
  });

  it("a kiosk tablet that slept past the deadline gives the questionnaire up as it wakes (timers were suspended, the clock was not)", async () => {
    const { page, draft } = await kioskQuestionnaireHalfDone();
    // fastForward is a closed lid: time jumps, each due timer fires at most once.
    await page.clock.fastForward(200_000);
    await page.waitForURL(/\/kiosk\/prova$/);
    expect(findDraft(env.test.db, draft.token)).toBeUndefined();
  });
});

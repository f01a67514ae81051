import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { describeBrowser, useBrowserApp } from "../helpers/browser.js";
import { Respondent } from "../helpers/respondent.js";

/** What has the focus, for assertions and for failure messages. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return "body";
    const input = el as HTMLInputElement;
    const name = input.name ? `[name="${input.name}"]` : "";
    const value = input.type === "radio" || input.type === "checkbox" ? `[value="${input.value}"]` : "";
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${name}${value} "${(el.textContent ?? "").trim().slice(0, 40)}"`;
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches `selector`, as a keyboard user
 * moves through a page; fails if it is not reached within `max` presses.
 */
async function tabTo(page: Page, selector: string, { back = false, max = 40 } = {}): Promise<void> {
  const path: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    path.push(await focused(page));
  }
  throw new Error(
    `${selector} not reached with ${back ? "Shift+Tab" : "Tab"} from ${page.url()}; focus went through:\n  ${path.join("\n  ")}`,
  );
}

/** Presses a key that should load a new document (a link, a submit button) and waits for it. */
async function pressAndLoad(page: Page, key: string): Promise<void> {
  const loaded = page.waitForEvent("load");
  await page.keyboard.press(key);
  await loaded;
}

/**
 * Types a date into the focused date field, segment by segment, as its user would. Chromium orders
 * the segments by the browser's own locale (gg/mm/aaaa in Italy, mm/dd/yyyy on an en-US machine),
 * so the orders are tried in turn, going back to the first segment with Shift+Tab.
 */
async function typeDate(page: Page, iso: string): Promise<void> {
  const [y, m, d] = iso.split("-");
  const tried: string[] = [];
  for (const digits of [d + m + y, m + d + y, y + m + d]) {
    await page.keyboard.type(digits);
    const got = await page.evaluate(() => (document.activeElement as HTMLInputElement).value);
    if (got === iso) return;
    tried.push(`${digits} → ${got || "(empty)"}`);
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
  }
  throw new Error(`could not type ${iso} into the date field: ${tried.join(", ")}`);
}

async function value(page: Page, selector: string): Promise<string> {
  return page.locator(selector).inputValue();
}

async function checked(page: Page, name: string): Promise<string[]> {
  return page
    .locator(`input[name="${name}"]:checked`)
    .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
}

async function expectFocusOn(page: Page, selector: string): Promise<void> {
  const ok = await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
  expect(ok, `focus should be on ${selector}, is on ${await focused(page)}`).toBe(true);
}

/**
 * The focused control shows a visible focus indicator, on itself or (for the visually hidden inputs
 * of scales, matrices and stars) on its label: an outline, or Bootstrap Italia's black ring, with at
 * least 3:1 contrast against the white page (WCAG 1.4.11).
 */
async function expectVisibleFocus(page: Page): Promise<void> {
  // Bootstrap Italia animates the ring in: judge it once the transitions have ended.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"));
  const found = await page.evaluate(() => {
    const luminance = (css: string): number | null => {
      const m = /rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/.exec(css);
      if (!m || (m[4] !== undefined && Number(m[4]) < 1)) return null;
      const [r, g, b] = [m[1], m[2], m[3]].map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrastOnWhite = (css: string): number => {
      const l = luminance(css);
      return l === null ? 0 : 1.05 / (l + 0.05);
    };
    const el = document.activeElement as HTMLElement;
    const candidates = [el, el.id ? document.querySelector(`label[for="${el.id}"]`) : null].filter(
      Boolean,
    ) as HTMLElement[];
    // An input hidden behind its label (opacity 0, 1 px) shows nothing, whatever its own style.
    const visible = (c: HTMLElement): boolean =>
      getComputedStyle(c).opacity !== "0" && c.offsetWidth > 1 && c.offsetHeight > 1;
    return candidates.filter(visible).map((c) => {
      const cs = getComputedStyle(c);
      const outline =
        cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2 ? contrastOnWhite(cs.outlineColor) : 0;
      const ring = [...cs.boxShadow.matchAll(/(rgba?\([^)]*\)) 0px 0px 0px (\d+)px/g)]
        .filter((m) => Number(m[2]) >= 2)
        .map((m) => contrastOnWhite(m[1]));
      return {
        element:
          c.tagName +
          (c.id ? "#" + c.id : "") +
          ((c as HTMLLabelElement).htmlFor ? `[for=${(c as HTMLLabelElement).htmlFor}]` : ""),
        contrast: Math.max(outline, ...ring, 0),
      };
    });
  });
  const best = Math.max(...found.map((f) => f.contrast));
  expect(best, `focus indicator on ${await focused(page)}: ${JSON.stringify(found)}`).toBeGreaterThanOrEqual(3);
}

describeBrowser("a citizen completes the questionnaire with the keyboard alone (JavaScript on)", () => {
  const env = useBrowserApp();

  it("goes through every page, the summary and sending with Tab, Shift+Tab, arrows, Space, typing and Enter", async () => {
    // Reduced motion: Bootstrap Italia's focus ring then appears at once, without a transition.
    const page = await env.newPage({ reducedMotion: "reduce" });
    await page.goto(env.url("/"));

    // Home → intro → first page.
    await tabTo(page, 'a[href="/s/prova"]');
    await pressAndLoad(page, "Enter");
    expect(new URL(page.url()).pathname).toBe("/s/prova");
    await tabTo(page, "button[type=submit]");
    expect(await focused(page)).toContain("Inizia il questionario");
    await pressAndLoad(page, "Enter");
    expect(page.url()).toMatch(/\/p\/profilo$/);

    // Live condition: «scuola» is hidden (and out of the tab order) until «figli» ≥ 1.
    await expect(page.locator("#q-scuola").isHidden()).resolves.toBe(true);

    // An invalid submit: the error summary receives the focus, its links lead to the fields.
    await tabTo(page, 'button[value="next"]');
    await pressAndLoad(page, "Enter");
    await page.locator("#error-summary").waitFor();
    await expectFocusOn(page, "#error-summary");
    expect(await page.title()).toMatch(/^Errore: /);
    await expect(page.locator("#q-scuola").isHidden()).resolves.toBe(true);
    await page.keyboard.press("Tab");
    await expectFocusOn(page, '#error-summary a[href="#f-eta"]');
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "f-eta");
    // The whole question is in view, not just its first radio: the question text is not scrolled away.
    const legend = await page.locator("#q-eta legend").boundingBox();
    expect(legend!.y, "question text above the top of the window").toBeGreaterThanOrEqual(0);

    // «Quanti anni ha?»: arrows move and choose in the radio group.
    await expectVisibleFocus(page);
    await page.keyboard.press("ArrowDown");
    await expectFocusOn(page, "#f-eta-45_64");
    expect(await checked(page, "eta")).toEqual(["45_64"]);
    await expectVisibleFocus(page);

    // «Quartiere»: a select, changed with the arrows; then «Altro» and its text.
    await tabTo(page, "#f-quartiere");
    await expectVisibleFocus(page);
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
    expect(await value(page, "#f-quartiere")).toBe("other");
    await tabTo(page, "#f-quartiere-other");
    await page.keyboard.type("Villaggio del Sole");

    // «Figli»: while empty, «scuola» is skipped by Tab; typing 2 shows it.
    await tabTo(page, "#f-figli");
    await page.keyboard.press("Tab");
    // The buttons in the Designers Italia order: «Indietro» first, then «Avanti» (the hidden default «Avanti» is skipped).
    await expectFocusOn(page, 'button[value="back"]');
    await page.keyboard.press("Shift+Tab");
    await expectFocusOn(page, "#f-figli");
    await page.keyboard.type("2");
    await page.locator("#q-scuola").waitFor({ state: "visible" });
    await page.keyboard.press("Tab");
    await expectFocusOn(page, "#f-scuola");
    await page.keyboard.press("Space");
    expect(await checked(page, "scuola")).toEqual(["si"]);
    // Shift+Tab back to check the text typed earlier, then on to «Avanti».
    await tabTo(page, "#f-quartiere-other", { back: true });
    expect(await value(page, "#f-quartiere-other")).toBe("Villaggio del Sole");
    await tabTo(page, 'button[value="next"]');
    await expectVisibleFocus(page);
    await pressAndLoad(page, "Enter");
    expect(page.url()).toMatch(/\/p\/servizi$/);

    // «Servizi»: checkboxes with Space, then the «Altro» text.
    await tabTo(page, "#f-usati");
    await expectVisibleFocus(page);
    await page.keyboard.press("Space");
    await tabTo(page, "#f-usati-tari");
    await page.keyboard.press("Space");
    await tabTo(page, "#f-usati-choice-other");
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    await expectFocusOn(page, "#f-usati-other");
    await page.keyboard.type("Biblioteca");
    expect(await checked(page, "usati")).toEqual(["cie", "tari", "other"]);
    await tabTo(page, 'button[value="next"]');
    await pressAndLoad(page, "Enter");
    expect(page.url()).toMatch(/\/p\/esperienza$/);

    // «Esperienza»: the matrices ask about the ticked catalogue services only; arrows choose in each row.
    await expect(page.locator(".matrix-row legend").allTextContents()).resolves.toEqual([
      "Carta d'identità elettronica",
      "TARI",
      "Carta d'identità elettronica",
      "TARI",
    ]);
    await tabTo(page, 'input[name="soddisfazione/cie"]');
    await expectVisibleFocus(page);
    for (let i = 0; i < 7; i++) await page.keyboard.press("ArrowRight");
    expect(await checked(page, "soddisfazione/cie")).toEqual(["8"]);
    await page.keyboard.press("Tab");
    await expectFocusOn(page, 'input[name="soddisfazione/tari"]');
    await page.keyboard.press("ArrowLeft"); // from the first point round to the last: «Non so»
    expect(await checked(page, "soddisfazione/tari")).toEqual(["non_so"]);
    await tabTo(page, 'input[name="uffici/cie"]');
    await page.keyboard.press("Space");
    expect(await checked(page, "uffici/cie")).toEqual(["1"]);
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowLeft");
    expect(await checked(page, "uffici/tari")).toEqual(["3_piu"]);
    await tabTo(page, 'button[value="next"]');
    await pressAndLoad(page, "Enter");
    expect(page.url()).toMatch(/\/p\/priorita$/);

    // «Priorità»: the ranking is chosen with the keyboard in its selects (type-ahead and arrows).
    await tabTo(page, "#f-classifica-1");
    await expectVisibleFocus(page);
    await page.keyboard.type("T");
    expect(await value(page, "#f-classifica-1")).toBe("tari");
    await page.keyboard.press("Tab");
    await expectFocusOn(page, "#f-classifica-2");
    await page.keyboard.press("ArrowDown");
    expect(await value(page, "#f-classifica-2")).toBe("cie");
    await tabTo(page, "#f-importanza");
    await expectVisibleFocus(page);
    for (let i = 0; i < 8; i++) await page.keyboard.press("ArrowRight");
    expect(await checked(page, "importanza")).toEqual(["9"]);
    await tabTo(page, "#f-orari");
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expectFocusOn(page, "#f-orari-sabato");
    await page.keyboard.press("Space");
    expect(await checked(page, "orari")).toEqual(["mattina", "sabato"]);
    await tabTo(page, 'button[value="next"]');
    await pressAndLoad(page, "Enter");
    expect(page.url()).toMatch(/\/p\/altro$/);

    // «Ultime domande»: a date typed in the date field, text, star rating with arrows, a long text.
    await tabTo(page, "#f-ultima_visita");
    await typeDate(page, "2025-03-31");
    expect(await value(page, "#f-ultima_visita")).toBe("2025-03-31");
    await tabTo(page, "#f-nome_ufficio");
    await page.keyboard.type("Anagrafe");
    await tabTo(page, "#f-giudizio");
    await expectVisibleFocus(page);
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
    expect(await checked(page, "giudizio")).toEqual(["4"]);
    await tabTo(page, "#f-commento");
    await page.keyboard.type("Più orari");
    await page.keyboard.press("Enter");
    await page.keyboard.type("il sabato");
    await tabTo(page, 'button[value="next"]');
    await pressAndLoad(page, "Enter");
    expect(page.url()).toMatch(/\/riepilogo$/);

    // Summary, then sending.
    await expect(page.locator("h1").textContent()).resolves.toBe("Riepilogo delle risposte");
    await expect(page.locator("main").textContent()).resolves.toContain("Villaggio del Sole");
    await tabTo(page, "form button[type=submit]");
    expect(await focused(page)).toContain("Invia le risposte");
    await expectVisibleFocus(page);
    await pressAndLoad(page, "Enter");
    expect(page.url()).toMatch(/\/grazie$/);

    const [stored, ...others] = listResponses(env.test.db, "prova");
    expect(others).toHaveLength(0);
    expect(stored).toMatchObject({ surveyId: "prova", surveyVersion: 1, channel: "web", lang: "it" });
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

    // The AGID rating on the thank-you page, by keyboard too: 5 stars, then a liked aspect.
    await tabTo(page, "#f-rating");
    await expectVisibleFocus(page);
    for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight");
    expect(await checked(page, "rating")).toEqual(["5"]);
    // With JavaScript the follow-up for 4–5 stars appears in the same page (cmp-rating, as AGID's validator expects).
    await page.getByText("Quali sono stati gli aspetti che hai preferito?").waitFor();
    await tabTo(page, "#f-positive-0");
    await page.keyboard.press("Space");
    await tabTo(page, "#f-comment");
    await page.keyboard.type("Veloce");
    await tabTo(page, "form button[type=submit]");
    await pressAndLoad(page, "Enter");
    await page.getByText("Grazie per il suo giudizio.").waitFor();
    const feedback = env.test.db.$client.prepare("SELECT survey_id, rating, aspects, comment FROM feedback").all();
    expect(feedback).toEqual([{ survey_id: "prova", rating: 5, aspects: "chiare", comment: "Veloce" }]);
  });

  it("hides «scuola» again, and takes it out of the form, when «figli» goes back to 0", async () => {
    const page = await env.newPage();
    await page.goto(env.url("/s/prova"));
    await tabTo(page, "button[type=submit]");
    await pressAndLoad(page, "Enter");
    await tabTo(page, "#f-figli");
    await page.keyboard.type("1");
    await page.locator("#q-scuola").waitFor({ state: "visible" });
    await expect(page.locator("#f-scuola").isEnabled()).resolves.toBe(true);
    await page.keyboard.press("Backspace");
    await page.keyboard.type("0");
    await page.locator("#q-scuola").waitFor({ state: "hidden" });
    await expect(page.locator("#f-scuola").isDisabled()).resolves.toBe(true);
  });

  it("unticks the other times when «Nessuna di queste» is ticked, and the reverse", async () => {
    const r = new Respondent(env.test.app, "prova");
    await r.start();
    await r.answer({ eta: "18_44", quartiere: "centro" });
    await r.answer({ usati: ["imu"] });
    await r.answer({ "soddisfazione/imu": "5" });
    expect(r.pageId).toBe("priorita");
    const page = await env.newPage();
    await page.goto(env.url(r.path));
    await tabTo(page, "#f-orari");
    await page.keyboard.press("Space");
    await tabTo(page, "#f-orari-sabato");
    await page.keyboard.press("Space");
    expect(await checked(page, "orari")).toEqual(["mattina", "sabato"]);
    await page.keyboard.press("Tab");
    await expectFocusOn(page, "#f-orari-nessuna");
    await page.keyboard.press("Space");
    expect(await checked(page, "orari")).toEqual(["nessuna"]);
    await tabTo(page, "#f-orari-pomeriggio", { back: true });
    await page.keyboard.press("Space");
    expect(await checked(page, "orari")).toEqual(["pomeriggio"]);
  });

  it("at 400 % zoom (320 × 256 px), an error-summary link focuses its field with the question text in view", async () => {
    const page = await env.newPage({ viewport: { width: 320, height: 256 }, reducedMotion: "reduce" });
    await page.goto(env.url("/s/prova"));
    await tabTo(page, "button[type=submit]");
    await pressAndLoad(page, "Enter");
    await tabTo(page, 'button[value="next"]');
    await pressAndLoad(page, "Enter");
    await expectFocusOn(page, "#error-summary");
    for (const [i, question] of ["eta", "quartiere"].entries()) {
      // From the summary forward to its first link; from a field back up to the summary's next link.
      await tabTo(page, `#error-summary a[href="#f-${question}"]`, { back: i > 0 });
      await page.keyboard.press("Enter");
      await page.waitForFunction((id) => document.activeElement?.id === id, `f-${question}`);
      const label = (await page.locator(`#q-${question} .q-label`).boundingBox())!;
      const field = (await page.locator(`#f-${question}`).boundingBox())!;
      expect(label.y, `«${question}»: question text scrolled above the window`).toBeGreaterThanOrEqual(0);
      expect(field.y + field.height, `«${question}»: field below the window`).toBeLessThanOrEqual(256);
    }
  });
});

import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { SHIPPED_SURVEYS } from "../helpers/app.js";
import { describeBrowser, useBrowserApp } from "../helpers/browser.js";

/**
 * Two residents fill in the citizen questionnaire on a 320 px phone, with JavaScript on and off,
 * and every tap is counted: a click on a radio, a box or a button is one tap, choosing in a drop-down
 * list two (open it, pick). Every page is also counted for its form controls (inputs, lists, text
 * fields and buttons). Targets of issue 16: at most 60 taps for the parent, at most 60 controls a page.
 */
class Tapper {
  taps = 0;
  maxControls = 0;
  pages: { path: string; controls: number }[] = [];
  constructor(readonly page: Page) {}

  async countControls(): Promise<void> {
    const controls = await this.page
      .locator("form.survey-form")
      .locator("input:not([type=hidden]), select, textarea, button")
      .count();
    this.pages.push({ path: new URL(this.page.url()).pathname.split("/").pop()!, controls });
    this.maxControls = Math.max(this.maxControls, controls);
  }

  /** Clicks the label of the radio or box with this name and value (the way a thumb does). */
  async tick(name: string, value: string): Promise<void> {
    const id = await this.page.locator(`input[name="${name}"][value="${value}"]`).getAttribute("id");
    await this.page.locator(`label[for="${id}"]`).click();
    this.taps++;
  }

  async choose(name: string, value: string): Promise<void> {
    await this.page.locator(`select[name="${name}"]`).selectOption(value);
    this.taps += 2;
  }

  /**
   * Presses a button that sends the form, and waits for the next page to load: a click does not wait for
   * the navigation it starts, and a tick read from the old page then waited for ever on the new one.
   */
  async button(name: string): Promise<void> {
    const before = this.page.url();
    await Promise.all([
      this.page.waitForURL((url) => url.href !== before, { waitUntil: "load" }),
      this.page.getByRole("button", { name, exact: true }).click(),
    ]);
    this.taps++;
  }

  async next(): Promise<void> {
    await this.button("Avanti");
    await this.countControls();
  }

  /** Best–worst sets as shown: in each, the best is the first of `preference` shown, the worst the last. */
  async bestWorst(id: string, preference: string[]): Promise<void> {
    const names = await this.page
      .locator(`input[name^="${id}/"][name$="/best"]`)
      .evaluateAll((els) => els.map((e) => [(e as HTMLInputElement).name, (e as HTMLInputElement).value]));
    const sets = new Map<string, string[]>();
    for (const [name, value] of names) sets.set(name, [...(sets.get(name) ?? []), value]);
    const rank = (code: string): number => (preference.includes(code) ? preference.indexOf(code) : preference.length);
    for (const [name, items] of sets) {
      const ordered = [...items].sort((a, b) => rank(a) - rank(b));
      await this.tick(name, ordered[0]);
      await this.tick(name.replace(/\/best$/, "/worst"), ordered[ordered.length - 1]);
    }
  }
}

const PARENT_SERVICES = ["servizi_scolastici", "tariffe_isee", "nido", "cie"];

describeBrowser("two residents fill in the citizen questionnaire on a phone (taps counted)", () => {
  const env = useBrowserApp(SHIPPED_SURVEYS);

  async function start(javaScriptEnabled: boolean): Promise<Tapper> {
    const page = await env.newPage({ javaScriptEnabled, viewport: { width: 320, height: 640 } });
    const t = new Tapper(page);
    await page.goto(env.url("/s/cittadini"));
    await t.button("Inizia il questionario");
    await t.countControls();
    return t;
  }

  async function profile(t: Tapper, answers: Record<string, string>): Promise<void> {
    for (const [name, value] of Object.entries(answers)) await t.tick(name, value);
    await t.next();
  }

  async function desk(t: Tapper, preference: string[]): Promise<void> {
    expect(t.page.url()).toMatch(/\/p\/allo_sportello/);
    await t.bestWorst("importanza_bw", preference);
    for (const [i, code] of preference.slice(0, 3).entries()) await t.choose(`prime_tre/${i + 1}`, code);
    await t.next();
  }

  for (const javaScript of [true, false]) {
    const mode = javaScript ? "with JavaScript" : "without JavaScript";

    it(`a mother of two who used 4 services finishes in at most 60 taps, ${mode}`, async () => {
      const before = listResponses(env.test.db, "cittadini").length;
      const t = await start(javaScript);
      await profile(t, {
        eta: "30_44",
        sesso: "f",
        quartiere: "ceresolo",
        nucleo: "figli_minori",
        lavoro: "orario_ufficio",
        cittadinanza: "italiana",
      });
      await t.tick("contatto", "si");
      for (const code of PARENT_SERVICES) await t.tick("servizi_usati", code);
      await t.next();
      expect(t.page.url()).toMatch(/\/p\/esperienza/);
      for (const code of PARENT_SERVICES) {
        await t.tick(`volte/${code}`, "2_3");
        await t.tick(`uffici/${code}`, code === "cie" ? "1" : "2");
        await t.tick(`ritorni/${code}`, code === "tariffe_isee" ? "1" : "0");
        await t.tick(`tempo_perso/${code}`, "30_60");
      }
      await t.next();
      for (const [i, code] of PARENT_SERVICES.entries()) await t.tick(`soddisfazione/${code}`, String(5 + i));
      await t.next();
      await desk(t, [...PARENT_SERVICES, "certificati", "residenza"]);
      await t.tick("caratteristiche_utili", "sabato");
      await t.tick("caratteristiche_utili", "appuntamento");
      await t.tick("fasce_orarie", "sabato");
      await t.tick("canale", "online");
      await t.tick("soddisfazione_generale", "7");
      await t.next();
      expect(t.page.url()).toMatch(/riepilogo/);
      await t.button("Invia le risposte");
      expect(t.page.url()).toMatch(/grazie/);

      expect(t.taps, JSON.stringify(t.pages)).toBeLessThanOrEqual(60);
      expect(t.maxControls, JSON.stringify(t.pages)).toBeLessThanOrEqual(60);
      const stored = listResponses(env.test.db, "cittadini");
      expect(stored).toHaveLength(before + 1);
      const answers = stored[stored.length - 1].answers;
      expect(answers.servizi_usati).toBe("cie servizi_scolastici tariffe_isee nido");
      expect(Object.keys(answers).filter((k) => /^importanza_bw\/\d+\/(best|worst)$/.test(k))).toHaveLength(10);
      expect(answers.prime_tre).toBe("servizi_scolastici tariffe_isee nido");
      await t.page.close();
    });

    it(`a resident who used every service meets no page with more than 60 controls, ${mode}`, async () => {
      const t = await start(javaScript);
      await profile(t, {
        eta: "45_64",
        sesso: "m",
        quartiere: "centro",
        nucleo: "assistiti",
        lavoro: "altro_lavoro",
        cittadinanza: "ue",
      });
      await t.tick("contatto", "si");
      const services = await t.page
        .locator('input[name="servizi_usati"]:not([value="other"])')
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
      expect(services.length).toBeGreaterThan(25);
      // Taps are not counted for this resident, only controls: the boxes and rows are clicked in the page
      // (label by label, as a tap does, so the scripts see each change), not one protocol round trip each.
      await t.page.evaluate((codes) => {
        for (const code of codes)
          document
            .querySelector<HTMLLabelElement>(
              `label[for="${document.querySelector(`input[name="servizi_usati"][value="${code}"]`)!.id}"]`,
            )!
            .click();
      }, services);
      await t.next();
      // The grids for each service used come 4 services a page: page after page until the desk's page.
      const parts: string[] = [];
      while (!/\/p\/allo_sportello/.test(t.page.url())) {
        parts.push(new URL(t.page.url()).pathname.split("/").pop()!);
        const rows = await t.page
          .locator('input[type=radio][name*="/"]')
          .evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLInputElement).name))]);
        expect(rows.length).toBeGreaterThan(0);
        await t.page.evaluate((names) => {
          for (const name of names) {
            const first = document.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
            document.querySelector<HTMLLabelElement>(`label[for="${first.id}"]`)!.click();
          }
        }, rows);
        await t.next();
      }
      const perPage = Math.ceil(services.length / 4);
      expect(parts).toEqual([
        "esperienza",
        ...Array.from({ length: perPage - 1 }, (_, i) => `esperienza-${i + 2}`),
        "giudizio",
        ...Array.from({ length: perPage - 1 }, (_, i) => `giudizio-${i + 2}`),
      ]);
      await desk(t, ["certificati", "cie", "tari"]);
      await t.tick("canale", "telefono");
      await t.next();
      expect(t.page.url()).toMatch(/riepilogo/);
      await t.button("Invia le risposte");
      expect(t.page.url()).toMatch(/grazie/);
      expect(t.maxControls, JSON.stringify(t.pages)).toBeLessThanOrEqual(60);
      const stored = listResponses(env.test.db, "cittadini").at(-1)!.answers;
      // Every service used has its answers, as on one long page.
      for (const code of services)
        for (const q of ["volte", "uffici", "ritorni", "tempo_perso", "soddisfazione"])
          expect(stored[`${q}/${code}`], `${q}/${code}`).toBeDefined();
      await t.page.close();
    });

    it(`a resident who used no service finishes in fewer taps, ${mode}`, async () => {
      const t = await start(javaScript);
      await profile(t, {
        eta: "65_74",
        sesso: "m",
        quartiere: "mombello",
        nucleo: "nessuna",
        lavoro: "pensione",
        cittadinanza: "italiana",
      });
      await t.tick("contatto", "no");
      await t.next();
      // No pages about services used: straight to what the desk should offer.
      await desk(t, ["certificati", "cie", "cimiteriali"]);
      await t.tick("caratteristiche_utili", "operatore_unico");
      await t.tick("canale", "persona");
      await t.next();
      expect(t.page.url()).toMatch(/riepilogo/);
      await t.button("Invia le risposte");
      expect(t.page.url()).toMatch(/grazie/);
      expect(t.taps, JSON.stringify(t.pages)).toBeLessThanOrEqual(35);
      expect(t.maxControls, JSON.stringify(t.pages)).toBeLessThanOrEqual(60);
      await t.page.close();
    });
  }
});

describeBrowser("the page buttons in the Designers Italia order (real browser)", () => {
  const env = useBrowserApp(SHIPPED_SURVEYS);

  it("shows «Indietro» on the left and «Avanti» on the right at 320 px, and Enter goes forward", async () => {
    const page = await env.newPage({ viewport: { width: 320, height: 640 } });
    await page.goto(env.url("/s/cittadini"));
    await page.getByRole("button", { name: "Inizia il questionario" }).click();
    const back = await page.getByRole("button", { name: "Indietro", exact: true }).boundingBox();
    const next = await page.getByRole("button", { name: "Avanti", exact: true }).boundingBox();
    expect(back!.x + back!.width).toBeLessThanOrEqual(next!.x);
    expect(Math.abs(back!.y - next!.y)).toBeLessThan(5);
    expect(next!.x + next!.width).toBeLessThanOrEqual(320);
    for (const [name, value] of [
      ["eta", "30_44"],
      ["sesso", "f"],
      ["quartiere", "centro"],
    ]) {
      const id = await page.locator(`input[name="${name}"][value="${value}"]`).getAttribute("id");
      await page.locator(`label[for="${id}"]`).click();
    }
    await page.locator('input[name="quartiere"][value="centro"]').press("Enter");
    await page.waitForURL(/\/p\/servizi/);
    expect(page.url()).toMatch(/\/p\/servizi/);
    await page.close();
  });
});

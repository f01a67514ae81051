import { expect, it } from "vitest";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { SHIPPED_SURVEYS } from "../helpers/app.js";
import { expectAccessible } from "../helpers/axe.js";
import { describeBrowser, useBrowserApp } from "../helpers/browser.js";
import { Respondent, type Fields } from "../helpers/respondent.js";

/** A working father in Pinzano, page by page (as in tests/http/limbiate.test.ts); best–worst picks are read off the page. */
const BEST_WORST = "best-worst";
const PAGES: (Fields | typeof BEST_WORST)[] = [
  {
    eta: "30_44",
    sesso: "m",
    quartiere: "pinzano",
    nucleo: ["figli_minori"],
    lavoro: "orario_ufficio",
    cittadinanza: "italiana",
  },
  { contatto: "si", servizi_usati: ["servizi_scolastici", "certificati"] },
  {
    "volte/servizi_scolastici": "2_3",
    "volte/certificati": "1",
    "uffici/servizi_scolastici": "2",
    "uffici/certificati": "1",
    "ritorni/servizi_scolastici": "1",
    "ritorni/certificati": "0",
    "tempo_perso/servizi_scolastici": "1_2_ore",
    "tempo_perso/certificati": "meno_30",
  },
  { "soddisfazione/servizi_scolastici": "5", "soddisfazione/certificati": "9" },
  BEST_WORST,
  {
    caratteristiche_utili: ["sabato", "sera"],
    fasce_orarie: ["sera", "sabato"],
    canale: "online",
    soddisfazione_generale: "6",
  },
];
const PREFERENCE = ["servizi_scolastici", "certificati", "tari"];
const RANKING: Fields = { "prime_tre/1": "servizi_scolastici", "prime_tre/2": "certificati", "prime_tre/3": "tari" };

describeBrowser("the Limbiate citizen questionnaire in a real browser", () => {
  const env = useBrowserApp(SHIPPED_SURVEYS);

  const audit = expectAccessible;

  it("has no serious or critical axe violation on any page, in Italian and in English, also at 320 px", async () => {
    for (const lang of ["it", "en"] as const) {
      const r = new Respondent(env.test.app, "cittadini", { lang });
      // One page, sent from address to address (the respondent's token is in the path): a fresh context
      // for each page cost a renderer to start and axe to compile again, about two seconds each.
      const page = await env.newPage(lang === "it" ? { viewport: { width: 320, height: 700 } } : {});
      await page.goto(env.url(`/s/cittadini${lang === "en" ? "?lang=en" : ""}`));
      await audit(page, `intro (${lang})`);
      await r.start();
      for (const fields of PAGES) {
        await page.goto(env.url(r.path));
        await audit(page, `page ${r.pageId} (${lang})`);
        if (lang === "it")
          expect(await page.evaluate(() => document.documentElement.scrollWidth), r.pageId).toBeLessThanOrEqual(321);
        await r.answer(
          fields === BEST_WORST ? { ...r.bestWorstAnswers("importanza_bw", PREFERENCE), ...RANKING } : fields,
        );
        expect(r.status, r.html.slice(0, 1500)).toBe(200);
      }
      await page.goto(env.url(r.path));
      await audit(page, `summary (${lang})`);
    }
  });

  it("is completed with JavaScript off, and the response is stored", async () => {
    const page = await env.newPage({ javaScriptEnabled: false });
    await page.goto(env.url("/s/cittadini"));
    await page.getByRole("button", { name: "Inizia il questionario" }).click();
    for (const step of PAGES) {
      let fields = step === BEST_WORST ? RANKING : step;
      if (step === BEST_WORST) {
        // In each set the first service shown best and the last worst.
        const names = await page
          .locator('input[type="radio"][name^="importanza_bw/"]')
          .evaluateAll((els) => els.map((e) => [(e as HTMLInputElement).name, (e as HTMLInputElement).value]));
        const picks: Fields = {};
        for (const [name, value] of names) if (name.endsWith("/best") ? !picks[name] : true) picks[name] = value;
        fields = { ...picks, ...RANKING };
      }
      for (const [name, value] of Object.entries(fields)) {
        for (const v of Array.isArray(value) ? value : [value]) {
          const field = page.locator(`[name="${name}"]`).first();
          const tag = await field.evaluate((e) => e.tagName.toLowerCase());
          const type = await field.getAttribute("type");
          if (tag === "select") await field.selectOption(v);
          else if (type === "radio" || type === "checkbox")
            await page
              .locator(`label[for="${await page.locator(`[name="${name}"][value="${v}"]`).getAttribute("id")}"]`)
              .click();
          else await field.fill(v);
        }
      }
      await page.getByRole("button", { name: "Avanti" }).click();
    }
    expect(page.url()).toMatch(/riepilogo/);
    await page.getByRole("button", { name: "Invia le risposte" }).click();
    expect(page.url()).toMatch(/grazie/);
    const [stored] = listResponses(env.test.db, "cittadini");
    expect(stored.answers).toMatchObject({
      eta: "30_44",
      quartiere: "pinzano",
      servizi_usati: "certificati servizi_scolastici",
      "soddisfazione/servizi_scolastici": "5",
      prime_tre: "servizi_scolastici certificati tari",
    });
    expect(Object.keys(stored.answers).filter((k) => k.startsWith("importanza_bw/"))).toHaveLength(11);
  });

  it("shows the list of services only after «Sì», live, with JavaScript on and by keyboard", async () => {
    const r = new Respondent(env.test.app, "cittadini");
    await r.start();
    await r.answer(PAGES[0] as Fields);
    const page = await env.newPage();
    await page.goto(env.url(r.path));
    const list = page.locator("#q-servizi_usati");
    expect(await list.isHidden()).toBe(true);
    await page.locator("#f-contatto").focus();
    await page.keyboard.press("Space");
    expect(await list.isVisible()).toBe(true);
    await page.keyboard.press("ArrowDown");
    expect(await list.isHidden()).toBe(true);
  });
});

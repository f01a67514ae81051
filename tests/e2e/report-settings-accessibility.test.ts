import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { recordResponse } from "../../src/storage/sqlite-submit.js";
import { SHIPPED_MARGINS, SHIPPED_SURVEYS } from "../helpers/app.js";
import { createUser } from "../helpers/auth.js";
import { expectAccessible } from "../helpers/axe.js";
import { describeBrowser, useBrowserApp, signIn } from "../helpers/browser.js";
import { syntheticSample } from "../report/fixtures.js";

describeBrowser("report settings, margins and fieldwork panel: axe-core finds no serious or critical violation", () => {
  const env = useBrowserApp(SHIPPED_SURVEYS);

  const audit = expectAccessible;

  it("every page, with and without errors, signed in as an admin", async () => {
    await createUser(env.test.db, "admin");
    const sample = syntheticSample(80, 0, 2);
    for (const r of sample.citizens)
      recordResponse(env.test.db, env.test.registry.current("cittadini")!, r.answers, {
        channel: r.channel,
        lang: r.lang,
        startedAt: r.startedAt,
        submittedAt: r.submittedAt,
        synthetic: true,
      });
    const page = await env.newPage();
    await signIn(page, env.url(""), "admin");

    for (const path of [
      "/admin/questionari/cittadini/impostazioni-rapporto",
      "/admin/questionari/cittadini/margini",
      "/admin/questionari/cittadini/campione",
    ]) {
      await page.goto(env.url(path));
      await audit(page, path);
    }

    // Settings with errors, by keyboard: the messages sit beside their fields.
    await page.goto(env.url("/admin/questionari/cittadini/impostazioni-rapporto"));
    await page.getByLabel("Numero di servizi dello sportello (primi k, da 1 a 15)").fill("40");
    await page.getByRole("button", { name: "Salva le impostazioni" }).press("Enter");
    await expect.poll(() => page.locator("#e-topK").textContent()).toContain("da 1 a 15");
    await audit(page, "settings with an error");

    // Margins: a file chosen with the picker lands in the box; a wrong line is named.
    await page.goto(env.url("/admin/questionari/cittadini/margini"));
    const csv = readFileSync(SHIPPED_MARGINS, "utf8").replace("quartiere,centro,", "quartiere,Centro,");
    await page
      .getByLabel("Scelga il file CSV")
      .setInputFiles({ name: "nuovi.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await expect.poll(() => page.getByLabel("Contenuto del file CSV").inputValue()).toBe(csv);
    await page.getByLabel("Fonte dei dati (obbligatoria)").fill("Prova");
    await page.locator("label[for=f-kind-illustrativi]").click();
    await expect.poll(() => page.getByLabel("Illustrativi (non verificati)").isChecked()).toBe(true);
    await page.getByRole("button", { name: "Controlla e salva i margini" }).click();
    await expect.poll(() => page.locator("#margins-problems").textContent()).toContain("Riga 12");
    await audit(page, "margins with line errors");
  });
});

import { expect, it } from "vitest";
import { createUser } from "../helpers/auth.js";
import { expectAccessible } from "../helpers/axe.js";
import { describeBrowser, useBrowserApp, signIn } from "../helpers/browser.js";
import { recordSample, SAMPLE_ANSWERS } from "../helpers/responses.js";

describeBrowser(
  "data pages (export, import, browser, erasure, codebook): axe-core finds no serious or critical violation",
  () => {
    const env = useBrowserApp();

    const audit = expectAccessible;

    it("every data page, with and without errors, signed in as an admin", async () => {
      await createUser(env.test.db, "admin");
      const id = recordSample(env.test.db, env.test.registry, SAMPLE_ANSWERS[0], {
        submittedAt: "2026-03-01T10:00:00.000Z",
        synthetic: true,
      });
      recordSample(env.test.db, env.test.registry, SAMPLE_ANSWERS[2], {
        submittedAt: "2026-03-02T10:00:00.000Z",
        channel: "paper",
      });
      const page = await env.newPage();
      await signIn(page, env.url(""), "admin");

      for (const path of [
        "/admin/questionari/prova/dati",
        "/admin/questionari/prova/risposte",
        `/admin/risposte/${id}`,
        `/admin/risposte/${id}/elimina`,
        "/admin/questionari/prova/codebook",
      ]) {
        await page.goto(env.url(path));
        await audit(page, path);
      }
      await page.goto(env.url("/admin/questionari/prova/risposte?dal=ieri"));
      await audit(page, "responses browser with a filter error");

      // The import's problem list, reached by keyboard: the form works without any script.
      await page.goto(env.url("/admin/questionari/prova/dati"));
      await page
        .getByLabel("Contenuto del file CSV")
        .fill("response_id,survey_version,channel,submitted_at\n,1,fax,ieri\n");
      await page.getByRole("button", { name: "Importa le risposte" }).press("Enter");
      await expect.poll(() => page.locator("#import-problems").textContent()).toContain("Riga 2");
      await audit(page, "import with problems");

      await page.getByLabel("Conservare le risposte fino al").fill("2031-12-31");
      await page.getByLabel("Giorni di conservazione delle bozze").fill("0");
      await page.getByRole("button", { name: "Salva la conservazione" }).click();
      await expect.poll(() => page.locator("#e-draftDays").textContent()).toContain("da 1 a 365");
      await audit(page, "retention with an error");

      // With JavaScript, a file can be chosen instead of pasted: it lands in the same box.
      await page.goto(env.url("/admin/questionari/prova/dati"));
      const csv =
        "\uFEFFresponse_id,survey_version,channel,submitted_at,eta,quartiere,usati,usati/other,classifica,orari\n,1,paper,2026-03-05T09:00:00Z,18_44,mombello,other,Biblioteca,cie tari,sabato\n";
      await page
        .getByLabel("Scelga il file CSV")
        .setInputFiles({ name: "risposte.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      await expect.poll(() => page.getByLabel("Contenuto del file CSV").inputValue()).toBe(csv.slice(1));
      await audit(page, "import with a chosen file");
      await page.getByRole("button", { name: "Importa le risposte" }).click();
      await expect.poll(() => page.locator("[role=status]").first().textContent()).toContain("Importata 1 risposta.");

      await page.goto(env.url(`/admin/risposte/${id}/elimina`));
      await page.getByRole("button", { name: "Elimina definitivamente" }).click();
      await expect.poll(() => page.locator("#erase-error-title").textContent()).toContain("non è stata eliminata");
      await audit(page, "erasure without a reason");
    });
  },
);

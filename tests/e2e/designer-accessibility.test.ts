import { expect, it } from "vitest";
import { findSurveyDraft } from "../../src/storage/sqlite-designer.js";
import { createUser } from "../helpers/auth.js";
import { expectAccessible } from "../helpers/axe.js";
import { describeBrowser, useBrowserApp, signIn } from "../helpers/browser.js";

describeBrowser("designer and catalogue pages: axe-core finds no serious or critical violation", () => {
  const env = useBrowserApp();

  const audit = expectAccessible;

  it("every designer page, with and without errors, signed in as an admin", async () => {
    await createUser(env.test.db, "admin");
    const page = await env.newPage();
    await signIn(page, env.url(""), "admin");

    await page.getByRole("link", { name: "Progettazione" }).click();
    await audit(page, "designer list");
    await page.getByRole("button", { name: "Modifica Questionario di prova" }).click();
    await page.waitForURL(/\/admin\/designer\/prova$/);
    await audit(page, "draft overview");

    const draft = findSurveyDraft(env.test.db, "prova")!.draft;
    const paths = [
      "/admin/designer/prova/impostazioni",
      "/admin/designer/prova/anteprima",
      "/admin/designer/prova/anteprima?lang=en",
      `/admin/designer/prova/pagine/${draft.pages[0].id}`,
      ...draft.pages.flatMap((p) => p.questions).map((q) => `/admin/designer/prova/domande/${q.id}`),
      `/admin/designer/prova/domande/${draft.pages[1].questions[0].id}/condizione?domanda=eta`,
      "/admin/designer/carica",
      "/admin/cataloghi",
      "/admin/cataloghi/catalogo_prova",
      "/admin/cataloghi/catalogo_prova/servizi/cie",
    ];
    for (const path of paths) {
      await page.goto(env.url(path));
      await audit(page, path);
    }

    // A question form with problems beside its fields, reached and sent by keyboard.
    await page.goto(env.url(`/admin/designer/prova/pagine/${draft.pages[0].id}/nuova-domanda?tipo=single`));
    await page.getByLabel("Id della domanda").fill("Nuova Domanda");
    await page.getByRole("button", { name: "Salva la domanda" }).press("Enter");
    await expect
      .poll(() => page.locator("#error-summary").textContent())
      .toContain("L'id della domanda usa solo lettere minuscole");
    await audit(page, "question form with errors");

    // A type change refused for a published question, with its reason beside the type.
    await page.goto(env.url("/admin/designer/prova/domande/eta"));
    await page.getByLabel("Tipo di domanda").selectOption("scale");
    await page.getByRole("button", { name: "Aggiorna il modulo" }).click();
    await page.getByLabel("Valore più alto").fill("5");
    await page.getByRole("button", { name: "Salva la domanda" }).click();
    await expect.poll(() => page.locator("#e-type").textContent()).toContain("non può diventare una scala");
    await audit(page, "type change refused");

    // With JavaScript, a JSON file can be chosen instead of pasted; its problems are listed.
    await page.goto(env.url("/admin/designer/carica"));
    const json = JSON.stringify({
      kind: "survey",
      id: "Sbagliato",
      version: 1,
      title: { it: "x", en: "x" },
      privacy: { it: "x", en: "x" },
      pages: [],
    });
    await page
      .getByLabel("Scelga il file JSON")
      .setInputFiles({ name: "q.json", mimeType: "application/json", buffer: Buffer.from(json) });
    await expect.poll(() => page.getByLabel("Definizione JSON").inputValue()).toBe(json);
    await page.getByRole("button", { name: "Controlla e carica nella bozza" }).click();
    await expect.poll(() => page.locator("#error-summary").textContent()).toContain("un id usa solo lettere minuscole");
    await audit(page, "upload with problems");

    await page.goto(env.url("/admin/cataloghi/catalogo_prova"));
    await page.getByLabel("Codice").fill("cie");
    await page.getByRole("button", { name: "Aggiungi il servizio" }).click();
    await expect.poll(() => page.locator("#e-code").textContent()).toContain("è già stato usato");
    await audit(page, "catalogue with errors");
  });
});

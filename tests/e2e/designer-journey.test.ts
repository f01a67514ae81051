import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { createUser } from "../helpers/auth.js";
import { describeBrowser, useBrowserApp, signIn } from "../helpers/browser.js";

/**
 * The acceptance journey in a real browser: an admin designs a three-question survey with a
 * condition, publishes it, a citizen answers it, the admin sees the response and exports it.
 */
describeBrowser("from the designer to the exported answers", () => {
  const env = useBrowserApp();

  it("designs, publishes, answers, browses and exports", async () => {
    await createUser(env.test.db, "admin");
    const admin = await env.newPage({ acceptDownloads: true });
    await signIn(admin, env.url(""), "admin");

    // A new survey and its three questions.
    await admin.getByRole("link", { name: "Progettazione" }).click();
    await admin.getByLabel("Id del questionario").fill("biblioteca");
    await admin.locator("#f-title-it").fill("La biblioteca comunale");
    await admin.locator("#f-title-en").fill("The town library");
    await admin.getByRole("button", { name: "Crea la bozza" }).click();
    await admin.waitForURL(/\/admin\/designer\/biblioteca$/);

    async function addQuestion(type: string, fill: Record<string, string>, tick: string[] = []): Promise<void> {
      await admin.getByLabel("Nuova domanda in questa pagina, di tipo").selectOption(type);
      await admin.getByRole("button", { name: /Aggiungi la domanda/ }).click();
      for (const [id, value] of Object.entries(fill)) await admin.locator(`#${id}`).fill(value);
      // A new question starts as required; Bootstrap Italia draws its own boxes: a person clicks the label.
      for (const id of tick) await admin.locator(`label[for="${id}"]`).click();
      await admin.getByRole("button", { name: "Salva la domanda" }).click();
      await admin.waitForURL(/\/admin\/designer\/biblioteca(#.*)?$/);
    }
    await addQuestion("single", {
      "f-id": "usa",
      "f-label-it": "Usa la biblioteca?",
      "f-label-en": "Do you use the library?",
      "f-choices-0--value": "si",
      "f-choices-0--label-it": "Sì",
      "f-choices-0--label-en": "Yes",
      "f-choices-1--value": "no",
      "f-choices-1--label-it": "No",
      "f-choices-1--label-en": "No",
    });
    await addQuestion("scale", {
      "f-id": "voto",
      "f-label-it": "Quanto è soddisfatto dei servizi del Comune?",
      "f-label-en": "How satisfied are you?",
      "f-min": "1",
      "f-max": "5",
    });
    await addQuestion("textarea", { "f-id": "perche", "f-label-it": "Perché non la usa?", "f-label-en": "Why not?" }, [
      "f-required",
    ]);

    // The condition, picked from lists.
    await admin.getByRole("link", { name: "Condizione della domanda perche" }).click();
    await admin.getByLabel("1. La domanda precedente da guardare").selectOption("usa");
    await admin.getByRole("button", { name: "Scegli questa domanda" }).click();
    await admin.getByLabel("Operatore").selectOption("equals");
    await admin.locator("label", { hasText: "No (no)" }).click();
    await admin.getByRole("button", { name: "Aggiungi la condizione" }).click();
    await expect
      .poll(() => admin.locator("main").textContent())
      .toContain("La domanda è mostrata solo se «Usa la biblioteca?» è «No»");

    await admin.goto(env.url("/admin/designer/biblioteca/anteprima"));
    await expect.poll(() => admin.locator(".preview-banner").textContent()).toContain("Anteprima");
    await admin.getByRole("link", { name: "Torna alla bozza" }).click();
    await admin.getByRole("button", { name: "Pubblica come versione 1" }).click();
    // The page may also carry the «example ente» notice (another status): read the success one.
    await expect
      .poll(() => admin.locator(".alert-success[role=status]").textContent())
      .toContain("Versione 1 pubblicata.");
    const published = env.test.registry.current("biblioteca")!.definition.pages[0].questions;
    expect(published.map((q) => [q.id, q.type, q.required])).toEqual([
      ["usa", "single", true],
      ["voto", "scale", true],
      ["perche", "textarea", false],
    ]);

    // A citizen answers: the conditional question appears only after «No».
    const citizen = await env.newPage();
    await citizen.goto(env.url("/s/biblioteca"));
    await citizen.getByRole("button", { name: "Inizia il questionario" }).click();
    await expect(citizen.locator("#q-perche").isVisible()).resolves.toBe(false);
    await citizen.locator('label[for="f-usa-no"]').click();
    await expect.poll(() => citizen.locator("#q-perche").isVisible()).toBe(true);
    await citizen.locator('label[for="f-voto-4"]').click();
    await citizen.getByLabel("Perché non la usa?").fill("Orari scomodi");
    await citizen.getByRole("button", { name: "Avanti" }).click();
    await citizen.getByRole("button", { name: "Invia le risposte" }).click();
    await citizen.waitForURL(/\/grazie/);

    // The admin sees the response and exports it.
    await admin.goto(env.url("/admin/questionari/biblioteca/risposte"));
    await expect.poll(() => admin.locator("table tbody tr").count()).toBe(1);
    await admin.goto(env.url("/admin/questionari/biblioteca/dati"));
    const [download] = await Promise.all([
      admin.waitForEvent("download"),
      admin.getByRole("button", { name: "Scarica il file" }).click(),
    ]);
    const csv = readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "");
    const [header, row] = csv.trim().split(/\r?\n/);
    expect(header).toBe("response_id,survey_version,channel,submitted_at,usa,voto,perche");
    expect(row).toMatch(/^[0-9a-f-]{36},1,web,[^,]+,no,4,Orari scomodi$/);
  });
});
